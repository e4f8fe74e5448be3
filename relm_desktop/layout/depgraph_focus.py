"""Focus on a task: what it waits for (upstream) and what waits for it (downstream).

Plain breadth-first walks over the links, both ways, transitive; cycles are
walked once. Used by the dependency graph's focus mode, which shows only
these tasks, laid out again on their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Focus:
    """The roots, everything upstream of them and everything downstream."""

    roots: frozenset[int]
    upstream: frozenset[int]
    downstream: frozenset[int]

    @property
    def members(self) -> frozenset[int]:
        """Every node the focus shows: the roots and both directions."""
        return self.roots | self.upstream | self.downstream


def _reach(starts: Collection[int], step: dict[int, list[int]]) -> set[int]:
    seen: set[int] = set()
    frontier = list(starts)
    while frontier:
        for w in step.get(frontier.pop(), ()):
            if w not in seen:
                seen.add(w)
                frontier.append(w)
    return seen


def focus_on(roots: Collection[int], edges: Iterable[tuple[int, int]]) -> Focus:
    """Transitive predecessors and successors of ``roots`` along ``edges`` (source, target).

    A root reached from another root (or round a cycle) counts as a root only.
    """
    succ: dict[int, list[int]] = defaultdict(list)
    pred: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        if a != b:
            succ[a].append(b)
            pred[b].append(a)
    own = frozenset(roots)
    return Focus(
        own,
        frozenset(_reach(own, pred) - own),
        frozenset(_reach(own, succ) - own),
    )
