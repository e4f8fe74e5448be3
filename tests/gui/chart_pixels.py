"""Reading the timeline chart's pixels: where a task's bar or ghost bar is, and its colour.

Geometry comes from the Qt-free layout (``layout/geometry.py``), colours from
the chart's palette, so a test can say "this bar is drawn in the critical
colour" instead of only "this frame equals that one".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QToolButton

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.gui.timeline.header import HEADER_HEIGHT
from relm_desktop.layout.geometry import ROW_HEIGHT, Rect, bar_rect, baseline_rect
from relm_desktop.layout.timeline import Node, RowKind
from tests.gui.gui_helpers import view_of

#: Channel difference still counted as the same colour (antialiasing, rounding).
TOLERANCE = 12


def grab(chart: GanttChart) -> QImage:
    """The chart's viewport as it paints now."""
    QApplication.processEvents()
    return chart.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def close(pixel: QColor, colour: QColor, tolerance: int = TOLERANCE) -> bool:
    return (
        max(
            abs(pixel.red() - colour.red()),
            abs(pixel.green() - colour.green()),
            abs(pixel.blue() - colour.blue()),
        )
        <= tolerance
    )


def share(image: QImage, box: QRect, colour: QColor) -> float:
    """The fraction of pixels inside ``box`` (viewport pixels) that are ``colour``."""
    box = box.intersected(image.rect())
    assert not box.isEmpty(), "the box is off screen"
    hits = total = 0
    for y in range(box.top(), box.bottom() + 1):
        for x in range(box.left(), box.right() + 1):
            total += 1
            hits += close(image.pixelColor(x, y), colour)
    return hits / total


def to_viewport(chart: GanttChart, rect: Rect, inset: float = 0.0) -> QRect:
    """Content rectangle → viewport pixels, shrunk by ``inset`` on every side."""
    x = rect.x - chart.horizontalScrollBar().value() + inset
    y = rect.y + HEADER_HEIGHT - chart.verticalScrollBar().value() + inset
    w, h = rect.w - 2 * inset, rect.h - 2 * inset
    return QRect(round(x), round(y), max(int(w), 1), max(int(h), 1))


def row_of(chart: GanttChart, node: Node) -> int:
    assert chart.row_layout is not None
    return chart.row_layout.row_of_task[node.id]


def bring_into_view(chart: GanttChart, node: Node, x: float | None = None) -> None:
    """Scroll so the node's row is in the middle and content x ``x`` (its start) shows."""
    assert node.start is not None
    row = row_of(chart, node)
    chart.verticalScrollBar().setValue(int(row * ROW_HEIGHT - chart.viewport().height() / 2))
    left = chart.scale.x_of(node.start) if x is None else x
    chart.horizontalScrollBar().setValue(int(left - 150))
    QApplication.processEvents()


def bar_box(chart: GanttChart, node: Node) -> QRect:
    """The unfinished part of a task's bar in viewport pixels, inside its outline."""
    assert node.start is not None and node.finish is not None
    metrics = chart.painter.metrics()
    rect = bar_rect(chart.scale, node.start, node.finish, row_of(chart, node) * ROW_HEIGHT, metrics)
    done = rect.w * min(max(node.percent, 0), 100) / 100
    rest = Rect(rect.x + done, rect.y, rect.w - done, rect.h)
    return to_viewport(chart, rest, inset=3.0)


def ghost_box(chart: GanttChart, node: Node, left: float, right: float) -> QRect:
    """The task's baseline ghost bar between content x ``left`` and ``right``."""
    assert node.baseline_start is not None and node.baseline_finish is not None
    metrics = chart.painter.metrics()
    assert metrics.with_baseline
    rect = baseline_rect(
        chart.scale,
        node.baseline_start,
        node.baseline_finish,
        row_of(chart, node) * ROW_HEIGHT,
        metrics,
    )
    x0, x1 = max(rect.x, left), min(rect.right, right)
    return to_viewport(chart, Rect(x0 + 2, rect.y + 1, x1 - x0 - 4, rect.h - 2))


def tasks(win: MainWindow, keep: Callable[[Node], bool]) -> list[Node]:
    """Tasks of the open plan (bars, not milestones) that ``keep`` accepts, widest first."""
    assert win.document is not None and win.document.snapshot is not None
    found = [
        n
        for n in win.document.snapshot.timeline.nodes
        if n.kind is RowKind.TASK
        and not n.milestone
        and n.start is not None
        and n.finish is not None
        and keep(n)
    ]
    return sorted(found, key=lambda n: (n.finish - n.start, -n.id), reverse=True)  # type: ignore[operator]


def toolbar_button(win: MainWindow, action_id: str) -> QToolButton:
    """The toolbar button of an action, for a real click."""
    button = win.toolbar.widgetForAction(win.actions_by_id[action_id])
    assert isinstance(button, QToolButton) and button.isVisible()
    return button


def chart_of(win: MainWindow) -> GanttChart:
    return view_of(win).chart
