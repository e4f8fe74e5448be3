"""An undo command's first service call, run on a worker thread.

Pasting 500 tasks into a 10,000-task plan writes them, their links, the rows
moved to make room and the audit trail in one transaction: 60-100 ms of CPU
plus the commit's sync to disk, which on the GUI thread froze the window
past 100 ms. ``PlanDocument.push_behind`` puts the command on the undo stack
at once and runs that call here; the window goes on painting, and the
document finishes the command (reschedule, or take it back off the stack if
it was refused) when the call is done. Anything else that would touch the
plan or the stack first waits for it (``PlanDocument.settle_write``), so
edits still happen one at a time, in the order made.
"""

from __future__ import annotations

import threading
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Signal

from relm_desktop.services.edits import EditError
from relm_desktop.store.errors import PlanFileError

if TYPE_CHECKING:
    from relm_desktop.gui.commands import PlanCommand


class _Signals(QObject):
    #: The job, its call over.
    done = Signal(object)


class WriteJob(QRunnable):
    """Runs ``command.apply()`` once; ``error`` says why it was refused, if it was."""

    def __init__(self, command: PlanCommand) -> None:
        super().__init__()
        self.command = command
        self.error: Exception | None = None
        #: Set when the call is over: ``settle_write`` waits on it.
        self.finished = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)  # the document keeps it until it is finished with

    def run(self) -> None:  # QRunnable.run
        try:
            self.command.changes = self.command.apply()
        except (EditError, PlanFileError) as exc:  # refused: its transaction rolled back
            self.error = exc
        except Exception as exc:  # reported in the GUI, never lost in a thread
            traceback.print_exc()
            self.error = exc
        finally:
            self.finished.set()
            self.signals.done.emit(self)


__all__ = ["WriteJob"]
