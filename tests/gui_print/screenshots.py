"""Screenshots of Print Preview and Print on the demo plan, in both palettes, and the
printed pages as PNG (poppler's pdftoppm), to look at.

QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui_print/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.timeline.printing import print_timeline, timeline_printer
from relm_desktop.services.demo import build_demo


def pump(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


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


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "demo.relm"
    build_demo(plan, start=date(2027, 1, 4)).close()
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.resize(1280, 720)
    window.show()
    window.open_plan(plan)
    assert window.document is not None and window.timeline is not None
    while window.document.snapshot is None or window.document.is_busy():
        pump(100)
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
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("print-shots"))
