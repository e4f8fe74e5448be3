"""What goes into a release pack: sections, presets and the options of one pack."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Section(StrEnum):
    """The pack's sections, in the order they appear."""

    SUMMARY = "summary"
    MILESTONES = "milestones"
    GANTT = "gantt"
    SCOPE = "scope"
    DEPENDENCIES = "dependencies"
    RISKS = "risks"
    GATES = "gates"
    ROLLOUT = "rollout"
    STAKEHOLDERS = "stakeholders"
    PIR = "pir"
    SCHEDULE = "schedule"
    CHANGES = "changes"

    @property
    def heading(self) -> str:
        """The heading printed in the pack (and listed in its table of contents)."""
        return TITLES[self]


TITLES: dict[Section, str] = {
    Section.SUMMARY: "Executive summary",
    Section.MILESTONES: "Milestones",
    Section.GANTT: "Schedule (Gantt chart)",
    Section.SCOPE: "Scope",
    Section.DEPENDENCIES: "Dependencies on other releases and suppliers",
    Section.RISKS: "Risks",
    Section.GATES: "Gates and go/no-go",
    Section.ROLLOUT: "Rollout strategy and rollback plan",
    Section.STAKEHOLDERS: "Stakeholders and distribution",
    Section.PIR: "Post-implementation review",
    Section.SCHEDULE: "Task schedule",
    Section.CHANGES: "Changes since the last pack",
}

PRESETS: dict[str, tuple[Section, ...]] = {
    # summary and milestones on one page, gates and risks on the next
    "executive": (Section.SUMMARY, Section.MILESTONES, Section.GATES, Section.RISKS),
    "full": tuple(Section),
}

GANTT_LEVELS = ("tasks", "summary")

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of the audit trail, as the change log prints it."""

    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: int | None
    label: str
    field: str
    old: str | None
    new: str | None


class PackCancelledError(Exception):
    """The user cancelled the pack while it was being built."""


@dataclass(frozen=True, slots=True)
class PackOptions:
    """One pack: which release (None = the whole portfolio), preset and sections.

    ``sections`` overrides the preset's list when given. ``today`` and
    ``generated`` make a pack reproducible in tests.
    """

    release_id: int | None = None
    preset: str = "full"
    sections: tuple[Section, ...] | None = None
    today: date = field(default_factory=date.today)
    generated: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    author: str = ""
    last_pack_at: datetime | None = None
    top_risks: int = 5
    #: What the last pack of the same release and preset showed (``reports.moves``);
    #: None when there was none.
    last_shown: Mapping[str, Any] | None = None
    #: The Gantt chart's detail: "tasks", or "summary" (releases and phases only,
    #: for big portfolios).
    gantt_level: str = "tasks"

    def __post_init__(self) -> None:
        if self.preset not in PRESETS:
            raise ValueError(f"unknown preset {self.preset!r} (executive or full)")
        if self.gantt_level not in GANTT_LEVELS:
            raise ValueError(f"unknown Gantt level {self.gantt_level!r} (tasks or summary)")

    @property
    def executive(self) -> bool:
        return self.preset == "executive"

    def chosen(self) -> tuple[Section, ...]:
        """The sections to print, in pack order."""
        wanted = set(self.sections) if self.sections is not None else set(PRESETS[self.preset])
        preset = PRESETS[self.preset]
        order = [*preset, *(s for s in Section if s not in preset)]
        return tuple(s for s in order if s in wanted)
