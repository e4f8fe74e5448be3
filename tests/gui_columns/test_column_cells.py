"""The optional columns' cells: what they show, the edits a coordinator makes in them
with real keys (one undo step each, nothing written when left unchanged), and how
they paint (negative float in red, numbers on the right)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLineEdit, QWidget

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column, format_date
from relm_desktop.layout.timeline import Node, RowKind
from tests.gui.gui_helpers import read_task, settle, task_node, view_of
from tests.gui_columns.helpers import LEFT, toggle_from_header

CTRL = Qt.KeyboardModifier.ControlModifier


def node_by_id(win: MainWindow, ident: int) -> Node:
    assert win.document is not None and win.document.snapshot is not None
    timeline = win.document.snapshot.timeline
    return timeline.nodes[timeline.by_key[(RowKind.TASK, ident)]]


def open_editor(qtbot: Any, win: MainWindow, ident: int, column: Column) -> QWidget:
    """Click a task's cell and press F2; the editor that takes the focus."""
    view = view_of(win)
    tree = view.tree
    index = view.model.index_of((RowKind.TASK, ident), int(column))
    assert index.isValid()
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() not in (None, tree), timeout=3000)
    editor = QApplication.focusWidget()
    assert editor is not None
    return editor


def commit(qtbot: Any, win: MainWindow, editor: QWidget) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), timeout=3000)
    settle(qtbot, win)


