"""How the chart and the task table paint: only what changed, and as they always looked."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QTableView, QWidget

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline import links as links_module
from relm_desktop.gui.timeline.painter import Smooth
from relm_desktop.gui.timeline.prefetch import BlockPrefetcher
from relm_desktop.gui.timeline.strips import StripCache
from relm_desktop.layout.geometry import ROW_HEIGHT, BarMetrics
from relm_desktop.layout.link_blocks import BLOCK_ROWS, RouteBook
from relm_desktop.layout.scale import Zoom
from relm_desktop.layout.timeline import RowKind
from tests.gui.chart_pixels import (
    bar_box,
    bring_into_view,
    chart_of,
    close,
    ghost_box,
    grab,
    share,
    tasks,
    toolbar_button,
)
from tests.gui.gui_helpers import bar_point, read_task, settle, task_node, view_of
from tests.gui.test_timeline_gestures import LEFT, drag


def on_screen(window: MainWindow, widget: QWidget) -> QImage:
    """What the window shows of ``widget`` now (its backing store, not a new paint)."""
    origin = widget.mapTo(window, QPoint(0, 0))
    shot = QGuiApplication.primaryScreen().grabWindow(window.winId()).toImage()
    size = widget.size()
    return shot.copy(origin.x(), origin.y(), size.width(), size.height()).convertToFormat(
        QImage.Format.Format_RGB32
    )


def painted_afresh(widget: QWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def clearly_different(a: QImage, b: QImage) -> int:
    """Pixels differing by more than a rounding tie (bars at x.5 land one pixel over)."""
    assert a.size() == b.size()
    count = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            if p != q and max(abs(((p >> s) & 255) - ((q >> s) & 255)) for s in (0, 8, 16)) > 24:
                count += 1
    return count


def test_scrolling_moves_pixels_and_paints_what_comes_into_view(
    qtbot: Any, opened: MainWindow
) -> None:
    chart = view_of(opened).chart
    viewport = chart.viewport()
    vertical, horizontal = chart.verticalScrollBar(), chart.horizontalScrollBar()
    assert vertical.maximum() > 200
    for dx, dy in ((0, 52), (0, 26), (40, 0), (0, -78), (-120, 26), (0, 300)):
        horizontal.setValue(horizontal.value() + dx)
        vertical.setValue(vertical.value() + dy)
        qtbot.wait(30)
        assert clearly_different(on_screen(opened, viewport), painted_afresh(viewport)) <= 8


def test_a_zoom_change_draws_that_zooms_arrows(opened: MainWindow) -> None:
    chart = view_of(opened).chart
    chart.set_zoom(Zoom.WEEK)
    chart.viewport().repaint()
    chart.set_zoom(Zoom.MONTH)
    chart.viewport().repaint()
    assert chart.row_layout is not None
    fresh = RouteBook(chart.row_layout, chart.scale, BarMetrics()).block(0)
    shown = chart.painter.links.paths(0).bounding_rect()
    xs = [x for x0, _, x1, _ in fresh.lines[False] for x in (x0, x1)]
    assert (shown.left(), shown.right()) == (min(xs), max(xs))


def test_arrows_routed_while_idle_reach_the_screen(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    chart = view_of(opened).chart
    viewport = chart.viewport()
    monkeypatch.setattr(links_module, "FRAME_BUDGET", 0.0)  # frames leave routing to idle
    chart.painter.links.invalidate()
    # Quarters: the whole demo plan's width, with its arrows, is in view.
    chart.set_zoom(Zoom.QUARTER)
    chart.horizontalScrollBar().setValue(0)
    chart.viewport().repaint()
    assert chart.painter.links.pending()
    before = on_screen(opened, viewport)
    qtbot.waitUntil(lambda: not chart.painter.links.pending(), timeout=3000)
    qtbot.wait(30)
    after = on_screen(opened, viewport)
    assert clearly_different(before, after) > 50  # the arrows came
    assert clearly_different(after, painted_afresh(viewport)) <= 8


def test_labels_a_page_around_the_viewport_are_laid_out_while_idle(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    # Where strips cannot be used (a fractional pixel ratio, a gesture); with
    # them, painting the strips a page around lays the labels out.
    monkeypatch.setattr(StripCache, "usable", lambda self: False)
    chart = view_of(opened).chart
    painter = chart.painter
    layout = chart.row_layout
    assert layout is not None and len(layout) > 40
    chart.verticalScrollBar().setValue(0)
    painter._labels.clear()
    chart.viewport().repaint()
    page = chart.viewport().height() // ROW_HEIGHT
    below = range(page + 1, min(2 * page, len(layout)))
    wanted = {painter._label_spec(layout.node_at(row)) for row in below}
    assert not wanted & set(painter._labels)  # not painted: not laid out yet
    qtbot.waitUntil(lambda: wanted <= set(painter._labels), timeout=2000)


def test_fast_table_paint_looks_like_the_delegate(opened: MainWindow) -> None:
    table = view_of(opened).tree
    model = table.task_model
    # Two separate selected rows: two selection ranges.
    keys = [model.node(table.model().index(row, 0)).key for row in (3, 6)]  # type: ignore[union-attr]
    view_of(opened).select_keys(keys)
    assert len(table.selectionModel().selection()) == 2
    fast = painted_afresh(table.viewport())
    table.paintEvent = lambda event: QTableView.paintEvent(table, event)  # type: ignore[method-assign]
    try:
        by_delegate = painted_afresh(table.viewport())
    finally:
        del table.paintEvent
    assert fast == by_delegate


def test_prefetcher_puts_unfinished_visible_blocks_first_and_resumes_them(qtbot: Any) -> None:
    calls: list[int] = []

    def build(index: int) -> bool:
        calls.append(index)
        return calls.count(index) >= 2  # each block takes two slices

    prefetcher = BlockPrefetcher(build)
    rows = range(BLOCK_ROWS + 5, 2 * BLOCK_ROWS - 1)  # block 1 on screen
    prefetcher.queue(rows, 4 * BLOCK_ROWS, cached={0, 3}, missing=[1])
    assert prefetcher.pending() == [1, 2]
    qtbot.waitUntil(lambda: not prefetcher.pending())
    assert calls == [1, 1, 2, 2]


@pytest.fixture
def layer(opened: MainWindow) -> links_module.LinkLayer:
    """The chart's arrow layer with nothing routed or built yet."""
    found = view_of(opened).chart.painter.links
    found.invalidate()
    return found


