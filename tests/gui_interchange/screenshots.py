"""Screenshots of the interchange menus and dialogs, both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_interchange.screenshots OUT_DIR [WxH]

The File menu with Import From Other Tools open, the release question and the
merge preview of a supplier's MS Project file, each drawn over the main
window (1280×720 by default) where it opens, as a user sees it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QWidget

from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.handlers_interchange import InterchangeAsk
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.services.interchange import export_to
from tests.interchange.conftest import GAN, build_release_plan
from tests.shots import arguments, demo_window, over_window, pump, when_modal


class Files(InterchangeAsk):
    """The file dialog answered with one path; the release question is the real one."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        return self.path


def shoot_when(kind: type[QWidget], path: Path, window: MainWindow, then: str) -> None:
    """Once a modal ``kind`` opens, draw it over the window and close it (``then``)."""

    def shoot(dialog: QWidget) -> None:
        pump(300)
        over_window(window, dialog).save(str(path))
        if then == "accept" and isinstance(dialog, QInputDialog):
            dialog.setTextValue("R1")
            dialog.accept()
        else:
            dialog.reject()  # type: ignore[attr-defined]

    when_modal(kind, shoot)


def main(out: Path, width: int, height: int) -> None:
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
    with demo_window(width, height, plan=plan, views=0) as (window, _plan):
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
            picture = over_window(window, file_menu, sub, centre=False)
            picture.save(str(out / f"import-menu-{scheme.value}.png"))
            QTest.keyClick(sub, Qt.Key.Key_Escape)
            QTest.keyClick(file_menu, Qt.Key.Key_Escape)
            pump(200)
            # The release question for a file naming none the plan has, then the preview.
            window.interchange_ask = Files(
                GAN / "ts-ganttproject-parser__task-with-dependencies.gan"
            )
            shoot_when(QInputDialog, out / f"release-question-{scheme.value}.png", window, "reject")
            window.import_gan_dialog()
            window.interchange_ask = Files(supplier)
            shoot_when(MergePreviewDialog, out / f"supplier-preview-{scheme.value}.png", window, "")
            window.import_msproject_dialog()
            pump(200)
        print("wrote", out)


if __name__ == "__main__":
    main(*arguments("/tmp/interchange-shots"))
