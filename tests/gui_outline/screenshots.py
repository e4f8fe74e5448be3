"""Screenshots of the outline: summary tasks, a row drag, and its dialogs, both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_outline.screenshots OUT_DIR [WxH]

The demo plan gets a work breakdown (two levels under a summary task) through
the Task menu's own handlers; each dialog is drawn over the main window
(1280×720 by default) where it opens, as a user sees it.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.demo import build_demo


def pump(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(window: MainWindow) -> None:
    assert window.document is not None
    pump(100)
    while window.document.is_busy():
        pump(50)
    pump(150)


def over_window(window: MainWindow, dialog: QWidget, path: Path) -> None:
    """The main window with ``dialog`` drawn centred on it, saved as ``path``."""
    picture = window.grab()
    top = dialog.grab()
    painter = QPainter(picture)
    corner = QPoint((picture.width() - top.width()) // 2, (picture.height() - top.height()) // 2)
    painter.drawPixmap(corner, top)
    painter.end()
    picture.save(str(path))


def make_breakdown(window: MainWindow) -> list[int]:
    """A summary task over the first three tasks of a phase, and a subtask under the last.

    The summary and the deepest task are new (the demo's tasks are linked in a
    chain, and a task cannot become the summary of one it is linked with);
    the indenting is the Task menu's own handler.
    """
    document = window.document
    assert document is not None and document.snapshot is not None
    timeline = document.snapshot.timeline
    phase = next(n for n in timeline.nodes if n.kind is RowKind.PHASE and len(n.children) >= 4)
    tasks = [timeline.nodes[i].id for i in phase.children[:3]]
    outline = document.service.outline
    summary = document.service.insert_task(tasks[0], {"name": "Build and check"}).ids[0]
    outline.move_before([summary], ("task", tasks[0]))
    deepest = document.service.insert_task(tasks[2], {"name": "Code review"}).ids[0]
    document.reschedule()
    settle(window)
    assert window.timeline is not None
    window.timeline.select_keys([(RowKind.TASK, t) for t in [*tasks, deepest]])
    window.indent_tasks()
    settle(window)
    window.timeline.select_keys([(RowKind.TASK, deepest)])
    window.indent_tasks()
    settle(window)
    return [summary, *tasks, deepest]


def drag_picture(window: MainWindow, source: int, target: int, path: Path) -> None:
    """A row dragged half way: the drop line where it would go."""
    assert window.timeline is not None
    view = window.timeline
    view.select_keys([(RowKind.TASK, source)])
    tree = view.tree
    start = tree.visualRect(view.model.index_of((RowKind.TASK, source), 1)).center()
    end = tree.visualRect(view.model.index_of((RowKind.TASK, target), 1)).center()
    QTest.mousePress(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start
    )
    for step in range(1, 6):
        QTest.mouseMove(tree.viewport(), start + (end - start) * step / 5)
    pump(100)
    window.grab().save(str(path))
    tree.row_drag.cancel()
    QTest.mouseRelease(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end
    )


def delete_question(window: MainWindow, path: Path) -> None:
    """Delete Release's question, shot and answered No."""

    def shoot() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, shoot)
            return
        over_window(window, box, path)
        box.reject()

    QTimer.singleShot(300, shoot)
    window.delete_release()


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
    tasks = make_breakdown(window)
    assert window.timeline is not None
    for scheme in (Scheme.LIGHT, Scheme.DARK):
        window.set_scheme(scheme)
        window.timeline.select_keys([(RowKind.TASK, tasks[4])])
        pump(300)
        window.grab().save(str(out / f"outline-{scheme.value}.png"))
        drag_picture(window, tasks[1], tasks[3], out / f"outline-drag-{scheme.value}.png")
        window.timeline.select_keys([(RowKind.TASK, tasks[2])])
        window.new_release()
        assert window.outline_dialog is not None
        pump(300)
        over_window(window, window.outline_dialog, out / f"new-release-{scheme.value}.png")
        window.outline_dialog.reject()
        window.new_phase()
        pump(300)
        over_window(window, window.outline_dialog, out / f"new-phase-{scheme.value}.png")
        window.outline_dialog.reject()
        window.move_to_phase()
        pump(300)
        over_window(window, window.outline_dialog, out / f"move-to-phase-{scheme.value}.png")
        window.outline_dialog.reject()
        window.move_to_release()
        pump(300)
        over_window(window, window.outline_dialog, out / f"move-to-release-{scheme.value}.png")
        window.outline_dialog.reject()
        delete_question(window, out / f"delete-release-{scheme.value}.png")
        pump(200)
    print("wrote", out)
    window.close_plan()
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/outline-shots")
    size = sys.argv[2] if len(sys.argv) > 2 else "1280x720"
    w, h = (int(v) for v in size.split("x"))
    main(target, w, h)
