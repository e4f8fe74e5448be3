"""The layered graph layout: layers, dummies, routes clear of nodes, cycles, crossings."""

from __future__ import annotations

import itertools
import random

import pytest

from relm_desktop.layout.depgraph import (
    Metrics,
    bilayer_crossings,
    isotonic,
    layout_graph,
    strongly_connected,
)
from relm_desktop.scheduling.synthetic import random_plan


def test_layers_by_longest_path_from_the_sources() -> None:
    lay = layout_graph([1, 2, 3, 4], [(1, 2), (2, 3), (1, 3), (4, 3)])
    assert {i: lay.nodes[i].layer for i in (1, 2, 3, 4)} == {1: 0, 2: 1, 3: 2, 4: 0}
    assert lay.nodes[2].x > lay.nodes[1].x  # left to right
    assert not lay.cycles


def test_long_edges_get_dummies_and_routes_through_their_slots() -> None:
    lay = layout_graph([1, 2, 3, 4], [(1, 2), (2, 3), (3, 4), (1, 4)])
    assert lay.dummies == 2
    long = next(r for r in lay.edges if (r.source, r.target) == (1, 4))
    assert len(long.points) == 2 + 2 * 2
    assert long.points[0] == (lay.nodes[1].right, lay.nodes[1].center_y)
    assert long.points[-1] == (lay.nodes[4].x, lay.nodes[4].center_y)


def _inside(box, x: float, y: float) -> bool:
    return box.x + 0.5 < x < box.x + box.w - 0.5 and box.y + 0.5 < y < box.y + box.h - 0.5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_routes_never_pass_through_a_node(seed: int) -> None:
    plan = random_plan(300, seed=seed)
    lay = layout_graph(
        [t.id for t in plan.tasks], [(k.predecessor, k.successor) for k in plan.links]
    )
    boxes = list(lay.nodes.values())
    for route in lay.edges:
        for (x0, y0), (x1, y1) in itertools.pairwise(route.points):
            for k in range(1, 10):
                x, y = x0 + (x1 - x0) * k / 10, y0 + (y1 - y0) * k / 10
                hit = [b.id for b in boxes if _inside(b, x, y)]
                assert not hit, (route.source, route.target, hit)


def test_nodes_of_a_layer_never_overlap() -> None:
    plan = random_plan(400, seed=5)
    m = Metrics()
    lay = layout_graph(
        [t.id for t in plan.tasks], [(k.predecessor, k.successor) for k in plan.links], metrics=m
    )
    for ids in lay.layers:
        tops = [lay.nodes[i].y for i in ids]
        assert all(b - a >= m.node_height + m.node_gap - 1e-6 for a, b in itertools.pairwise(tops))
    assert len(lay.nodes) == 400


def test_a_cycle_is_broken_for_layout_and_marked() -> None:
    lay = layout_graph([1, 2, 3, 4, 5], [(1, 2), (2, 3), (3, 4), (4, 2), (4, 5)])
    assert [sorted(c) for c in lay.cycles] == [[2, 3, 4]]
    marked = {(r.source, r.target) for r in lay.edges if r.in_cycle}
    assert marked == {(2, 3), (3, 4), (4, 2)}
    reversed_edges = [r for r in lay.edges if r.reversed]
    assert len(reversed_edges) == 1 and reversed_edges[0].in_cycle
    back = reversed_edges[0]
    # a reversed edge still runs from its source to its target (pointing left)
    assert back.points[0][0] == lay.nodes[back.source].x
    assert back.points[-1][0] == lay.nodes[back.target].right
    assert len(lay.nodes) == 5 and lay.nodes[5].layer > lay.nodes[4].layer


def test_two_node_cycle_and_bad_edges() -> None:
    lay = layout_graph([1, 2], [(1, 2), (2, 1), (1, 1), (1, 99)])
    assert len(lay.edges) == 2 and all(r.in_cycle for r in lay.edges)
    assert lay.cycles == [(1, 2)]


def test_crossing_reduction_untangles_a_twisted_pair() -> None:
    # Input order puts a above b and c above d; a→d and b→c cross unless reordered.
    lay = layout_graph([1, 2, 3, 4], [(1, 4), (2, 3)])
    assert lay.crossings == 0
    assert (lay.nodes[3].y < lay.nodes[4].y) == (lay.nodes[2].y < lay.nodes[1].y)


def test_crossings_go_down_on_a_random_plan() -> None:
    plan = random_plan(500, seed=11)
    edges = [(k.predecessor, k.successor) for k in plan.links]
    ids = [t.id for t in plan.tasks]
    unsorted = layout_graph(ids, edges, sweeps=0)
    swept = layout_graph(ids, edges)
    assert swept.crossings < unsorted.crossings


def test_bilayer_crossings_matches_brute_force() -> None:
    rng = random.Random(4)
    for _ in range(50):
        pairs = [(rng.randrange(8), rng.randrange(8)) for _ in range(rng.randrange(12))]
        brute = sum(
            1
            for (a, b), (c, d) in itertools.combinations(pairs, 2)
            if (a < c and b > d) or (a > c and b < d)
        )
        assert bilayer_crossings(list(pairs)) == brute


def test_isotonic_keeps_order_and_gaps() -> None:
    out = isotonic([10.0, 0.0, 5.0, 100.0], [4.0, 4.0, 4.0])
    assert all(b - a >= 4.0 - 1e-9 for a, b in itertools.pairwise(out))
    assert out[-1] == pytest.approx(100.0)


def test_tarjan_finds_components() -> None:
    succ = [[1], [2], [0, 3], [], [4]]
    comps = sorted(sorted(c) for c in strongly_connected(5, succ))
    assert comps == [[0, 1, 2], [3], [4]]


def test_visible_queries_and_hit_test() -> None:
    plan = random_plan(200, seed=2)
    lay = layout_graph(
        [t.id for t in plan.tasks], [(k.predecessor, k.successor) for k in plan.links]
    )
    everything = (0.0, 0.0, lay.width, lay.height)
    assert {b.id for b in lay.visible_nodes(everything)} == set(lay.nodes)
    assert len(list(lay.visible_edges(everything))) == len(lay.edges)
    box = next(iter(lay.nodes.values()))
    corner = (box.x, box.y, box.x + 10, box.y + 10)
    assert box.id in {b.id for b in lay.visible_nodes(corner)}
    assert len(list(lay.visible_nodes(corner))) < len(lay.nodes)
    assert lay.node_at(box.x + 5, box.center_y) == box.id
    assert lay.node_at(box.x - 5, box.center_y) is None


def test_empty_graph() -> None:
    lay = layout_graph([], [])
    assert lay.nodes == {} and lay.edges == [] and lay.layers == []
