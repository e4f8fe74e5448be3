"""Layered (Sugiyama-style) layout of a dependency graph, left to right.

Steps, each plain Python over integer indices and flat lists, so 2,000 tasks
lay out in well under a second and 10,000 in about one to two:

1. Strongly connected components (Tarjan) find the cycles; every edge inside
   a component of two or more nodes is a *cycle edge*, to be marked.
2. Cycles are broken for layout only: depth-first back edges are reversed.
3. Layers by longest path from the sources (``depgraph_layers``).
4. Edges spanning several layers get a chain of dummy nodes, one per layer
   crossed, so routes run through reserved slots and never through a node.
5. Crossing reduction: barycentre sweeps down and up, capped by graph size;
   the ordering with the fewest crossings is kept (``depgraph_order``).
6. Vertical positions by isotonic regression towards neighbours
   (``depgraph_place``); with lanes, per lane, the lanes then stacked as
   bands (``depgraph_lanes``).
7. Routes through the dummies' slots (``depgraph_routes``).

The layout can report progress and be cancelled (``progress`` callback
raising ``LayoutCancelled``), so a GUI can run it on a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from relm_desktop.layout.depgraph_lanes import place_in_lanes, proper_lanes
from relm_desktop.layout.depgraph_layers import (
    ProperGraph,
    back_edges,
    longest_path_layers,
    strongly_connected,
)
from relm_desktop.layout.depgraph_order import auto_sweeps, bilayer_crossings, order_layers
from relm_desktop.layout.depgraph_place import TWO_PASSES_FROM, isotonic, place
from relm_desktop.layout.depgraph_routes import RouteInput, route_edges
from relm_desktop.layout.depgraph_types import (
    EdgeRoute,
    GraphLayout,
    LaneBand,
    LayoutCancelled,
    Metrics,
    NodeBox,
    Point,
    Progress,
)

__all__ = [
    "EdgeRoute",
    "GraphLayout",
    "LaneBand",
    "LayoutCancelled",
    "Metrics",
    "NodeBox",
    "Point",
    "Progress",
    "auto_sweeps",
    "bilayer_crossings",
    "isotonic",
    "layout_graph",
    "strongly_connected",
]

#: Share of the work each step takes, for progress reports.
_ORDER_FROM, _PLACE_FROM, _ROUTE_FROM = 0.1, 0.55, 0.9


def _scaled(progress: Progress | None, start: float, end: float) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda fraction: report(start + (end - start) * fraction)


def layout_graph(
    node_ids: Sequence[int],
    edges: Sequence[tuple[int, int]],
    *,
    metrics: Metrics | None = None,
    sweeps: int | None = None,
    passes: int | None = None,
    progress: Progress | None = None,
    lanes: Sequence[int] | None = None,
) -> GraphLayout:
    """Lay out ``node_ids`` and ``edges`` (source id, target id) left to right.

    Edges to unknown nodes and self-loops are ignored; a repeated pair is laid
    out once and shares the first route. ``sweeps`` (crossing reduction)
    defaults to a cap that shrinks with the graph's size. ``progress`` gets
    the fraction done between steps and may raise ``LayoutCancelled``.
    ``lanes`` (one number per node id, parallel to ``node_ids``) puts each
    lane's nodes in a band of their own, bands in increasing lane order.
    """
    m = metrics or Metrics()
    if progress is not None:
        progress(0.0)
    ids = list(dict.fromkeys(node_ids))
    lane_of = dict(zip(node_ids, lanes, strict=True)) if lanes is not None else None
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
    for u, v in sorted(seen_pairs):
        a, b = (v, u) if (u, v) in backs else (u, v)
        if (a, b) in dag_index:
            continue  # both directions of a two-node cycle share one layout edge
        dag_index[(a, b)] = len(dag_pairs)
        dag_pairs.append((a, b))
        dag_succ[a].append(b)
    layer = longest_path_layers(n, dag_succ)
    n_layers = max(layer, default=-1) + 1
    g = ProperGraph(layer, dag_pairs)
    lane = proper_lanes(g, [lane_of[i] for i in ids], dag_pairs) if lane_of is not None else None
    rows, crossings = order_layers(
        g, n_layers, sweeps, _scaled(progress, _ORDER_FROM, _PLACE_FROM), lane
    )
    bands: list[LaneBand] = []
    placing = _scaled(progress, _PLACE_FROM, _ROUTE_FROM)
    if lane is None:
        top = place(g, rows, m, passes, placing)
    else:
        if passes is None:  # as ``place`` chooses: the third pass moves little on big graphs
            passes = 3 if g.count < TWO_PASSES_FROM else 2
        top, bands = place_in_lanes(g, rows, m, lane, passes, placing)
    if progress is not None:
        progress(_ROUTE_FROM)

    step = m.node_width + m.layer_gap
    boxes: dict[int, NodeBox] = {}
    layers: list[list[int]] = []
    tops: list[list[float]] = []
    for lay, row in enumerate(rows):
        real = [v for v in row if v < n]
        layers.append([ids[v] for v in real])
        tops.append([top[v] for v in real])
        x = m.margin + lay * step
        for order, v in enumerate(real):
            boxes[ids[v]] = NodeBox(ids[v], x, top[v], m.node_width, m.node_height, lay, order)
    routes, by_layer = route_edges(
        g, top, m, n_layers, RouteInput(ids, pair_of, dag_index, backs, component_of)
    )
    bottom = max(top[:n]) + m.node_height if n else 0.0
    if g.count > n:
        bottom = max(bottom, max(top[n:]) + m.dummy_height)
    height = bottom + m.margin
    width = m.margin * 2 + max(0, n_layers) * step - (m.layer_gap if n_layers else 0)
    if progress is not None:
        progress(1.0)
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
        lanes=bands,
        _layer_tops=tops,
        _edges_by_layer=by_layer,
    )
