"""Zoom to Fit, Zoom to Selection, and zoom steps that keep the selected task in view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.layout.scale import PX_PER_DAY, Zoom
from relm_desktop.layout.timeline import Node
from tests.gui.gui_helpers import task_node, view_of

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = CTRL | Qt.KeyboardModifier.AltModifier


def span_in_view(chart: GanttChart, first: Any, last: Any) -> bool:
    left = chart.scale.x_of(first) - chart.horizontalScrollBar().value()
    right = chart.scale.x_after(last) - chart.horizontalScrollBar().value()
    return left >= 0 and right <= chart.viewport().width()


def start_in_view(chart: GanttChart, node: Node) -> bool:
    assert node.start is not None
    x = chart.scale.x_of(node.start) - chart.horizontalScrollBar().value()
    return 0 <= x <= chart.viewport().width()


def click_row(qtbot: Any, win: MainWindow, node: Node) -> None:
    """Select ``node`` by clicking its Task cell in the table."""
    view = view_of(win)
    index = view.model.index_of(node.key)
    view.tree.scrollTo(index)
    qtbot.mouseClick(
        view.tree.viewport(), Qt.MouseButton.LeftButton, pos=view.tree.visualRect(index).center()
    )
    assert view.selected_keys() == [node.key]


def test_zoom_to_fit_shows_the_whole_plan(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened)
    chart = view.chart
    timeline = opened.document.snapshot.timeline  # type: ignore[union-attr]
    assert timeline.start is not None and timeline.finish is not None
    view.splitter.setSizes([200, 4000])  # room for the plan at a level finer than quarters
    view.set_zoom(Zoom.DAY)
    assert not span_in_view(chart, timeline.start, timeline.finish)
    qtbot.keyClick(opened, Qt.Key.Key_F, CTRL_SHIFT)
    assert span_in_view(chart, timeline.start, timeline.finish)
    # The finest level that fits: one finer would not.
    assert chart.scale.zoom < Zoom.QUARTER
    finer = Zoom(chart.scale.zoom - 1)
    days = (timeline.finish - timeline.start).days + 1
    assert days * PX_PER_DAY[finer] > chart.viewport().width()
    assert opened.actions_by_id[f"relm.view.zoom.{chart.scale.zoom.name.lower()}"].isChecked()


def test_zoom_to_selection_spans_the_selected_task(qtbot: Any, opened: MainWindow) -> None:
    chart = view_of(opened).chart
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None and node.finish is not None
    click_row(qtbot, opened, node)
    chart.set_zoom(Zoom.QUARTER)
    chart.horizontalScrollBar().setValue(0)
    qtbot.keyClick(opened, Qt.Key.Key_F, CTRL_ALT)
    assert chart.scale.zoom is Zoom.DAY  # a week-long task fills a day-zoom chart
    assert span_in_view(chart, node.start, node.finish)
    # Centred: as much room on either side.
    middle = (chart.scale.x_of(node.start) + chart.scale.x_after(node.finish)) / 2
    assert abs(middle - chart.horizontalScrollBar().value() - chart.viewport().width() / 2) <= 1


def test_zooming_keeps_the_selected_task_in_view(qtbot: Any, opened: MainWindow) -> None:
    chart = view_of(opened).chart
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None
    click_row(qtbot, opened, node)
    # The task near the right edge at month zoom: zooming in about the middle
    # of the chart would push it out of view.
    chart.set_zoom(Zoom.MONTH)
    bar = chart.horizontalScrollBar()
    bar.setValue(int(chart.scale.x_of(node.start) - chart.viewport().width() + 60))
    assert start_in_view(chart, node)
    for key in (Qt.Key.Key_Equal, Qt.Key.Key_Equal):
        qtbot.keyClick(opened, key, CTRL)
        assert start_in_view(chart, node)
    assert chart.scale.zoom is Zoom.DAY
    # Off screen before the zoom: brought into view.
    bar.setValue(0)
    assert not start_in_view(chart, node)
    qtbot.keyClick(opened, Qt.Key.Key_Minus, CTRL)
    assert chart.scale.zoom is Zoom.WEEK and start_in_view(chart, node)
    qtbot.keyClick(opened, Qt.Key.Key_0, CTRL)  # Reset Zoom (weeks): still there
    assert start_in_view(chart, node)
    qtbot.keyClick(opened, Qt.Key.Key_4, CTRL)
    assert chart.scale.zoom is Zoom.QUARTER and start_in_view(chart, node)
