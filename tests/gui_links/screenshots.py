"""Screenshots of Task Information and the link dialog, in both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_links.screenshots OUT_DIR [WxH]

Each dialog over the demo plan at a 1280×720 main window by default: every
tab of Task Information (a task with predecessors, a constraint and notes),
and the link dialog of one of its arrows; the timeline with the ID and
Predecessors columns shown.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.link_dialog import show_link_dialog
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.task_info import show_task_info
from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.demo import build_demo


def pump(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def over_window(window: MainWindow, dialog: QWidget) -> QPixmap:
    """The window with the dialog drawn centred over it, as a user sees them."""
    shot = window.grab()
    painter = QPainter(shot)
    top_left = QPoint((shot.width() - dialog.width()) // 2, (shot.height() - dialog.height()) // 3)
    painter.drawPixmap(top_left, dialog.grab())
    painter.end()
    return shot


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
    document = window.document
    assert document is not None and window.timeline is not None
    while document.snapshot is None or document.is_busy() or len(window.views) < 4:
        pump(100)
    snapshot = document.snapshot
    # A task with the most predecessors shows the table best.
    counts: dict[int, int] = {}
    for link in snapshot.data.links:
        counts[link.successor_id] = counts.get(link.successor_id, 0) + 1
    task = max(counts, key=lambda t: counts[t])
    link = next(k for k in snapshot.data.links if k.successor_id == task)
    view = window.timeline
    view.tree.setColumnHidden(int(Column.PREDECESSORS), False)
    view.select_keys([(RowKind.TASK, task)])
    for scheme in (Scheme.LIGHT, Scheme.DARK):
        window.set_scheme(scheme)
        pump(300)
        window.grab().save(str(out / f"timeline-ids-{scheme.value}.png"))
        dialog = show_task_info(window, document, task)
        assert dialog is not None
        for number, name in enumerate(("general", "predecessors", "advanced", "notes")):
            dialog.tabs.setCurrentIndex(number)
            pump(150)
            over_window(window, dialog).save(str(out / f"task-info-{name}-{scheme.value}.png"))
        dialog.show_error("Deploy → Smoke test → Deploy would be a loop")
        pump(100)
        over_window(window, dialog).save(str(out / f"task-info-error-{scheme.value}.png"))
        dialog.reject()
        link_dialog = show_link_dialog(window, document, link.id)
        assert link_dialog is not None
        pump(150)
        over_window(window, link_dialog).save(str(out / f"link-dialog-{scheme.value}.png"))
        link_dialog.reject()
        pump(100)
    print("wrote", out)
    window.close_plan()
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/links-shots")
    size = sys.argv[2] if len(sys.argv) > 2 else "1280x720"
    w, h = (int(v) for v in size.split("x"))
    main(target, w, h)