def test_a_block_built_a_step_per_idle_tick_equals_one_built_at_once(
    layer: links_module.LinkLayer, monkeypatch: Any
) -> None:
    monkeypatch.setattr(links_module, "IDLE_SLICE", 0.0)  # a tick takes one step only
    ticks = 1
    while not layer._build_idle(0):
        ticks += 1
        assert layer._cached(0) is None  # part-built blocks are not drawn
    assert ticks > 3  # routing, cutting and drawing came in steps
    stepped = layer.paths(0)
    layer.invalidate()
    whole = layer.paths(0)  # built at once
    for a, b in zip(
        stepped.lines[0] + stepped.lines[1], whole.lines[0] + whole.lines[1], strict=True
    ):
        assert a == b
    assert stepped.heads == whole.heads


def test_only_the_latest_half_built_blocks_are_kept(
    layer: links_module.LinkLayer, monkeypatch: Any
) -> None:
    monkeypatch.setattr(links_module, "IDLE_SLICE", 0.0)
    monkeypatch.setattr(links_module, "BUILDING", 2)
    layout = layer.chart.row_layout
    assert layout is not None
    blocks = (len(layout) - 1) // BLOCK_ROWS + 1
    assert blocks > links_module.BUILDING
    for index in range(blocks):
        layer._build_idle(index)  # one step each: scrolling on, say
    assert len(layer._building) <= links_module.BUILDING
    assert {key[1] for key in layer._building} <= set(range(blocks - links_module.BUILDING, blocks))


def test_a_frame_leaves_a_step_that_would_overrun_it_to_idle_ticks(
    layer: links_module.LinkLayer, monkeypatch: Any
) -> None:
    book = layer.book()
    assert book is not None
    monkeypatch.setattr(links_module, "MERGE_COST", 10.0)  # joining runs: "ten seconds"
    far = time.perf_counter() + 5.0  # a generous frame, but not ten seconds
    assert layer._advance(book, 0, far, in_frame=True) is None
    _, estimate = layer._building[layer._block_key(0)]
    assert estimate >= 10.0  # routed and cut, stopped before joining
    assert layer._advance(book, 0, far, in_frame=True) is None  # and again
    while not layer._build_idle(0):
        pass
    assert layer._cached(0) is not None  # idle ticks take such steps all the same


