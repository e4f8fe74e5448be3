"""The link network patched from the last call gives what a fresh one gives (network._Memo),
and so do the conflict findings reused by team and environment (conflicts._Seen).

After an edit the worker schedules the same plan again; ``link_network`` keeps
the last network and makes again only the lists of tasks whose links changed.
Compared here, over sequences of random edits (links added, removed and
retyped, tasks inserted, pasted, deleted and indented, cycles coming and
going, durations changed), with a network made from scratch: the order, the
lists and the successors, and every field of the schedule.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest

from relm_desktop.domain.enums import DependencyType
from relm_desktop.scheduling import conflicts, network
from relm_desktop.scheduling.cpm import schedule
from relm_desktop.scheduling.model import (
    EnvironmentInput,
    LinkInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    TeamInput,
)
from relm_desktop.scheduling.synthetic import random_plan

_TYPES = tuple(DependencyType)


def _link(rng: random.Random, ident: int, pred: int, succ: int) -> LinkInput:
    kind = rng.choice(_TYPES)
    lag = rng.choice((0, 0, 0, 1, 2, -1))
    return LinkInput(ident, pred, succ, kind, lag)


def _next_id(items: tuple[TaskInput, ...] | tuple[LinkInput, ...]) -> int:
    return max((x.id for x in items), default=0) + 1


def _forward_pair(rng: random.Random, tasks: tuple[TaskInput, ...]) -> tuple[int, int]:
    a, b = sorted(rng.sample(range(len(tasks)), 2))
    return tasks[a].id, tasks[b].id


def edit(data: ScheduleInput, rng: random.Random) -> ScheduleInput:
    """``data`` after one random edit; unchanged tasks and links stay the same objects."""
    tasks, links = data.tasks, data.links
    # Link edits the most common; cycles go away faster than they come.
    roll = rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 8, 9, 10))
    if roll == 0:  # a predecessor added (anywhere in the links, as a reload orders them)
        at = rng.randrange(len(links) + 1)
        new = _link(rng, _next_id(links), *_forward_pair(rng, tasks))
        links = (*links[:at], new, *links[at:])
    elif roll == 1 and links:  # a predecessor removed
        at = rng.randrange(len(links))
        links = (*links[:at], *links[at + 1 :])
    elif roll == 2 and links:  # a link retyped, its lag changed
        at = rng.randrange(len(links))
        old = links[at]
        new = _link(rng, old.id, old.predecessor, old.successor)
        links = (*links[:at], new, *links[at + 1 :])
    elif roll == 3:  # a task inserted in the middle, linked
        at = rng.randrange(len(tasks) + 1)
        near = tasks[min(at, len(tasks) - 1)]
        task = TaskInput(_next_id(tasks), near.release_id, "inserted", rng.randrange(4))
        tasks = (*tasks[:at], task, *tasks[at:])
        links = (*links, _link(rng, _next_id(links), near.id, task.id))
    elif roll == 4:  # a paste: tasks and links among them appended
        first = _next_id(tasks)
        release = tasks[-1].release_id
        pasted = [TaskInput(first + k, release, f"pasted {k}", rng.randrange(5)) for k in range(6)]
        extra = [_link(rng, _next_id(links) + k, first + k, first + k + 1) for k in range(5)] + [
            _link(rng, _next_id(links) + 5, tasks[rng.randrange(len(tasks))].id, first)
        ]
        tasks, links = (*tasks, *pasted), (*links, *extra)
    elif roll == 5:  # an indent: a task under the one before it (or back out)
        at = rng.randrange(1, len(tasks))
        t = tasks[at]
        parent = None if t.parent_id is not None else tasks[at - 1].id
        linked = {(x.predecessor, x.successor) for x in links}
        if parent is not None and ((parent, t.id) in linked or (t.id, parent) in linked):
            parent = None  # as the app: no link between a task and its own summary
        tasks = (*tasks[:at], t._replace(parent_id=parent), *tasks[at + 1 :])
    elif roll == 6 and len(tasks) > 3:  # a task deleted with its links (one left dangling)
        at = rng.randrange(len(tasks))
        gone = tasks[at].id
        tasks = tuple(t._replace(parent_id=None) if t.parent_id == gone else t for t in tasks)
        tasks = (*tasks[:at], *tasks[at + 1 :])
        touching = [x for x in links if gone in (x.predecessor, x.successor)]
        kept = touching[:1]
        links = tuple(x for x in links if x not in touching or x in kept)
    elif roll == 7 and links:  # a cycle: a link back against an existing one
        old = links[rng.randrange(len(links))]
        back = LinkInput(_next_id(links), old.successor, old.predecessor)
        links = (*links, back)
    elif roll == 8:  # cycles removed again: the links going backward in task order
        at = {t.id: i for i, t in enumerate(tasks)}
        links = tuple(x for x in links if at.get(x.predecessor, -1) < at.get(x.successor, -1))
    elif roll == 9:  # a duration changed
        at = rng.randrange(len(tasks))
        t = tasks[at]
        tasks = (*tasks[:at], t._replace(duration=rng.randrange(6)), *tasks[at + 1 :])
    else:  # a link pointing at a task id not (yet) in the plan
        links = (*links, LinkInput(_next_id(links), _next_id(tasks) + 1, tasks[0].id))
    return replace(data, tasks=tasks, links=links)


def sequence(seed: int, steps: int, size: int = 160) -> Iterator[ScheduleInput]:
    rng = random.Random(seed)
    data = random_plan(size, seed=seed, summaries=seed % 2 == 0)
    yield data
    for _ in range(steps):
        data = edit(data, rng)
        yield data


def _fresh(work: Callable[[], object]) -> object:
    """``work`` with no network nor conflict findings kept; what was kept put back after."""
    kept = network._last[0], conflicts._clashes_seen[0], conflicts._overloads_seen[0]
    network._last[0] = None
    conflicts._clashes_seen[0], conflicts._overloads_seen[0] = {}, {}
    try:
        return work()
    finally:
        network._last[0], conflicts._clashes_seen[0], conflicts._overloads_seen[0] = kept


@pytest.fixture
def patched_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the calls that patched the kept network (rather than making it whole)."""
    count = [0]
    real = network._Memo.patched

    def counting(self: network._Memo, *args: object) -> object:
        made = real(self, *args)  # type: ignore[arg-type]
        count[0] += made is not None
        return made

    monkeypatch.setattr(network._Memo, "patched", counting)
    monkeypatch.setattr(network, "_last", [None])
    return count


