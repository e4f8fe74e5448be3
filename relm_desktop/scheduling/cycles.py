"""Graph helpers for the scheduler: topological order and dependency cycles.

Nodes are task positions ``0 … n-1``; ``succ[i]`` lists the successor
positions of node ``i`` (one entry per link, duplicates allowed). Everything is
iterative: plans have 10,000 tasks and chains deeper than Python's recursion
limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress
from operator import not_


def topological_order(
    n: int, succ: Sequence[Sequence[int]], indegree: list[int] | None = None
) -> list[int]:
    """Kahn's algorithm; nodes on or downstream of a cycle are left out.

    ``indegree``: each node's count of incoming links, if known (it is used up).
    Ties are taken in position order so the result is deterministic.
    """
    if indegree is None:
        indegree = [0] * n
        for targets in succ:
            for s in targets:
                indegree[s] += 1
    order = list(compress(range(n), map(not_, indegree)))
    # ``order`` doubles as the queue: a list's iterator takes what is appended meanwhile.
    for v in order:
        for s in succ[v]:
            indegree[s] -= 1
            if not indegree[s]:
                order.append(s)
    return order


def cyclic_components(nodes: Iterable[int], succ: Sequence[Sequence[int]]) -> list[list[int]]:
    """Strongly connected components among ``nodes`` that contain a cycle.

    Iterative Tarjan restricted to the subgraph induced by ``nodes``: a
    component counts when it has two or more nodes or a node linked to itself.
    """
    members = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in sorted(members):
        if root in index:
            continue
        # Each frame: (node, iterator position into succ[node]).
        work: list[tuple[int, int]] = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, at = work[-1]
            targets = succ[v]
            advanced = False
            while at < len(targets):
                w = targets[at]
                at += 1
                if w not in members:
                    continue
                if w not in index:
                    work[-1] = (v, at)
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, 0))
                    advanced = True
                    break
                if w in on_stack and index[w] < low[v]:
                    low[v] = index[w]
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == index[v]:
                component: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1 or v in succ[v]:
                    found.append(component)
    return found


def cycle_order(component: Sequence[int], succ: Sequence[Sequence[int]], start: int) -> list[int]:
    """The component's nodes in depth-first order from ``start`` along links.

    For a component that is one simple cycle (the usual case) this is the
    order around the cycle.
    """
    members = set(component)
    seen = {start}
    ordered = [start]
    work = [iter(succ[start])]
    while work:
        for w in work[-1]:
            if w in members and w not in seen:
                seen.add(w)
                ordered.append(w)
                work.append(iter(succ[w]))
                break
        else:
            work.pop()
    return ordered
