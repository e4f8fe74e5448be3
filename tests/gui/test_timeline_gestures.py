"""Mouse gestures on the chart: each makes one undoable edit that lands in the file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.menu import task_menu
from relm_desktop.layout.scale import Zoom
from tests.gui.gui_helpers import bar_point, read_links, read_task, settle, task_node, view_of

LEFT = Qt.MouseButton.LeftButton


def drag(qtbot: Any, win: MainWindow, start: QPoint, end: QPoint, modifier: Any = None) -> None:
    viewport = view_of(win).chart.viewport()
    mods = modifier or Qt.KeyboardModifier.NoModifier
    qtbot.mousePress(viewport, LEFT, mods, start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, mods, end)


def test_drag_bar_moves_task_with_a_start_constraint(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None
    chart = view_of(opened).chart
    start = bar_point(opened, node)
    week = round(7 * chart.scale.px_per_day)
    drag(qtbot, opened, start, start + QPoint(week, 0))
    settle(qtbot, opened)
    stored = read_task(demo_path, node.id)
    assert stored.constraint_type is ConstraintType.START_NO_EARLIER_THAN
    assert stored.constraint_date == node.start + timedelta(days=7)
    moved = task_node(opened, "Hypercare", "Customer")
    assert moved.start == node.start + timedelta(days=7)
    stack = opened.document.undo_stack  # type: ignore[union-attr]
    assert stack.count() == 1
    assert stack.undoText() == "Move 'Hypercare'"
    assert opened.actions_by_id["relm.edit.undo"].text() == "&Undo Move 'Hypercare'"

    opened.actions_by_id["relm.edit.undo"].trigger()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).constraint_type is None
    assert task_node(opened, "Hypercare", "Customer").start == node.start

    opened.actions_by_id["relm.edit.redo"].trigger()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).constraint_date == node.start + timedelta(days=7)


def test_a_click_without_drag_changes_nothing(qtbot: Any, opened: MainWindow) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    point = bar_point(opened, node)
    drag(qtbot, opened, point, point + QPoint(1, 0))
    assert opened.document.undo_stack.count() == 0  # type: ignore[union-attr]
    assert view_of(opened).selected_keys() == [node.key]


def test_drag_bar_end_changes_duration(qtbot: Any, opened: MainWindow, demo_path: Path) -> None:
    view_of(opened).set_zoom(Zoom.DAY)
    node = task_node(opened, "System integration test", "Customer")
    before = node.record.duration
    end = bar_point(opened, node, "end")
    chart = view_of(opened).chart
    drag(qtbot, opened, end, end + QPoint(round(chart.scale.px_per_day * 2), 0))
    settle(qtbot, opened)
    stored = read_task(demo_path, node.id)
    # Two more calendar days; the bar ends on a Tuesday, so both are working days.
    assert stored.duration == before + 2
    stack = opened.document.undo_stack  # type: ignore[union-attr]
    assert stack.undoText() == f"Change duration of 'System integration test' to {before + 2} days"
    stack.undo()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).duration == before
    stack.redo()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).duration == before + 2


def test_drag_from_bar_to_bar_links_them(qtbot: Any, opened: MainWindow, demo_path: Path) -> None:
    source = task_node(opened, "Agree release scope", "Customer")
    target = task_node(opened, "Deploy to test", "Customer")
    before = {(lk.predecessor_id, lk.successor_id) for lk in read_links(demo_path)}
    assert (source.id, target.id) not in before
    start = bar_point(opened, source)
    chart = view_of(opened).chart
    assert chart.row_layout is not None
    target_row = chart.row_layout.row_of_task[target.id]
    shape = chart.painter.shape_of_row(target_row)
    assert shape is not None
    end = chart.viewport_point(shape.x + 3, shape.center_y)
    drag(qtbot, opened, start, end)
    settle(qtbot, opened)
    links = [
        lk
        for lk in read_links(demo_path)
        if (lk.predecessor_id, lk.successor_id) == (source.id, target.id)
    ]
    assert len(links) == 1 and links[0].type is DependencyType.FS
    link_id = links[0].id
    stack = opened.document.undo_stack  # type: ignore[union-attr]
    stack.undo()
    settle(qtbot, opened)
    assert all(lk.id != link_id for lk in read_links(demo_path))
    stack.redo()
    settle(qtbot, opened)
    # A redone link comes back with the same id.
    assert any(lk.id == link_id for lk in read_links(demo_path))


def test_shift_while_dropping_makes_start_to_start(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    source = task_node(opened, "Agree release scope", "Customer")
    target = task_node(opened, "Deploy to test", "Customer")
    start = bar_point(opened, source)
    chart = view_of(opened).chart
    assert chart.row_layout is not None
    shape = chart.painter.shape_of_row(chart.row_layout.row_of_task[target.id])
    assert shape is not None
    end = chart.viewport_point(shape.x + 3, shape.center_y)
    drag(qtbot, opened, start, end, Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, opened)
    link = next(
        lk
        for lk in read_links(demo_path)
        if (lk.predecessor_id, lk.successor_id) == (source.id, target.id)
    )
    assert link.type is DependencyType.SS


def test_context_menu_changes_link_type_and_lag(
    qtbot: Any, opened: MainWindow, demo_path: Path, prompts: Any
) -> None:
    node = task_node(opened, "System integration test", "Customer")
    link = next(lk for lk in opened.document.links_of(node.id) if lk.successor_id == node.id)  # type: ignore[union-attr]
    assert link.type is DependencyType.FS
    menu = task_menu(view_of(opened), node.id)
    action = menu.findChild(type(menu.actions()[0]), f"link-{link.id}-SS")
    assert action is not None
    action.trigger()
    settle(qtbot, opened)
    stored = next(lk for lk in read_links(demo_path) if lk.id == link.id)
    assert stored.type is DependencyType.SS
    prompts.numbers.append(2)
    menu = task_menu(view_of(opened), node.id)
    menu.findChild(type(menu.actions()[0]), f"link-{link.id}-lag").trigger()
    settle(qtbot, opened)
    assert next(lk for lk in read_links(demo_path) if lk.id == link.id).lag == 2
    stack = opened.document.undo_stack  # type: ignore[union-attr]
    stack.undo()
    stack.undo()
    settle(qtbot, opened)
    stored = next(lk for lk in read_links(demo_path) if lk.id == link.id)
    assert (stored.type, stored.lag) == (DependencyType.FS, 0)
    stack.redo()
    settle(qtbot, opened)
    assert next(lk for lk in read_links(demo_path) if lk.id == link.id).type is DependencyType.SS


def test_context_menu_makes_milestone_and_deletes(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    menu = task_menu(view_of(opened), node.id)
    menu.findChild(type(menu.actions()[0]), "make-milestone").trigger()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).duration == 0
    assert task_node(opened, "Hypercare", "Customer").milestone
    menu = task_menu(view_of(opened), node.id)
    menu.findChild(type(menu.actions()[0]), "delete").trigger()
    settle(qtbot, opened)
    assert opened.document.node(node.kind, node.id) is None  # type: ignore[union-attr]
    stack = opened.document.undo_stack  # type: ignore[union-attr]
    assert stack.undoText() == "Delete 'Hypercare'"
    stack.undo()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).name == "Hypercare"


def test_select_predecessors_and_successors(qtbot: Any, opened: MainWindow) -> None:
    node = task_node(opened, "User acceptance test", "Customer")
    menu = task_menu(view_of(opened), node.id)
    menu.findChild(type(menu.actions()[0]), "preds").trigger()
    names = {opened.document.task_name(i) for i in view_of(opened).selected_task_ids()}  # type: ignore[union-attr]
    assert "System integration test" in names
    assert "User acceptance test" not in names
