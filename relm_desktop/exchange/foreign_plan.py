"""A schedule read from another tool: its tasks as a ParsedImport plus what a
brand-new plan takes from the file (name, start, working week, days off, teams)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from relm_desktop.exchange.xlsx.model import ParsedImport


@dataclass(frozen=True, slots=True)
class FreezeSpec:
    name: str
    start: date
    finish: date
    environments: tuple[str, ...] = ()


@dataclass(slots=True)
class ForeignPlan:
    """What an MS Project or GanttProject file holds, in RELM's terms.

    ``parsed`` feeds the merge preview (tasks, phases, links) like a foreign
    workbook; the rest is applied only when the file starts a new plan.
    """

    parsed: ParsedImport
    name: str = ""
    start: date | None = None
    workdays: str = "01234"  # 0 = Monday, as Calendar.workdays
    days_off: dict[date, str] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)  # name → capacity (tasks a day)
    environments: list[str] = field(default_factory=list)
    freezes: list[FreezeSpec] = field(default_factory=list)
    release: str = ""  # the release the file describes, when it says so
    release_start: date | None = None
    release_golive: date | None = None  # the release's target go-live
