"""Copy, cut, paste and duplicate with the keyboard on the real window, undone and redone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import view_of
from tests.gui_outline.helpers import (
    ALT_SHIFT,
    CTRL,
    click_row,
    keys,
    links,
    outline,
    places,
    redo,
    select_tasks,
    undo,
)

Ids = dict[str, int]


def test_copy_and_paste_a_summary_with_its_inner_links(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    select_tasks(qtbot, outlined, ids["C"])
    keys(qtbot, outlined, Qt.Key.Key_Right, ALT_SHIFT)  # B{C}
    select_tasks(qtbot, outlined, ids["B"])
    keys(qtbot, outlined, Qt.Key.Key_C, CTRL)
    text = QApplication.clipboard().text().splitlines()
    assert [line.split("\t")[:2] for line in text] == [["B", "2"], ["C", "2"]]
    assert all(len(line.split("\t")[2]) == 10 for line in text)  # an ISO start date
    before, old_links = places(plan_path), links(plan_path)
    click_row(qtbot, outlined, (RowKind.TASK, ids["T1"]))
    keys(qtbot, outlined, Qt.Key.Key_V, CTRL)
    rows = outline(plan_path, ids["R1"])
    assert [(n, d) for n, d, _ in rows] == [
        ("A", 0),
        ("B", 0),
        ("C", 1),
        ("D", 0),
        ("E", 0),
        ("T1", 0),
        ("B", 0),
        ("C", 1),
        ("T2", 0),
    ]
    assert rows[6][2] == ids["Test"] and rows[7][2] == ids["Test"]
    new = sorted(set(places(plan_path)) - set(before))
    assert {(p, s) for _, p, s in links(plan_path) - old_links} == {(new[0], new[1])}
    # The pasted rows are selected, as after a paste in MS Project.
    assert sorted(view_of(outlined).selected_task_ids()) == [new[0]]
    after, after_links = places(plan_path), links(plan_path)
    undo(qtbot, outlined)
    assert places(plan_path) == before and links(plan_path) == old_links
    redo(qtbot, outlined)
    assert places(plan_path) == after and links(plan_path) == after_links


def test_cut_and_paste_moves_the_tasks_keeping_ids_and_links(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    kept = links(plan_path)
    before = places(plan_path)
    select_tasks(qtbot, outlined, ids["A"], ids["B"])
    keys(qtbot, outlined, Qt.Key.Key_X, CTRL)
    assert places(plan_path) == before  # a cut waits for its paste
    click_row(qtbot, outlined, (RowKind.TASK, ids["X"]))
    keys(qtbot, outlined, Qt.Key.Key_V, CTRL)
    assert [n for n, _, _ in outline(plan_path, ids["R2"])] == ["X", "A", "B"]
    assert places(plan_path)[ids["A"]][:2] == (ids["R2"], ids["Test2"])
    assert links(plan_path) == kept  # B → C and A → B now cross releases, same ids
    moved = places(plan_path)
    keys(qtbot, outlined, Qt.Key.Key_V, CTRL)  # a cut is pasted once
    assert places(plan_path) == moved
    undo(qtbot, outlined)
    assert places(plan_path) == before
    redo(qtbot, outlined)
    assert places(plan_path) == moved


def test_duplicate_puts_copies_right_below(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    before = places(plan_path)
    select_tasks(qtbot, outlined, ids["A"], ids["B"])
    keys(qtbot, outlined, Qt.Key.Key_D, CTRL)
    names = [n for n, _, _ in outline(plan_path, ids["R1"])]
    assert names == ["A", "B", "A", "B", "C", "D", "E", "T1", "T2"]
    assert outlined.document is not None
    assert outlined.document.undo_stack.undoText() == "Duplicate 2 tasks"
    a2, b2 = sorted(set(places(plan_path)) - set(before))
    assert (a2, b2) in {(p, s) for _, p, s in links(plan_path)}
    undo(qtbot, outlined)
    assert places(plan_path) == before
    redo(qtbot, outlined)
    assert {a2, b2} <= set(places(plan_path))
