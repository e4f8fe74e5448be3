"""Dependency arrow routes (no Qt)."""

from __future__ import annotations

import itertools

import pytest

from relm_desktop.layout.arrows import HEAD, STUB, arrow_head, route
from relm_desktop.layout.geometry import Rect

ROW = 26.0


def bar(row: int, x: float, w: float) -> Rect:
    return Rect(x, row * ROW + 6, w, 14)


def check_orthogonal(points: tuple[tuple[float, float], ...]) -> None:
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        assert ax == bx or ay == by


def crosses(points: tuple[tuple[float, float], ...], rect: Rect) -> bool:
    """Does any segment pass through the inside of ``rect``?"""
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        if ay == by and rect.y < ay < rect.bottom:
            lo, hi = sorted((ax, bx))
            if lo < rect.right - 0.5 and hi > rect.x + 0.5:
                return True
        if ax == bx and rect.x < ax < rect.right:
            lo, hi = sorted((ay, by))
            if lo < rect.bottom and hi > rect.y:
                return True
    return False


def do_route(kind: str, a: Rect, b: Rect, ra: int, rb: int) -> tuple[tuple[float, float], ...]:
    found = route(kind, a, b, row_height=ROW, source_row_top=ra * ROW, target_row_top=rb * ROW)
    check_orthogonal(found.points)
    return found.points


def test_fs_forward_is_a_simple_jog() -> None:
    a, b = bar(0, 0, 100), bar(2, 160, 50)
    points = do_route("FS", a, b, 0, 2)
    assert points[0] == (a.right, a.center_y)
    assert points[-1] == (b.x, b.center_y)
    assert len(points) == 4
    assert points[1][0] == a.right + STUB


def test_fs_backwards_goes_round_through_the_row_gap() -> None:
    a, b = bar(0, 100, 100), bar(3, 40, 60)  # the successor starts before the predecessor ends
    points = do_route("FS", a, b, 0, 3)
    assert len(points) == 6
    assert points[2][1] == 3 * ROW  # the gap above the target row
    assert not crosses(points, a)
    assert not crosses(points, b)
    assert points[-2][0] == b.x - STUB - HEAD


@pytest.mark.parametrize("kind", ["FS", "SS", "FF", "SF"])
@pytest.mark.parametrize(("ax", "bx"), [(0, 200), (200, 0), (100, 110)])
@pytest.mark.parametrize(("ra", "rb"), [(0, 3), (4, 1)])
def test_no_route_passes_through_its_own_bars(
    kind: str, ax: float, bx: float, ra: int, rb: int
) -> None:
    a, b = bar(ra, ax, 80), bar(rb, bx, 60)
    points = do_route(kind, a, b, ra, rb)
    source_x = a.right if kind[0] == "F" else a.x
    target_x = b.x if kind[1] == "S" else b.right
    assert points[0] == (source_x, a.center_y)
    assert points[-1] == (target_x, b.center_y)
    assert not crosses(points, a)
    assert not crosses(points, b)


def test_head_points_the_way_of_travel() -> None:
    tip, upper, lower = arrow_head((50.0, 10.0), 1)
    assert upper[0] < tip[0] and lower[0] < tip[0]
    tip, upper, _ = arrow_head((50.0, 10.0), -1)
    assert upper[0] > tip[0]
    assert (
        route(
            "FF", bar(0, 0, 50), bar(1, 0, 50), row_height=ROW, source_row_top=0, target_row_top=ROW
        ).direction
        == -1
    )


def test_blocked_lane_is_avoided() -> None:
    a, b = bar(0, 0, 100), bar(4, 200, 50)
    preferred = a.right + STUB

    def blocked(x: float, y0: float, y1: float) -> bool:
        return abs(x - preferred) < 1

    found = route(
        "FS", a, b, row_height=ROW, source_row_top=0, target_row_top=4 * ROW, blocked=blocked
    )
    assert found.points[1][0] != preferred
