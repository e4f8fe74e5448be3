"""Dragging rows in the task table with the mouse: a drop indicator, a move, undo and redo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import Key, RowKind
from tests.gui.gui_helpers import settle, view_of
from tests.gui_outline.helpers import (
    LEFT,
    click_row,
    links,
    outline,
    places,
    redo,
    row_point,
    select_tasks,
    undo,
)

Ids = dict[str, int]
NONE = Qt.KeyboardModifier.NoModifier


def line_pixels(win: MainWindow, y: int) -> list[QColor]:
    """The colours across the table at height ``y`` (the right half of the name column on)."""
    tree = view_of(win).tree
    image = tree.viewport().grab().toImage()
    return [image.pixelColor(x, y) for x in range(200, min(image.width(), 400), 20)]


def drag(qtbot: Any, win: MainWindow, source: Key, target: Key, *, look: bool = False) -> bool:
    """Press on ``source``, move in steps onto ``target``, release; whether the line showed."""
    tree = view_of(win).tree
    start, end = row_point(win, source), row_point(win, target)
    viewport = tree.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * step / 5)
    shown = False
    if look:
        row = view_of(win).model.row_of_key(target)
        assert row is not None
        y = tree.rowViewportPosition(row)
        highlight = tree.palette().highlight().color()
        shown = all(c == highlight for c in line_pixels(win, y))
    QTest.mouseRelease(viewport, LEFT, NONE, end)
    settle(qtbot, win)
    return shown


def test_dragging_a_summary_onto_a_task_of_another_phase(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    select_tasks(qtbot, outlined, ids["C"])
    qtbot.keyClick(
        view_of(outlined).tree,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    settle(qtbot, outlined)  # B{C}
    before, kept = places(plan_path), links(plan_path)
    tree = view_of(outlined).tree
    t2_row = view_of(outlined).model.row_of_key((RowKind.TASK, ids["T2"]))
    assert t2_row is not None
    highlight = tree.palette().highlight().color()
    assert not all(c == highlight for c in line_pixels(outlined, tree.rowViewportPosition(t2_row)))
    click_row(qtbot, outlined, (RowKind.TASK, ids["B"]))
    assert drag(qtbot, outlined, (RowKind.TASK, ids["B"]), (RowKind.TASK, ids["T2"]), look=True)
    rows = outline(plan_path, ids["R1"])
    assert [(n, d) for n, d, _ in rows] == [
        ("A", 0),
        ("D", 0),
        ("E", 0),
        ("T1", 0),
        ("B", 0),
        ("C", 1),
        ("T2", 0),
    ]
    assert rows[4][2] == rows[5][2] == ids["Test"]
    assert links(plan_path) == kept
    assert view_of(outlined).selected_task_ids() == [ids["B"]]
    after = places(plan_path)
    undo(qtbot, outlined)
    assert places(plan_path) == before
    redo(qtbot, outlined)
    assert places(plan_path) == after


def test_dragging_two_rows_onto_a_phase_of_another_release(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    before = places(plan_path)
    select_tasks(qtbot, outlined, ids["D"], ids["E"])
    drag(qtbot, outlined, (RowKind.TASK, ids["E"]), (RowKind.PHASE, ids["Test2"]))
    assert [n for n, _, _ in outline(plan_path, ids["R2"])] == ["D", "E", "X"]
    assert places(plan_path)[ids["D"]][:2] == (ids["R2"], ids["Test2"])
    undo(qtbot, outlined)
    assert places(plan_path) == before


def test_a_click_on_a_selected_row_still_selects_only_it(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    select_tasks(qtbot, outlined, ids["A"], ids["B"])
    click_row(qtbot, outlined, (RowKind.TASK, ids["B"]))
    assert view_of(outlined).selected_task_ids() == [ids["B"]]
    # Escape in the middle of a drag leaves everything where it was.
    before = places(plan_path)
    tree = view_of(outlined).tree
    start = row_point(outlined, (RowKind.TASK, ids["B"]))
    QTest.mousePress(tree.viewport(), LEFT, NONE, start)
    QTest.mouseMove(tree.viewport(), start + QPoint(0, 60))
    QTest.keyClick(tree, Qt.Key.Key_Escape)
    QTest.mouseRelease(tree.viewport(), LEFT, NONE, start + QPoint(0, 60))
    settle(qtbot, outlined)
    assert places(plan_path) == before
