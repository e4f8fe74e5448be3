"""The pure-Python scheduler: working-day calendar, critical path method, conflicts.

No Qt and no SQLAlchemy here; the services turn plan rows into
:class:`ScheduleInput` and read back :class:`ScheduleResult`.
"""

from __future__ import annotations

from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.cpm import schedule
from relm_desktop.scheduling.model import (
    Conflict,
    ConflictKind,
    EnvironmentInput,
    FreezeInput,
    LinkInput,
    ReleaseInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    TaskSchedule,
    TeamInput,
)

__all__ = [
    "Conflict",
    "ConflictKind",
    "EnvironmentInput",
    "FreezeInput",
    "LinkInput",
    "ReleaseInput",
    "ScheduleInput",
    "ScheduleResult",
    "TaskInput",
    "TaskSchedule",
    "TeamInput",
    "WorkCalendar",
    "schedule",
]
