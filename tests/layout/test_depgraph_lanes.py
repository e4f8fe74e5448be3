"""Lanes per release in the layered layout: each lane's nodes in its own band, bands apart."""

from __future__ import annotations

import itertools

import pytest

from relm_desktop.layout.depgraph import GraphLayout, layout_graph
from relm_desktop.scheduling.synthetic import random_plan


def _lanes_of(n: int, seed: int) -> tuple[GraphLayout, dict[int, int]]:
    plan = random_plan(n, seed=seed)
    release = {t.id: t.release_id for t in plan.tasks}
    lay = layout_graph(
        [t.id for t in plan.tasks],
        [(k.predecessor, k.successor) for k in plan.links],
        lanes=[t.release_id for t in plan.tasks],
    )
    return lay, release


@pytest.mark.parametrize("seed", [3, 8])
def test_every_node_lies_in_its_release_band(seed: int) -> None:
    lay, release = _lanes_of(400, seed)
    bands = {band.key: band for band in lay.lanes}
    assert set(bands) == set(release.values())
    for ident, box in lay.nodes.items():
        band = bands[release[ident]]
        assert band.y0 + lay.metrics.lane_header <= box.y + 1e-6, ident  # below the name strip
        assert box.y + box.h <= band.y1 + 1e-6, ident


def test_bands_are_stacked_in_lane_order_and_never_overlap() -> None:
    lay, _ = _lanes_of(400, 4)
    assert [b.key for b in lay.lanes] == sorted(b.key for b in lay.lanes)
    for upper, lower in itertools.pairwise(lay.lanes):
        assert upper.y1 + lay.metrics.lane_gap <= lower.y0 + 1e-6
    assert lay.lanes[-1].y1 <= lay.height


def test_layers_stay_columns_and_cross_lane_links_leave_their_band() -> None:
    # Two releases: 1 → 2 → 3 in lane 0, 4 → 5 in lane 1, and 2 → 5 across.
    lay = layout_graph([1, 2, 3, 4, 5], [(1, 2), (2, 3), (4, 5), (2, 5)], lanes=[0, 0, 0, 1, 1])
    assert [lay.nodes[i].layer for i in (1, 2, 3, 4, 5)] == [0, 1, 2, 0, 2]
    assert lay.nodes[5].x == lay.nodes[3].x  # same layer, same column, in another lane
    top, bottom = lay.lanes
    assert lay.nodes[3].y + lay.nodes[3].h <= top.y1 < bottom.y0 <= lay.nodes[5].y
    cross = next(r for r in lay.edges if (r.source, r.target) == (2, 5))
    assert cross.points[0][1] < top.y1 < cross.points[-1][1]


def test_nodes_of_a_layer_keep_their_gap_within_a_lane() -> None:
    lay, release = _lanes_of(300, 6)
    m = lay.metrics
    for ids in lay.layers:
        for a, b in itertools.pairwise(ids):
            assert release[a] <= release[b]  # rows grouped by lane, lanes in order
            assert lay.nodes[b].y - lay.nodes[a].y >= m.node_height + m.node_gap - 1e-6


def test_lanes_keep_the_visible_queries_right() -> None:
    lay, _ = _lanes_of(200, 2)
    everything = (0.0, 0.0, lay.width, lay.height)
    assert {b.id for b in lay.visible_nodes(everything)} == set(lay.nodes)
    box = lay.nodes[max(lay.nodes)]
    assert lay.node_at(box.x + 5, box.center_y) == box.id


def test_without_lanes_there_are_no_bands() -> None:
    lay = layout_graph([1, 2], [(1, 2)])
    assert lay.lanes == []


def test_lanes_hold_without_crossing_reduction() -> None:
    # Input order mixes the lanes; with no sweeps the rows must still be grouped by lane.
    lay = layout_graph([1, 2, 3, 4], [(1, 3), (2, 4)], sweeps=0, lanes=[1, 0, 1, 0])
    assert lay.layers == [[2, 1], [4, 3]]
    assert [b.key for b in lay.lanes] == [0, 1]


def test_a_link_from_another_lane_does_not_stretch_a_lane() -> None:
    # Lane 0 stacks three tasks; lane 1 is a chain 5 → 6 that also waits for task 3.
    lay = layout_graph([1, 2, 3, 5, 6], [(5, 6), (3, 6)], lanes=[0, 0, 0, 1, 1])
    m = lay.metrics
    second = lay.lanes[1]
    assert second.y1 - second.y0 == pytest.approx(m.lane_header + m.node_height)
    assert lay.nodes[6].y == pytest.approx(lay.nodes[5].y)  # level with its own lane's link
