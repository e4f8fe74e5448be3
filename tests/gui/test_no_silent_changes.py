"""Issue #17 item 4: no silent changes.

Opening and leaving a date editor without a change pins nothing; a task that
carries a constraint shows it (a pin in the Task cell, a Constraint column and
a tooltip); moving a bar says in the status bar which constraint it set.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDateEdit

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.gui.dates import format_date
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.table_paint import PIN_WIDTH
from relm_desktop.gui.timeline.tree_model import CONSTRAINT_ROLE, HEADERS, Column
from relm_desktop.layout.geometry import ROW_HEIGHT
from tests.gui.gui_helpers import bar_point, read_task, settle, task_node, view_of

LEFT = Qt.MouseButton.LeftButton


def _editor_open(tree: Any) -> bool:
    editor = tree.findChild(QDateEdit)
    return editor is not None and shiboken6.isValid(editor) and editor.isVisible()


def _open_start_editor(qtbot: Any, win: MainWindow, name: str, how: str) -> QDateEdit:
    view = view_of(win)
    node = task_node(win, name, "Customer")
    view.select_keys([node.key])
    index = view.model.index_of(node.key, Column.START)
    tree = view.tree
    tree.scrollTo(index)
    tree.setFocus()
    if how == "double-click":
        centre = tree.visualRect(index).center()
        qtbot.mouseClick(tree.viewport(), LEFT, pos=centre)
        qtbot.mouseDClick(tree.viewport(), LEFT, pos=centre)
    else:
        tree.setCurrentIndex(index)
        qtbot.keyClick(tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: _editor_open(tree), timeout=3000)
    editor = tree.findChild(QDateEdit)
    assert editor is not None
    return editor


@pytest.mark.parametrize(
    ("how", "leave"),
    [
        ("double-click", "escape"),
        ("double-click", "enter"),
        ("F2", "tab"),
        ("F2", "click elsewhere"),
        ("F2", "escape"),
    ],
)
def test_leaving_a_date_editor_unchanged_pins_nothing(
    qtbot: Any, opened: MainWindow, demo_path: Path, how: str, leave: str
) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    assert read_task(demo_path, node.id).constraint_type is None
    stack = opened.document.undo_stack  # type: ignore[union-attr]
    before = demo_path.read_bytes()
    view = view_of(opened)
    editor = _open_start_editor(qtbot, opened, "Hypercare", how)
    assert node.start is not None
    shown = editor.date()
    assert (shown.year(), shown.month(), shown.day()) == (
        node.start.year,
        node.start.month,
        node.start.day,
    )
    target = QApplication.focusWidget() or editor
    if leave == "escape":
        qtbot.keyClick(target, Qt.Key.Key_Escape)
    elif leave == "enter":
        qtbot.keyClick(target, Qt.Key.Key_Return)
    elif leave == "tab":
        qtbot.keyClick(target, Qt.Key.Key_Tab)
    else:
        other = view.model.index_of(node.key, Column.NAME)
        rect = view.tree.visualRect(view.model.index(max(other.row() - 2, 0), 0))
        qtbot.mouseClick(view.tree.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(lambda: not _editor_open(view.tree), timeout=3000)
    settle(qtbot, opened)
    assert stack.count() == 0
    assert read_task(demo_path, node.id).constraint_type is None
    assert task_node(opened, "Hypercare", "Customer").task.constraint_type is None
    assert demo_path.read_bytes() == before


def test_changing_the_date_in_the_editor_still_pins(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None
    editor = _open_start_editor(qtbot, opened, "Hypercare", "F2")
    editor.setDate(editor.date().addDays(14))
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _editor_open(view_of(opened).tree), timeout=3000)
    qtbot.waitUntil(lambda: opened.document.undo_stack.count() == 1)  # type: ignore[union-attr]
    settle(qtbot, opened)
    stored = read_task(demo_path, node.id)
    assert stored.constraint_type is ConstraintType.START_NO_EARLIER_THAN
    assert stored.constraint_date == node.start + timedelta(days=14)
    assert opened.document.undo_stack.count() == 1  # type: ignore[union-attr]


def test_model_refuses_an_unchanged_start(opened: MainWindow) -> None:
    model = view_of(opened).model
    node = task_node(opened, "Hypercare", "Customer")
    assert not model.setData(model.index_of(node.key, Column.START), node.start)
    assert model.last_error == ""
    assert opened.document.undo_stack.count() == 0  # type: ignore[union-attr]


def _pin(qtbot: Any, win: MainWindow, name: str, day: date) -> None:
    model = view_of(win).model
    node = task_node(win, name, "Customer")
    assert model.setData(model.index_of(node.key, Column.START), day)
    settle(qtbot, win)


def test_a_constrained_task_shows_its_constraint(qtbot: Any, opened: MainWindow) -> None:
    plain = task_node(opened, "Hypercare", "Customer")
    assert plain.start is not None
    day = plain.start + timedelta(days=21)
    _pin(qtbot, opened, "Hypercare", day)
    model = view_of(opened).model
    pinned = task_node(opened, "Hypercare", "Customer")
    other = next(
        n
        for n in model.timeline.nodes  # type: ignore[union-attr]
        if n.kind.value == "task" and n.task.constraint_type is None and n.id != pinned.id
    )
    assert HEADERS[Column.CONSTRAINT] == "Constraint"
    assert model.headerData(int(Column.CONSTRAINT), Qt.Orientation.Horizontal) == "Constraint"
    text = f"Start no earlier than {format_date(day)}"
    cell = model.index_of(pinned.key, Column.CONSTRAINT)
    assert cell.data() == text
    assert model.index_of(pinned.key, Column.NAME).data(CONSTRAINT_ROLE) == text
    assert text in model.index_of(pinned.key, Column.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of(other.key, Column.CONSTRAINT).data() == ""
    assert model.index_of(other.key, Column.NAME).data(CONSTRAINT_ROLE) is None
    assert "Constraint" not in model.index_of(other.key, Column.NAME).data(
        Qt.ItemDataRole.ToolTipRole
    )


def _pin_area_ink(qtbot: Any, win: MainWindow, name: str) -> int:
    """Pixels differing from the row's background where the pin is drawn."""
    view = view_of(win)
    node = task_node(win, name, "Customer")
    view.select_keys([])
    index = view.model.index_of(node.key, Column.NAME)
    view.tree.clearSelection()
    view.tree.scrollTo(index)
    qtbot.wait(50)
    rect = view.tree.visualRect(index)
    image = view.tree.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    background = QColor(image.pixel(int((rect.right() - 2) * ratio), int((rect.top() + 1) * ratio)))
    ink = 0
    for x in range(rect.right() - PIN_WIDTH, rect.right()):
        for y in range(rect.top() + 2, rect.top() + ROW_HEIGHT - 2):
            if QColor(image.pixel(int(x * ratio), int(y * ratio))) != background:
                ink += 1
    return ink


def test_the_pin_is_drawn_in_the_task_cell(qtbot: Any, opened: MainWindow) -> None:
    assert _pin_area_ink(qtbot, opened, "Hypercare") == 0
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None
    _pin(qtbot, opened, "Hypercare", node.start + timedelta(days=21))
    assert _pin_area_ink(qtbot, opened, "Hypercare") > 10


def test_moving_a_bar_says_which_constraint_it_set(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None
    chart = view_of(opened).chart
    start = bar_point(opened, node)
    week = round(7 * chart.scale.px_per_day)
    end = start + QPoint(week, 0)
    viewport = chart.viewport()
    qtbot.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    qtbot.mouseMove(viewport, QPoint(start.x() + week // 2, start.y()))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, end)
    stored = read_task(demo_path, node.id)
    assert stored.constraint_type is ConstraintType.START_NO_EARLIER_THAN
    day = stored.constraint_date
    message = opened.statusBar().currentMessage()
    assert message == (
        f"'Hypercare' now starts no earlier than {format_date(day)} (constraint set by the move)"
    )
    settle(qtbot, opened)
