"""Loading and scheduling a plan on a worker thread.

At 10,000 tasks reading the file, scheduling and building the timeline rows
take a few hundred milliseconds together; done on the GUI thread that would
freeze the window, so a QRunnable does it and hands back one immutable
``Snapshot``. The worker never touches widgets.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Signal

from relm_desktop.layout.timeline import Timeline, build_timeline
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import ScheduleResult
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData
from relm_desktop.services.scheduling import schedule_input


@dataclass(frozen=True)
class Snapshot:
    """Everything the views show for one state of the plan."""

    data: PlanData
    result: ScheduleResult
    timeline: Timeline
    calendar: WorkCalendar
    seconds: float


def take_snapshot(service: PlanService) -> Snapshot:
    """Read, schedule and lay out the plan (runs on a worker thread)."""
    started = time.perf_counter()
    data, result = service.schedule()
    timeline = build_timeline(
        releases=data.releases,
        phases=data.phases,
        tasks=data.tasks,
        links=data.links,
        result=result,
        freezes=data.freezes,
    )
    # The calendar is rebuilt rather than shared with the scheduler's: it
    # fills caches lazily and is then used on the GUI thread only.
    calendar = schedule_input(data).calendar
    return Snapshot(data, result, timeline, calendar, time.perf_counter() - started)


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class ScheduleJob(QRunnable):
    """One reschedule, tagged with a generation so stale results can be dropped."""

    def __init__(self, service: PlanService, generation: int) -> None:
        super().__init__()
        self.service = service
        self.generation = generation
        self.signals = _Signals()

    def run(self) -> None:  # QRunnable.run
        try:
            snapshot = take_snapshot(self.service)
        except Exception as exc:  # reported in the GUI, never lost in a thread
            traceback.print_exc()
            self.signals.failed.emit(self.generation, f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(self.generation, snapshot)
