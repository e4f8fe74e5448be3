"""One open plan in the GUI: its service, undo stack and latest schedule.

Views never call the service to write; they ask the document, which wraps the
edit in one undo command, and every view redraws when ``scheduled`` fires
with the new snapshot (the Anki pattern: one operation, one notification).
The signal also says what changed (``OpChanges``): a view showing none of
those kinds does nothing, and an edit that changed no scheduling input (a
risk, a gate) is shown by reading the plan again, keeping the schedule.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoStack

from relm_desktop import gcpause
from relm_desktop.domain.enums import DependencyType
from relm_desktop.domain.records import DependencyRecord, PlanData, TaskRecord
from relm_desktop.gui import collector
from relm_desktop.gui.commands import (
    BaselineCommand,
    CreateCommand,
    DeleteCommand,
    InsertTaskCommand,
    LinkCommand,
    PlanCommand,
    UpdateCommand,
)
from relm_desktop.gui.worker import ScheduleJob, Snapshot
from relm_desktop.gui.write_behind import WriteJob
from relm_desktop.layout.timeline import Key, Node, RowKind, RowLayout
from relm_desktop.services.changes import EVERYTHING, NOTHING, OpChanges
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from relm_desktop.store.errors import PlanFileError
from relm_desktop.store.lock import HEARTBEAT
from relm_desktop.store.versions import StaleEditError


class PlanDocument(QObject):
    """The GUI's handle on an open plan file."""

    #: A new snapshot (data, schedule, timeline rows) is available, and what
    #: changed since the one before (``OpChanges``; ``everything`` on a full load).
    scheduled = Signal(object, object)
    #: Scheduling started (True) or finished (False).
    busy = Signal(bool)
    #: An edit or a reschedule was refused or failed; the text says why.
    failed = Signal(str)
    #: A running reschedule moved on: (percent done, what it is doing).
    progress = Signal(int, str)

    def __init__(self, service: PlanService, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.service = service
        self.undo_stack = QUndoStack(self)
        self.snapshot: Snapshot | None = None
        self._pool = pool or QThreadPool.globalInstance()
        self._generation = 0
        self._jobs: dict[int, ScheduleJob] = {}
        #: A job made but not yet handed to the pool (see ``_defer``).
        self._pending: ScheduleJob | None = None
        self._launcher = QTimer(self)
        self._launcher.setSingleShot(True)
        self._launcher.timeout.connect(self._launch)
        #: What changed since the snapshot shown (what the next one must show).
        self._unshown: OpChanges = NOTHING
        #: The timeline's folds; jobs lay out the visible rows for them off the GUI thread.
        self.collapsed: frozenset[Key] = frozenset()
        #: A command's first call running on a worker (``push_behind``), and what to
        #: do once it succeeded.
        self._write: tuple[WriteJob, Callable[[], object] | None] | None = None
        # Opening is background work too, from the start: the window's first
        # paint comes before the first reschedule, and a full collection then
        # walked everything the new window had made (~100-130 ms).
        collector.hold(self)
        # The plan lock's heartbeat: an instance on another host (a shared
        # folder, which the OS lock may not reach) takes a lock over once its
        # record has gone STALE_AFTER seconds without one.
        self._heartbeat = QTimer(self)
        if service.lock is not None:
            self._heartbeat.timeout.connect(service.lock.refresh)
            self._heartbeat.start(int(HEARTBEAT * 1000))

    @property
    def path(self) -> Path | None:
        return self.service.path

    @property
    def title(self) -> str:
        if self.snapshot is not None and self.snapshot.data.info is not None:
            return str(self.snapshot.data.info.name)
        return self.path.stem if self.path else "Untitled"

    # -- scheduling ---------------------------------------------------------------
    def reschedule(self, changes: OpChanges = EVERYTHING) -> None:
        """Load and schedule on a worker; results older than the last request are dropped.

        ``changes`` is what the edit changed: when no scheduling input changed
        since the snapshot shown, the worker only reads the plan again and
        keeps that snapshot's schedule, timeline and calendar.
        """
        self._unshown = self._unshown | changes
        # Move what is alive now (modules, the shown snapshot) to the collector's
        # permanent generation: a full collection set off by the job's allocations
        # holds the GIL, and at 10,000 tasks it froze the window ~130 ms when it had
        # to walk all of that; the job's own objects alone take ~10 ms. Frozen
        # objects are still freed by reference counting when a snapshot is dropped;
        # closing the plan thaws them (gcpause owns the collector's settings).
        gcpause.freeze(self)
        self._generation += 1
        shown = self.snapshot
        job: ScheduleJob
        if shown is not None and not self._unshown.schedule:
            job = ReloadJob(self.service, self._generation, self.collapsed, shown)
        else:
            # From the plan shown plus the rows edited since, when it is shown at all.
            base = (shown.data, self._unshown) if shown is not None else None
            timeline = shown.timeline if shown is not None else None
            job = ScheduleJob(
                self.service, self._generation, self.collapsed, base, timeline, freeze_for=self
            )
        self._start(job)

    def show_others_changes(self, data: PlanData, changes: OpChanges) -> bool:
        """Show ``data``: the plan shown with the rows other people changed on the
        server read again (``services.live.refresh``), rescheduled from it on a
        worker only if a scheduling input changed. False, and nothing done, while
        an edit or a reschedule is under way: then reschedule the usual way."""
        shown = self.snapshot
        if shown is None or self.is_busy() or self._unshown or shown.rows is None:
            return False
        if not changes.schedule and shown.rows.collapsed == self.collapsed:
            self.snapshot = dataclasses.replace(shown, data=data)
            self.scheduled.emit(self.snapshot, changes)
            return True
        gcpause.freeze(self)
        self._unshown = changes
        self._generation += 1
        job = ScheduleJob(
            self.service, self._generation, self.collapsed, (data, NOTHING), freeze_for=self
        )
        self._start(job)
        return True

    def _start(self, job: ScheduleJob) -> None:
        job.setAutoDelete(False)  # we keep it until its signal arrives
        job.signals.done.connect(self._on_done)
        job.signals.failed.connect(self._on_failed)
        job.signals.progress.connect(self._on_progress)
        self._jobs[self._generation] = job
        collector.hold(self)
        self.busy.emit(True)
        if self._pending is not None:  # never started: its result would be stale
            self._jobs.pop(self._pending.generation, None)
        self._defer(job)

    def _defer(self, job: ScheduleJob) -> None:
        """Hand ``job`` to the pool once the events already posted are handled.

        The edit's own repaint (the cell typed in, a closed editor) then runs
        alone. Run beside the worker, it waited for the GIL at each call into
        Qt: 10 ms of painting took 30-60 ms, and a predecessor edit's first
        frame came after 60-130 ms instead of ~30.
        """
        self._pending = job
        self._launcher.start(0)

    def _launch(self) -> None:
        self._launcher.stop()
        job, self._pending = self._pending, None
        if job is not None:
            self._pool.start(job)

    def _finish(self, generation: int) -> bool:
        self._jobs.pop(generation, None)
        if not self._jobs and self._write is None:
            collector.release(self)
        current = generation == self._generation
        if current and self._write is None:
            self.busy.emit(False)
        return current

    def _on_done(self, generation: int, snapshot: Snapshot) -> None:
        if self._finish(generation):
            self.snapshot = snapshot
            changes, self._unshown = self._unshown, NOTHING
            self.scheduled.emit(snapshot, changes)
            # The worker built the snapshot after the freeze in ``reschedule``:
            # freeze again now that the views hold it (and let the old one go),
            # or every full collection while scrolling walks its ~10^5 objects
            # (40-50 ms pauses at 10,000 tasks). A plan open and rescheduled
            # leaves no cyclic garbage to speak of (measured: none per
            # reschedule, ~4,000 objects once at start-up), so freezing what
            # is alive leaks nothing that grows; ``close`` thaws it.
            gcpause.freeze(self)

    def _on_progress(self, generation: int, percent: int, label: str) -> None:
        if generation == self._generation:
            self.progress.emit(percent, label)

    def _on_failed(self, generation: int, message: str) -> None:
        if self._finish(generation):
            self.failed.emit(f"Scheduling failed: {message}")

    def is_busy(self) -> bool:
        return bool(self._jobs) or self._write is not None

    def wait(self, msecs: int = 30_000) -> None:
        """Block until running jobs end (closing the plan, tests)."""
        self._launch()
        self._pool.waitForDone(msecs)

    def close(self) -> None:
        self.settle_write(replaying=True)  # a refused write is dropped with the stack
        self.wait()
        self._generation += 1  # results still queued are now stale
        collector.release(self)
        self.undo_stack.clear()
        self._heartbeat.stop()
        self.service.close()
        # Let the plan go: what was frozen for it comes back in the collector's
        # reach (a closed 5,000-task plan otherwise kept ~74,000 objects, 20 MB),
        # and the idle collector frees it once the views are gone too.
        self._jobs.clear()
        self.snapshot = None
        gcpause.thaw(self)

    # -- edits ----------------------------------------------------------------------
    def guarded(self, work: Callable[[], object]) -> bool:
        """Run a service call, turning a refusal into the ``failed`` signal."""
        try:
            work()
        except (EditError, PlanFileError) as exc:
            self.failed.emit(str(exc))
            if isinstance(exc, StaleEditError):  # show what changed, never overwrite it
                self.reschedule()
            return False
        return True

    def push(self, command: PlanCommand) -> bool:
        """Run ``command`` once; if it changed something, put it on the undo stack."""
        self.settle_write()
        if not self.guarded(command.first_run):
            return False
        if not command.changed_anything():
            return False
        self.undo_stack.push(command)
        self.reschedule(command.changes)
        return True

    def push_behind(self, command: PlanCommand, then: Callable[[], object] | None = None) -> None:
        """As ``push``, with the command's service call on a worker (``gui.write_behind``).

        The command is on the undo stack at once; ``then`` runs once the call
        succeeded, before the reschedule. A refused call is taken off the stack
        and reported through ``failed``, as ``push`` reports it.
        """
        self.settle_write()
        command.skip_first_redo()
        self.undo_stack.push(command)
        job = WriteJob(command)
        job.signals.done.connect(self._on_written)
        self._write = (job, then)
        collector.hold(self)
        self.busy.emit(True)
        # Started at once, unlike a reschedule (``_defer``): nothing of the edit is
        # painted before its snapshot, and the write spends most of its time in
        # SQLite, without the GIL. Waiting for the posted events cost a paste
        # ~20 ms.
        self._launch()  # a reschedule waiting to start goes first
        self._pool.start(job)

    def settle_write(self, *, replaying: bool = False) -> None:
        """Wait for a call still running behind and finish its command: whatever
        touches the plan or the undo stack next comes after it. ``replaying``: called
        from the command's own undo, which must not undo it again."""
        if self._write is not None:
            self._write[0].finished.wait()
            self._finish_write(replaying=replaying)

    def _on_written(self, job: WriteJob) -> None:
        if self._write is not None and self._write[0] is job:  # not finished by ``settle_write``
            self._finish_write(replaying=False)

    def _finish_write(self, *, replaying: bool) -> None:
        if self._write is None:  # already finished by ``settle_write``
            return
        (job, then), self._write = self._write, None
        command = job.command
        if job.error is None:
            command.named()
            if then is not None:
                then()
            self.reschedule(command.changes)
            return
        command.refuse()
        self.failed.emit(str(job.error))
        if not replaying:
            self.undo_stack.undo()  # an obsolete command leaves the stack when undone
        if isinstance(job.error, StaleEditError):  # show what changed, never overwrite it
            self.reschedule()
        elif not self._jobs:
            collector.release(self)
            self.busy.emit(False)

    def update(self, entity: str, ident: int, values: Mapping[str, Any], text: str) -> bool:
        return self.push(UpdateCommand(self, entity, ident, values, text))

    def create(self, entity: str, values: Mapping[str, Any], text: str) -> int | None:
        command = CreateCommand(self, entity, values, text)
        return command.ident if self.push(command) else None

    def insert_task(self, after: int | None, values: Mapping[str, Any], text: str) -> int | None:
        """Add a task right after task ``after`` (or last in its release); its id or None."""
        command = InsertTaskCommand(self, after, values, text)
        return command.ident if self.push(command) else None

    def delete(self, entity: str, ids: list[int], text: str) -> bool:
        return self.push(DeleteCommand(self, entity, ids, text))

    def link(
        self,
        predecessor: int,
        successor: int,
        link_type: DependencyType = DependencyType.FS,
        lag: int = 0,
    ) -> bool:
        names = self.task_name(predecessor), self.task_name(successor)
        text = f"Link '{names[0]}' → '{names[1]}' ({link_type.value})"
        return self.push(LinkCommand(self, predecessor, successor, link_type, lag, text))

    def save_baseline(self) -> bool:
        return self.push(BaselineCommand(self))

    # -- reading helpers ------------------------------------------------------------------
    def node(self, kind: RowKind, ident: int) -> Node | None:
        if self.snapshot is None:
            return None
        return self.snapshot.timeline.node(kind, ident)

    def task_name(self, ident: int) -> str:
        node = self.node(RowKind.TASK, ident)
        return node.name if node is not None else f"task #{ident}"

    def task(self, ident: int) -> TaskRecord | None:
        node = self.node(RowKind.TASK, ident)
        return node.task if node is not None else None

    def links_of(self, task_id: int) -> list[DependencyRecord]:
        """Every dependency record touching ``task_id``."""
        if self.snapshot is None:
            return []
        return [
            link
            for link in self.snapshot.data.links
            if task_id in (link.predecessor_id, link.successor_id)
        ]


class ReloadJob(ScheduleJob):
    """A reschedule after edits that changed no scheduling input (risks, gates…).

    Reads the plan again and keeps the schedule, timeline and calendar of the
    snapshot shown, which the edits cannot have changed (``SCHEDULE_KINDS``).
    """

    def __init__(
        self,
        service: PlanService,
        generation: int,
        collapsed: frozenset[Key],
        shown: Snapshot,
    ) -> None:
        super().__init__(service, generation, collapsed)
        self.shown = shown

    def work(self) -> None:
        try:
            started = time.perf_counter()
            self._report("load")
            data = self.service.load()
            rows = self.shown.rows
            if rows is None or rows.collapsed != self.collapsed:
                rows = RowLayout(self.shown.timeline, self.collapsed)
            seconds = time.perf_counter() - started
            snapshot = dataclasses.replace(self.shown, data=data, rows=rows, seconds=seconds)
        except Exception as exc:  # reported in the GUI, never lost in a thread
            traceback.print_exc()
            self.signals.failed.emit(self.generation, f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(self.generation, snapshot)
