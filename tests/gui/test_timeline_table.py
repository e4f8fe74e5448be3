"""The task table: inline editing with validation, folding, zoom, model checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QSpinBox

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.scale import Zoom
from relm_desktop.layout.timeline import RowKind
from tests.gui.chart_pixels import (
    bar_box,
    bring_into_view,
    ghost_box,
    grab,
    share,
    tasks,
    toolbar_button,
)
from tests.gui.gui_helpers import read_task, settle, task_node, view_of


def test_task_model_passes_qt_model_tester(qtmodeltester: Any, opened: MainWindow) -> None:
    qtmodeltester.check(view_of(opened).model)


def test_model_stays_valid_across_structural_edits(
    qtbot: Any, qtmodeltester: Any, opened: MainWindow
) -> None:
    # Qt's own tester keeps watching the model: a bad reset or index fails the test.
    model = view_of(opened).model
    qtmodeltester.check(model)
    node = task_node(opened, "Hypercare", "Customer")
    view_of(opened).select_keys([node.key])
    opened.actions_by_id["relm.task.new"].trigger()
    settle(qtbot, opened)
    parent = model.timeline.nodes[node.parent]  # type: ignore[union-attr]
    assert len(parent.children) == 3
    opened.actions_by_id["relm.edit.undo"].trigger()
    settle(qtbot, opened)
    parent = model.timeline.nodes[node.parent]  # type: ignore[union-attr]
    assert len(parent.children) == 2


def test_rows_line_up_with_the_chart(opened: MainWindow) -> None:
    view = view_of(opened)
    node = task_node(opened, "Deploy general rollout", "Payments")
    view.select_keys([node.key])
    index = view.model.index_of(node.key)
    rect = view.tree.visualRect(index)
    assert rect.height() == ROW_HEIGHT
    chart = view.chart
    assert chart.row_layout is not None
    row = chart.row_layout.row_of_task[node.id]
    shape = chart.painter.shape_of_row(row)
    assert shape is not None
    point = chart.viewport_point(shape.x, row * ROW_HEIGHT)
    tree_top = view.tree.viewport().mapTo(view, rect.topLeft()).y()
    chart_top = chart.viewport().mapTo(view, point).y()
    assert tree_top == chart_top


def test_inline_edit_rejects_invalid_input(opened: MainWindow, demo_path: Path) -> None:
    model = view_of(opened).model
    node = task_node(opened, "Hypercare", "Customer")
    duration = model.index_of(node.key, Column.DURATION)
    assert not model.setData(duration, "three")
    assert "not a whole number" in model.last_error
    assert not model.setData(duration, -2)
    assert not model.setData(model.index_of(node.key, Column.PERCENT), 150)
    assert "between 0 and 100" in model.last_error
    assert not model.setData(model.index_of(node.key, Column.NAME), "   ")
    assert not model.setData(model.index_of(node.key, Column.START), "31/02/2026")
    assert not model.setData(model.index_of(node.key, Column.TEAM), "No Such Team")
    assert not model.setData(model.index_of(node.key, Column.FINISH), "2026-03-01")
    assert opened.document.undo_stack.count() == 0  # type: ignore[union-attr]
    stored = read_task(demo_path, node.id)
    assert (stored.duration, stored.percent_complete, stored.name) == (
        node.record.duration,
        node.record.percent_complete,
        "Hypercare",
    )


def test_inline_edits_are_undoable_and_saved(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    model = view_of(opened).model
    node = task_node(opened, "Hypercare", "Customer")
    assert model.setData(model.index_of(node.key, Column.DURATION), "7d")
    assert model.setData(model.index_of(node.key, Column.PERCENT), "40%")
    assert model.setData(model.index_of(node.key, Column.NAME), "Hypercare & monitoring")
    assert model.setData(model.index_of(node.key, Column.START), "2026-06-01")
    assert model.setData(model.index_of(node.key, Column.TEAM), "Platform Team")
    settle(qtbot, opened)
    stored = read_task(demo_path, node.id)
    assert stored.duration == 7
    assert stored.percent_complete == 40
    assert stored.name == "Hypercare & monitoring"
    assert stored.constraint_type is ConstraintType.START_NO_EARLIER_THAN
    stack = opened.document.undo_stack  # type: ignore[union-attr]
    assert stack.count() == 5
    assert stack.text(0) == "Set duration of 'Hypercare' to 7 days"
    assert model.index_of(node.key, Column.NAME).data() == "Hypercare & monitoring"
    for _ in range(5):
        stack.undo()
    settle(qtbot, opened)
    stored = read_task(demo_path, node.id)
    assert (stored.duration, stored.name, stored.team_id) == (
        node.record.duration,
        "Hypercare",
        node.record.team_id,
    )


def test_editors_only_offer_valid_values(opened: MainWindow) -> None:
    view = view_of(opened)
    node = task_node(opened, "Hypercare", "Customer")
    index = view.model.index_of(node.key, Column.PERCENT)
    view.tree.setCurrentIndex(index)
    view.tree.edit(index)
    editor = view.tree.findChild(QSpinBox)
    assert editor is not None
    assert (editor.minimum(), editor.maximum()) == (0, 100)


def test_collapse_and_expand_release(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened)
    chart = view.chart
    assert chart.row_layout is not None
    total = len(chart.row_layout)
    release = view.model.index(0, 0)
    node = view.model.node(release)
    assert node is not None and node.kind is RowKind.RELEASE
    # A click on the fold arrow folds the release, in the table and the chart.
    rect = view.tree.visualRect(release)
    qtbot.mouseClick(
        view.tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 8, rect.center().y())
    )
    hidden = sum(1 for n in chart.timeline.nodes if _inside(chart.timeline.nodes, n, node.index))  # type: ignore[union-attr]
    assert len(chart.row_layout) == total - hidden
    assert view.model.rowCount() == total - hidden
    assert view.is_folded(node.key)
    # The fold survives an edit and its reschedule.
    other = task_node(opened, "Deploy general rollout", "Payments")
    view.model.setData(view.model.index_of(other.key, Column.PERCENT), 10)
    settle(qtbot, opened)
    assert view.is_folded(node.key)
    assert len(chart.row_layout) == total - hidden
    # Keyboard: Right unfolds the current summary row, Left folds it again.
    view.tree.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.tree, Qt.Key.Key_Right)
    assert len(chart.row_layout) == total
    qtbot.keyClick(view.tree, Qt.Key.Key_Left)
    assert len(chart.row_layout) == total - hidden
    view.set_folded(node.key, False)
    assert len(chart.row_layout) == total
    # Selecting a row inside a fold unfolds it.
    view.set_folded(node.key, True)
    inner = next(n for n in chart.timeline.nodes if _inside(chart.timeline.nodes, n, node.index))  # type: ignore[union-attr]
    view.select_keys([inner.key])
    assert not view.is_folded(node.key)
    assert view.selected_keys() == [inner.key]
    opened.actions_by_id["relm.view.collapse"].trigger()
    assert len(chart.row_layout) == 5
    opened.actions_by_id["relm.view.expand"].trigger()
    assert len(chart.row_layout) == total


def _inside(nodes: list[Any], node: Any, ancestor: int) -> bool:
    while node.parent >= 0:
        if node.parent == ancestor:
            return True
        node = nodes[node.parent]
    return False


def test_zoom_levels(opened: MainWindow) -> None:
    chart = view_of(opened).chart
    seen = []
    for action in ("day", "week", "month", "quarter"):
        opened.actions_by_id[f"relm.view.zoom.{action}"].trigger()
        seen.append(chart.scale.zoom)
        upper, lower = chart.scale.tiers(0, chart.viewport().width())
        assert upper and lower
        assert any(cell.label for cell in lower)
    assert seen == [Zoom.DAY, Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER]
    opened.actions_by_id["relm.view.zoom_in"].trigger()
    assert chart.scale.zoom is Zoom.MONTH
    opened.actions_by_id["relm.view.zoom_out"].trigger()
    opened.actions_by_id["relm.view.zoom_out"].trigger()
    assert chart.scale.zoom is Zoom.QUARTER
    opened.actions_by_id["relm.view.zoom_reset"].trigger()
    assert chart.scale.zoom is Zoom.WEEK
    assert opened.actions_by_id["relm.view.zoom.week"].isChecked()
    assert "Weeks" in opened.zoom_label.text()


def test_zoom_keeps_the_centre_date(opened: MainWindow) -> None:
    chart = view_of(opened).chart
    half = chart.viewport().width() / 2
    centre = chart.scale.date_at(chart.horizontalScrollBar().value() + half)
    chart.set_zoom(Zoom.DAY)
    after = chart.scale.date_at(chart.horizontalScrollBar().value() + half)
    assert abs((after - centre).days) <= 1


def test_toggles_and_paint(qtbot: Any, opened: MainWindow) -> None:
    """The toolbar's Critical Path and Baseline buttons change what the chart draws."""
    chart = view_of(opened).chart
    colors = chart.colors
    critical = tasks(opened, lambda n: n.critical and n.percent < 50)[0]
    bring_into_view(chart, critical)
    assert share(grab(chart), bar_box(chart, critical), colors.critical) > 0.9
    button = toolbar_button(opened, "relm.view.critical")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not chart.show_critical and not button.isChecked()
    image = grab(chart)
    assert share(image, bar_box(chart, critical), colors.bar) > 0.9
    assert share(image, bar_box(chart, critical), colors.critical) < 0.05
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert share(grab(chart), bar_box(chart, critical), colors.critical) > 0.9

    # The demo's supplier slipped after its baseline was saved: a ghost shows it.
    slipped = task_node(opened, "Card network certification (supplier)")
    assert slipped.baseline_finish is not None and slipped.finish is not None
    assert slipped.baseline_finish < slipped.finish
    bring_into_view(chart, slipped)
    button = toolbar_button(opened, "relm.view.baseline")
    hidden = grab(chart)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chart.show_baseline and button.isChecked()
    ghost = ghost_box(chart, slipped, -1e9, 1e9)
    assert share(grab(chart), ghost, colors.baseline) > 0.8
    assert share(hidden, ghost, colors.baseline) < 0.2  # not there before the click
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not chart.show_baseline
    assert share(grab(chart), ghost, colors.baseline) < 0.2
