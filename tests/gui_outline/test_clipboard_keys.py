"""Copy, cut, paste and duplicate with the keyboard on the real window, undone and redone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import view_of
from tests.gui_links.helpers import stored
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


def test_copy_and_paste_a_summary_and_two_linked_tasks(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    select_tasks(qtbot, outlined, ids["C"])
    keys(qtbot, outlined, Qt.Key.Key_Right, ALT_SHIFT)  # B{C}
    select_tasks(qtbot, outlined, ids["B"], ids["D"], ids["E"])
    keys(qtbot, outlined, Qt.Key.Key_C, CTRL)
    text = QApplication.clipboard().text().splitlines()
    assert [line.split("\t")[:2] for line in text] == [
        ["B", "2"],
        ["C", "2"],
        ["D", "2"],
        ["E", "2"],
    ]
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
        ("D", 0),
        ("E", 0),
        ("T2", 0),
    ]
    assert {phase for _, _, phase in rows[6:10]} == {ids["Test"]}
    named = {t.id: t.name for t in stored(plan_path).tasks if t.id not in before}
    b2, d2, e2 = (next(i for i, n in named.items() if n == name) for name in "BDE")
    # D → E came along; C → T1 and A → T2 leave the copied set and did not.
    assert {(p, s) for _, p, s in links(plan_path) - old_links} == {(d2, e2)}
    # The pasted rows are selected, as after a paste in MS Project.
    assert sorted(view_of(outlined).selected_task_ids()) == [b2, d2, e2]
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
    assert links(plan_path) == kept  # A → T2 now crosses releases, same id
    moved = places(plan_path)
    click_row(qtbot, outlined, (RowKind.TASK, ids["T1"]))
    keys(qtbot, outlined, Qt.Key.Key_V, CTRL)  # a cut is pasted once
    assert "Nothing to paste" in outlined.statusBar().currentMessage()
    assert places(plan_path) == moved
    undo(qtbot, outlined)
    assert places(plan_path) == before
    redo(qtbot, outlined)
    assert places(plan_path) == moved


def test_duplicate_puts_copies_right_below(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    before = places(plan_path)
    select_tasks(qtbot, outlined, ids["D"], ids["E"])
    keys(qtbot, outlined, Qt.Key.Key_D, CTRL)
    names = [n for n, _, _ in outline(plan_path, ids["R1"])]
    assert names == ["A", "B", "C", "D", "E", "D", "E", "T1", "T2"]
    assert outlined.document is not None
    assert outlined.document.undo_stack.undoText() == "Duplicate 2 tasks"
    d2, e2 = sorted(set(places(plan_path)) - set(before))
    assert (d2, e2) in {(p, s) for _, p, s in links(plan_path)}
    undo(qtbot, outlined)
    assert places(plan_path) == before
    redo(qtbot, outlined)
    assert {d2, e2} <= set(places(plan_path))
