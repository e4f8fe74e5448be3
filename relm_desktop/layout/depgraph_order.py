"""Crossing reduction for the layered graph: barycentre sweeps and crossing counts.

Each layer is a list of node indices; ``pos`` holds every node's rank in its
layer. A sweep sorts each layer in place by the mean rank of its neighbours
in the layer before (Python's sort is stable, so ties keep the current
order), reusing one flat key list instead of building tuples per node.
Crossings between two layers are the inversions of the lower ranks read in
upper-rank order, counted with ``bisect`` on a sorted list (C speed).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from relm_desktop.layout.depgraph_layers import ProperGraph
from relm_desktop.layout.depgraph_types import Progress

#: Proper-graph sizes (real + dummy nodes) above which fewer sweeps are run:
#: the first sweeps remove most crossings, later ones cost as much for little.
SWEEP_CAPS = ((20_000, 4), (60_000, 3), (150_000, 2))
#: Above this many proper nodes, crossings are counted once, after the sweeps.
COUNT_EVERY_SWEEP_UP_TO = 40_000


def auto_sweeps(count: int) -> int:
    """How many down-and-up sweeps a graph of ``count`` proper nodes gets."""
    for limit, sweeps in SWEEP_CAPS:
        if count <= limit:
            return sweeps
    return 1


def _inversions(seq: Sequence[int]) -> int:
    """Pairs ``i < j`` with ``seq[i] > seq[j]``."""
    seen: list[int] = []
    total = 0
    for k, b in enumerate(seq):
        i = bisect_right(seen, b)
        total += k - i
        seen.insert(i, b)
    return total


def bilayer_crossings(pairs: list[tuple[int, int]]) -> int:
    """Crossings between two layers, edges given as (upper rank, lower rank)."""
    if len(pairs) < 2:
        return 0
    pairs.sort()
    return _inversions([b for _, b in pairs])


def _lower_ranks(row: list[int], g: ProperGraph, pos: list[int]) -> list[int]:
    """Lower ends' ranks of the edges leaving ``row``, in upper-rank order."""
    seq: list[int] = []
    one, down = g.one_down, g.down
    for v in row:
        w = one[v]
        if w >= 0:
            seq.append(pos[w])
        elif down[v]:
            seq.extend(sorted([pos[w] for w in down[v]]))
    return seq


def count_crossings(rows: list[list[int]], g: ProperGraph, pos: list[int]) -> int:
    """All crossings of the layered graph with rows in their current order."""
    return sum(_inversions(_lower_ranks(row, g, pos)) for row in rows[:-1])


def _sweep(
    rows: list[list[int]],
    pos: list[int],
    key: list[float],
    layers: range,
    near: list[list[int]],
    one: list[int],
    base: list[float] | None = None,
) -> None:
    for lay in layers:
        row = rows[lay]
        for v in row:
            w = one[v]
            if w >= 0:  # every dummy and most tasks
                key[v] = pos[w]
            else:
                others = near[v]
                key[v] = sum([pos[w] for w in others]) / len(others) if others else pos[v]
        if base is not None:  # lanes: a lane's offset outweighs any rank, so lanes stay apart
            for v in row:
                key[v] += base[v]
        row.sort(key=key.__getitem__)
        for k, v in enumerate(row):
            pos[v] = k


def order_layers(
    g: ProperGraph,
    n_layers: int,
    sweeps: int | None = None,
    progress: Progress | None = None,
    lanes: list[int] | None = None,
) -> tuple[list[list[int]], int]:
    """Rows of node indices per layer, top to bottom, and their crossing count.

    Starts from input order (releases and phases stay together), then sweeps
    down and up; keeps the best ordering seen and stops early when a sweep
    gains little. ``sweeps`` defaults to ``auto_sweeps`` of the graph size.
    With ``lanes`` (a lane number per proper node, dummies included) each row
    keeps its nodes grouped by lane, lanes in increasing order.
    """
    rows: list[list[int]] = [[] for _ in range(n_layers)]
    for v, lay in enumerate(g.layer):
        rows[lay].append(v)
    base: list[float] | None = None
    if lanes is not None:
        span = float(g.count + 1)  # more than any rank or mean of ranks
        base = [lane * span for lane in lanes]
        for row in rows:
            row.sort(key=lanes.__getitem__)
    pos = [0] * g.count
    for row in rows:
        for k, v in enumerate(row):
            pos[v] = k
    key = [0.0] * g.count
    limit = auto_sweeps(g.count) if sweeps is None else sweeps
    if g.count > COUNT_EVERY_SWEEP_UP_TO:
        # Big graphs: the first sweeps always pay off; counting after each
        # one would cost as much as the sweep itself, so count once at the end.
        for done in range(limit):
            if progress is not None:
                progress(done / limit)
            _sweep(rows, pos, key, range(1, n_layers), g.up, g.one_up, base)
            _sweep(rows, pos, key, range(n_layers - 2, -1, -1), g.down, g.one_down, base)
        return rows, count_crossings(rows, g, pos)
    best = [list(r) for r in rows]
    best_count = count_crossings(rows, g, pos) if rows else 0
    for done in range(limit):
        if progress is not None:
            progress(done / max(1, limit))
        if best_count == 0:
            break
        _sweep(rows, pos, key, range(1, n_layers), g.up, g.one_up, base)
        _sweep(rows, pos, key, range(n_layers - 2, -1, -1), g.down, g.one_down, base)
        count = count_crossings(rows, g, pos)
        if count >= best_count:
            break  # no progress: further sweeps rarely help
        gain = best_count - count
        best, best_count = [list(r) for r in rows], count
        if gain < best_count * 0.02:
            break  # diminishing returns
    return best, best_count
