"""New Task (Insert) in an outline: under a selected summary it becomes the first child.

With a summary task selected, the new task goes right under the summary row,
at its children's level, as a coordinator building a work breakdown expects.
With a leaf selected it goes right below the leaf at the leaf's level (inside
the leaf's summary, if any). Each is one undo step, and the file holds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import stored, type_into_cell
from tests.gui_outline.helpers import click_row, keys, outline, places, redo, shown_depth, undo
from tests.gui_outline.test_summary_info import make_summary

Ids = dict[str, int]
NONE = Qt.KeyboardModifier.NoModifier


def insert_below(qtbot: Any, win: MainWindow, anchor: int, name: str) -> int:
    """Click the anchor's row, press Insert, then type the new task's name into its cell."""
    click_row(qtbot, win, (RowKind.TASK, anchor))
    keys(qtbot, win, Qt.Key.Key_Insert, NONE)
    selected = view_of(win).selected_task_ids()
    assert len(selected) == 1 and selected[0] != anchor
    type_into_cell(qtbot, win, selected[0], Column.NAME, name)
    return selected[0]


def arrangement(path: Path) -> list[tuple[int, int, int | None, int | None]]:
    """(id, release, phase, parent) of every task in stored order (undo may leave gaps)."""
    tasks = sorted(stored(path).tasks, key=lambda t: (t.release_id, t.position, t.id))
    return [(t.id, t.release_id, t.phase_id, t.parent_id) for t in tasks]


def shown_right_below(win: MainWindow, anchor: int, ident: int) -> bool:
    model = view_of(win).model
    above = model.row_of_key((RowKind.TASK, anchor))
    return above is not None and model.row_of_key((RowKind.TASK, ident)) == above + 1


def test_insert_on_a_summary_makes_its_first_child_with_undo_redo_and_the_file(
    qtbot: Any, window: MainWindow, ids: Ids, plan_path: Path
) -> None:
    make_summary(plan_path, ids)  # A { B, C }
    assert window.open_plan(plan_path)
    settle(qtbot, window)
    before = arrangement(plan_path)

    new = insert_below(qtbot, window, ids["A"], "Kick-off")
    assert [(n, d) for n, d, _ in outline(plan_path, ids["R1"])] == [
        ("A", 0),
        ("Kick-off", 1),
        ("B", 1),
        ("C", 1),
        ("D", 0),
        ("E", 0),
        ("T1", 0),
        ("T2", 0),
    ]
    release, phase, parent, _ = places(plan_path)[new]
    assert (release, phase, parent) == (ids["R1"], ids["Build"], ids["A"])
    assert shown_right_below(window, ids["A"], new)
    assert (
        shown_depth(window, new)
        == shown_depth(window, ids["B"])
        == shown_depth(window, ids["A"]) + 1
    )
    after = arrangement(plan_path)

    undo(qtbot, window)  # the name typed
    undo(qtbot, window)  # the insert
    assert arrangement(plan_path) == before
    assert view_of(window).model.row_of_key((RowKind.TASK, new)) is None
    redo(qtbot, window)
    redo(qtbot, window)
    assert arrangement(plan_path) == after  # same id, same parent, same place
    assert next(t.name for t in stored(plan_path).tasks if t.id == new) == "Kick-off"
    assert shown_right_below(window, ids["A"], new)


def test_insert_on_a_leaf_goes_right_below_it_at_its_level(
    qtbot: Any, window: MainWindow, ids: Ids, plan_path: Path
) -> None:
    make_summary(plan_path, ids)
    assert window.open_plan(plan_path)
    settle(qtbot, window)

    inside = insert_below(qtbot, window, ids["B"], "Review B")  # a subtask of A
    top = insert_below(qtbot, window, ids["D"], "After D")  # a top-level task
    assert [(n, d) for n, d, _ in outline(plan_path, ids["R1"])] == [
        ("A", 0),
        ("B", 1),
        ("Review B", 1),
        ("C", 1),
        ("D", 0),
        ("After D", 0),
        ("E", 0),
        ("T1", 0),
        ("T2", 0),
    ]
    assert places(plan_path)[inside][2] == ids["A"]
    assert places(plan_path)[top][2] is None
    assert shown_right_below(window, ids["B"], inside)
    assert shown_right_below(window, ids["D"], top)
    assert shown_depth(window, inside) == shown_depth(window, ids["B"])
    assert shown_depth(window, top) == shown_depth(window, ids["D"])
