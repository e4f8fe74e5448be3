"""Zooming the chart as a coordinator expects: to fit the plan or the selection,
and, at any step, with the selected task kept in view."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from relm_desktop.layout.scale import PX_PER_DAY, Zoom
from relm_desktop.layout.timeline import Node

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.chart import GanttChart

#: Room kept at each side of a fitted span (labels sit right of their bars).
FIT_MARGIN = 40


def fitting_zoom(days: int, width: float) -> Zoom | None:
    """The finest zoom level showing ``days`` calendar days in ``width`` pixels
    (None: not even quarters do)."""
    for zoom in Zoom:
        if days * PX_PER_DAY[zoom] <= width - 2 * FIT_MARGIN:
            return zoom
    return None


def zoom_to_span(chart: GanttChart, first: date, last: date) -> bool:
    """Zoom and scroll so ``first``..``last`` shows across the chart, centred.

    Returns False when the span is too long even at quarter zoom: the chart
    then shows quarters from ``first`` on.
    """
    width = chart.viewport().width()
    zoom = fitting_zoom((last - first).days + 1, width)
    chart.set_zoom(zoom if zoom is not None else Zoom.QUARTER)
    scale = chart.scale
    left, right = scale.x_of(first), scale.x_after(last)
    bar = chart.horizontalScrollBar()
    if zoom is None:
        bar.setValue(int(left - FIT_MARGIN))
        return False
    bar.setValue(round((left + right) / 2 - width / 2))
    return True


def zoom_keeping(chart: GanttChart, zoom: Zoom, focus: Node | None) -> None:
    """Change zoom with ``focus`` (the selected row) kept where it is on screen,
    or brought into view if it was not on screen."""
    if focus is None or focus.start is None:
        chart.set_zoom(zoom)
        return
    x = chart.scale.x_of(focus.start) - chart.horizontalScrollBar().value()
    shown = 0 <= x <= chart.viewport().width()
    chart.set_zoom(zoom, x if shown else None)
    chart.ensure_visible(focus)
