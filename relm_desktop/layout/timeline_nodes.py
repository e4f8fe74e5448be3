"""The timeline's row and arrow types: what a node, a link and a freeze window hold.

Kept apart from layout/timeline.py, which builds them, so the tree builder
(layout/timeline_tree.py) can make them without importing the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple, cast

from relm_desktop.domain.records import PhaseRecord, ReleaseRecord, TaskRecord


class RowKind(StrEnum):
    RELEASE = "release"
    PHASE = "phase"
    TASK = "task"
    #: A team's or environment's heading when the view is grouped (layout/filters.py).
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """What a group row shows: a team, an environment, or none (id 0)."""

    id: int
    name: str

    def get(self, field: str, default: object = None) -> object:
        """As ``Record.get``: a field named at run time."""
        return getattr(self, field, default)


Key = tuple[RowKind, int]
#: The record a row shows: its ``kind`` says which.
RowRecord = ReleaseRecord | PhaseRecord | TaskRecord | GroupRecord


@dataclass(slots=True)
class Node:
    """One row of the tree: a release, a phase or a task, with its dates."""

    index: int
    kind: RowKind
    id: int
    depth: int
    parent: int  # index of the parent node, -1 for a release
    row: int  # position among its siblings
    name: str
    record: RowRecord
    #: Child node indices: a list for releases and phases, the shared empty
    #: tuple for tasks (an empty list per task cost ~3 MB at 50,000 tasks).
    children: Sequence[int] = ()
    start: date | None = None
    finish: date | None = None
    percent: int = 0
    milestone: bool = False
    critical: bool = False
    total_float: int | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    #: The outline code ("2.3.1"): phase, then the task's place in the work breakdown.
    wbs: str = ""

    @property
    def key(self) -> Key:
        return (self.kind, self.id)

    @property
    def is_summary(self) -> bool:
        """A release, phase or group row, or a task with subtasks: dates roll up."""
        return self.kind is not RowKind.TASK or bool(self.children)

    # The record as the type ``kind`` says it is: the caller has checked ``kind``, so
    # these only tell the type checker (no test at run time: the table paints with them).
    @property
    def task(self) -> TaskRecord:
        return cast(TaskRecord, self.record)

    @property
    def phase(self) -> PhaseRecord:
        return cast(PhaseRecord, self.record)

    @property
    def release(self) -> ReleaseRecord:
        return cast(ReleaseRecord, self.record)

    @property
    def slip(self) -> int | None:
        """Calendar days the finish moved past its baseline (negative: earlier)."""
        if self.finish is None or self.baseline_finish is None:
            return None
        return (self.finish - self.baseline_finish).days


class LinkItem(NamedTuple):
    """One arrow: a named tuple, as a frozen dataclass took ~1 µs a link more to
    make (15 ms of each reschedule at 15,000 links)."""

    id: int
    predecessor: int
    successor: int
    type: str
    lag: int
    critical: bool


@dataclass(frozen=True, slots=True)
class FreezeItem:
    name: str
    start: date
    finish: date
