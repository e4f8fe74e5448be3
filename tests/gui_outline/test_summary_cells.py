"""A summary row's Days cell shows its rolled-up working days, and its rolled-up cells are
read-only in the table, as in MS Project (a summary's duration comes from its subtasks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import LEFT, activate, stored
from tests.gui_outline.test_summary_info import make_summary

Ids = dict[str, int]


def days_text(win: MainWindow, kind: RowKind, ident: int) -> str:
    view = view_of(win)
    return str(view.model.index_of((kind, ident), int(Column.DURATION)).data())


def test_summary_days_roll_up_and_cannot_be_typed_over(
    qtbot: Any, window: MainWindow, plan_path: Path, ids: Ids
) -> None:
    make_summary(plan_path, ids)  # A over B → C, two working days each
    assert window.open_plan(plan_path)
    settle(qtbot, window)
    assert days_text(window, RowKind.TASK, ids["A"]) == "4"
    assert days_text(window, RowKind.TASK, ids["B"]) == "2"
    # Build holds A (B → C, 4 days) beside D → E and runs 2027-01-04 to 01-07: 4 days.
    assert days_text(window, RowKind.PHASE, ids["Build"]) == "4"
    before = next(t for t in stored(plan_path).tasks if t.id == ids["A"]).duration

    view = view_of(window)
    tree = view.tree
    for column in (Column.DURATION, Column.START, Column.PERCENT):
        index = view.model.index_of((RowKind.TASK, ids["A"]), int(column))
        activate(qtbot, window)
        qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
        # F2 on a read-only cell is the window's Rename: the Task cell's editor, not this one.
        qtbot.keyClick(tree, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: tree.state() is QAbstractItemView.State.EditingState)
        assert tree.currentIndex().column() == int(Column.NAME), column
        qtbot.keyClick(tree.focusWidget(), Qt.Key.Key_Escape)
        # Double-clicking a summary's read-only cell folds the row (twice: unfolds it).
        qtbot.mouseDClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
        assert tree.state() is not QAbstractItemView.State.EditingState, column
        qtbot.mouseDClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
    settle(qtbot, window)
    assert next(t for t in stored(plan_path).tasks if t.id == ids["A"]).duration == before

    # A leaf's Days cell still opens its editor.
    leaf = view.model.index_of((RowKind.TASK, ids["B"]), int(Column.DURATION))
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(leaf).center())
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: tree.state() is QAbstractItemView.State.EditingState, timeout=3000)
    qtbot.keyClick(tree.focusWidget(), Qt.Key.Key_Escape)
