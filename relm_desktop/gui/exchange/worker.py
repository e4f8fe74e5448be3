"""Running import and export work off the GUI thread, with a progress dialog and Cancel.

The job runs on ``QThreadPool``; it reports progress through signals and
never touches a widget. Cancel sets a flag the job checks between rows; a
cancelled job raises ``CancelledError`` and, because exports write to a temporary
file and imports apply nothing before the preview, leaves everything as it was.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from relm_desktop.exchange.xlsx.model import CancelledError

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_T = TypeVar("_T")
Work = Callable[[Progress, Cancelled], object]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class ExchangeJob(QRunnable):
    """Runs ``work(progress, cancelled)`` on a worker thread."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.cancel_flag = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:  # QRunnable.run
        try:
            result = self.work(self.signals.progress.emit, self.cancel_flag.is_set)
        except BaseException as exc:  # handed to the GUI thread, never lost
            if not isinstance(exc, CancelledError | ValueError | OSError):
                traceback.print_exc()
            self.signals.failed.emit(exc)
            return
        self.signals.done.emit(result)


class JobFailedError(Exception):
    """The background work raised; ``error`` is what it raised."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def run_with_progress(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress, Cancelled], _T],
    pool: QThreadPool | None = None,
) -> _T:
    """Run ``work`` in the background while a progress dialog (with Cancel) is shown.

    Returns the work's result; raises :class:`CancelledError` when the user
    cancelled and :class:`JobFailedError` when the work failed.
    """
    job = ExchangeJob(work)
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick work never flashes a dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def finished(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: BaseException) -> None:
        outcome["error"] = error
        loop.quit()

    job.signals.progress.connect(progress)
    job.signals.done.connect(finished)
    job.signals.failed.connect(failed)
    dialog.canceled.connect(job.cancel_flag.set)
    (pool or QThreadPool.globalInstance()).start(job)
    loop.exec()
    cancelled = job.cancel_flag.is_set()
    dialog.canceled.disconnect(job.cancel_flag.set)  # closing a progress dialog emits canceled
    dialog.close()
    dialog.deleteLater()
    error = outcome.get("error")
    if isinstance(error, CancelledError) or (error is None and cancelled):
        raise CancelledError(title)
    if isinstance(error, BaseException):  # only ``failed`` sets it
        raise JobFailedError(error)
    return cast(_T, outcome.get("result"))  # what ``work`` returned, through a signal
