"""Loading and scheduling a plan on a worker thread.

At 10,000 tasks reading the file, scheduling and building the timeline rows
take a second or two together; done on the GUI thread that would freeze the
window, so a QRunnable does it and hands back one immutable ``Snapshot``,
including the visible rows (``RowLayout``) for the fold state the view had
when the job started, so the GUI thread only swaps references. The worker
never touches widgets; it reports its steps through ``progress``.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Signal

from relm_desktop import gcpause
from relm_desktop.gcpause import gc_paused
from relm_desktop.layout.timeline import Key, RowLayout, Timeline, build_timeline
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import ScheduleResult
from relm_desktop.services.changes import EVERYTHING, OpChanges
from relm_desktop.services.delta import refreshed
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData
from relm_desktop.services.scheduling import plan_calendar, schedule_plan

#: The steps a snapshot reports, in order: (percent done when it starts, label).
STEPS = {
    "load": (0, "Reading plan…"),
    "schedule": (30, "Scheduling…"),
    "layout": (75, "Laying out the timeline…"),
}


@dataclass(frozen=True)
class Snapshot:
    """Everything the views show for one state of the plan."""

    data: PlanData
    result: ScheduleResult
    timeline: Timeline
    calendar: WorkCalendar
    seconds: float
    #: Visible rows for the fold state in ``rows.collapsed`` (None: build on use).
    rows: RowLayout | None = None


def take_snapshot(
    service: PlanService,
    collapsed: frozenset[Key] = frozenset(),
    progress: Callable[[str], None] | None = None,
    shown: PlanData | None = None,
    changes: OpChanges = EVERYTHING,
    timeline: Timeline | None = None,
) -> Snapshot:
    """Read, schedule and lay out the plan (runs on a worker thread).

    ``shown`` is the plan as last read and ``changes`` what was edited since:
    then only the rows edited are read again (``services.delta``).
    ``timeline`` (the one shown) lends its tree if the edit left it as it was.
    """
    started = time.perf_counter()
    report = progress or (lambda _step: None)
    report("load")
    data = service.load() if shown is None else refreshed(service, shown, changes)
    report("schedule")
    result = schedule_plan(data)
    report("layout")
    with gc_paused():  # ~25,000 rows and arrows, no cycles among them (see gcpause)
        laid_out, rows = _lay_out(data, result, collapsed, timeline)
    # The calendar is rebuilt rather than shared with the scheduler's: it
    # fills caches lazily and is then used on the GUI thread only.
    calendar = plan_calendar(data)
    seconds = time.perf_counter() - started
    return Snapshot(data, result, laid_out, calendar, seconds, rows)


def _lay_out(
    data: PlanData, result: ScheduleResult, collapsed: frozenset[Key], previous: Timeline | None
) -> tuple[Timeline, RowLayout]:
    timeline = build_timeline(
        releases=data.releases,
        phases=data.phases,
        tasks=data.tasks,
        links=data.links,
        result=result,
        freezes=data.freezes,
        previous=previous,
    )
    rows = RowLayout(timeline, collapsed)
    timeline.structure()  # made here, compared on the GUI thread (see TaskTreeModel.set_rows)
    return timeline, rows


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)
    #: (generation, percent, label) as the job moves from step to step.
    progress = Signal(int, int, str)


class ScheduleJob(QRunnable):
    """One reschedule, tagged with a generation so stale results can be dropped."""

    def __init__(
        self,
        service: PlanService,
        generation: int,
        collapsed: frozenset[Key] = frozenset(),
        base: tuple[PlanData, OpChanges] | None = None,
        timeline: Timeline | None = None,
        freeze_for: object | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.generation = generation
        self.collapsed = collapsed
        #: The plan as shown and what was edited since (None: read it whole).
        self.base = base
        #: The timeline shown, whose tree a new one may take (``build_timeline``).
        self.timeline = timeline
        #: The owner (a document) on whose behalf the new snapshot is frozen (see ``work``).
        self.freeze_for = freeze_for
        self.signals = _Signals()

    def _report(self, step: str) -> None:
        percent, label = STEPS[step]
        self.signals.progress.emit(self.generation, percent, label)

    def run(self) -> None:  # QRunnable.run
        try:
            self.work()
        finally:
            # Done with the plan: the runnable's wrapper may outlive the run (the
            # pool's C++ side holds it), and must not keep a closed plan alive.
            vars(self).pop("service", None)
            vars(self).pop("shown", None)
            vars(self).pop("base", None)
            vars(self).pop("timeline", None)
            vars(self).pop("freeze_for", None)

    def work(self) -> None:
        try:
            shown, changes = self.base or (None, EVERYTHING)
            # The collector stays off for the whole job and what it made is frozen
            # before it comes back on: otherwise each step's end let a young
            # collection walk that step's ~10^5 new objects (3-13 ms twice an
            # edit at 10,000 tasks, all of it acyclic: nothing was ever found).
            with gc_paused():
                snapshot = take_snapshot(
                    self.service, self.collapsed, self._report, shown, changes, self.timeline
                )
                if self.freeze_for is not None:
                    gcpause.freeze(self.freeze_for)
        except Exception as exc:  # reported in the GUI, never lost in a thread
            traceback.print_exc()
            self.signals.failed.emit(self.generation, f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(self.generation, snapshot)
