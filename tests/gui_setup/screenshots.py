"""Screenshots of Plan Settings (every page), the uses question and New Plan, both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_setup.screenshots OUT_DIR [WxH]

Each dialog is drawn over the main window (1280×720 by default) where it
opens, as a user sees it; the demo plan gives every page rows to show.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.setup.dialog import Page, PlanSettingsDialog
from relm_desktop.gui.setup.new_plan import NewPlanDialog
from relm_desktop.gui.theme import Scheme
from relm_desktop.services.demo import build_demo


def pump(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def over_window(window: MainWindow, dialog: QWidget, path: Path) -> None:
    """The main window with ``dialog`` drawn centred on it, saved as ``path``."""
    picture = window.grab()
    top = dialog.grab()
    painter = QPainter(picture)
    corner = QPoint((picture.width() - top.width()) // 2, (picture.height() - top.height()) // 2)
    painter.drawPixmap(corner, top)
    painter.end()
    picture.save(str(path))


def stage_an_overlap(dialog: PlanSettingsDialog) -> None:
    """A second freeze window over the demo's first, so the page shows its overlap mark."""
    page = dialog.freeze_windows
    first = page.model.rows[0]
    page.add_row()
    page.model.set_value(len(page.model.rows) - 1, "start", first["start"] + timedelta(days=2))
    page.model.set_value(len(page.model.rows) - 1, "finish", first["finish"] + timedelta(days=4))
    page.model.set_value(len(page.model.rows) - 1, "name", "Release weekend freeze")
    page.rows_changed()
    page.select(0)


def main(out: Path, width: int, height: int) -> None:
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "demo.relm"
    build_demo(plan, start=date(2027, 1, 4)).close()
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.resize(width, height)
    window.show()
    window.open_plan(plan)
    assert window.document is not None
    while window.document.snapshot is None or window.document.is_busy() or len(window.views) < 4:
        pump(100)
    for scheme in (Scheme.LIGHT, Scheme.DARK):
        window.set_scheme(scheme)
        pump(300)
        for page in Page:
            dialog = window.plan_settings(page)
            assert dialog is not None
            if page is Page.FREEZE_WINDOWS:
                stage_an_overlap(dialog)
            pump(300)
            over_window(window, dialog, out / f"settings-{page.name.lower()}-{scheme.value}.png")
            if page is Page.ENVIRONMENTS:
                uses_question(window, dialog, out / f"uses-question-{scheme.value}.png")
            dialog.reject()
            pump(100)
        new_plan = NewPlanDialog(window.document, window)
        new_plan.show()
        pump(300)
        over_window(window, new_plan, out / f"new-plan-{scheme.value}.png")
        new_plan.close()
    print("wrote", out)
    window.close_plan()
    window.close()
    QApplication.processEvents()
    del app


def uses_question(window: MainWindow, dialog: PlanSettingsDialog, path: Path) -> None:
    """The question Remove asks for the environment the demo uses most."""
    page = dialog.environments
    page.select(next(i for i, row in enumerate(page.model.rows) if row["name"] == "Production"))

    def shoot() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, shoot)
            return
        over_window(window, box, path)
        box.reject()

    QTimer.singleShot(300, shoot)
    page.remove_current()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/setup-shots")
    size = sys.argv[2] if len(sys.argv) > 2 else "1280x720"
    w, h = (int(v) for v in size.split("x"))
    main(target, w, h)
