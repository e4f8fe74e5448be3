"""The layered layout at scale: determinism, routes clear of nodes with cycles, cancel, caps."""

from __future__ import annotations

import itertools
import random

import pytest

from relm_desktop.layout import depgraph_order
from relm_desktop.layout.depgraph import (
    GraphLayout,
    LayoutCancelled,
    auto_sweeps,
    bilayer_crossings,
    layout_graph,
)
from relm_desktop.scheduling.synthetic import random_plan


def _plan_graph(n: int, seed: int, loops: int = 0) -> tuple[list[int], list[tuple[int, int]]]:
    """A random plan's tasks and links, with ``loops`` backward links closing cycles."""
    plan = random_plan(n, seed=seed)
    edges = [(k.predecessor, k.successor) for k in plan.links]
    rng = random.Random(seed)
    for a, b in rng.sample(edges, loops):
        edges.append((b, a))
    return [t.id for t in plan.tasks], edges


def _crossing_nodes(lay: GraphLayout) -> list[tuple[int, int, int]]:
    """(source, target, node) for every route segment passing through a node box."""
    hits = []
    for route in lay.edges:
        for (x0, y0), (x1, y1) in itertools.pairwise(route.points):
            for k in range(1, 10):
                x, y = x0 + (x1 - x0) * k / 10, y0 + (y1 - y0) * k / 10
                for layer in lay.layer_range(x, x):
                    for ident in lay.layers[layer]:
                        b = lay.nodes[ident]
                        if b.x + 0.5 < x < b.right - 0.5 and b.y + 0.5 < y < b.y + b.h - 0.5:
                            hits.append((route.source, route.target, ident))
    return hits


@pytest.mark.parametrize("seed", [21, 22, 23, 24])
def test_no_route_crosses_a_node_even_with_cycles(seed: int) -> None:
    ids, edges = _plan_graph(300, seed, loops=6)
    lay = layout_graph(ids, edges)
    assert lay.cycles  # the backward links made some
    assert any(r.reversed for r in lay.edges)
    assert not _crossing_nodes(lay)
    for route in lay.edges:  # every route starts at its source and ends at its target
        src, dst = lay.nodes[route.source], lay.nodes[route.target]
        assert route.points[0][1] == pytest.approx(src.center_y)
        assert route.points[-1][1] == pytest.approx(dst.center_y)


def test_layout_is_deterministic() -> None:
    ids, edges = _plan_graph(300, 31, loops=3)
    one, two = layout_graph(ids, edges), layout_graph(ids, edges)
    assert one.nodes == two.nodes
    assert one.edges == two.edges
    assert one.crossings == two.crossings and one.layers == two.layers


def test_reported_crossings_match_a_brute_force_count() -> None:
    ids, edges = _plan_graph(150, 41)
    lay = layout_graph(ids, edges)
    # every route segment between two adjacent columns joins two ranks; count pairs that swap
    segments: dict[int, list[tuple[float, float]]] = {}
    step = lay.column_width
    for route in lay.edges:
        for (x0, y0), (x1, y1) in itertools.pairwise(route.points):
            if abs(abs(x1 - x0) - lay.metrics.layer_gap) < 1e-6:  # the gap between columns
                if x1 < x0:  # a reversed edge: read it left to right
                    x0, y0, x1, y1 = x1, y1, x0, y0
                column = int((x0 - lay.metrics.margin) // step)
                segments.setdefault(column, []).append((y0, y1))
    total = 0
    for segs in segments.values():
        unique = sorted(set(segs))
        total += sum(1 for (a, b), (c, d) in itertools.combinations(unique, 2) if a < c and b > d)
    assert total == lay.crossings


def test_progress_is_reported_and_a_callback_can_cancel() -> None:
    ids, edges = _plan_graph(400, 51)
    seen: list[float] = []
    layout_graph(ids, edges, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen) and len(seen) >= 5

    def stop_halfway(fraction: float) -> None:
        if fraction > 0.5:
            raise LayoutCancelled

    with pytest.raises(LayoutCancelled):
        layout_graph(ids, edges, progress=stop_halfway)


def test_sweeps_are_capped_by_size() -> None:
    assert auto_sweeps(1_000) == 4
    assert auto_sweeps(50_000) == 3
    assert auto_sweeps(100_000) == 2
    assert auto_sweeps(1_000_000) == 1


def test_big_graph_path_counts_once_and_still_reduces_crossings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids, edges = _plan_graph(500, 61)
    normal = layout_graph(ids, edges)
    monkeypatch.setattr(depgraph_order, "COUNT_EVERY_SWEEP_UP_TO", 0)
    big_path = layout_graph(ids, edges)
    unsorted = layout_graph(ids, edges, sweeps=0)
    assert big_path.crossings < unsorted.crossings
    assert big_path.crossings <= normal.crossings * 1.5


def test_bilayer_crossings_with_ties() -> None:
    # equal upper ranks never cross each other, nor do equal lower ranks
    assert bilayer_crossings([(0, 1), (0, 0), (1, 0)]) == 1
    assert bilayer_crossings([(0, 0), (1, 0), (2, 0)]) == 0
