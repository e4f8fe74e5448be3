"""Dependency arrows of the chart, routed once and grouped by blocks of rows.

At 10,000 tasks a few hundred arrows cross every screen (a long link spans
more than a hundred rows), and routing and drawing each of them on every
frame cost ~25 ms. Here every arrow is routed at most once per (row layout,
zoom, bar metrics) and cut into the pieces that fall inside each block of
``BLOCK_ROWS`` rows. The painter turns a block into a few painter paths and
caches them, so scrolling only builds the blocks that come into view and a
frame draws two or three cached paths instead of hundreds of polylines.

Qt-free: the pieces are plain float tuples, tested in tests/layout.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TypeVar

from relm_desktop.layout.arrows import Point, arrow_head, route
from relm_desktop.layout.geometry import (
    BarMetrics,
    Rect,
    bar_rect,
    milestone_rect,
    summary_rect,
)
from relm_desktop.layout.scale import DateScale
from relm_desktop.layout.timeline import LINK_BUCKET, LinkItem, RowKind, RowLayout

#: Rows per block; equal to the link index's bucket so a block reads one bucket.
BLOCK_ROWS = LINK_BUCKET
#: Vertical runs longer than this many rows do not look for gap columns: the
#: search costs O(rows) and such runs are drawn beneath the bars anyway.
MAX_AVOID_ROWS = 40
#: Routes kept between blocks; bounded so memory stays flat at any plan size.
ROUTE_CACHE = 20_000
#: New routes between two pauses of ``RouteBook.route_steps`` (~0.4 ms at 10,000 tasks).
ROUTE_GRAIN = 16
#: Links cut into a block between two pauses of ``RouteBook.block_steps`` (~0.3 ms).
BLOCK_GRAIN = 64

T = TypeVar("T")

Segment = tuple[float, float, float, float]
Triangle = tuple[Point, Point, Point]


def row_shape(layout: RowLayout, row: int, scale: DateScale, metrics: BarMetrics) -> Rect | None:
    """The bar (or milestone box, or summary bracket) on ``row``, in content coordinates."""
    node = layout.node_at(row)
    if node.start is None or node.finish is None:
        return None
    top = row * metrics.row_height
    if node.kind is RowKind.TASK and node.milestone:
        box = milestone_rect(scale, node.start, top, metrics)
        # Links join a diamond at its tips, not its bounding box.
        return Rect(box.x + 1, box.y, box.w - 2, box.h)
    if node.kind is not RowKind.TASK:
        return summary_rect(scale, node.start, node.finish, top, metrics)
    return bar_rect(scale, node.start, node.finish, top, metrics)


@dataclass(slots=True)
class LinkBlock:
    """The arrow pieces inside rows ``[first, first + BLOCK_ROWS)``, split by style."""

    first: int
    #: Line segments (x0, y0, x1, y1) of normal [False] and critical [True] links.
    lines: dict[bool, list[Segment]] = field(default_factory=lambda: {False: [], True: []})
    #: Arrowheads whose tip lies in the block.
    heads: dict[bool, list[Triangle]] = field(default_factory=lambda: {False: [], True: []})


class RouteBook:
    """Routes of one row layout at one scale and bar metrics, computed on demand."""

    def __init__(self, layout: RowLayout, scale: DateScale, metrics: BarMetrics) -> None:
        self.layout = layout
        self.scale = scale
        self.metrics = metrics
        self._shapes: dict[int, Rect | None] = {}
        self._routes: dict[int, tuple[tuple[Point, ...], Triangle] | None] = {}

    def shape(self, row: int) -> Rect | None:
        found = self._shapes.get(row, False)
        if found is False:
            if len(self._shapes) > ROUTE_CACHE:
                del self._shapes[next(iter(self._shapes))]
            found = self._shapes[row] = row_shape(self.layout, row, self.scale, self.metrics)
        return found  # type: ignore[return-value]  # False (not cached) was replaced above

    def obstacles(self, y0: float, y1: float) -> list[tuple[float, float]]:
        """(left, right) of the bars on the rows strictly between y0 and y1."""
        height = self.metrics.row_height
        top, bottom = sorted((y0, y1))
        # Rows strictly between: a run from a row's centre skips that row, but a
        # run from a row boundary (the gap line of a doubling-back route) passes
        # the row just inside it, so round the top up rather than down.
        first = int(top // height) + (1 if top % height else 0)
        last = int(bottom // height) - 1
        if last - first >= MAX_AVOID_ROWS:
            return []
        out = []
        for row in range(first, last + 1):
            shape = self.shape(row)
            if shape is not None:
                out.append((shape.x, shape.right))
        return out

    def route_of(self, link: LinkItem) -> tuple[tuple[Point, ...], Triangle] | None:
        """The polyline and arrowhead of ``link``, or None if an end is hidden or undated."""
        if link.id in self._routes:
            return self._routes[link.id]
        rows = self.layout.row_of_task
        a, b = rows.get(link.predecessor), rows.get(link.successor)
        found = None
        if a is not None and b is not None:
            source, target = self.shape(a), self.shape(b)
            if source is not None and target is not None:
                height = self.metrics.row_height
                path = route(
                    link.type,
                    source,
                    target,
                    row_height=height,
                    source_row_top=a * height,
                    target_row_top=b * height,
                    obstacles=self.obstacles,
                )
                found = path.points, arrow_head(path.points[-1], path.direction)
        if len(self._routes) > ROUTE_CACHE:
            # Drop the oldest route only: clearing everything could throw away
            # routes of the block being built and make it route them twice.
            del self._routes[next(iter(self._routes))]
        self._routes[link.id] = found
        return found

    def route_steps(self, index: int, grain: int = ROUTE_GRAIN) -> Generator[None, None, None]:
        """Route block ``index``'s links, pausing (yielding) after every ``grain`` new routes.

        The routes are kept, so ``block`` is then cheap. A caller may stop at
        any pause and start again later: routes already made are not redone.
        """
        routes = self._routes
        made = 0
        for link in self.layout.links_in_bucket(index):
            if link.id not in routes:
                self.route_of(link)
                made += 1
                if made % grain == 0:
                    yield

    def block(self, index: int, *, show_critical: bool = True) -> LinkBlock:
        """Every arrow piece in block ``index``, clipped to the block's rows."""
        return finish(self.block_steps(index, show_critical=show_critical))

    def block_steps(
        self, index: int, *, show_critical: bool = True, grain: int = BLOCK_GRAIN
    ) -> Generator[None, None, LinkBlock]:
        """``block`` in steps: pauses (yields) after every ``grain`` links.

        At 50,000 tasks a block holds thousands of links (long ones pass
        through many blocks) and cutting them all takes 10-20 ms: done in one
        go on an idle tick, that held the window as long.
        """
        height = self.metrics.row_height
        first = index * BLOCK_ROWS
        top, bottom = first * height, (first + BLOCK_ROWS) * height
        out = LinkBlock(first)
        for count, link in enumerate(self.layout.links_in_bucket(index), start=1):
            found = self.route_of(link)
            if found is not None:
                points, head = found
                critical = link.critical and show_critical
                clip_polyline(points, top, bottom, out.lines[critical])
                if top <= head[0][1] < bottom:
                    out.heads[critical].append(head)
            if count % grain == 0:
                yield
        return out


