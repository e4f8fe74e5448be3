"""Focus on a task: exactly its transitive predecessors and successors."""

from __future__ import annotations

import random

from relm_desktop.layout.depgraph_focus import focus_on


def test_upstream_and_downstream_are_transitive_and_nothing_more() -> None:
    #   1 → 2 → 3 → 4      5 → 3      3 → 6      7 → 8 (unrelated)     9 → 5
    edges = [(1, 2), (2, 3), (3, 4), (5, 3), (3, 6), (7, 8), (9, 5)]
    focus = focus_on({3}, edges)
    assert focus.upstream == {1, 2, 5, 9}
    assert focus.downstream == {4, 6}
    assert focus.members == {1, 2, 3, 4, 5, 6, 9}
    middle = focus_on({2}, edges)
    assert middle.upstream == {1} and middle.downstream == {3, 4, 6}  # 5 feeds 3, not 2


def test_a_cycle_is_walked_once_and_several_roots_join() -> None:
    edges = [(1, 2), (2, 3), (3, 1), (3, 4)]
    focus = focus_on({1}, edges)
    assert focus.roots == {1} and focus.downstream == {2, 3, 4} and focus.upstream == {2, 3}
    both = focus_on({1, 4}, [(1, 2), (3, 4)])
    assert both.members == {1, 2, 3, 4}
    assert focus_on({5}, edges).members == {5}


def test_matches_a_brute_force_closure_on_a_random_graph() -> None:
    rng = random.Random(12)
    nodes = range(60)
    edges = [(rng.randrange(60), rng.randrange(60)) for _ in range(90)]
    reach = {v: {b for a, b in edges if a == v and b != v} for v in nodes}
    changed = True
    while changed:  # Warshall-style closure, the slow obvious way
        changed = False
        for v in nodes:
            extra = set().union(*(reach[w] for w in reach[v])) - reach[v]
            if extra:
                reach[v] |= extra
                changed = True
    for root in (0, 17, 42):
        focus = focus_on({root}, edges)
        assert focus.downstream == reach[root] - {root}
        assert focus.upstream == {v for v in nodes if root in reach[v]} - {root}
