"""Which dependency arrow a point is on: hit-testing the routed polylines (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TypeVar

from relm_desktop.layout.arrows import Point

#: How far (pixels) from an arrow's line a click still counts as on it.
TOLERANCE = 4.0

T = TypeVar("T")


def distance_to_segment(x: float, y: float, a: Point, b: Point) -> float:
    """Distance from (x, y) to the segment a–b."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
    px, py = ax + t * dx, ay + t * dy
    return float(((x - px) ** 2 + (y - py) ** 2) ** 0.5)


def distance_to_route(x: float, y: float, points: tuple[Point, ...]) -> float:
    """Distance from (x, y) to the nearest part of a polyline."""
    if len(points) == 1:
        return distance_to_segment(x, y, points[0], points[0])
    return min(distance_to_segment(x, y, a, b) for a, b in pairwise(points))


def nearest(
    x: float, y: float, routes: Iterable[tuple[T, tuple[Point, ...]]], tolerance: float = TOLERANCE
) -> T | None:
    """The item whose route passes nearest (x, y), within ``tolerance``; None if none does."""
    best: T | None = None
    best_distance = tolerance
    for item, points in routes:
        if not points:
            continue
        found = distance_to_route(x, y, points)
        if found <= best_distance:
            best, best_distance = item, found
    return best
