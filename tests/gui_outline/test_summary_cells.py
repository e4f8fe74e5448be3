"""A summary row's Days cell shows its rolled-up working days, and its rolled-up cells are
read-only in the table, as in MS Project (a summary's duration comes from its subtasks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from relm_desktop.gui.dates import format_date
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tooltips import task_tip
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.plan import PlanService
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


def test_tooltips_give_a_summarys_rolled_up_days_and_dates_held_from_outside(
    qtbot: Any, window: MainWindow, plan_path: Path, ids: Ids
) -> None:
    make_summary(plan_path, ids)
    plan = PlanService.open(plan_path)
    try:  # as a one-release workbook's import leaves them: D waits on work elsewhere
        held = {"outside_start": date(2027, 1, 11), "outside_day_end": True}
        plan.update("task", ids["D"], {**held, "outside_finish": date(2027, 2, 1)})
    finally:
        plan.close()
    assert window.open_plan(plan_path)
    settle(qtbot, window)
    view = view_of(window)
    document = window.document
    assert document is not None and document.snapshot is not None
    timeline, calendar = document.snapshot.timeline, document.snapshot.calendar

    summary = timeline.node(RowKind.TASK, ids["A"])
    assert summary is not None
    assert "Duration: 4 working days" in task_tip(summary, date(2027, 1, 4), {}, calendar)

    tip = view.model.index_of((RowKind.TASK, ids["D"]), int(Column.NAME)).data(
        Qt.ItemDataRole.ToolTipRole
    )
    start, finish = format_date(date(2027, 1, 11)), format_date(date(2027, 2, 1))
    assert f"Work outside this plan: starts no earlier than the end of {start}" in tip
    assert f"Work outside this plan needs it finished by {finish}" in tip
    node = timeline.node(RowKind.TASK, ids["D"])
    assert node is not None and node.start == date(2027, 1, 12)  # after the end of the 11th
    assert "Work outside this plan" in task_tip(node, date(2027, 1, 4), {}, calendar)
