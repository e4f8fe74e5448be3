"""Indent, outdent, move up and down with the keyboard on the real window, undone and redone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import view_of
from tests.gui_outline.helpers import (
    ALT_SHIFT,
    keys,
    links,
    outline,
    places,
    redo,
    select_tasks,
    shown_depth,
    undo,
)

Ids = dict[str, int]


def names(path: Path, release: int) -> list[tuple[str, int]]:
    return [(name, depth) for name, depth, _ in outline(path, release)]


def test_indent_two_rows_then_outdent_one_with_undo_and_redo(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    before = places(plan_path)
    select_tasks(qtbot, outlined, ids["B"], ids["C"])
    keys(qtbot, outlined, Qt.Key.Key_Right, ALT_SHIFT)
    indented = [("A", 0), ("B", 1), ("C", 1), ("D", 0), ("E", 0), ("T1", 0), ("T2", 0)]
    assert names(plan_path, ids["R1"]) == indented
    assert shown_depth(outlined, ids["B"]) == shown_depth(outlined, ids["A"]) + 1
    after = places(plan_path)
    undo(qtbot, outlined)
    assert places(plan_path) == before
    assert shown_depth(outlined, ids["B"]) == shown_depth(outlined, ids["A"])
    redo(qtbot, outlined)
    assert places(plan_path) == after
    # Outdent B: it follows A again and C, the sibling after it, becomes its child.
    select_tasks(qtbot, outlined, ids["B"])
    keys(qtbot, outlined, Qt.Key.Key_Left, ALT_SHIFT)
    assert names(plan_path, ids["R1"])[:3] == [("A", 0), ("B", 0), ("C", 1)]
    assert places(plan_path)[ids["C"]][2] == ids["B"]
    undo(qtbot, outlined)
    assert places(plan_path) == after
    assert outlined.document is not None
    assert outlined.document.undo_stack.undoText() == "Indent 2 tasks"


def test_indenting_the_first_task_says_why_not(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    before = places(plan_path)
    select_tasks(qtbot, outlined, ids["A"])
    keys(qtbot, outlined, Qt.Key.Key_Right, ALT_SHIFT)
    assert "'A' has no task above it at its level" in outlined.statusBar().currentMessage()
    assert places(plan_path) == before
    assert outlined.document is not None and not outlined.document.undo_stack.canUndo()


def test_move_down_and_up_carry_the_subtree(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    select_tasks(qtbot, outlined, ids["C"])
    keys(qtbot, outlined, Qt.Key.Key_Right, ALT_SHIFT)  # B{C}
    kept = links(plan_path)
    select_tasks(qtbot, outlined, ids["B"])
    keys(qtbot, outlined, Qt.Key.Key_Down, ALT_SHIFT)
    assert [n for n, _ in names(plan_path, ids["R1"])[:5]] == ["A", "D", "B", "C", "E"]
    keys(qtbot, outlined, Qt.Key.Key_Down, ALT_SHIFT)
    assert [n for n, _ in names(plan_path, ids["R1"])[:5]] == ["A", "D", "E", "B", "C"]
    assert view_of(outlined).selected_task_ids() == [ids["B"]]  # the moved row stays selected
    keys(qtbot, outlined, Qt.Key.Key_Up, ALT_SHIFT)
    assert [n for n, _ in names(plan_path, ids["R1"])[:5]] == ["A", "D", "B", "C", "E"]
    assert links(plan_path) == kept
    undo(qtbot, outlined)
    undo(qtbot, outlined)
    assert [n for n, _ in names(plan_path, ids["R1"])[:5]] == ["A", "D", "B", "C", "E"]
    undo(qtbot, outlined)
    assert [n for n, _ in names(plan_path, ids["R1"])[:5]] == ["A", "B", "C", "D", "E"]
    redo(qtbot, outlined)
    assert [n for n, _ in names(plan_path, ids["R1"])[:5]] == ["A", "D", "B", "C", "E"]
