"""Vertical coordinates for the ordered layers of the dependency graph.

Each layer is pulled towards its neighbours' positions by an isotonic
regression (pool adjacent violators) that keeps the order and the minimum
gaps; passes alternate left-to-right and right-to-left. Dummies are thin
slots, so long edges pack closely while real nodes keep their gap.
"""

from __future__ import annotations

import itertools
from itertools import accumulate, repeat

from relm_desktop.layout.depgraph_layers import ProperGraph
from relm_desktop.layout.depgraph_types import Metrics, Progress

#: Proper-graph size (real + dummy nodes) from which placement makes two passes.
TWO_PASSES_FROM = 60_000


def isotonic(desired: list[float], gaps: list[float]) -> list[float]:
    """Positions nearest ``desired`` (least squares) with ``y[i+1] >= y[i] + gaps[i]``.

    Shifting by cumulative gaps makes it plain isotonic regression, solved by
    pooling adjacent violators in linear time.
    """
    offsets = list(accumulate(gaps, initial=0.0))
    means: list[float] = []
    weights: list[int] = []
    for d, off in zip(desired, offsets, strict=True):
        mean, weight = d - off, 1
        while means and means[-1] > mean:
            prev, prev_weight = means.pop(), weights.pop()
            total = prev_weight + weight
            mean = (prev * prev_weight + mean * weight) / total
            weight = total
        means.append(mean)
        weights.append(weight)
    out: list[float] = []
    for mean, weight in zip(means, weights, strict=True):
        out.extend(repeat(mean, weight))
    return [z + off for z, off in zip(out, offsets, strict=True)]


def place(
    g: ProperGraph,
    rows: list[list[int]],
    m: Metrics,
    passes: int | None = None,
    progress: Progress | None = None,
) -> list[float]:
    """Top y of every node (real and dummy), the topmost at the margin.

    ``passes`` defaults to 3 (down, up, down), 2 above ``TWO_PASSES_FROM``
    proper nodes: the third pass moves little and costs as much as the others.
    """
    if passes is None:
        passes = 3 if g.count < TWO_PASSES_FROM else 2
    real = g.real
    height = [m.node_height] * real + [m.dummy_height] * (g.count - real)
    half = [h / 2 for h in height]
    top = [0.0] * g.count
    for row in rows:
        y = 0.0
        for v in row:
            top[v] = y
            y += height[v] + m.node_gap
    node_gap, slot_gap = m.node_gap, 2.0

    def settle(row: list[int], near: list[list[int]], one: list[int]) -> None:
        if not row:
            return
        desired: list[float] = []
        for v in row:
            w = one[v]
            if w >= 0:
                desired.append(top[w] + half[w] - half[v])
                continue
            others = near[v]
            if others:
                centre = sum([top[w] + half[w] for w in others]) / len(others)
                desired.append(centre - half[v])
            else:
                desired.append(top[v])
        gaps = [
            height[a] + (node_gap if (a < real or b < real) else slot_gap)
            for a, b in itertools.pairwise(row)
        ]
        for v, y in zip(row, isotonic(desired, gaps), strict=True):
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
    low = min(top, default=0.0)
    shift = m.margin - low
    return [y + shift for y in top]
