"""The result of a layered graph layout, with queries for painting only what is visible.

Plain frozen values (boxes, routes) plus a ``GraphLayout`` holding per-column
indexes, so a view asks "which nodes and edges meet this rectangle?" and
gets an answer in time proportional to what is visible, not to the plan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1

#: Called between steps with the fraction done (0 … 1); it may raise
#: ``LayoutCancelled`` to stop the layout early (a worker's Cancel button).
Progress = Callable[[float], None]


class LayoutCancelled(Exception):  # noqa: N818 - a signal, not an error
    """Raised through ``layout_graph`` by a progress callback that wants it to stop."""


@dataclass(frozen=True, slots=True)
class Metrics:
    """Sizes in scene units (pixels at zoom 1)."""

    node_width: float = 230.0
    node_height: float = 46.0
    layer_gap: float = 80.0  # horizontal space between columns, where edges run
    node_gap: float = 14.0  # vertical space between two nodes of a layer
    dummy_height: float = 6.0  # slot a long edge occupies in a column it crosses
    margin: float = 24.0
    lane_gap: float = 14.0  # vertical space between two lanes (releases)
    lane_header: float = 26.0  # strip at a lane's top where its name goes, clear of nodes


@dataclass(frozen=True, slots=True)
class LaneBand:
    """The horizontal band of one lane (a release's tasks): ``key`` as given, top and bottom."""

    key: int
    y0: float
    y1: float

    def contains(self, y0: float, y1: float) -> bool:
        """Whether the vertical span ``y0 … y1`` lies inside the band."""
        return self.y0 <= y0 and y1 <= self.y1


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
        """Vertical centre, where edges attach."""
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        """Right side, where outgoing edges start."""
        return self.x + self.w

    def contains(self, x: float, y: float) -> bool:
        """Whether the scene point lies inside the box (edges included)."""
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
    bbox: Rect


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
    lanes: list[LaneBand] = field(default_factory=list)  # top to bottom; empty without lanes
    _layer_tops: list[list[float]] = field(default_factory=list, repr=False)
    _edges_by_layer: list[list[int]] = field(default_factory=list, repr=False)

    @property
    def column_width(self) -> float:
        """One column: a node's width plus the gap after it."""
        return self.metrics.node_width + self.metrics.layer_gap

    def layer_range(self, x0: float, x1: float) -> range:
        """Layers whose column (with the gap after it) meets ``x0 … x1``."""
        step = self.column_width
        first = max(0, int((x0 - self.metrics.margin) // step))
        last = min(len(self.layers) - 1, int((x1 - self.metrics.margin) // step))
        return range(first, last + 1)

    def visible_nodes(self, rect: Rect) -> Iterator[NodeBox]:
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

    def count_visible(self, rect: Rect) -> int:
        """How many nodes ``visible_nodes(rect)`` would give, without making them."""
        x0, y0, x1, y1 = rect
        reach = self.metrics.node_height
        return sum(
            bisect_right(self._layer_tops[lay], y1) - bisect_left(self._layer_tops[lay], y0 - reach)
            for lay in self.layer_range(x0, x1)
        )

    def visible_edges(self, rect: Rect) -> Iterator[EdgeRoute]:
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
