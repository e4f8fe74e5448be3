"""Overdue work flagged against the status date: red at the bar's end, said in the tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.overdue import CAP, overdue_color
from relm_desktop.layout.filters import overdue_since
from relm_desktop.layout.timeline import Node, RowKind
from tests.gui.chart_pixels import bring_into_view, grab, share
from tests.gui.gui_helpers import view_of
from tests.gui_gantt.helpers import shape_point, tooltip_at


def end_cap(win: MainWindow, node: Node) -> QRect:
    """The last few pixels of a task's bar, inside its outline, scrolled into view."""
    chart = view_of(win).chart
    layout = chart.row_layout
    assert layout is not None
    shape = chart.painter.shape_of_row(layout.row_of_task[node.id])
    assert shape is not None
    bring_into_view(chart, node, shape.right - 100)
    top_left = chart.viewport_point(shape.right - CAP + 1, shape.y + 3)
    return QRect(top_left.x(), top_left.y(), int(CAP) - 2, int(shape.h) - 6)


def test_overdue_bars_end_in_red_and_say_so(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened)
    chart = view.chart
    status = view.status_date
    tasks = [
        n
        for n in view.model.timeline.nodes  # type: ignore[union-attr]
        if n.kind is RowKind.TASK and not n.milestone and n.start and n.finish
    ]
    late = next(n for n in tasks if overdue_since(n, status) and (n.finish - n.start).days > 3)  # type: ignore[operator]
    done = next(n for n in tasks if n.percent == 100 and (n.finish - n.start).days > 3)  # type: ignore[operator]
    red = overdue_color(chart.colors.background)
    for node, flagged in ((late, True), (done, False)):
        box = end_cap(opened, node)
        assert (share(grab(chart), box, red) > 0.8) is flagged, node.name
    what, day = overdue_since(late, status)  # type: ignore[misc]
    text = tooltip_at(chart, shape_point(chart, late))
    assert f"Overdue: should have {what} {day.day} {day:%b}" in text.splitlines()
    assert "Overdue" not in tooltip_at(chart, shape_point(chart, done))
