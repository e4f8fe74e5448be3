"""Arrow routes keep their vertical runs in gap columns between other bars (no Qt)."""

from __future__ import annotations

import itertools
import random

import pytest

from relm_desktop.layout.arrows import CLEARANCE, MAX_SLIDE, Point, free_column, route
from relm_desktop.layout.geometry import BarMetrics, Rect
from relm_desktop.layout.link_blocks import MAX_AVOID_ROWS, RouteBook
from relm_desktop.layout.timeline import LinkItem

METRICS = BarMetrics()
ROW = METRICS.row_height
KINDS = ("FS", "SS", "FF", "SF")


def bar(row: int, x: float, w: float) -> Rect:
    """A bar on ``row`` placed like the chart places task bars."""
    return Rect(x, row * ROW + METRICS.bar_top, w, METRICS.bar_height)


class FakeLayout:
    """Just enough of a RowLayout for RouteBook: one bar per row, no hidden tasks."""

    def __init__(self, bars: dict[int, Rect]) -> None:
        self.bars = bars
        self.row_of_task = {row: row for row in bars}


class Book(RouteBook):
    """A RouteBook over hand-placed bars instead of scheduled tasks."""

    def __init__(self, bars: dict[int, Rect]) -> None:
        super().__init__(FakeLayout(bars), None, METRICS)  # type: ignore[arg-type]
        self.bars = bars

    def shape(self, row: int) -> Rect | None:
        return self.bars.get(row)


def route_between(book: Book, kind: str, a: int, b: int) -> tuple[Point, ...]:
    """The polyline of a ``kind`` link from the bar on row ``a`` to the one on row ``b``."""
    found = book.route_of(
        LinkItem(id=a * 10_000 + b, predecessor=a, successor=b, type=kind, critical=False, lag=0)
    )
    assert found is not None
    return found[0]


def vertical_crossings(points: tuple[Point, ...], bars: dict[int, Rect], ends: set[int]) -> list:
    """(segment, row) pairs where a vertical run passes through a bar other than ``ends``."""
    hits = []
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        if ax != bx:
            continue
        lo, hi = sorted((ay, by))
        for row, rect in bars.items():
            if row in ends:
                continue
            if rect.x < ax < rect.right and lo < rect.bottom and hi > rect.y:
                hits.append(((ax, ay, bx, by), row))
    return hits


def horizontal_crossings(points: tuple[Point, ...], bars: dict[int, Rect], ends: set[int]) -> list:
    """Horizontal runs through another bar (they follow row centres or row gaps)."""
    hits = []
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        if ay != by:
            continue
        lo, hi = sorted((ax, bx))
        for row, rect in bars.items():
            if row not in ends and rect.y < ay < rect.bottom and lo < rect.right and hi > rect.x:
                hits.append(((ax, ay, bx, by), row))
    return hits


# --- free_column ---------------------------------------------------------------------------


def test_free_column_keeps_the_preferred_place_when_clear() -> None:
    assert free_column(50.0, 0.0, 100.0, [(60.0, 90.0)]) == 50.0
    assert free_column(50.0, 0.0, 100.0, []) == 50.0


def test_free_column_moves_to_the_nearest_edge_with_clearance() -> None:
    assert free_column(50.0, -1e18, 1e18, [(40.0, 70.0)]) == 40.0 - CLEARANCE
    assert free_column(65.0, -1e18, 1e18, [(40.0, 70.0)]) == 70.0 + CLEARANCE


def test_free_column_respects_bounds_and_merges_overlaps() -> None:
    # Left edge is out of bounds, so the run goes right past both merged bars.
    assert free_column(50.0, 45.0, 1e18, [(40.0, 70.0), (68.0, 100.0)]) == 100.0 + CLEARANCE
    # A gap narrower than twice the clearance is no gap.
    bars = [(40.0, 70.0), (74.0, 100.0)]
    assert free_column(72.0, 0.0, 200.0, bars) in (40.0 - CLEARANCE, 100.0 + CLEARANCE)


def test_free_column_falls_back_to_preferred_when_nothing_is_free() -> None:
    assert free_column(50.0, 45.0, 60.0, [(0.0, 500.0)]) == 50.0
    # Never slides further than MAX_SLIDE.
    assert free_column(50.0, -1e18, 1e18, [(50.0 - MAX_SLIDE - 10, 50.0 + MAX_SLIDE + 10)]) == 50.0