def test_a_summary_narrower_than_its_tips_is_drawn_solid(opened: MainWindow) -> None:
    chart = view_of(opened).chart
    chart.set_zoom(Zoom.QUARTER)
    layout = chart.row_layout
    assert layout is not None
    nodes = (layout.node_at(row) for row in range(len(layout)))
    summary = next(n for n in nodes if n.kind is not RowKind.TASK and n.start is not None)
    narrow = dataclasses.replace(summary, finish=summary.start, percent=0)  # one day: ~1 px
    image = QImage(100, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    left = chart.scale.x_of(narrow.start) - 50
    p.translate(-left, 0)
    smooth = Smooth()
    rect = chart.painter._paint_summary(p, narrow, 0.0, chart.painter.metrics(), smooth)
    smooth.paint(p, chart.colors)
    p.end()
    # Where the two tips overlap, just below the bar: filled, not a hole.
    below = image.pixelColor(round(rect.x + rect.w / 2 - left), round(rect.bottom + 1))
    expected = chart.colors.summary
    assert (
        max(
            abs(below.red() - expected.red()),
            abs(below.green() - expected.green()),
            abs(below.blue() - expected.blue()),
        )
        < 40
    ), below.name()


# -- what the chart shows: colours at the bars' places ------------------------------------
def test_critical_bars_are_drawn_in_the_critical_colour(qtbot: Any, opened: MainWindow) -> None:
    chart = chart_of(opened)
    colors = chart.colors
    assert chart.show_critical and not close(colors.critical, colors.bar, 40)
    critical = tasks(opened, lambda n: n.critical and n.percent < 50)
    normal = tasks(opened, lambda n: not n.critical and n.percent < 50)
    assert critical and normal
    for node, colour, other in (
        (critical[0], colors.critical, colors.bar),
        (normal[0], colors.bar, colors.critical),
    ):
        bring_into_view(chart, node)
        image, box = grab(chart), bar_box(chart, node)
        assert box.width() > 20, node.name
        assert share(image, box, colour) > 0.9, (node.name, node.critical)
        assert share(image, box, other) < 0.05, (node.name, node.critical)


def test_baseline_ghost_bars_show_where_a_moved_task_was(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    chart = chart_of(opened)
    assert not chart.show_baseline
    qtbot.mouseClick(toolbar_button(opened, "relm.view.baseline"), LEFT)
    assert chart.show_baseline
    opened.activateWindow()
    qtbot.keyClick(opened, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # Save Baseline
    settle(qtbot, opened)
    node = task_node(opened, "Hypercare", "Customer")
    assert (node.baseline_start, node.baseline_finish) == (node.start, node.finish)
    week = round(7 * chart.scale.px_per_day)
    start = bar_point(opened, node)
    drag(qtbot, opened, start, start + QPoint(week, 0))
    settle(qtbot, opened)
    moved = task_node(opened, "Hypercare", "Customer")
    assert moved.start is not None and node.start is not None and node.finish is not None
    assert moved.start == node.start + timedelta(days=7)
    assert (moved.baseline_start, moved.baseline_finish) == (node.start, node.finish)
    assert read_task(demo_path, node.id).baseline_start == node.start  # in the file too
    bring_into_view(chart, moved, chart.scale.x_of(node.start))
    image = grab(chart)
    ghost = chart.colors.baseline
    # Under the bar, from the old start to the old finish: the ghost.
    old = ghost_box(chart, moved, chart.scale.x_of(node.start), chart.scale.x_after(node.finish))
    assert share(image, old, ghost) > 0.8
    # The week the task moved on: no ghost there.
    assert moved.finish is not None
    later = (chart.scale.x_after(node.finish), chart.scale.x_after(moved.finish))
    assert later[1] - later[0] > 10
    beyond = ghost_box(chart, moved, *later)
    beyond.setLeft(old.right() + 6)  # clear of the ghost's last pixel
    beyond.setWidth(max(round(later[1] - later[0]) - 12, 1))
    assert share(image, beyond, ghost) < 0.2
    # The bar itself: at its new place, in a bar colour.
    assert share(image, bar_box(chart, moved), ghost) < 0.05
