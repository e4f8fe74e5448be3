"""WBS codes and nesting read from parent_id and position."""

from __future__ import annotations

from typing import NamedTuple

from relm_desktop.domain.outline import group_parents, nest, summary_ids, wbs_codes


class P(NamedTuple):
    id: int
    release_id: int


class T(NamedTuple):
    id: int
    release_id: int
    phase_id: int | None
    parent_id: int | None = None


def test_wbs_codes_follow_phases_and_the_outline() -> None:
    phases = [P(10, 1), P(11, 1), P(20, 2)]
    tasks = [
        T(1, 1, 10),
        T(2, 1, 11),
        T(3, 1, 11, 2),
        T(4, 1, 11, 3),
        T(5, 1, 11, 2),
        T(6, 1, 11),
        T(7, 1, None),
        T(8, 2, 20),
    ]
    assert wbs_codes(phases, tasks) == {
        1: "1.1",
        2: "2.1",
        3: "2.1.1",
        4: "2.1.1.1",
        5: "2.1.2",
        6: "2.2",
        7: "3",
        8: "1.1",
    }
    assert summary_ids(tasks) == {2, 3}


def test_children_nest_under_their_parent_whatever_the_stored_order() -> None:
    tasks = [T(1, 1, 10, 3), T(2, 1, 10), T(3, 1, 10)]
    order = nest(tasks, group_parents(tasks))
    assert [(tasks[k].id, level) for k, level in order] == [(2, 0), (3, 0), (1, 1)]


def test_parents_in_another_phase_or_a_loop_are_ignored() -> None:
    tasks = [T(1, 1, 10), T(2, 1, 11, 1), T(3, 1, 10, 4), T(4, 1, 10, 3)]
    parents = group_parents(tasks)
    assert 2 not in parents
    assert len({3, 4} & set(parents)) == 1
