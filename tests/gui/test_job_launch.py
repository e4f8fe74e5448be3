"""A document hands its jobs to the pool after the events already posted.

The edit's own repaint then runs alone instead of beside a worker that holds
the GIL (``PlanDocument._defer``); whatever waits for a job first starts it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.commands import OutlineCommand
from relm_desktop.gui.document import PlanDocument
from relm_desktop.services.plan import PlanService


class RecordingPool:
    """The pool's ``start`` and ``waitForDone``, noting in ``order`` when a job starts."""

    def __init__(self, order: list[str]) -> None:
        self.order = order
        self.pool = QThreadPool()

    def start(self, job: QRunnable) -> None:
        self.order.append(type(job).__name__)
        self.pool.start(job)

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 (QThreadPool's name)
        return self.pool.waitForDone(msecs)


class Receiver(QObject):
    """Notes a posted event when the event loop delivers it."""

    def __init__(self, order: list[str]) -> None:
        super().__init__()
        self.order = order

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.User:
            self.order.append("posted event")
            return True
        return super().event(event)


def opened(path: Path, order: list[str]) -> PlanDocument:
    return PlanDocument(PlanService.open(path), pool=RecordingPool(order))  # type: ignore[arg-type]


def test_a_reschedule_starts_after_the_events_already_posted(
    qtbot: Any, app: Any, demo_path: Path
) -> None:
    order: list[str] = []
    document = opened(demo_path, order)
    receiver = Receiver(order)
    QCoreApplication.postEvent(receiver, QEvent(QEvent.Type.User))
    document.reschedule()
    assert document.is_busy()
    assert order == []  # made, not started
    qtbot.waitUntil(lambda: document.snapshot is not None and not document.is_busy())
    assert order == ["posted event", "ScheduleJob"]
    document.close()


def test_a_reschedule_made_stale_before_it_started_never_runs(
    qtbot: Any, app: Any, demo_path: Path
) -> None:
    order: list[str] = []
    document = opened(demo_path, order)
    document.reschedule()
    document.reschedule()  # the first one's result would be thrown away: it is dropped
    qtbot.waitUntil(lambda: document.snapshot is not None and not document.is_busy())
    assert order == ["ScheduleJob"]
    document.close()


def test_waiting_for_a_job_not_yet_started_runs_it(app: Any, demo_path: Path) -> None:
    order: list[str] = []
    document = opened(demo_path, order)
    document.reschedule()
    document.wait()  # no event loop turns: wait starts it
    QApplication.sendPostedEvents()  # its result reaches the document
    assert order == ["ScheduleJob"]
    assert document.snapshot is not None
    assert not document.is_busy()
    document.close()


def test_a_write_behind_starts_at_once_after_a_waiting_reschedule(
    app: Any, demo_path: Path
) -> None:
    order: list[str] = []
    document = opened(demo_path, order)
    document.reschedule()
    document.wait()
    QApplication.sendPostedEvents()
    assert document.snapshot is not None
    task = next(t for t in document.snapshot.data.tasks if t.parent_id is None)
    before = len(document.snapshot.data.tasks)
    document.reschedule()  # made, not started
    command = OutlineCommand(document, lambda outline: outline.duplicate([task.id]))
    document.push_behind(command)
    # No event loop turn: the write is under way, after the reschedule made before it.
    assert order == ["ScheduleJob", "ScheduleJob", "WriteJob"]
    document.settle_write()
    document.wait()
    QApplication.sendPostedEvents()
    document.wait()
    QApplication.sendPostedEvents()
    assert document.snapshot is not None
    assert len(document.snapshot.data.tasks) == before + 1
    document.close()
