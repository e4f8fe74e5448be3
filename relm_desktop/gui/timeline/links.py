"""The chart's dependency arrows: routed per block of rows, cached, built within a budget.

Routing the arrows of one 32-row block costs 10-30 ms at 10,000 tasks (and
cutting and drawing them 10-40 ms more at 50,000), and a zoom change needs
two or three new blocks at once. A block is built in small steps (``_steps``,
a few tenths of a millisecond each): a frame takes the steps that fit in
``FRAME_BUDGET`` (scrolling usually finds its blocks built ahead), idle ticks
take ``IDLE_SLICE`` worth each, and the rows of each visible block are
repainted as it is ready, so no frame and no tick holds the GUI for long:
after a zoom the arrows follow the bars within a few ticks. Route books are
kept for the last few zoom levels, so zooming back and forth reuses their
arrows.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from relm_desktop.gui.timeline.prefetch import BlockPrefetcher
from relm_desktop.layout.geometry import ROW_HEIGHT, BarMetrics
from relm_desktop.layout.link_blocks import (
    BLOCK_ROWS,
    RouteBook,
    blocks_for,
    merge_runs,
    split_bands,
)

if TYPE_CHECKING:
    from relm_desktop.gui.theme import ChartColors
    from relm_desktop.gui.timeline.chart import GanttChart
    from relm_desktop.layout.timeline import RowLayout

#: Seconds of routing one frame may spend before leaving blocks for idle ticks
#: (a frame's painting takes 3-7 ms of the 8 ms a smooth frame may take, and
#: a new block needs 10-30 ms: its arrows come on the next ticks either way).
FRAME_BUDGET = 0.0005
#: Seconds of routing per idle tick.
IDLE_SLICE = 0.005
#: Route books kept (one per zoom level and bar metrics).
BOOKS = 4
#: Blocks of painter paths kept over all books (each ~BLOCK_ROWS rows tall).
BLOCK_CACHE = 48
#: Rows per band: a block's lines are kept as one path per band, so a repaint
#: of a strip a few rows tall strokes only the bands it touches (a block's
#: path holds ~500 segments at 10,000 tasks: ~0.3 ms a stroke).
BAND_ROWS = 8
BANDS = BLOCK_ROWS // BAND_ROWS
#: Half-built blocks kept (see ``_advance``).
BUILDING = 6
#: Expected seconds per segment of joining a block's runs, and of cutting them
#: into bands and drawing them (~1.4 and ~2 µs measured at 10,000 tasks).
MERGE_COST = 1.5e-6
DRAW_COST = 2.5e-6
BookKey = tuple[object, ...]
BlockKey = tuple[BookKey, int, bool]


class BlockPaths(NamedTuple):
    """The painter paths of one block's arrows."""

    #: First row of the block.
    first: int
    #: Line paths per band, of normal [0] and critical [1] links.
    lines: tuple[list[QPainterPath], list[QPainterPath]]
    #: Arrowheads of normal [0] and critical [1] links.
    heads: tuple[QPainterPath, QPainterPath]

    def bounding_rect(self) -> QRectF:
        """Where the normal links' lines lie (tests)."""
        out = QRectF()
        for path in self.lines[0]:
            if not path.isEmpty():
                out = out.united(path.boundingRect())
        return out


