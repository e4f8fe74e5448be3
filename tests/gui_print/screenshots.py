"""Screenshots of Print Preview and Print on the demo plan, in both palettes, and the
printed pages as PNG (poppler's pdftoppm), to look at.

QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui_print/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.timeline.printing import print_timeline, timeline_printer
from tests.shots import arguments, demo_window, pump


def grab_when_shown(kind: type[QDialog], path: Path) -> None:
    """Save the ``kind`` dialog's picture when it shows, then close it."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                pump(300)
                widget.grab().save(str(path))
                print("wrote", path)
                widget.reject()
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def main(out: Path, width: int, height: int) -> None:
    with demo_window(width, height, views=0) as (window, _plan):
        assert window.timeline is not None
        pump(300)
        ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            pump(200)
            window.grab().save(str(out / f"window-{scheme.value}.png"))
            grab_when_shown(QPrintPreviewDialog, out / f"print-preview-{scheme.value}.png")
            QTest.keyClick(window, Qt.Key.Key_O, ctrl | shift)
            window.activateWindow()
            pump(200)
            grab_when_shown(QPrintDialog, out / f"print-dialog-{scheme.value}.png")
            QTest.keyClick(window, Qt.Key.Key_P, ctrl)
            window.activateWindow()
            pump(200)
        pdf = out / "timeline.pdf"
        printer = timeline_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        result = print_timeline(window.timeline, printer)
        print("printed", result.printed, "pages:", result.grid.down, "down ×", result.grid.across)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")], check=True)


if __name__ == "__main__":
    main(*arguments("print-shots"))
