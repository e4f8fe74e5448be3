"""A schedule read from another tool: its tasks as a ParsedImport plus what a
brand-new plan takes from the file (name, start, working week, days off, teams)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from relm_desktop.domain.text import plural
from relm_desktop.exchange.xlsx.model import ImportedRow, LinkRef, ParsedImport, Problem, Severity

#: The MSPDI <Category> of our export of several releases (one top-level summary each).
RELEASES_CATEGORY = "RELM releases"


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
    #: A file of several releases (our MSPDI export of a portfolio): one plan each,
    #: imported release by release into the same transaction.
    parts: list[ForeignPlan] = field(default_factory=list)
    #: Links between tasks of different parts (successor key → its predecessors there),
    #: made once every release is in the plan.
    cross_links: dict[str, list[LinkRef]] = field(default_factory=dict)


def split_releases(plan: ForeignPlan, release_of: dict[str, str]) -> list[ForeignPlan]:
    """One ForeignPlan per release named in ``release_of`` (task key → release). A link
    between two releases goes to ``plan.cross_links``: a part fills one release, and the
    link is made once both ends are in the plan."""
    whole = plan.parsed
    names = list(dict.fromkeys(release_of.values()))
    parts = []
    for name in names:
        parsed = ParsedImport(path=whole.path, native=False)
        tasks = [r for r in whole.rows.get("task", []) if release_of.get(r.key) == name]
        keys = {r.key for r in tasks}
        phases = list(dict.fromkeys(str(r.values.get("phase") or "") for r in tasks))
        parsed.rows["phase"] = [
            ImportedRow("phase", "Tasks", 0, f"phase:{n}", None, {"name": n, "position": i}, n)
            for i, n in enumerate(p for p in phases if p)
        ]
        parsed.rows["task"] = tasks
        for key in keys:
            refs = whole.links.get(key, [])
            parsed.links[key] = [r for r in refs if r.predecessor in keys]
            outside = [r for r in refs if r.predecessor not in keys]
            if any(r.predecessor in release_of for r in outside):
                plan.cross_links[key] = [r for r in outside if r.predecessor in release_of]
            for ref in outside:
                if ref.predecessor not in release_of:
                    parsed.problems.append(
                        Problem(
                            "Tasks",
                            None,
                            None,
                            f"link from {ref.predecessor} into release {name!r} skipped: "
                            "its task is in no release of the file",
                            Severity.WARNING,
                        )
                    )
        parts.append(
            ForeignPlan(
                parsed, name=plan.name, start=plan.start, workdays=plan.workdays, release=name
            )
        )
    between = sum(len(refs) for refs in plan.cross_links.values())
    if between:
        whole.problems.append(
            Problem(
                "Tasks",
                None,
                None,
                f"{plural(between, 'link')} between releases, made once the releases are imported",
                Severity.INFO,
            )
        )
    return parts