class LinkLayer:
    """Route books and painter paths of the chart's arrows."""

    def __init__(self, chart: GanttChart) -> None:
        self.chart = chart
        self._layout: RowLayout | None = None
        self._books: OrderedDict[BookKey, RouteBook] = OrderedDict()
        self._blocks: OrderedDict[BlockKey, BlockPaths] = OrderedDict()
        #: Blocks part-built: their remaining steps, and what the next is expected to cost.
        self._building: dict[BlockKey, list[Any]] = {}
        self._visible: range = range(0)
        self.prefetcher = BlockPrefetcher(self._build_idle, chart)

    def invalidate(self) -> None:
        """Forget every route (the rows' geometry may have changed)."""
        self._books.clear()
        self._blocks.clear()
        self._building.clear()
        self.prefetcher.cancel()

    def _key(self) -> BookKey:
        chart = self.chart
        return (chart.scale.zoom, chart.scale.origin, chart.show_baseline)

    def book(self) -> RouteBook | None:
        """Routes for the current rows, zoom and bar metrics."""
        layout = self.chart.row_layout
        if layout is None:
            return None
        if layout is not self._layout:
            self.invalidate()
            self._layout = layout
        key = self._key()
        book = self._books.get(key)
        if book is None:
            metrics = BarMetrics(ROW_HEIGHT, self.chart.show_baseline)
            book = self._books[key] = RouteBook(layout, self.chart.scale, metrics)
            while len(self._books) > BOOKS:
                old, _ = self._books.popitem(last=False)
                for stale in [k for k in self._blocks if k[0] == old]:
                    del self._blocks[stale]
                for stale in [k for k in self._building if k[0] == old]:
                    del self._building[stale]
            self.prefetcher.cancel()  # it was building another zoom's blocks
        else:
            self._books.move_to_end(key)
        return book

    def _block_key(self, index: int) -> BlockKey:
        return (self._key(), index, self.chart.show_critical)

    def _cached(self, index: int) -> BlockPaths | None:
        key = self._block_key(index)
        found = self._blocks.get(key)
        if found is not None:
            self._blocks.move_to_end(key)
        return found

    def _steps(
        self, book: RouteBook, index: int, show_critical: bool
    ) -> Generator[float | None, None, BlockPaths]:
        """Route, cut and draw block ``index``, pausing every few tenths of a millisecond.

        The caller decides how many steps fit its frame or idle tick; a block
        of 50,000 tasks takes 50-100 ms of routing and 10-40 ms of the rest.
        Before a step that cannot be cut finer the pause says what it is
        expected to cost (seconds), so a frame can leave it to an idle tick.
        """
        yield from book.route_steps(index)
        block = yield from book.block_steps(index, show_critical=show_critical)
        height = book.metrics.row_height
        top = block.first * height
        lines: list[list[QPainterPath]] = []
        heads: list[QPainterPath] = []
        for critical in (False, True):
            yield len(block.lines[critical]) * MERGE_COST
            runs = merge_runs(block.lines[critical])
            yield len(runs) * DRAW_COST
            bands = []
            for segments in split_bands(runs, top, BAND_ROWS * height, BANDS):
                path = QPainterPath()
                for x0, y0, x1, y1 in segments:
                    path.moveTo(x0, y0)
                    path.lineTo(x1, y1)
                bands.append(path)
            lines.append(bands)
            tips = QPainterPath()
            for (ax, ay), (bx, by), (cx, cy) in block.heads[critical]:
                tips.moveTo(ax, ay)
                tips.lineTo(bx, by)
                tips.lineTo(cx, cy)
                tips.closeSubpath()
            heads.append(tips)
        return BlockPaths(block.first, (lines[0], lines[1]), (heads[0], heads[1]))

    def _advance(
        self, book: RouteBook, index: int, deadline: float | None, in_frame: bool = False
    ) -> BlockPaths | None:
        """Work on block ``index`` until ``deadline`` (None: to the end); its paths when done.

        A step expected to run past the deadline is not started; an idle
        tick takes at least one step all the same, so repeated calls finish.
        """
        key = self._block_key(index)
        building = self._building.get(key)
        if building is None:
            # Scrolling on leaves blocks half-built behind it; only the latest
            # few are kept (a half-built block can hold ~1 MB at 50,000 tasks;
            # its routes stay in the book, so taking it up again is cheaper).
            while len(self._building) >= BUILDING:
                del self._building[next(iter(self._building))]
            building = self._building[key] = [self._steps(book, index, key[2]), 0.0]
        steps, estimate = building
        must = not in_frame
        try:
            while True:
                late = deadline is not None and time.perf_counter() + estimate > deadline
                if late and not must:
                    building[1] = estimate
                    return None
                must = False
                estimate = next(steps) or 0.0
        except StopIteration as done:
            paths: BlockPaths = done.value
        del self._building[key]
        self._blocks[key] = paths
        while len(self._blocks) > BLOCK_CACHE:
            self._blocks.popitem(last=False)
        return paths

    def paths(self, index: int) -> BlockPaths:
        """One block's paths, built now whatever it costs (tests, the link gesture)."""
        found = self._cached(index)
        if found is not None:
            return found
        book = self.book()
        assert book is not None
        paths = self._advance(book, index, None)
        assert paths is not None
        return paths

    def ready(self, rows: range, started: float) -> list[BlockPaths]:
        """Paths of the blocks covering ``rows`` that are ready within the frame budget.

        Blocks that do not fit are queued for idle ticks, visible ones first;
        the chart repaints when each of them is done.
        """
        book = self.book()
        layout = self.chart.row_layout
        if book is None or layout is None or not rows:
            self._visible = range(0)
            return []
        deadline = started + FRAME_BUDGET
        visible = blocks_for(rows.start, rows.stop - 1)
        self._visible = visible
        out: list[BlockPaths] = []
        missing: list[int] = []
        for index in visible:
            paths = self._cached(index)
            if paths is None and time.perf_counter() < deadline:
                paths = self._advance(book, index, deadline, in_frame=True)
            if paths is None:
                missing.append(index)
            else:
                out.append(paths)
        self.want(rows, missing)
        return out

    def want(self, rows: range, missing: list[int] | None = None) -> None:
        """``rows`` are in view: build their ``missing`` blocks, then those around them,
        on idle ticks (a frame that copied its rows from strips calls this alone)."""
        layout = self.chart.row_layout
        if layout is None or not rows:
            return
        self._visible = blocks_for(rows.start, rows.stop - 1)
        key, show = self._key(), self.chart.show_critical
        cached = {index for k, index, shown in self._blocks if k == key and shown == show}
        self.prefetcher.queue(rows, len(layout), cached, missing=missing or ())

    def built(self, rows: range, deadline: float | None) -> list[BlockPaths] | None:
        """Paths of every block covering ``rows``, building what is missing until
        ``deadline`` (idle work; None: build nothing); None if some are not built."""
        book = self.book()
        if book is None or not rows:
            return []
        out: list[BlockPaths] = []
        for index in blocks_for(rows.start, rows.stop - 1):
            paths = self._cached(index)
            if paths is None:
                if deadline is None:
                    return None
                paths = self._advance(book, index, deadline)
                if paths is None:
                    return None
                if index in self._visible:  # the last frame drew it without arrows
                    self.chart.update_rows(index * BLOCK_ROWS, (index + 1) * BLOCK_ROWS)
            out.append(paths)
        return out

    def _build_idle(self, index: int) -> bool:
        """One idle slice of work on block ``index``; True when it is built."""
        book = self.book()
        if book is None:
            return True
        if self._cached(index) is not None:
            return True
        if self._advance(book, index, time.perf_counter() + IDLE_SLICE) is None:
            return False
        if index in self._visible:
            # Its arrows were missing from the last frame: repaint its rows only.
            self.chart.update_rows(index * BLOCK_ROWS, (index + 1) * BLOCK_ROWS)
        return True

    def pending(self) -> bool:
        """Whether visible blocks are still being routed (benchmark, tests)."""
        return any(index in self._visible for index in self.prefetcher.pending())


def paint_lines(p: QPainter, blocks: list[BlockPaths], colors: ChartColors, rows: range) -> None:
    """Arrow lines of the bands covering ``rows``, drawn before the bars so they pass beneath."""
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    normal, critical = QPen(colors.link, 1.0), QPen(colors.critical_progress, 2.0)
    for paths in blocks:
        # A row more on each side: a line on a band's edge spills a pixel over it.
        first = max((rows.start - 1 - paths.first) // BAND_ROWS, 0)
        last = min((rows.stop - paths.first) // BAND_ROWS, BANDS - 1)
        for bands, pen in ((paths.lines[0], normal), (paths.lines[1], critical)):
            p.setPen(pen)
            for band in range(first, last + 1):
                if not bands[band].isEmpty():
                    p.drawPath(bands[band])


def paint_heads(p: QPainter, blocks: list[BlockPaths], colors: ChartColors) -> None:
    """Arrowheads over the bars they point at."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    for paths in blocks:
        for path, color in zip(paths.heads, (colors.link, colors.critical_progress), strict=True):
            if not path.isEmpty():
                p.setBrush(color)
                p.drawPath(path)
