"""Screenshots of the interchange menus and dialogs, both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_interchange.screenshots OUT_DIR [WxH]

The File menu with Import From Other Tools open, the release question and the
merge preview of a supplier's MS Project file, each drawn over the main
window (1280×720 by default) where it opens, as a user sees it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QWidget

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.handlers_interchange import InterchangeAsk
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.services.interchange import export_to
from tests.interchange.conftest import GAN, build_release_plan


def pump(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def over_window(window: MainWindow, widgets: list[QWidget], path: Path, centre: bool) -> None:
    """The main window with ``widgets`` drawn on it (where they are, or centred)."""
    picture = window.grab()
    painter = QPainter(picture)
    for widget in widgets:
        top = widget.grab()
        corner = (
            QPoint((picture.width() - top.width()) // 2, (picture.height() - top.height()) // 2)
            if centre
            else window.mapFromGlobal(widget.mapToGlobal(QPoint(0, 0)))
        )
        painter.drawPixmap(corner, top)
    painter.end()
    picture.save(str(path))


class Files(InterchangeAsk):
    """The file dialog answered with one path; the release question is the real one."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        return self.path


def shoot_when(kind: type[QWidget], path: Path, window: MainWindow, then: str) -> None:
    """Once a modal ``kind`` opens, draw it over the window and close it (``then``)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(50, poll)
            return
        pump(300)
        over_window(window, [dialog], path, centre=True)
        if then == "accept" and isinstance(dialog, QInputDialog):
            dialog.setTextValue("R1")
            dialog.accept()
        else:
            dialog.reject()

    QTimer.singleShot(50, poll)


def main(out: Path, width: int, height: int) -> None:
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "plan.relm"
    service = build_release_plan(plan)
    service.create("release", {"name": "R2", "position": 1})
    supplier = tmp / "supplier.xml"
    export_to(service, supplier, "R1")
    service.close()
    text = supplier.read_text(encoding="utf-8")
    at = text.index("<Name>Test</Name>")
    supplier.write_text(
        text[:at] + text[at:].replace("PT48H0M0S", "PT64H0M0S", 1), encoding="utf-8"
    )
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.resize(width, height)
    window.show()
    window.open_plan(plan)
    assert window.document is not None
    while window.document.snapshot is None or window.document.is_busy():
        pump(100)
    for scheme in (Scheme.LIGHT, Scheme.DARK):
        window.set_scheme(scheme)
        pump(300)
        window.activateWindow()
        while QApplication.activeWindow() is not window:
            pump(50)
        QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
        pump(200)
        file_menu = QApplication.activePopupWidget()
        assert isinstance(file_menu, QMenu)
        QTest.keyClick(file_menu, Qt.Key.Key_H)
        pump(300)
        sub = QApplication.activePopupWidget()
        assert isinstance(sub, QMenu)
        over_window(window, [file_menu, sub], out / f"import-menu-{scheme.value}.png", False)
        QTest.keyClick(sub, Qt.Key.Key_Escape)
        QTest.keyClick(file_menu, Qt.Key.Key_Escape)
        pump(200)
        # The release question for a file naming none the plan has, then the preview.
        window.interchange_ask = Files(GAN / "ts-ganttproject-parser__task-with-dependencies.gan")
        shoot_when(QInputDialog, out / f"release-question-{scheme.value}.png", window, "reject")
        window.import_gan_dialog()
        window.interchange_ask = Files(supplier)
        shoot_when(MergePreviewDialog, out / f"supplier-preview-{scheme.value}.png", window, "")
        window.import_msproject_dialog()
        pump(200)
    print("wrote", out)
    window.close_plan()
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/interchange-shots")
    size = sys.argv[2] if len(sys.argv) > 2 else "1280x720"
    w, h = (int(v) for v in size.split("x"))
    main(target, w, h)