def finish(steps: Generator[None, None, T]) -> T:
    """Run a stepwise computation to its end and return its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]  # StopIteration.value is untyped


def clip_polyline(points: tuple[Point, ...], top: float, bottom: float, out: list[Segment]) -> None:
    """Append the parts of an orthogonal polyline with top <= y < bottom to ``out``.

    A horizontal run belongs to the one block holding its y, so pieces of
    neighbouring blocks never overlap (anti-aliased overlaps would darken).
    """
    for (ax, ay), (bx, by) in pairwise(points):
        if ay == by:
            if top <= ay < bottom:
                out.append((ax, ay, bx, by))
            continue
        lo, hi = (ay, by) if ay < by else (by, ay)
        if hi < top or lo >= bottom:
            continue
        y0, y1 = max(lo, top), min(hi, bottom)
        if ay > by:
            y0, y1 = y1, y0
        out.append((ax, y0, bx, y1))


def split_bands(
    segments: list[Segment], top: float, band_height: float, bands: int
) -> list[list[Segment]]:
    """One block's segments cut into ``bands`` bands ``band_height`` tall from ``top``.

    A repaint of a few rows then draws the bands it touches, not the whole
    block. As in ``clip_polyline``, a horizontal run belongs to the band
    holding its y; runs outside the bands go to the nearest one.
    """
    out: list[list[Segment]] = [[] for _ in range(bands)]
    last = bands - 1
    for segment in segments:
        x0, y0, x1, y1 = segment
        lo, hi = (y0, y1) if y0 <= y1 else (y1, y0)
        first_band = min(max(int((lo - top) // band_height), 0), last)
        last_band = min(max(int((hi - top) // band_height), 0), last)
        if first_band == last_band or y0 == y1:
            out[first_band].append(segment)
            continue
        for band in range(first_band, last_band + 1):
            band_top = top + band * band_height
            # The outer bands reach past the block's edges (nothing is cut off).
            a = lo if band == 0 else max(lo, band_top)
            b = hi if band == last else min(hi, band_top + band_height)
            if a == b:
                continue  # ends exactly on this band's edge
            out[band].append((x0, b, x1, a) if y0 > y1 else (x0, a, x1, b))
    return out


def merge_runs(segments: list[Segment]) -> list[Segment]:
    """``segments`` with overlapping or touching collinear runs joined into one.

    Links leaving one bar or entering another share columns and lanes: at
    10,000 tasks half of a block's line pixels are drawn twice or more, and
    drawing lines costs per pixel (a zoomed-out frame spent 6 ms on them).
    The pixels covered stay the same; runs come out ordered low to high.
    """
    vertical: dict[float, list[tuple[float, float]]] = {}
    horizontal: dict[float, list[tuple[float, float]]] = {}
    out: list[Segment] = []
    for segment in segments:
        x0, y0, x1, y1 = segment
        if x0 == x1:
            vertical.setdefault(x0, []).append((y0, y1) if y0 <= y1 else (y1, y0))
        elif y0 == y1:
            horizontal.setdefault(y0, []).append((x0, x1) if x0 <= x1 else (x1, x0))
        else:
            out.append(segment)  # slanted: none are routed today, kept as they are
    for x, runs in vertical.items():
        out.extend((x, lo, x, hi) for lo, hi in _union(runs))
    for y, runs in horizontal.items():
        out.extend((lo, y, hi, y) for lo, hi in _union(runs))
    return out


def _union(runs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted intervals with overlapping or touching ones joined."""
    runs.sort()
    joined = [runs[0]]
    for lo, hi in runs[1:]:
        last_lo, last_hi = joined[-1]
        if lo <= last_hi:
            if hi > last_hi:
                joined[-1] = (last_lo, hi)
        else:
            joined.append((lo, hi))
    return joined


def blocks_for(first_row: int, last_row: int) -> range:
    """Block indices covering rows ``first_row``..``last_row`` (inclusive)."""
    return range(first_row // BLOCK_ROWS, last_row // BLOCK_ROWS + 1)


__all__ = [
    "BLOCK_ROWS",
    "LinkBlock",
    "RouteBook",
    "blocks_for",
    "clip_polyline",
    "finish",
    "merge_runs",
    "row_shape",
    "split_bands",
]
