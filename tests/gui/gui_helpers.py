"""Helpers for driving the timeline in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.view import TimelineView
from relm_desktop.layout.timeline import Node, RowKind
from relm_desktop.services.plan import PlanService

#: The views besides the timeline, built one per tick after the first schedule.
OTHER_VIEWS = 4


def settle(qtbot: Any, win: MainWindow) -> None:
    """Wait until the last reschedule has reached the views (all of them built)."""
    assert win.document is not None
    qtbot.waitUntil(
        lambda: (
            win.document is not None
            and win.document.snapshot is not None
            and not win.document.is_busy()
            and len(win.views) == OTHER_VIEWS
        ),
        timeout=15_000,
    )


def view_of(win: MainWindow) -> TimelineView:
    assert win.timeline is not None
    return win.timeline


def task_node(win: MainWindow, name: str, release: str | None = None) -> Node:
    """The first task called ``name`` (in the release whose name starts with ``release``)."""
    assert win.document is not None and win.document.snapshot is not None
    timeline = win.document.snapshot.timeline
    for node in timeline.nodes:
        if node.kind is not RowKind.TASK or node.name != name:
            continue
        if release is not None:
            top = node
            while top.parent >= 0:
                top = timeline.nodes[top.parent]
            if not top.name.startswith(release):
                continue
        return node
    raise LookupError(name)


def bar_point(win: MainWindow, node: Node, where: str = "body") -> QPoint:
    """Viewport point on a task's bar (``body`` centre, ``end`` grip), scrolled into view."""
    view = view_of(win)
    view.select_keys([node.key])
    chart = view.chart
    assert chart.row_layout is not None
    row = chart.row_layout.row_of_task[node.id]
    shape = chart.painter.shape_of_row(row)
    assert shape is not None
    chart.horizontalScrollBar().setValue(int(shape.x - 200))
    x = shape.right - 2 if where == "end" else shape.x + min(shape.w / 2, 20)
    return chart.viewport_point(x, shape.center_y)


def read_task(path: Path, ident: int) -> Any:
    """The task as stored in the file now (opened separately, read-only)."""
    service = PlanService.open(path, readonly=True)
    try:
        data = service.load()
    finally:
        service.close()
    return next(t for t in data.tasks if t.id == ident)


def read_links(path: Path) -> list[Any]:
    service = PlanService.open(path, readonly=True)
    try:
        return list(service.load().links)
    finally:
        service.close()
