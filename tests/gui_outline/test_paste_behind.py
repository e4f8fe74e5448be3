"""A paste writes on a worker thread (PlanDocument.push_behind): one undo step all the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import activate
from tests.gui_outline.helpers import ALT_SHIFT, CTRL, click_row, keys, links, places, select_tasks

Ids = dict[str, int]


def test_undo_pressed_before_the_paste_is_written_takes_it_back(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    """Ctrl+V then Ctrl+Z at once: the undo waits for the write, then reverts it."""
    document = outlined.document
    assert document is not None
    before, old_links, depth = places(plan_path), links(plan_path), document.undo_stack.count()
    select_tasks(qtbot, outlined, ids["D"], ids["E"])
    keys(qtbot, outlined, Qt.Key.Key_C, CTRL)
    click_row(qtbot, outlined, (RowKind.TASK, ids["T2"]))
    activate(qtbot, outlined)
    tree = view_of(outlined).tree
    qtbot.keyClick(tree, Qt.Key.Key_V, CTRL)
    assert document.undo_stack.count() == depth + 1  # on the stack before it is written
    qtbot.keyClick(tree, Qt.Key.Key_Z, CTRL)
    settle(qtbot, outlined)
    assert places(plan_path) == before and links(plan_path) == old_links
    assert document.undo_stack.index() == depth
    keys(qtbot, outlined, Qt.Key.Key_Y, CTRL)
    added = set(places(plan_path)) - set(before)
    assert len(added) == 2
    assert len(links(plan_path) - old_links) == 1  # D → E came along
    assert document.undo_stack.undoText() == "Paste 2 tasks"


def test_a_paste_refused_on_the_worker_leaves_no_undo_step(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    """The row pasted after is gone from the file (as another window's delete would
    leave it): the write is refused, said in the status bar and not on the stack."""
    document = outlined.document
    assert document is not None
    select_tasks(qtbot, outlined, ids["C"])
    keys(qtbot, outlined, Qt.Key.Key_Right, ALT_SHIFT)  # B{C}: one step to undo later
    select_tasks(qtbot, outlined, ids["A"])
    keys(qtbot, outlined, Qt.Key.Key_C, CTRL)
    click_row(qtbot, outlined, (RowKind.TASK, ids["X"]))
    document.service.delete("task", [ids["X"]])  # behind the window's back
    before, depth = places(plan_path), document.undo_stack.count()
    keys(qtbot, outlined, Qt.Key.Key_V, CTRL)
    assert places(plan_path) == before
    assert document.undo_stack.count() == depth
    assert "does not exist" in outlined.statusBar().currentMessage()
    keys(qtbot, outlined, Qt.Key.Key_Z, CTRL)  # the step before the paste is undone
    assert document.undo_stack.index() == depth - 1
    assert places(plan_path)[ids["C"]][2] is None
