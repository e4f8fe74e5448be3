"""Screenshots of the outline: summary tasks, a row drag, and its dialogs, both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_outline.screenshots OUT_DIR [WxH]

The demo plan gets a work breakdown (two levels under a summary task) through
the Task menu's own handlers; each dialog is drawn over the main window
(1280×720 by default) where it opens, as a user sees it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.layout.timeline import RowKind
from tests.shots import arguments, demo_window, over_window, pump, settle, when_modal


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

    def shoot(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        over_window(window, box).save(str(path))
        box.reject()

    when_modal(QMessageBox, shoot, delay=300)
    window.delete_release()


def main(out: Path, width: int, height: int) -> None:
    with demo_window(width, height) as (window, _plan):
        tasks = make_breakdown(window)
        assert window.timeline is not None
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            window.timeline.select_keys([(RowKind.TASK, tasks[4])])
            pump(300)
            window.grab().save(str(out / f"outline-{scheme.value}.png"))
            drag_picture(window, tasks[1], tasks[3], out / f"outline-drag-{scheme.value}.png")
            window.timeline.select_keys([(RowKind.TASK, tasks[2])])
            for name, opener in (
                ("new-release", window.new_release),
                ("new-phase", window.new_phase),
                ("move-to-phase", window.move_to_phase),
                ("move-to-release", window.move_to_release),
            ):
                opener()
                assert window.outline_dialog is not None
                pump(300)
                picture = over_window(window, window.outline_dialog)
                picture.save(str(out / f"{name}-{scheme.value}.png"))
                window.outline_dialog.reject()
            delete_question(window, out / f"delete-release-{scheme.value}.png")
            pump(200)
        print("wrote", out)


if __name__ == "__main__":
    main(*arguments("/tmp/outline-shots"))
