"""Edge routes of the dependency graph: polylines through their dummies' slots.

A route leaves its source's right side, runs horizontally through the slot
each of its dummies reserves in the columns it crosses, and ends at the
target's left side. Slots sit between nodes in the layer order, so no route
passes through a node. An edge reversed to break a cycle keeps its original
direction (it points leftwards).
"""

from __future__ import annotations

from collections.abc import Sequence

from relm_desktop.layout.depgraph_layers import ProperGraph
from relm_desktop.layout.depgraph_types import EdgeRoute, Metrics, Point


class RouteInput:
    """What routing needs from the earlier steps, named rather than passed loose."""

    def __init__(
        self,
        ids: Sequence[int],
        pairs: Sequence[tuple[int, int] | None],
        dag_index: dict[tuple[int, int], int],
        backs: set[tuple[int, int]],
        component_of: dict[int, int],
    ) -> None:
        self.ids = ids
        self.pairs = pairs  # per input edge: (source, target) indices, or None if dropped
        self.dag_index = dag_index  # laid-out edge (after reversals) -> its DAG edge number
        self.backs = backs
        self.component_of = component_of


def route_edges(
    g: ProperGraph, top: list[float], m: Metrics, n_layers: int, data: RouteInput
) -> tuple[list[EdgeRoute], list[list[int]]]:
    """Every kept input edge's route, and the route numbers meeting each layer."""
    step = m.node_width + m.layer_gap
    width, margin = m.node_width, m.margin
    real = g.real
    node_half, slot_half = m.node_height / 2, m.dummy_height / 2
    layer, ids = g.layer, data.ids
    dag_index, backs, component_of = data.dag_index, data.backs, data.component_of
    routes: list[EdgeRoute] = []
    by_layer: list[list[int]] = [[] for _ in range(n_layers)]
    for index, pair in enumerate(data.pairs):
        if pair is None:
            continue
        u, v = pair
        flipped = (u, v) in backs or (u, v) not in dag_index
        a, b = (v, u) if flipped else (u, v)
        first_x = margin + layer[a] * step
        y0 = top[a] + node_half
        end_x = margin + layer[b] * step
        y1 = top[b] + (node_half if b < real else slot_half)
        low_y, high_y = (y0, y1) if y0 <= y1 else (y1, y0)
        points: list[Point] = [(first_x + width, y0)]
        chain = g.chain(dag_index[(a, b)], a, b)
        if chain:
            ys = [top[d] + slot_half for d in chain]
            x = first_x + step
            for y in ys:
                points.append((x, y))
                points.append((x + width, y))
                x += step
            low_y, high_y = min(low_y, min(ys)), max(high_y, max(ys))
        points.append((end_x, y1))
        if flipped:
            points.reverse()
        bbox = (first_x + width, low_y, end_x, high_y)  # b always lies right of a
        cu = component_of.get(u)
        in_cycle = cu is not None and component_of.get(v) == cu
        k = len(routes)
        routes.append(
            EdgeRoute(
                index,
                ids[u],
                ids[v],
                tuple(points),
                flipped,
                in_cycle,
                bbox,
            )
        )
        low, high = (layer[u], layer[v]) if layer[u] <= layer[v] else (layer[v], layer[u])
        for lay in range(low, high + 1):
            by_layer[lay].append(k)
    return routes, by_layer
