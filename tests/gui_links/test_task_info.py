"""Task Information (Shift+F2, Task ▸ Task Information…, double-click on a bar).

OK applies every change as one undo step; Cancel and an unchanged OK write
nothing; a loop is refused in the dialog, which stays open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QSpinBox,
    QTabBar,
)

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.task_info import LAG, TaskInfoDialog
from tests.gui.gui_helpers import bar_point, settle, view_of
from tests.gui_links.helpers import LEFT, activate, incoming, node_of, stored, undo_redo

FS, SS = DependencyType.FS, DependencyType.SS


def open_with_shift_f2(qtbot: Any, win: MainWindow, ident: int) -> TaskInfoDialog:
    view = view_of(win)
    activate(qtbot, win)
    view.select_keys([node_of(win, ident).key])
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    return wait_dialog(qtbot, win)


def wait_dialog(qtbot: Any, win: MainWindow) -> TaskInfoDialog:
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), TaskInfoDialog), timeout=3000
    )
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, TaskInfoDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def click_tab(qtbot: Any, dialog: TaskInfoDialog, index: int) -> None:
    bar = dialog.tabs.findChild(QTabBar)
    assert bar is not None
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def press(qtbot: Any, dialog: TaskInfoDialog, which: QDialogButtonBox.StandardButton) -> None:
    button = dialog.buttons.button(which)
    qtbot.mouseClick(button, LEFT)


def retype(qtbot: Any, widget: Any, text: str) -> None:
    """Select what a field holds and type over it, as a user does."""
    qtbot.mouseClick(widget, LEFT)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_shift_f2_edits_general_predecessors_constraint_and_notes_as_one_undo_step(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    docs = ids["Docs"]
    dialog = open_with_shift_f2(qtbot, win, docs)
    assert dialog.windowTitle() == "Task Information — Docs"
    retype(qtbot, dialog.name, "User docs")
    retype(qtbot, dialog.duration.lineEdit(), "5")
    retype(qtbot, dialog.percent.lineEdit(), "20")

    click_tab(qtbot, dialog, 1)
    qtbot.mouseClick(dialog.add_button, LEFT)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)  # the new row's ID cell, open for typing
    qtbot.keyClicks(editor, str(ids["Build"]))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.state() != QAbstractItemView.State.EditingState)
    assert dialog.table.item(0, 1).text() == "Build"  # type: ignore[union-attr]
    lag = dialog.table.cellWidget(0, LAG)
    assert isinstance(lag, QSpinBox)
    retype(qtbot, lag.lineEdit(), "2")

    click_tab(qtbot, dialog, 2)
    qtbot.mouseClick(dialog.constraint, LEFT)
    qtbot.keyClick(dialog.constraint.view(), Qt.Key.Key_Down)
    qtbot.keyClick(dialog.constraint.view(), Qt.Key.Key_Return)
    assert dialog.constraint.currentData() == ConstraintType.START_NO_EARLIER_THAN.value

    click_tab(qtbot, dialog, 3)
    qtbot.mouseClick(dialog.notes.viewport(), LEFT)
    qtbot.keyClicks(dialog.notes, "Check with the supplier")

    stack = win.document.undo_stack  # type: ignore[union-attr]
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    settle(qtbot, win)
    assert stack.count() == 1 and stack.text(0) == "Edit 'Docs'"
    task = next(t for t in stored(chain_path).tasks if t.id == docs)
    assert (task.name, task.duration, task.percent_complete, task.notes) == (
        "User docs",
        5,
        20,
        "Check with the supplier",
    )
    assert task.constraint_type is ConstraintType.START_NO_EARLIER_THAN
    assert task.constraint_date is not None
    assert incoming(chain_path, docs) == {(ids["Build"], FS, 2)}

    undo_redo(qtbot, win, "z")
    task = next(t for t in stored(chain_path).tasks if t.id == docs)
    assert (task.name, task.duration, task.constraint_type, task.notes) == ("Docs", 2, None, "")
    assert incoming(chain_path, docs) == set()
    undo_redo(qtbot, win, "y")
    task = next(t for t in stored(chain_path).tasks if t.id == docs)
    assert task.name == "User docs" and incoming(chain_path, docs) == {(ids["Build"], FS, 2)}


def test_cancel_and_an_unchanged_ok_write_nothing(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    before = chain_path.read_bytes()
    dialog = open_with_shift_f2(qtbot, win, ids["Test"])
    retype(qtbot, dialog.name, "Changed then cancelled")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=3000)
    dialog = open_with_shift_f2(qtbot, win, ids["Test"])
    assert dialog.table.rowCount() == 1  # its predecessor, Build
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=3000)
    assert win.document.undo_stack.count() == 0  # type: ignore[union-attr]
    assert chain_path.read_bytes() == before


def test_a_loop_is_refused_in_the_dialog_naming_it(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    dialog = open_with_shift_f2(qtbot, win, ids["Design"])
    click_tab(qtbot, dialog, 1)
    qtbot.mouseClick(dialog.add_button, LEFT)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, str(ids["Test"]))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.state() != QAbstractItemView.State.EditingState)
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    assert dialog.error.text() == "Test → Design → Build → Test would be a loop"
    assert incoming(chain_path, ids["Design"]) == set()
    assert win.document.undo_stack.count() == 0  # type: ignore[union-attr]
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)


def test_the_menu_and_a_double_click_on_a_bar_open_it(
    qtbot: Any, chain_window: MainWindow, ids: dict[str, int]
) -> None:
    win = chain_window
    view = view_of(win)
    point = bar_point(win, node_of(win, ids["Deploy"]))
    qtbot.mouseDClick(view.chart.viewport(), LEFT, pos=point)
    dialog = wait_dialog(qtbot, win)
    assert dialog.windowTitle() == "Task Information — Deploy"
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=3000)

    action = win.actions_by_id["relm.task.info"]
    assert action.shortcut().toString() == "Shift+F2"
    task_menu = win.menus["&Task"]
    assert action in task_menu.actions()
    view.select_keys([node_of(win, ids["Smoke test"]).key])
    win.update_actions()
    action.trigger()  # as the menu entry does when clicked
    dialog = wait_dialog(qtbot, win)
    assert dialog.windowTitle() == "Task Information — Smoke test"
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