# --- routes through a field of bars -------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_wall_in_the_natural_column_is_avoided(kind: str) -> None:
    """A bar straddling the natural jog column pushes the run into the gap beside it."""
    source, target = bar(0, 100, 100), bar(6, 400, 80)
    natural = route(
        kind, source, target, row_height=ROW, source_row_top=0, target_row_top=6 * ROW
    ).points
    xs = sorted({x for (x, _), (x2, _) in itertools.pairwise(natural) if x == x2})
    bars = {0: source, 6: target}
    # A 60-px bar centred on every vertical run of the natural route, on rows 2 and 4.
    for row, x in zip((2, 4), itertools.cycle(xs), strict=False):
        bars[row] = bar(row, x - 30, 60)
    points = route_between(Book(bars), kind, 0, 6)
    assert vertical_crossings(points, bars, {0, 6}) == []
    assert horizontal_crossings(points, bars, {0, 6}) == []
    assert points[0][1] == source.center_y and points[-1][1] == target.center_y


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("upwards", [False, True])
def test_doubling_back_drop_avoids_the_row_next_to_the_gap(kind: str, upwards: bool) -> None:
    """The drop to the row gap must also clear the bar on the row just beside the gap."""
    a, b = (0, 5) if not upwards else (5, 0)
    # Target ends well after the source: FS/SS-style joins must double back.
    source, target = bar(a, 300, 100), bar(b, 100, 150)
    bars = {a: source, b: target}
    natural = route(
        kind, source, target, row_height=ROW, source_row_top=a * ROW, target_row_top=b * ROW
    ).points
    verticals = [x for (x, _), (x2, _) in itertools.pairwise(natural) if x == x2]
    # Block every row between source and target under the natural verticals.
    for row in range(min(a, b) + 1, max(a, b)):
        x = verticals[0]
        bars[row] = bar(row, x - 20, 40)
    points = route_between(Book(bars), kind, a, b)
    assert vertical_crossings(points, bars, {a, b}) == []
    assert horizontal_crossings(points, bars, {a, b}) == []


def test_obstacles_include_the_row_beside_a_gap_line() -> None:
    """A run ending on a row boundary still passes the row just inside that boundary."""
    bars = {row: bar(row, 10 * row, 20) for row in range(10)}
    book = Book(bars)
    down = book.obstacles(1 * ROW + ROW / 2, 5 * ROW)  # from row 1's centre to the gap above row 5
    assert down == [(bars[r].x, bars[r].right) for r in (2, 3, 4)]
    up = book.obstacles(8 * ROW + ROW / 2, 5 * ROW)  # from row 8's centre up to the gap below 4
    assert up == [(bars[r].x, bars[r].right) for r in (5, 6, 7)]


def random_field(seed: int, rows: int) -> dict[int, Rect]:
    """Short bars scattered over a wide chart, so gap columns always exist nearby."""
    rng = random.Random(seed)
    return {row: bar(row, rng.uniform(0, 1600), rng.uniform(12, 60)) for row in range(rows)}


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("kind", KINDS)
def test_short_runs_never_cross_another_bar(seed: int, kind: str) -> None:
    rows = 30
    bars = random_field(seed, rows)
    book = Book(bars)
    rng = random.Random(seed * 7 + 1)
    for _ in range(60):
        a, b = rng.sample(range(rows), 2)
        points = route_between(book, kind, a, b)
        assert vertical_crossings(points, bars, {a, b}) == [], (kind, a, b, points)
        assert horizontal_crossings(points, bars, {a, b}) == [], (kind, a, b, points)


def test_long_runs_skip_the_search() -> None:
    """Runs over more than MAX_AVOID_ROWS rows do not look for columns (drawn under bars)."""
    bars = {row: bar(row, 0, 2000) for row in range(MAX_AVOID_ROWS + 5)}
    assert Book(bars).obstacles(ROW / 2, (MAX_AVOID_ROWS + 3.5) * ROW) == []


@pytest.mark.parametrize("kind", KINDS)
def test_routing_is_deterministic(kind: str) -> None:
    bars = random_field(3, 25)
    pairs = [(0, 24), (24, 0), (3, 11), (17, 9), (5, 6)]
    first = [route_between(Book(bars), kind, a, b) for a, b in pairs]
    again = [route_between(Book(dict(reversed(list(bars.items())))), kind, a, b) for a, b in pairs]
    assert first == again