@pytest.mark.parametrize("seed", range(8))
def test_schedules_match_fresh_ones_over_random_edits(seed: int, patched_count: list[int]) -> None:
    for data in sequence(seed, 40):
        kept: ScheduleResult = schedule(data)
        fresh = _fresh(lambda data=data: schedule(data))  # type: ignore[misc]
        assert kept == fresh
    print("PATCHED", patched_count[0])
    assert patched_count[0] >= 8  # the kept network was really used


def _network(data: ScheduleInput) -> tuple[object, ...]:
    ids = tuple(t.id for t in data.tasks)
    pos = {t: i for i, t in enumerate(ids)}
    dur = tuple(t.duration for t in data.tasks)
    cycles: list[tuple[int, ...]] = []
    conflicts: list[object] = []
    order, lists, succ = network.link_network(data, ids, pos, dur, cycles, conflicts)  # type: ignore[arg-type]
    return list(order), lists, succ, cycles, conflicts


@pytest.mark.parametrize("seed", range(8, 14))
def test_network_matches_a_fresh_one_over_random_edits(seed: int, patched_count: list[int]) -> None:
    for data in sequence(seed, 60, size=90):
        kept = _network(data)
        assert kept == _fresh(lambda data=data: _network(data))  # type: ignore[misc]
        # What the passes read but the call does not return: every successor list.
        memo = network._last[0]
        if memo is not None and memo.succ is not None:
            assert memo.succ == network.successors(*memo.lists)
    print("PATCHED", patched_count[0])
    assert patched_count[0] >= 20


def test_a_paste_keeps_the_lists_of_untouched_tasks(patched_count: list[int]) -> None:
    data = random_plan(200, seed=3)
    before = _network(data)
    first = _next_id(data.tasks)
    pasted = tuple(TaskInput(first + k, 1, f"pasted {k}", 2) for k in range(5))
    links = tuple(
        LinkInput(_next_id(data.links) + k, first + k - 1 if k else 7, first + k) for k in range(5)
    )
    data = replace(data, tasks=(*data.tasks, *pasted), links=(*data.links, *links))
    after = _network(data)
    assert patched_count[0] == 1
    assert after == _fresh(lambda: _network(data))
    # Tasks the paste did not touch share their lists with the last network.
    fs0_before, fs0_after = before[1][0], after[1][0]  # type: ignore[index]
    assert all(fs0_after[s] is fs0_before[s] for s in range(200))


