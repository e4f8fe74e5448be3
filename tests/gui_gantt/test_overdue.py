"""Overdue work flagged against the status date: red at the bar's end, said in the tooltip."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.overdue import CAP, overdue_color
from relm_desktop.gui.timeline.tree_model import Column, negative_color
from relm_desktop.layout.filters import overdue_since
from relm_desktop.layout.timeline import Node, RowKind
from tests.gui.chart_pixels import bring_into_view, grab, share
from tests.gui.gui_helpers import settle, view_of
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


def test_the_plan_s_status_date_places_the_today_line_and_judges_overdue(
    qtbot: Any, window: MainWindow, demo_path: Path
) -> None:
    status = date(2026, 2, 16)
    with sqlite3.connect(demo_path) as db:  # the status date as another session set it
        db.execute("UPDATE plan_info SET status_date = ?", (status.isoformat(),))
    db.close()
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    view = view_of(window)
    chart = view.chart
    assert view.status_date == status and chart.today == status
    tasks = [
        n
        for n in view.model.timeline.nodes  # type: ignore[union-attr]
        if n.kind is RowKind.TASK and not n.milestone and n.start and n.finish
    ]
    # Not due by the status date, though long overdue by the calendar's today.
    ahead = next(n for n in tasks if n.start > status and n.percent == 0)  # type: ignore[operator]
    assert overdue_since(ahead, date.today())
    red = overdue_color(chart.colors.background)
    assert share(grab(chart), end_cap(window, ahead), red) < 0.2
    assert "Overdue" not in tooltip_at(chart, shape_point(chart, ahead))
    # The today line is drawn at the status date.
    x = round(chart.scale.x_of(status) + chart.scale.px_per_day / 2)
    chart.horizontalScrollBar().setValue(x - 200)
    line = chart.viewport_point(x, 0)
    image = grab(chart)
    assert (
        share(image, QRect(line.x() - 1, chart.viewport().height() - 60, 3, 40), chart.colors.today)
        > 0.3
    )


def test_the_table_marks_overdue_tasks_in_the_done_column(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened)
    tree = view.tree
    status = view.status_date
    nodes = view.model.timeline.nodes  # type: ignore[union-attr]
    late = next(n for n in nodes if n.kind is RowKind.TASK and overdue_since(n, status))
    done = next(n for n in nodes if n.kind is RowKind.TASK and n.percent == 100)
    red = negative_color(tree.palette().color(QPalette.ColorRole.Base))  # the table's red
    for node, flagged in ((late, True), (done, False)):
        view.tree.scrollTo(view.model.index_of(node.key))
        cell = tree.visualRect(view.model.index_of(node.key, int(Column.PERCENT)))
        dot = QRect(cell.x() + 7, cell.center().y() - 2, 4, 4)
        QApplication.processEvents()
        image = tree.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        assert (share(image, dot, red) > 0.6) is flagged, node.name
