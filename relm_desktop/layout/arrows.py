"""Orthogonal routes for dependency arrows that keep clear of the bars they join.

A route leaves the predecessor from the side its link type names (finish →
right edge, start → left edge), runs a short stub outwards, and enters the
successor horizontally from outside. When a single vertical jog cannot join
the two stubs without doubling back through a bar, the route drops into the
gap between rows (bars never reach a row's edge) and crosses there instead.

Other bars: given ``obstacles`` (the x-extents of the bars on the rows a
vertical run passes), each vertical run is placed in a gap column between
those bars, as near to its natural position as the link type allows; when the narrow
window of a single jog holds no clear column, the route detours through the
row gap instead, whose drop may slide further out.
Horizontal runs already stay clear: they follow the source or target row's
centre line (only that row's own bar is there) or the gap between two rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from relm_desktop.layout.geometry import Rect

#: Horizontal run out of a bar before turning.
STUB = 8.0
#: Arrowhead length.
HEAD = 6.0

Point = tuple[float, float]
#: ``obstacles(y0, y1)``: (left, right) of every bar a vertical run from y0 to y1 would pass.
Obstacles = Callable[[float, float], list[tuple[float, float]]]
#: Clearance kept between a vertical run and a bar it slips past.
CLEARANCE = 3.0
#: How far a run may slide away from its natural place to find a gap column.
MAX_SLIDE = 240.0


@dataclass(frozen=True, slots=True)
class Route:
    """A polyline from the predecessor to the tip of the arrow, and the tip's direction."""

    points: tuple[Point, ...]
    direction: int  # +1: the head points right, -1: left


def _ends(link_type: str) -> tuple[bool, bool]:
    """(leaves from predecessor's finish, enters successor's start) for a link type."""
    kind = link_type.upper()
    return kind[0] == "F", kind[1] == "S"


def route(
    link_type: str,
    source: Rect,
    target: Rect,
    *,
    row_height: float,
    target_row_top: float,
    source_row_top: float,
    blocked: Callable[[float, float, float], bool] | None = None,
    obstacles: Obstacles | None = None,
) -> Route:
    """Route a link of ``link_type`` (FS, SS, FF, SF) from ``source`` to ``target`` bars.

    ``blocked(x, y0, y1)`` may say whether a vertical segment at ``x`` would
    cross another bar; the router then slides the segment sideways (a little)
    to find a free lane. ``obstacles(y0, y1)`` is the better hook: it lists
    the bars in the way, and the run goes to the nearest gap between them.
    """
    from_finish, to_start = _ends(link_type)
    sx = source.right if from_finish else source.x
    sy = source.center_y
    tx = target.x if to_start else target.right
    ty = target.center_y
    out = 1.0 if from_finish else -1.0  # direction of the stub leaving the source
    into = 1.0 if to_start else -1.0  # direction of travel when entering the target
    p1x = sx + out * STUB
    q1x = tx - into * (STUB + HEAD)
    # A single vertical jog at xv works when xv is on the stub side of the source
    # and on the approach side of the target.
    lo = max(p1x if out > 0 else -1e18, q1x if into < 0 else -1e18)
    hi = min(p1x if out < 0 else 1e18, q1x if into > 0 else 1e18)
    if lo <= hi:
        preferred = min(max(p1x, lo), hi)
        xv: float | None
        if obstacles is not None:
            # No clear column in the narrow jog window: take the detour below,
            # whose drop may slide outwards much further.
            xv = clear_column(preferred, lo, hi, obstacles(sy, ty))
        else:
            xv = _free_lane(preferred, lo, hi, sy, ty, blocked)
        if xv is not None:
            points: tuple[Point, ...] = ((sx, sy), (xv, sy), (xv, ty), (tx, ty))
            return Route(_simplify(points), int(into))
    # Doubling back (or detouring): cross in the gap between rows next to the target.
    gap_y = target_row_top if source_row_top < target_row_top else target_row_top + row_height
    if obstacles is not None:
        # Slide the drop outwards (away from the source bar) into a free column.
        reach = (p1x, p1x + MAX_SLIDE) if out > 0 else (p1x - MAX_SLIDE, p1x)
        p1x = free_column(p1x, reach[0], reach[1], obstacles(sy, gap_y))
    points = (
        (sx, sy),
        (p1x, sy),
        (p1x, gap_y),
        (q1x, gap_y),
        (q1x, ty),
        (tx, ty),
    )
    return Route(_simplify(points), int(into))


def _free_lane(
    preferred: float,
    lo: float,
    hi: float,
    y0: float,
    y1: float,
    blocked: Callable[[float, float, float], bool] | None,
) -> float:
    if blocked is None or not blocked(preferred, y0, y1):
        return preferred
    for step in range(1, 12):
        for candidate in (preferred + step * 4.0, preferred - step * 4.0):
            if lo <= candidate <= hi and not blocked(candidate, y0, y1):
                return candidate
    return preferred


def free_column(preferred: float, lo: float, hi: float, bars: list[tuple[float, float]]) -> float:
    """The x in ``[lo, hi]`` nearest ``preferred`` that is clear of every bar.

    ``lo``/``hi`` may be unbounded (±1e18); the search is still limited to
    ``MAX_SLIDE`` either side. When no column is free the preferred one is
    kept: the run then passes under the bar (arrows are drawn beneath bars).
    """
    found = clear_column(preferred, lo, hi, bars)
    return preferred if found is None else found


def clear_column(
    preferred: float, lo: float, hi: float, bars: list[tuple[float, float]]
) -> float | None:
    """Like :func:`free_column`, but None when no column in range is clear."""
    if not bars:
        return preferred
    lo = max(lo, preferred - MAX_SLIDE)
    hi = min(hi, preferred + MAX_SLIDE)
    blocked = sorted((left - CLEARANCE, right + CLEARANCE) for left, right in bars)
    # Merge into disjoint blocked intervals, then walk the free gaps between them.
    merged: list[list[float]] = []
    for left, right in blocked:
        if merged and left <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    best: float | None = None
    start = lo
    for left, right in [*merged, [hi, hi]]:
        gap_lo, gap_hi = start, min(left, hi)
        if gap_lo <= gap_hi:
            candidate = min(max(preferred, gap_lo), gap_hi)
            if best is None or abs(candidate - preferred) < abs(best - preferred):
                best = candidate
        start = max(start, right)
        if start > hi:
            break
    return best


def _simplify(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """Drop repeated points and middle points of straight runs."""
    out: list[Point] = []
    for point in points:
        if out and abs(out[-1][0] - point[0]) < 1e-9 and abs(out[-1][1] - point[1]) < 1e-9:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            collinear = (abs(ax - bx) < 1e-9 and abs(bx - point[0]) < 1e-9) or (
                abs(ay - by) < 1e-9 and abs(by - point[1]) < 1e-9
            )
            if collinear:
                out[-1] = point
                continue
        out.append(point)
    return tuple(out)


def arrow_head(tip: Point, direction: int) -> tuple[Point, Point, Point]:
    """The triangle of an arrowhead whose point is ``tip``, pointing ``direction``."""
    x, y = tip
    back = x - direction * HEAD
    return (tip, (back, y - HEAD / 2), (back, y + HEAD / 2))
