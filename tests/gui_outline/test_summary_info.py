"""Task Information on a summary task: duration, % complete and dates roll up, read-only.

As in MS Project, the dialog shows a summary's rolled-up figures greyed out,
with a tooltip saying where they come from; OK writes the fields that can be
edited (the name) and never the rolled-up ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.task_info import ROLLED_UP, TaskInfoDialog
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import LEFT, activate, node_of, stored
from tests.gui_links.test_task_info import retype, wait_dialog
from tests.gui_outline.helpers import click_row

Ids = dict[str, int]


def make_summary(path: Path, ids: Ids) -> None:
    """A over B → C (two days each, B half done): A spans 4 days at 25%."""
    plan = PlanService.open(path)
    try:
        plan.outline.indent([ids["B"], ids["C"]])
        plan.link(ids["B"], ids["C"])
        plan.update("task", ids["B"], {"percent_complete": 50})
    finally:
        plan.close()


def shift_f2_on(qtbot: Any, win: MainWindow, ident: int) -> TaskInfoDialog:
    """Click the task's row, then Shift+F2 on the table."""
    activate(qtbot, win)
    click_row(qtbot, win, node_of(win, ident).key)
    qtbot.keyClick(view_of(win).tree, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    return wait_dialog(qtbot, win)


def test_summary_fields_are_rolled_up_read_only_and_never_written(
    qtbot: Any, window: MainWindow, plan_path: Path, ids: Ids
) -> None:
    make_summary(plan_path, ids)
    assert window.open_plan(plan_path)
    settle(qtbot, window)
    summary = node_of(window, ids["A"])
    assert summary.is_summary and summary.percent == 25
    stored_before = next(t for t in stored(plan_path).tasks if t.id == ids["A"])

    dialog = shift_f2_on(qtbot, window, ids["A"])
    assert dialog.windowTitle() == "Task Information — A"
    for box in (dialog.duration, dialog.percent, *dialog.date_labels):
        assert not box.isEnabled()
        assert box.toolTip() == ROLLED_UP
    assert dialog.duration.value() == 4  # B then C, two working days each
    assert dialog.percent.value() == 25
    assert dialog.scheduled.text() == "rolled up from subtasks"

    # Typing at the greyed fields changes nothing; the name still edits.
    qtbot.mouseClick(dialog.duration.lineEdit(), LEFT)
    qtbot.keyClicks(dialog.duration.lineEdit(), "9")
    assert dialog.duration.value() == 4
    retype(qtbot, dialog.name, "Build all")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    settle(qtbot, window)

    after = next(t for t in stored(plan_path).tasks if t.id == ids["A"])
    assert after.name == "Build all"
    assert (after.duration, after.percent_complete) == (
        stored_before.duration,
        stored_before.percent_complete,
    )

    # A subtask (a leaf) keeps its fields editable.
    leaf = shift_f2_on(qtbot, window, ids["B"])
    assert leaf.duration.isEnabled() and leaf.percent.isEnabled()
    assert (leaf.duration.value(), leaf.percent.value()) == (2, 50)
    assert leaf.duration.toolTip() == ""
    qtbot.mouseClick(leaf.buttons.button(QDialogButtonBox.StandardButton.Cancel), LEFT)
