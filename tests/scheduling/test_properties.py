"""Properties of the scheduler on random plans (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling import (
    LinkInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    WorkCalendar,
    schedule,
)
from relm_desktop.scheduling.synthetic import random_plan

START = date(2027, 1, 4)
KINDS = list(DependencyType)


@st.composite
def plans(
    draw: st.DrawFn, *, acyclic: bool = True, kinds: list[DependencyType] = KINDS
) -> ScheduleInput:
    """Up to 40 tasks (some milestones), links with any type and lags −3…5, random holidays."""
    n = draw(st.integers(1, 40))
    durations = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    # Shuffled ids so that task order and id order differ.
    ids = draw(st.permutations(range(1, n + 1)))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    raw = draw(st.lists(pairs, max_size=3 * n))
    links = []
    for k, (a, b) in enumerate(raw):
        if acyclic:
            if a == b:
                continue
            a, b = min(a, b), max(a, b)
        kind = draw(st.sampled_from(kinds))
        lag = draw(st.integers(-3, 5))
        links.append(LinkInput(k, ids[a], ids[b], kind, lag))
    off = draw(st.frozensets(st.integers(0, 200), max_size=15))
    cal = WorkCalendar(holidays=frozenset(START + timedelta(days=k) for k in off))
    tasks = [TaskInput(ids[i], 1, f"T{ids[i]}", durations[i]) for i in range(n)]
    # Tasks listed in a random order, not the link order.
    order = draw(st.permutations(range(n)))
    return ScheduleInput(START, cal, tuple(tasks[i] for i in order), tuple(links))


def boundaries(data: ScheduleInput, result: ScheduleResult, task_id: int) -> tuple[int, int]:
    """(start, finish) working-day boundaries of a task of duration ≥ 1."""
    s = result.tasks[task_id]
    return data.calendar.to_index(s.start), data.calendar.to_index(s.finish) + 1


@settings(max_examples=120, deadline=None)
@given(plans())
def test_links_hold(data: ScheduleInput) -> None:
    """No task starts before its FS predecessor ends (+lag); all four types hold exactly."""
    r = schedule(data)
    cal = data.calendar
    duration = {t.id: t.duration for t in data.tasks}
    first = cal.to_index(START)
    for s in r.tasks.values():
        assert cal.to_index(s.start) >= first
        assert s.start <= s.finish
    for link in data.links:
        p, q = link.predecessor, link.successor
        if duration[p] and duration[q]:
            ps, pf = boundaries(data, r, p)
            qs, qf = boundaries(data, r, q)
            bound = {"FS": (qs, pf), "SS": (qs, ps), "FF": (qf, pf), "SF": (qf, ps)}
            mine, theirs = bound[link.type]
            assert mine >= theirs + link.lag
        elif link.type == DependencyType.FS:
            # With milestones the day is the boundary or the day before it.
            pred_end = cal.to_index(r.tasks[p].finish) + (1 if duration[p] else 0)
            succ_start = cal.to_index(r.tasks[q].start) + (0 if duration[q] else 1)
            assert succ_start >= pred_end + link.lag


@settings(max_examples=120, deadline=None)
@given(plans())
def test_floats(data: ScheduleInput) -> None:
    """Without constraints total float ≥ 0, 0 ≤ free float ≤ total float, late ≥ early."""
    r = schedule(data)
    for s in r.tasks.values():
        assert s.total_float >= 0
        assert 0 <= s.free_float <= s.total_float
        assert s.late_start >= s.start and s.late_finish >= s.finish
        assert s.critical == (s.total_float == 0)
        assert data.calendar.working_days_between(s.start, s.late_start) == s.total_float


@settings(max_examples=120, deadline=None)
@given(plans())
def test_critical_path_is_a_linked_chain_to_the_finish(data: ScheduleInput) -> None:
    r = schedule(data)
    path = r.critical_path
    assert path, "a plan with tasks has a critical path"
    assert all(r.tasks[i].critical for i in path)
    assert r.tasks[path[-1]].finish == r.finish == max(s.finish for s in r.tasks.values())
    linked = {(k.predecessor, k.successor) for k in data.links}
    for a, b in pairwise(path):
        assert (a, b) in linked
    assert len(set(path)) == len(path)


@settings(max_examples=60, deadline=None)
@given(plans())
def test_task_order_does_not_change_the_schedule(data: ScheduleInput) -> None:
    a = schedule(data)
    b = schedule(
        ScheduleInput(data.project_start, data.calendar, data.tasks[::-1], data.links[::-1])
    )
    assert a.tasks == b.tasks
    assert a.critical_path == b.critical_path


@settings(max_examples=120, deadline=None)
@given(plans(acyclic=False, kinds=[DependencyType.FS]))
def test_cycles_are_reported_and_the_rest_schedules(data: ScheduleInput) -> None:
    r = schedule(data)
    assert set(r.tasks) == {t.id for t in data.tasks}
    on_cycle = {i: n for n, cycle in enumerate(r.cycles) for i in cycle}
    succ: dict[int, set[int]] = {}
    for k in data.links:
        succ.setdefault(k.predecessor, set()).add(k.successor)
    for cycle in r.cycles:
        # Every task on a reported cycle reaches every other one through links.
        members = set(cycle)
        seen, todo = {cycle[0]}, [cycle[0]]
        while todo:
            for nxt in succ.get(todo.pop(), ()):
                if nxt in members and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        assert seen == members
        assert len(cycle) > 1 or cycle[0] in succ.get(cycle[0], ())
    duration = {t.id: t.duration for t in data.tasks}
    for k in data.links:
        if k.predecessor in on_cycle and on_cycle[k.predecessor] == on_cycle.get(k.successor):
            continue  # ignored inside the cycle
        if duration[k.predecessor] and duration[k.successor]:
            _, pf = boundaries(data, r, k.predecessor)
            qs, _ = boundaries(data, r, k.successor)
            assert qs >= pf + k.lag


def test_random_plan_shape() -> None:
    """The generator used by the benchmarks, the GUI bench and the tj3 oracle."""
    plan = random_plan(2000, seed=11)
    assert plan == random_plan(2000, seed=11)  # reproducible
    assert len(plan.tasks) == 2000 and [t.id for t in plan.tasks] == list(range(1, 2001))
    assert all(k.predecessor < k.successor for k in plan.links)  # a DAG
    assert 1.3 < len(plan.links) / 2000 < 1.6
    milestones = sum(t.duration == 0 for t in plan.tasks) / 2000
    assert 0.06 < milestones < 0.15
    release_of = {t.id: t.release_id for t in plan.tasks}
    cross = sum(release_of[k.predecessor] != release_of[k.successor] for k in plan.links)
    assert 0 < cross < len(plan.links) * 0.2
    assert {k.type for k in plan.links} == set(DependencyType)
    assert any(k.lag < 0 for k in plan.links)
    assert plan.teams and plan.environments and plan.freezes
    assert any(t.environment_id for t in plan.tasks) and any(t.team_id for t in plan.tasks)
    assert {t.constraint for t in plan.tasks} >= {None, *ConstraintType}
    assert len(plan.releases) == 5 and all(r.golive_task_id for r in plan.releases)
    result = schedule(plan)
    assert not result.cycles
    assert plan.calendar.holidays and max(plan.calendar.holidays) > result.finish  # type: ignore[operator]

    tj3 = random_plan(500, seed=3, tj3_compatible=True)
    assert {k.type for k in tj3.links} == {DependencyType.FS, DependencyType.SS}
    assert min(k.lag for k in tj3.links) == 0
    assert {t.constraint for t in tj3.tasks} == {None, ConstraintType.START_NO_EARLIER_THAN}
    assert not (tj3.teams or tj3.environments or tj3.freezes)
    assert all(r.start is None for r in tj3.releases)
