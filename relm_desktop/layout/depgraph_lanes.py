"""Lanes for the dependency graph: each release's tasks in their own horizontal band.

Layers stay columns (left to right, time order); lanes cut every column into
bands, one per lane, stacked top to bottom in lane order. A dummy (a slot a
long link reserves in a column it crosses) lies in its link's source lane, so
a link runs along its own release and drops into the other one just before
its target: cross-release links are the ones that leave a band.

Vertical placement runs per lane, pulled only by neighbours of the same lane
(a neighbour in another lane sits in another band, so its position says
nothing about where a node belongs in its own). Then the lanes are stacked,
each with a header strip for its name, so no band overlaps another.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from relm_desktop.layout.depgraph_layers import ProperGraph
from relm_desktop.layout.depgraph_place import isotonic
from relm_desktop.layout.depgraph_types import LaneBand, Metrics, Progress


def proper_lanes(g: ProperGraph, lane: Sequence[int], dag: Sequence[tuple[int, int]]) -> list[int]:
    """The lane of every proper node: real nodes as given, dummies their link's source lane."""
    out = list(lane) + [0] * (g.count - g.real)
    for edge, (u, v) in enumerate(dag):
        for d in g.chain(edge, u, v):
            out[d] = lane[u]
    return out


def _segments(row: list[int], lane: list[int]) -> list[list[int]]:
    """``row`` cut into runs of one lane (rows are sorted by lane)."""
    return [list(run) for _, run in itertools.groupby(row, key=lane.__getitem__)]


def place_in_lanes(
    g: ProperGraph,
    rows: list[list[int]],
    m: Metrics,
    lane: list[int],
    passes: int = 3,
    progress: Progress | None = None,
) -> tuple[list[float], list[LaneBand]]:
    """Top y of every proper node and the band of every lane that has nodes."""
    real = g.real
    height = [m.node_height] * real + [m.dummy_height] * (g.count - real)
    half = [h / 2 for h in height]
    top = [0.0] * g.count
    for row in rows:
        for run in _segments(row, lane):
            y = 0.0
            for v in run:
                top[v] = y
                y += height[v] + m.node_gap
    node_gap, slot_gap = m.node_gap, 2.0

    def settle(row: list[int], near: list[list[int]], one: list[int]) -> None:
        for run in _segments(row, lane):
            own = lane[run[0]]
            desired: list[float] = []
            for v in run:
                w = one[v]
                if w >= 0:
                    desired.append(top[w] + half[w] - half[v] if lane[w] == own else top[v])
                    continue
                others = [w for w in near[v] if lane[w] == own] if v < real else []
                if others:
                    centre = sum([top[w] + half[w] for w in others]) / len(others)
                    desired.append(centre - half[v])
                else:
                    desired.append(top[v])
            gaps = [
                height[a] + (node_gap if (a < real or b < real) else slot_gap)
                for a, b in itertools.pairwise(run)
            ]
            for v, y in zip(run, isotonic(desired, gaps), strict=True):
                top[v] = y

    for k in range(passes):
        if progress is not None:
            progress(k / max(1, passes))
        if k % 2 == 0:
            for lay in range(1, len(rows)):
                settle(rows[lay], g.up, g.one_up)
        else:
            for lay in range(len(rows) - 2, -1, -1):
                settle(rows[lay], g.down, g.one_down)
    low: dict[int, float] = {}
    high: dict[int, float] = {}

    def extent() -> None:
        low.clear()
        high.clear()
        for v in range(g.count):
            key = lane[v]
            y0, y1 = top[v], top[v] + height[v]
            if key not in low or y0 < low[key]:
                low[key] = y0
            if key not in high or y1 > high[key]:
                high[key] = y1

    extent()
    shift: dict[int, float] = {}
    cursor = m.margin
    for key in sorted(low):
        shift[key] = cursor + m.lane_header - low[key]
        cursor += m.lane_header + high[key] - low[key] + m.lane_gap
    top = [y + shift[lane[v]] for v, y in enumerate(top)]
    extent()  # again after the shift: bands hold their nodes exactly, rounding included
    bands = [LaneBand(key, low[key] - m.lane_header, high[key]) for key in sorted(low)]
    return top, bands