def _random_bookings(
    rng: random.Random, tasks: list[TaskInput]
) -> tuple[dict[int, list[int]], list[int], list[int], dict[int, list[int]]]:
    """Teams' task positions, first and last days, environments' booking positions."""
    first = [rng.randrange(30) for _ in tasks]
    last = [f + rng.randrange(6) for f in first]
    by_team: dict[int, list[int]] = {}
    by_env: dict[int, list[int]] = {}
    for i, t in enumerate(tasks):
        by_team.setdefault(t.id % 3, []).append(i)
        if t.id % 4 == 0:
            by_env.setdefault(t.id % 8, []).append(i)
    return by_team, first, last, by_env


def _day(i: int) -> date:
    return date(2027, 1, 1) + timedelta(days=i)


@pytest.mark.parametrize("seed", range(4))
def test_conflict_findings_reused_only_when_all_they_read_is_the_same(seed: int) -> None:
    rng = random.Random(seed)
    tasks = [TaskInput(k, k % 3, f"t{k}", 1) for k in range(40)]
    teams = [TeamInput(0, "A", 2), TeamInput(1, "B", 3), TeamInput(2, "C", 1)]
    envs = [EnvironmentInput(0, "uat"), EnvironmentInput(4, "prod")]
    names = {0: "R0", 1: "R1", 2: "R2"}
    by_team, first, last, by_env = _random_bookings(rng, tasks)
    conflicts._clashes_seen[0], conflicts._overloads_seen[0] = {}, {}
    found = 0
    for _ in range(80):
        roll = rng.randrange(7)
        at = rng.randrange(len(tasks))
        if roll == 0:  # a task's last day moves
            last = last[:]
            last[at] = first[at] + rng.randrange(6)
        elif roll == 1:  # its first day
            first = first[:]
            first[at] = max(0, min(first[at] + rng.choice((-1, 1)), last[at]))
        elif roll == 2:  # renamed
            tasks = tasks[:]
            tasks[at] = tasks[at]._replace(name=f"renamed {rng.random()}")
        elif roll == 3:  # a team's capacity or name
            k = rng.randrange(3)
            team = replace(teams[k], capacity=rng.randrange(1, 4), name=rng.choice("XYZ"))
            teams = [*teams[:k], team, *teams[k + 1 :]]
        elif roll == 4 and rng.random() < 0.5:  # a release renamed
            names = {**names, rng.randrange(3): f"R {rng.random()}"}
        elif roll == 4:  # an environment renamed
            envs = [envs[0], replace(envs[1], name=f"prod {rng.random()}")]
        elif roll == 5:  # nothing changed
            pass
        else:  # everything booked anew
            by_team, first, last, by_env = _random_bookings(rng, tasks)
        spans = {e: [(first[i], last[i], tasks[i]) for i in b] for e, b in by_env.items()}
        args = (by_team, teams, tasks, first, last, spans, envs, names)
        kept = _findings(*args)
        assert kept == _fresh(lambda args=args: _findings(*args))  # type: ignore[misc]
        found += len(kept)
    assert found > 100  # teams over capacity, environments clashing


def _findings(
    by_team: dict[int, list[int]],
    teams: list[TeamInput],
    tasks: list[TaskInput],
    first: list[int],
    last: list[int],
    spans: dict[int, list[conflicts.Span]],
    envs: list[EnvironmentInput],
    names: dict[int, str],
) -> list[conflicts.Conflict]:
    return [
        *conflicts.over_capacity(by_team, teams, tasks, first, last, _day),
        *conflicts.environment_clashes(spans, envs, names, _day),
    ]


def test_a_network_made_whole_after_a_failed_patch_is_not_kept() -> None:
    network._last[0] = None
    data = random_plan(120, seed=5)
    _network(data)
    assert network._last[0] is not None  # nothing kept before: kept
    # A task inserted at the front moves every position: not patched, not kept.
    first = TaskInput(_next_id(data.tasks), 1, "first", 2)
    data = replace(data, tasks=(first, *data.tasks))
    assert _network(data) == _fresh(lambda: _network(data))
    assert network._last[0] is None
    _network(data)
    assert network._last[0] is not None
