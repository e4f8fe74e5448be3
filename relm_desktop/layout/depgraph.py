"""Layered (Sugiyama-style) layout of a dependency graph, left to right.

Steps, each plain Python over integer indices so 2,000 tasks lay out well
under a second:

1. Strongly connected components (Tarjan) find the cycles; every edge inside
   a component of two or more nodes is a *cycle edge*, to be marked.
2. Cycles are broken for layout only: depth-first back edges are reversed.
3. Layers by longest path from the sources (a node sits one layer right of
   its furthest predecessor).
4. Edges spanning several layers get a chain of dummy nodes, one per layer
   crossed, so routes run through reserved slots and never through a node.
5. Crossing reduction: barycentre sweeps down and up; the ordering with the
   fewest crossings is kept.
6. Vertical positions: each layer is pulled towards its neighbours'
   positions by an isotonic regression (pool adjacent violators) that keeps
   the order and the minimum gaps, alternating directions.
7. Routes: polylines from a node's right side through its dummies' slots to
   the target's left side; a reversed edge keeps its original direction.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Metrics:
    """Sizes in scene units (pixels at zoom 1)."""

    node_width: float = 230.0
    node_height: float = 46.0
    layer_gap: float = 80.0  # horizontal space between columns, where edges run
    node_gap: float = 14.0  # vertical space between two nodes of a layer
    dummy_height: float = 6.0  # slot a long edge occupies in a column it crosses
    margin: float = 24.0


@dataclass(frozen=True, slots=True)
class NodeBox:
    """A laid-out node: top-left corner, size, layer (column) and rank within it."""

    id: int
    x: float
    y: float
    w: float
    h: float
    layer: int
    order: int

    @property
    def center_y(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


@dataclass(frozen=True, slots=True)
class EdgeRoute:
    """One input edge (``index`` into the edges given) with its polyline.

    ``points`` run from the source to the target (the arrowhead goes at the
    last point). ``reversed`` edges were turned round to break a cycle and so
    point leftwards; ``in_cycle`` edges lie on a dependency cycle.
    """

    index: int
    source: int
    target: int
    points: tuple[Point, ...]
    reversed: bool
    in_cycle: bool
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass
class GraphLayout:
    """Where every node and edge goes, plus indexes for painting only what is visible."""

    nodes: dict[int, NodeBox]
    edges: list[EdgeRoute]
    layers: list[list[int]]  # node ids per layer, top to bottom
    cycles: list[tuple[int, ...]]  # node ids of each strongly connected component > 1
    width: float
    height: float
    metrics: Metrics
    crossings: int = 0
    dummies: int = 0
    _layer_tops: list[list[float]] = field(default_factory=list, repr=False)
    _edges_by_layer: list[list[int]] = field(default_factory=list, repr=False)

    @property
    def column_width(self) -> float:
        return self.metrics.node_width + self.metrics.layer_gap

    def layer_range(self, x0: float, x1: float) -> range:
        """Layers whose column (with the gap after it) meets ``x0 … x1``."""
        step = self.column_width
        first = max(0, int((x0 - self.metrics.margin) // step))
        last = min(len(self.layers) - 1, int((x1 - self.metrics.margin) // step))
        return range(first, last + 1)

    def visible_nodes(self, rect: tuple[float, float, float, float]) -> Iterator[NodeBox]:
        """Nodes meeting ``rect`` (x0, y0, x1, y1): bisection per visible column."""
        x0, y0, x1, y1 = rect
        reach = self.metrics.node_height
        for layer in self.layer_range(x0, x1):
            tops = self._layer_tops[layer]
            ids = self.layers[layer]
            lo = bisect_left(tops, y0 - reach)
            hi = bisect_right(tops, y1)
            for k in range(lo, hi):
                yield self.nodes[ids[k]]

    def visible_edges(self, rect: tuple[float, float, float, float]) -> Iterator[EdgeRoute]:
        """Edges whose bounding box meets ``rect``; each edge at most once."""
        x0, y0, x1, y1 = rect
        seen: set[int] = set()
        for layer in self.layer_range(x0 - self.column_width, x1):
            for k in self._edges_by_layer[layer]:
                if k in seen:
                    continue
                seen.add(k)
                ex0, ey0, ex1, ey1 = self.edges[k].bbox
                if ex1 >= x0 and ex0 <= x1 and ey1 >= y0 and ey0 <= y1:
                    yield self.edges[k]

    def node_at(self, x: float, y: float) -> int | None:
        """The id of the node under a scene point, if any."""
        for layer in self.layer_range(x, x):
            tops = self._layer_tops[layer]
            k = bisect_right(tops, y) - 1
            if k >= 0:
                box = self.nodes[self.layers[layer][k]]
                if box.contains(x, y):
                    return box.id
        return None


def strongly_connected(n: int, succ: Sequence[Sequence[int]]) -> list[list[int]]:
    """Tarjan's algorithm, iterative (deep chains must not hit the recursion limit)."""
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            if i < len(succ[v]):
                work[-1] = (v, i + 1)
                w = succ[v][i]
                if index[w] == -1:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                out.append(component)
    return out


