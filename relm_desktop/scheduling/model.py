"""Value types the scheduler reads and writes.

They are small, frozen and free of SQLAlchemy and Qt, so the scheduler stays
pure and fast; the services build them from the plan file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling.calendar import WorkCalendar


class TaskInput(NamedTuple):
    """One task (or milestone when ``duration == 0``) to schedule.

    Named tuples (here and for links) are built in C: a plan of 10,000 tasks and
    15,000 links is turned into scheduler input several times faster than with
    frozen dataclasses.
    """

    id: int
    release_id: int
    name: str
    duration: int  # working days
    constraint: ConstraintType | None = None
    constraint_date: date | None = None
    team_id: int | None = None
    environment_id: int | None = None  # set: a deployment task booking that environment
    actual_start: date | None = None  # recorded progress pins the start
    parent_id: int | None = None  # the summary task this one belongs to
    # Dates imposed from outside the plan (links to releases a one-release workbook left
    # out, as MS Project's external tasks): bounds in addition to the task's own
    # constraint, never shown as it. ``outside_day_end``: the start is after the end of
    # the day ``outside_start`` (right after a predecessor), not at its beginning.
    outside_start: date | None = None  # predecessors outside: earliest start
    outside_finish: date | None = None  # successors outside: latest finish (a milestone: day)
    outside_day_end: bool = False


class LinkInput(NamedTuple):
    """A dependency predecessor → successor with a lag in working days (may be negative)."""

    id: int
    predecessor: int
    successor: int
    type: DependencyType = DependencyType.FS
    lag: int = 0


@dataclass(frozen=True, slots=True)
class ReleaseInput:
    id: int
    name: str
    start: date | None = None  # tasks without predecessors start here (or at the plan start)
    target_golive: date | None = None
    golive_task_id: int | None = None  # the go-live milestone; else the release's last finish


@dataclass(frozen=True, slots=True)
class TeamInput:
    id: int
    name: str
    capacity: int  # tasks the team can carry on one day


@dataclass(frozen=True, slots=True)
class EnvironmentInput:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class FreezeInput:
    """A freeze window, inclusive dates; empty ``environment_ids`` covers every environment."""

    id: int
    name: str
    start: date
    finish: date
    environment_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class ScheduleInput:
    project_start: date
    calendar: WorkCalendar
    tasks: tuple[TaskInput, ...]
    links: tuple[LinkInput, ...] = ()
    releases: tuple[ReleaseInput, ...] = ()
    teams: tuple[TeamInput, ...] = ()
    environments: tuple[EnvironmentInput, ...] = ()
    freezes: tuple[FreezeInput, ...] = ()
    #: Late dates come backward from this day when it is after the last finish.
    horizon: date | None = None


class TaskSchedule(NamedTuple):
    """Dates are working days: ``start`` is the first, ``finish`` the last.

    A milestone has ``start == finish``: the day it is reached. A named tuple
    because the scheduler builds one per task on every reschedule, and tuples
    can be made from columns entirely in C.
    """

    id: int
    start: date
    finish: date
    late_start: date
    late_finish: date
    total_float: int  # working days
    free_float: int
    critical: bool


class ConflictKind(StrEnum):
    FREEZE = "freeze"  # a deployment was pushed out of (or sits in) a freeze window
    ENVIRONMENT_CLASH = "environment_clash"
    OVER_CAPACITY = "over_capacity"
    LATE_GOLIVE = "late_golive"
    CONSTRAINT = "constraint"  # a constraint that cannot be met
    CYCLE = "cycle"
    # A date outside the supported range (domain.limits), stored or computed: shown at its end.
    DATE_RANGE = "date_range"


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    message: str
    task_ids: tuple[int, ...] = ()
    release_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    tasks: dict[int, TaskSchedule]
    critical_path: tuple[int, ...]  # task ids in order, from a source to the latest finish
    conflicts: tuple[Conflict, ...] = ()
    cycles: tuple[tuple[int, ...], ...] = ()  # each: the task ids on one cycle
    finish: date | None = None
    release_golive: dict[int, date] = field(default_factory=dict)
    #: Milestones reached at the end of their day ("Fri 17:00", right after a task):
    #: a summary starting with one starts its work on the next working day.
    day_end_milestones: frozenset[int] = frozenset()
    #: Tasks with work that start right after the end of the day before their start
    #: (after a predecessor), not at a day's beginning: an SS milestone after one sits on
    #: that day. With ``day_end_milestones``, what a one-release export's Not before needs.
    day_end_starts: frozenset[int] = frozenset()
