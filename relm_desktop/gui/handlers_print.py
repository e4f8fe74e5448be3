"""File ▸ Print… and Print Preview… of the timeline (named by their ``ActionSpec``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import (
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
)
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from relm_desktop.domain.text import plural
from relm_desktop.gui.timeline.printing import TimelinePrint, timeline_printer

#: Jobs of more pages than this show a progress dialog with Cancel.
PROGRESS_PAGES = 20

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.document import PlanDocument
    from relm_desktop.gui.timeline.view import TimelineView

    _Base = QMainWindow
else:
    _Base = object


class PrintHandlersMixin(_Base):
    """Printing the timeline: the printer is kept for the session, so the
    paper, orientation and destination chosen once stay chosen."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        context: AppContext
        document: PlanDocument | None
        timeline: TimelineView | None

    _printer: QPrinter | None = None

    def printer_for_timeline(self) -> QPrinter:
        if self._printer is None:
            self._printer = timeline_printer()
            path = self.document.path if self.document is not None else None
            # With no printer installed the dialog can only write a PDF: offer
            # one beside the plan rather than a bare home folder.
            if path is not None and not QPrinterInfo.availablePrinterNames():
                self._printer.setOutputFileName(str(path.with_name(f"{path.stem} timeline.pdf")))
        return self._printer

    def print_timeline(self) -> None:
        """Ask where and what to print, then print the timeline's pages."""
        view = self.timeline
        if view is None:
            return
        printer = self.printer_for_timeline()
        pages = len(TimelinePrint(view, printer).grid)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print Timeline")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, pages)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self._print(view, printer)

    def print_preview(self) -> None:
        """Show the timeline's pages as they will print (and print them from there)."""
        view = self.timeline
        if view is None:
            return
        printer = self.printer_for_timeline()
        # The preview shows every page; a range left from the last print would hide some.
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle("Print Preview — Timeline")
        dialog.resize(self.size() * 0.9)
        dialog.paintRequested.connect(lambda target: self._print(view, target, announce=False))
        dialog.exec()
        dialog.deleteLater()

    def _print(self, view: TimelineView, printer: QPrinter, *, announce: bool = True) -> None:
        job = TimelinePrint(view, printer)
        wanted = len(job.wanted())
        # Pages take ~25 ms each: a long job shows its progress and can be cancelled.
        progress = None
        if announce and wanted > PROGRESS_PAGES:  # (a preview shows its own)
            progress = QProgressDialog("Printing the timeline…", "Cancel", 0, wanted, self)
            progress.setWindowTitle("Print")
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(0)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = job.print(None if progress is None else _stepper(progress))
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            self.context.prompts.error(self, "Print", str(exc))
            return
        finally:
            if progress is not None:
                progress.deleteLater()
        QApplication.restoreOverrideCursor()
        if not announce:  # a preview's pages
            return
        if result.printed < wanted:
            self.statusBar().showMessage("Printing cancelled", 8000)
            return
        where = f" to {printer.outputFileName()}" if printer.outputFileName() else ""
        grid = result.grid
        self.statusBar().showMessage(
            f"Printed {plural(result.printed, 'page')}{where} "
            f"({grid.down} down × {grid.across} across)",
            8000,
        )


def _stepper(progress: QProgressDialog) -> Callable[[int, int], bool]:
    def step(done: int, total: int) -> bool:
        progress.setValue(done)  # a modal progress dialog handles events here
        return not progress.wasCanceled()

    return step


__all__ = ["PrintHandlersMixin"]