def back_edges(n: int, succ: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    """Edges that close a cycle in a depth-first search; reversing them leaves a DAG."""
    state = [0] * n  # 0 new, 1 on the current path, 2 done
    found: set[tuple[int, int]] = set()
    for root in range(n):
        if state[root]:
            continue
        state[root] = 1
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            if i < len(succ[v]):
                work[-1] = (v, i + 1)
                w = succ[v][i]
                if state[w] == 1:
                    found.add((v, w))
                elif state[w] == 0:
                    state[w] = 1
                    work.append((w, 0))
            else:
                state[v] = 2
                work.pop()
    return found


def longest_path_layers(n: int, succ: Sequence[Sequence[int]]) -> list[int]:
    """Layer of each node of a DAG: 0 for sources, else 1 + the furthest predecessor."""
    indegree = [0] * n
    for targets in succ:
        for w in targets:
            indegree[w] += 1
    layer = [0] * n
    ready = [v for v in range(n) if indegree[v] == 0]
    while ready:
        v = ready.pop()
        for w in succ[v]:
            if layer[v] + 1 > layer[w]:
                layer[w] = layer[v] + 1
            indegree[w] -= 1
            if indegree[w] == 0:
                ready.append(w)
    return layer


def bilayer_crossings(pairs: list[tuple[int, int]]) -> int:
    """Crossings between two layers, edges given as (upper rank, lower rank)."""
    if len(pairs) < 2:
        return 0
    pairs.sort()
    size = max(b for _, b in pairs) + 1
    tree = [0] * (size + 1)
    crossings = 0
    for seen, (_, b) in enumerate(pairs):
        # count earlier edges ending strictly below b (a Fenwick tree query)
        i, below = b + 1, 0
        while i > 0:
            below += tree[i]
            i -= i & -i
        crossings += seen - below
        i = b + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return crossings


def _isotonic(desired: list[float], gaps: list[float]) -> list[float]:
    """Positions nearest ``desired`` (least squares) with ``y[i+1] >= y[i] + gaps[i]``.

    Shifting by cumulative gaps makes it plain isotonic regression, solved by
    pooling adjacent violators in linear time.
    """
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [mean, weight]
    for d, off in zip(desired, offsets, strict=True):
        blocks.append([d - off, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight = blocks.pop()
            prev = blocks[-1]
            total = prev[1] + weight
            prev[0] = (prev[0] * prev[1] + mean * weight) / total
            prev[1] = total
    out: list[float] = []
    for mean, weight in blocks:
        out.extend([mean] * int(weight))
    return [z + off for z, off in zip(out, offsets, strict=True)]


class _Proper:
    """The layered graph with dummies: every edge joins adjacent layers."""

    def __init__(self, layer: list[int], dag: list[tuple[int, int]], real: int) -> None:
        self.layer = list(layer)
        self.real = real
        self.up: list[list[int]] = [[] for _ in layer]
        self.down: list[list[int]] = [[] for _ in layer]
        self.chains: list[list[int]] = []  # per DAG edge: nodes from source to target
        for u, v in dag:
            chain = [u]
            prev = u
            for lay in range(layer[u] + 1, layer[v]):
                d = len(self.layer)
                self.layer.append(lay)
                self.up.append([])
                self.down.append([])
                self._join(prev, d)
                chain.append(d)
                prev = d
            self._join(prev, v)
            chain.append(v)
            self.chains.append(chain)
        self.count = len(self.layer)

    def _join(self, a: int, b: int) -> None:
        self.down[a].append(b)
        self.up[b].append(a)


def _order_layers(g: _Proper, n_layers: int, sweeps: int) -> tuple[list[list[int]], int]:
    rows: list[list[int]] = [[] for _ in range(n_layers)]
    for v in range(g.count):  # input order first: releases and phases stay together
        rows[g.layer[v]].append(v)
    pos = [0] * g.count

    def renumber(row: list[int]) -> None:
        for k, v in enumerate(row):
            pos[v] = k

    for row in rows:
        renumber(row)

    def crossings() -> int:
        total = 0
        for lay in range(n_layers - 1):
            pairs = [(pos[v], pos[w]) for v in rows[lay] for w in g.down[v]]
            total += bilayer_crossings(pairs)
        return total

    def sweep(layers: Iterable[int], neighbours: list[list[int]]) -> None:
        for lay in layers:
            row = rows[lay]
            keys: list[tuple[float, int]] = []
            for v in row:
                near = neighbours[v]
                if len(near) == 1:  # every dummy, and most tasks: no sum needed
                    keys.append((pos[near[0]], pos[v]))
                elif near:
                    keys.append((sum([pos[w] for w in near]) / len(near), pos[v]))
                else:
                    keys.append((pos[v], pos[v]))
            order = sorted(range(len(row)), key=keys.__getitem__)
            rows[lay] = [row[k] for k in order]
            renumber(rows[lay])

    best = [list(r) for r in rows]
    best_count = crossings()
    for _ in range(sweeps):
        if best_count == 0:
            break
        sweep(range(1, n_layers), g.up)
        sweep(range(n_layers - 2, -1, -1), g.down)
        count = crossings()
        if count >= best_count:
            break  # no progress: further sweeps rarely help
        gain = best_count - count
        best, best_count = [list(r) for r in rows], count
        if gain < best_count * 0.02:
            break  # diminishing returns
    return best, best_count


def _place(g: _Proper, rows: list[list[int]], m: Metrics, passes: int) -> list[float]:
    """Top y of every node (real and dummy)."""
    height = [m.node_height if v < g.real else m.dummy_height for v in range(g.count)]
    top = [0.0] * g.count
    for row in rows:
        y = 0.0
        for v in row:
            top[v] = y
            y += height[v] + m.node_gap

    def settle(row: list[int], neighbours: list[list[int]]) -> None:
        if not row:
            return
        desired = []
        for v in row:
            near = neighbours[v]
            if len(near) == 1:
                w = near[0]
                desired.append(top[w] + (height[w] - height[v]) / 2)
            elif near:
                centre = sum([top[w] + height[w] / 2 for w in near]) / len(near)
                desired.append(centre - height[v] / 2)
            else:
                desired.append(top[v])
        gaps = [
            (height[a] + m.node_gap) if (a < g.real or b < g.real) else height[a] + 2.0
            for a, b in itertools.pairwise(row)
        ]
        for v, y in zip(row, _isotonic(desired, gaps), strict=True):
            top[v] = y

    for k in range(passes):
        if k % 2 == 0:
            for lay in range(1, len(rows)):
                settle(rows[lay], g.up)
        else:
            for lay in range(len(rows) - 2, -1, -1):
                settle(rows[lay], g.down)
    low = min(top, default=0.0)
    return [y - low + m.margin for y in top]


def layout_graph(
    node_ids: Sequence[int],
    edges: Sequence[tuple[int, int]],
    *,
    metrics: Metrics | None = None,
    sweeps: int = 4,
    passes: int = 3,
) -> GraphLayout:
    """Lay out ``node_ids`` and ``edges`` (source id, target id) left to right.

    Edges to unknown nodes and self-loops are ignored; a repeated pair is laid
    out once and shares the first route.
    """
    m = metrics or Metrics()
    ids = list(dict.fromkeys(node_ids))
    where = {ident: k for k, ident in enumerate(ids)}
    n = len(ids)
    succ: list[list[int]] = [[] for _ in range(n)]
    pair_of: list[tuple[int, int] | None] = []
    seen_pairs: set[tuple[int, int]] = set()
    for a, b in edges:
        u, v = where.get(a), where.get(b)
        if u is None or v is None or u == v:
            pair_of.append(None)
            continue
        pair_of.append((u, v))
        if (u, v) not in seen_pairs:
            seen_pairs.add((u, v))
            succ[u].append(v)

    components = [c for c in strongly_connected(n, succ) if len(c) > 1]
    component_of = {v: k for k, c in enumerate(components) for v in c}
    backs = back_edges(n, succ) if components else set()
    dag_pairs: list[tuple[int, int]] = []
    dag_index: dict[tuple[int, int], int] = {}
    dag_succ: list[list[int]] = [[] for _ in range(n)]
    for u, v in sorted(seen_pairs, key=lambda p: (p[0], p[1])):
        a, b = (v, u) if (u, v) in backs else (u, v)
        if (a, b) in dag_index:
            continue  # both directions of a two-node cycle share one layout edge
        dag_index[(a, b)] = len(dag_pairs)
        dag_pairs.append((a, b))
        dag_succ[a].append(b)
    layer = longest_path_layers(n, dag_succ)
    n_layers = max(layer, default=-1) + 1
    g = _Proper(layer, dag_pairs, n)
    rows, crossings = _order_layers(g, n_layers, sweeps)
    top = _place(g, rows, m, passes)
    step = m.node_width + m.layer_gap

    def x_of(v: int) -> float:
        return m.margin + g.layer[v] * step

    boxes: dict[int, NodeBox] = {}
    layers: list[list[int]] = []
    tops: list[list[float]] = []
    for lay, row in enumerate(rows):
        real = [v for v in row if v < n]
        layers.append([ids[v] for v in real])
        tops.append([top[v] for v in real])
        for order, v in enumerate(real):
            boxes[ids[v]] = NodeBox(
                ids[v], x_of(v), top[v], m.node_width, m.node_height, lay, order
            )

    def centre(v: int) -> float:
        return top[v] + (m.node_height if v < n else m.dummy_height) / 2

    routes: list[EdgeRoute] = []
    by_layer: list[list[int]] = [[] for _ in range(n_layers)]
    for index, pair in enumerate(pair_of):
        if pair is None:
            continue
        u, v = pair
        flipped = (u, v) in backs or (u, v) not in dag_index
        chain = g.chains[dag_index[(v, u) if flipped else (u, v)]]
        points: list[Point] = [(x_of(chain[0]) + m.node_width, centre(chain[0]))]
        for d in chain[1:-1]:
            points.append((x_of(d), centre(d)))
            points.append((x_of(d) + m.node_width, centre(d)))
        points.append((x_of(chain[-1]), centre(chain[-1])))
        if flipped:
            points.reverse()
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        in_cycle = u in component_of and component_of.get(v) == component_of[u]
        route = EdgeRoute(
            index,
            ids[u],
            ids[v],
            tuple(points),
            flipped,
            in_cycle,
            (min(xs), min(ys), max(xs), max(ys)),
        )
        k = len(routes)
        routes.append(route)
        low, high = sorted((layer[u], layer[v]))
        for lay in range(low, high + 1):
            by_layer[lay].append(k)

    height = max((top[v] + m.node_height for v in range(g.count)), default=0.0) + m.margin
    width = m.margin * 2 + max(0, n_layers) * step - (m.layer_gap if n_layers else 0)
    return GraphLayout(
        nodes=boxes,
        edges=routes,
        layers=layers,
        cycles=[tuple(ids[v] for v in sorted(c)) for c in components],
        width=width,
        height=height,
        metrics=m,
        crossings=crossings,
        dummies=g.count - n,
        _layer_tops=tops,
        _edges_by_layer=by_layer,
    )
