"""Layering for the dependency graph: cycles, longest-path layers and dummy nodes.

Everything works on integer node indices ``0 … n-1`` and flat lists, so a
plan of 10,000 tasks (and the tens of thousands of dummies its long links
need) is handled in tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence


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
        after = layer[v] + 1
        for w in succ[v]:
            if after > layer[w]:
                layer[w] = after
            indegree[w] -= 1
            if indegree[w] == 0:
                ready.append(w)
    return layer


class ProperGraph:
    """The layered graph with dummies: every edge joins adjacent layers.

    Nodes ``0 … real-1`` are the real ones; an edge spanning ``k`` layers
    gets ``k - 1`` dummies with consecutive indices from ``chain_start`` of
    that edge (``-1`` when it needs none), so a route needs no chain lists.
    A dummy has exactly one neighbour above and one below (``one_up`` and
    ``one_down``); ``up`` and ``down`` list the neighbours of real nodes.
    """

    def __init__(self, layer: Sequence[int], dag: Sequence[tuple[int, int]]) -> None:
        real = len(layer)
        self.real = real
        self.layer: list[int] = list(layer)
        # Neighbour lists for real nodes only: a dummy's single neighbours live
        # in the flat one_up / one_down lists (no list object per dummy, which
        # matters at 70,000 dummies for speed and for the garbage collector).
        self.up: list[list[int]] = [[] for _ in range(real)]
        self.down: list[list[int]] = [[] for _ in range(real)]
        self.chain_start: list[int] = []
        one_up: list[int] = [-1] * real
        one_down: list[int] = [-1] * real
        lays, up, down = self.layer, self.up, self.down
        for u, v in dag:
            lu, lv = lays[u], lays[v]
            if lv - lu <= 1:
                down[u].append(v)
                up[v].append(u)
                self.chain_start.append(-1)
                continue
            base = len(lays)
            last = base + lv - lu - 2  # the dummy in the layer just left of v
            lays.extend(range(lu + 1, lv))
            one_up.append(u)
            one_up.extend(range(base, last))
            one_down.extend(range(base + 1, last + 1))
            one_down.append(v)
            down[u].append(base)
            up[v].append(last)
            self.chain_start.append(base)
        self.count = len(lays)
        # The one neighbour above / below, or -1 when there are none or several:
        # lets the hot loops skip the general mean for dummies and chains.
        for v in range(real):
            if len(up[v]) == 1:
                one_up[v] = up[v][0]
            if len(down[v]) == 1:
                one_down[v] = down[v][0]
        self.one_up = one_up
        self.one_down = one_down

    def chain(self, edge: int, u: int, v: int) -> range:
        """The dummies of DAG edge ``edge`` (from ``u`` to ``v``), left to right."""
        start = self.chain_start[edge]
        if start < 0:
            return range(0)
        return range(start, start + self.layer[v] - self.layer[u] - 1)
