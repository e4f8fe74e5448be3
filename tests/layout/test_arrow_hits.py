"""Hit-testing dependency arrows: the click nearest a routed polyline wins."""

from __future__ import annotations

import pytest

from relm_desktop.layout.arrow_hits import TOLERANCE, distance_to_route, nearest

ROUTE = ((100.0, 10.0), (108.0, 10.0), (108.0, 50.0), (140.0, 50.0))


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        (104.0, 10.0, 0.0),  # on the stub
        (108.0, 30.0, 0.0),  # on the vertical run
        (111.0, 30.0, 3.0),  # beside it
        (140.0, 53.0, 3.0),  # just below the tip
        (150.0, 50.0, 10.0),  # past the tip
    ],
)
def test_distance_to_route(x: float, y: float, expected: float) -> None:
    assert distance_to_route(x, y, ROUTE) == pytest.approx(expected)


def test_nearest_picks_the_closest_route_within_tolerance() -> None:
    other = ((100.0, 34.0), (130.0, 34.0))
    routes = [("a", ROUTE), ("b", other)]
    assert nearest(110.0, 31.0, routes) == "a"  # 2 px from a, 3 px from b
    assert nearest(120.0, 33.0, routes) == "b"
    assert nearest(120.0, 20.0, routes) is None  # 12 px from a, 14 from b
    assert nearest(108.0 + TOLERANCE, 20.0, routes) == "a"
    assert nearest(108.0 + TOLERANCE + 0.5, 20.0, routes) is None
    assert nearest(0.0, 0.0, []) is None
