"""Print (Ctrl+P), Print Preview (Ctrl+Shift+O) and the release pack's Ctrl+Shift+P,
pressed on the real window; the modal dialogs are answered when they show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.pack_dialog import PackDialog
from relm_desktop.gui.timeline.printing import TimelinePrint
from tests.gui.gui_helpers import view_of
from tests.gui_print.pdf_tools import answer, page_count, page_texts, qpdf_check

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_ctrl_p_asks_where_to_print_then_prints_the_timeline(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    printer = window.printer_for_timeline()
    printer.setOutputFileName(str(out))  # the dialog offers to print to this file
    pages = len(TimelinePrint(view_of(window), printer).grid)
    # Cancelled, nothing is printed.
    seen: list[QPrintDialog] = []
    others: list[QWidget] = []
    titles: list[str] = []

    def cancel(dialog: QPrintDialog) -> None:
        titles.append(dialog.windowTitle())
        dialog.reject()

    answer(QPrintDialog, cancel, seen, others)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    assert not others
    assert len(seen) == 1 and titles == ["Print Timeline"]
    assert not out.exists()
    # Accepted, every page is printed; the dialog offered them all as its range.
    ranges: list[tuple[int, int]] = []

    def accept(dialog: QPrintDialog) -> None:
        ranges.append((dialog.minPage(), dialog.maxPage()))
        dialog.accept()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    answer(QPrintDialog, accept, seen, others)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    assert len(seen) == 2 and ranges == [(1, pages)]
    qpdf_check(out)
    assert page_count(out) == pages
    assert "Generated plan" in page_texts(out)[0]
    assert window.statusBar().currentMessage().startswith(f"Printed {pages} pages to {out}")
    # A long job can be cancelled from its progress dialog.
    cancelled: list[QProgressDialog] = []

    def accept_then_cancel(dialog: QPrintDialog) -> None:
        answer(QProgressDialog, QProgressDialog.cancel, cancelled, others)
        dialog.accept()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    answer(QPrintDialog, accept_then_cancel, seen, others)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    assert len(seen) == 3 and len(cancelled) == 1 and not others
    assert window.statusBar().currentMessage() == "Printing cancelled"


def test_ctrl_shift_p_opens_the_release_pack(qtbot: Any, window: MainWindow) -> None:
    packs: list[PackDialog] = []
    others: list[QWidget] = []
    answer(PackDialog, QDialog.reject, packs, others)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL | SHIFT)
    assert not others  # not the print dialog
    assert len(packs) == 1


def test_print_preview_shows_every_page(qtbot: Any, window: MainWindow) -> None:
    pages = len(TimelinePrint(view_of(window), window.printer_for_timeline()).grid)
    counted: list[int] = []
    titles: list[str] = []

    def look(dialog: QPrintPreviewDialog) -> None:
        titles.append(dialog.windowTitle())
        preview = dialog.findChild(QPrintPreviewWidget)
        assert preview is not None
        counted.append(preview.pageCount())
        dialog.reject()

    seen: list[QPrintPreviewDialog] = []
    others: list[QWidget] = []
    answer(QPrintPreviewDialog, look, seen, others)
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL | SHIFT)
    assert not others
    assert len(seen) == 1 and titles == ["Print Preview — Timeline"]
    assert counted == [pages] and pages >= 6