def undo_redo(qtbot: Any, win: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(win, key, CTRL)
    settle(qtbot, win)


def steps(win: MainWindow) -> int:
    assert win.document is not None
    return win.document.undo_stack.count()


def test_environment_is_chosen_in_its_cell_with_keys_undo_and_redo(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    toggle_from_header(qtbot, opened, Column.ENVIRONMENT)
    task = task_node(opened, "Agree release scope")
    assert task.task.environment_id is None
    model = view_of(opened).model
    key = task.key
    assert model.index_of(key, int(Column.ENVIRONMENT)).data() == ""
    deploy = task_node(opened, "Deploy to staging (rehearsal)")
    assert model.index_of(deploy.key, int(Column.ENVIRONMENT)).data() == "Staging"

    editor = open_editor(qtbot, opened, task.id, Column.ENVIRONMENT)
    assert isinstance(editor, QComboBox)
    assert editor.currentText() == "(no environment)"
    qtbot.keyClicks(editor, "Stag")  # a closed combo box jumps to what is typed
    assert editor.currentText() == "Staging"
    commit(qtbot, opened, editor)
    staging = read_task(demo_path, task.id).environment_id
    assert staging is not None
    assert model.index_of(key, int(Column.ENVIRONMENT)).data() == "Staging"
    assert steps(opened) == 1
    assert opened.document.undo_stack.text(0) == (  # type: ignore[union-attr]
        "Set the environment of 'Agree release scope' to Staging"
    )

    undo_redo(qtbot, opened, Qt.Key.Key_Z)
    assert read_task(demo_path, task.id).environment_id is None
    assert model.index_of(key, int(Column.ENVIRONMENT)).data() == ""
    undo_redo(qtbot, opened, Qt.Key.Key_Y)
    assert read_task(demo_path, task.id).environment_id == staging

    # Opened and left as it was: nothing is written, no undo step; nor when the
    # model is given the value it already holds (a paste of the same cell).
    editor = open_editor(qtbot, opened, task.id, Column.ENVIRONMENT)
    commit(qtbot, opened, editor)
    assert not model.setData(model.index_of(key, int(Column.ENVIRONMENT)), "staging")
    assert steps(opened) == 1


def test_notes_edit_their_first_line_and_keep_the_rest_undo_and_redo(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    toggle_from_header(qtbot, opened, Column.NOTES)
    task = task_node(opened, "Publish release plan")
    assert opened.document is not None
    opened.document.update("task", task.id, {"notes": "Draft\nSend to the CAB"}, "Notes")
    settle(qtbot, opened)
    model = view_of(opened).model
    cell = model.index_of(task.key, int(Column.NOTES))
    assert cell.data() == "Draft"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Draft\nSend to the CAB"
    before = steps(opened)

    editor = open_editor(qtbot, opened, task.id, Column.NOTES)
    assert isinstance(editor, QLineEdit) and editor.text() == "Draft"
    editor.selectAll()
    qtbot.keyClicks(editor, "Final, agreed on Monday")
    commit(qtbot, opened, editor)
    assert read_task(demo_path, task.id).notes == "Final, agreed on Monday\nSend to the CAB"
    assert model.index_of(task.key, int(Column.NOTES)).data() == "Final, agreed on Monday"
    assert steps(opened) == before + 1

    undo_redo(qtbot, opened, Qt.Key.Key_Z)
    assert read_task(demo_path, task.id).notes == "Draft\nSend to the CAB"
    undo_redo(qtbot, opened, Qt.Key.Key_Y)
    assert read_task(demo_path, task.id).notes == "Final, agreed on Monday\nSend to the CAB"

    editor = open_editor(qtbot, opened, task.id, Column.NOTES)
    commit(qtbot, opened, editor)
    assert steps(opened) == before + 1


def test_constraint_date_moves_a_constraint_and_is_refused_without_one(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    toggle_from_header(qtbot, opened, Column.CONSTRAINT_DATE)
    plain = task_node(opened, "Publish release plan")
    assert plain.task.constraint_type is None
    editor = open_editor(qtbot, opened, plain.id, Column.CONSTRAINT_DATE)
    assert isinstance(editor, QDateEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    commit(qtbot, opened, editor)
    assert "has no constraint" in opened.statusBar().currentMessage()
    assert steps(opened) == 0
    assert read_task(demo_path, plain.id).constraint_date is None

    # Pin a task by its Start (as typing a start does), then move the pin's date.
    model = view_of(opened).model
    task = task_node(opened, "Hypercare")
    assert task.start is not None
    pinned = task.start + timedelta(days=14)
    assert model.setData(model.index_of(task.key, int(Column.START)), pinned)
    settle(qtbot, opened)
    cell = model.index_of(task.key, int(Column.CONSTRAINT_DATE))
    assert cell.data() == format_date(pinned)
    editor = open_editor(qtbot, opened, task.id, Column.CONSTRAINT_DATE)
    assert isinstance(editor, QDateEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    chosen = editor.date().toPython()
    assert isinstance(chosen, date) and chosen != pinned
    commit(qtbot, opened, editor)
    stored = read_task(demo_path, task.id)
    assert stored.constraint_date == chosen
    assert stored.constraint_type is not None
    assert model.index_of(task.key, int(Column.CONSTRAINT_DATE)).data() == format_date(chosen)
    assert steps(opened) == 2
    undo_redo(qtbot, opened, Qt.Key.Key_Z)
    assert read_task(demo_path, task.id).constraint_date == pinned
    undo_redo(qtbot, opened, Qt.Key.Key_Y)
    assert read_task(demo_path, task.id).constraint_date == chosen


def test_negative_float_is_red_and_on_the_right(qtbot: Any, opened: MainWindow) -> None:
    assert opened.document is not None
    # Hypercare to finish a week before it can: the work before it runs late.
    hypercare = task_node(opened, "Hypercare")
    assert hypercare.finish is not None
    values = {
        "constraint_type": ConstraintType.FINISH_NO_LATER_THAN,
        "constraint_date": hypercare.finish - timedelta(days=7),
    }
    opened.document.update("task", hypercare.id, values, "Deadline")
    settle(qtbot, opened)
    toggle_from_header(qtbot, opened, Column.TOTAL_FLOAT)
    view = view_of(opened)
    model = view.model
    late = next(
        n
        for n in model.timeline.nodes  # type: ignore[union-attr]
        if n.kind is RowKind.TASK and n.total_float is not None and n.total_float < 0
    )
    on_time = next(
        n
        for n in model.timeline.nodes  # type: ignore[union-attr]
        if n.kind is RowKind.TASK and n.total_float is not None and n.total_float > 0
    )
    cell = model.index_of(late.key, int(Column.TOTAL_FLOAT))
    assert cell.data() == f"{late.total_float}d"
    red = cell.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(red, QColor) and red.red() > 2 * max(red.green(), red.blue())
    assert (
        model.index_of(on_time.key, int(Column.TOTAL_FLOAT)).data(Qt.ItemDataRole.ForegroundRole)
        is None
    )
    assert cell.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight

    for node, expect_red in ((late, True), (on_time, False)):
        view.tree.clearSelection()
        index = model.index_of(node.key, int(Column.TOTAL_FLOAT))
        view.tree.scrollTo(index)
        qtbot.wait(20)
        rect = view.tree.visualRect(index)
        image = view.tree.viewport().grab().toImage()
        ratio = image.devicePixelRatio()
        reds: list[int] = []
        inked: list[int] = []
        for x in range(rect.left(), rect.right()):
            for y in range(rect.top() + 2, rect.bottom() - 1):
                pixel = QColor(image.pixel(int(x * ratio), int(y * ratio)))
                if pixel.red() > pixel.green() + 60 and pixel.red() > pixel.blue() + 60:
                    reds.append(x)
                if pixel.lightness() < 160:
                    inked.append(x)
        if expect_red:
            assert len(reds) > 15
            # Right-aligned: the figure ends at the cell's right edge, not its left.
            assert max(reds) > rect.right() - 12 and min(reds) > rect.left() + rect.width() // 3
        else:
            assert not reds
            assert inked and max(inked) > rect.right() - 12


def test_calculated_columns_show_what_the_schedule_says(qtbot: Any, opened: MainWindow) -> None:
    model = view_of(opened).model
    assert model.timeline is not None
    nodes = [n for n in model.timeline.nodes if n.kind is RowKind.TASK]
    slipped = next(n for n in nodes if n.slip)
    key = slipped.key
    text = model.index_of(key, int(Column.SLIP)).data()
    assert text == f"{slipped.slip:+d}d"
    assert model.index_of(key, int(Column.BASELINE_START)).data() == format_date(
        slipped.baseline_start
    )
    assert model.index_of(key, int(Column.BASELINE_FINISH)).data() == format_date(
        slipped.baseline_finish
    )
    assert slipped.wbs
    assert model.index_of(key, int(Column.WBS)).data() == slipped.wbs
    phase = next(n for n in model.timeline.nodes if n.kind is RowKind.PHASE)
    assert model.index_of(phase.key, int(Column.WBS)).data() == phase.wbs
    for column in (Column.SLIP, Column.TOTAL_FLOAT, Column.WBS, Column.BASELINE_START):
        flags = model.flags(model.index_of(key, int(column)))
        assert not flags & Qt.ItemFlag.ItemIsEditable
