"""The passes reused after constraints change give what fresh passes give (passes.Passes).

Settling summary starts (``summaries.settle_starts``) changes only start
constraints between its looks, so ``cpm`` keeps one set of passes and runs the
forward pass again only downstream of what moved. Compared here with passes
made from scratch for the changed plan: every date, float, conflict (and its
place in the list), cycle and go-live must be the same.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling.cpm import _schedule, schedule
from relm_desktop.scheduling.model import LinkInput, ScheduleInput, ScheduleResult, TaskInput
from relm_desktop.scheduling.passes import Passes
from relm_desktop.scheduling.summaries import collapse, expand, outline_of
from relm_desktop.scheduling.synthetic import random_plan
from tests.scheduling.test_settle_runs import full_runs, with_a_cycle

_KINDS = (
    ConstraintType.START_NO_EARLIER_THAN,
    ConstraintType.MUST_START_ON,
    ConstraintType.FINISH_NO_LATER_THAN,
)


def reconstrained(data: ScheduleInput, seed: int, positions: list[int]) -> ScheduleInput:
    """``data`` with the constraints of the tasks at ``positions`` changed, a fifth of
    them to dates outside the supported range, some removed."""
    rng = random.Random(seed)
    tasks = list(data.tasks)
    start = data.project_start.toordinal()
    for i in positions:
        roll = rng.random()
        if roll < 0.15:
            tasks[i] = tasks[i]._replace(constraint=None, constraint_date=None)
            continue
        when = date.fromordinal(start + rng.randint(-20, 400))
        if roll < 0.35:
            when = rng.choice((date(1850, 3, 1), date(2250, 6, 1)))
        tasks[i] = tasks[i]._replace(constraint=rng.choice(_KINDS), constraint_date=when)
    return replace(data, tasks=tuple(tasks))


def reused(before: ScheduleInput, after: ScheduleInput) -> ScheduleResult:
    """``after`` scheduled on the passes of ``before``, taken again after a forward pass."""
    passes = Passes(before)
    passes.forward()
    assert passes.constrain(after)
    passes.forward()
    return passes.result()


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_passes_after_new_constraints_equal_fresh_passes(seed: int) -> None:
    data = with_a_cycle(random_plan(400, seed=seed))
    if seed % 2:  # in the expanded form settling uses: summaries' nodes, links backwards
        data = random_plan(400, seed=seed, summaries=True)
        outline = outline_of(data.tasks)
        assert outline is not None
        data = expand(data, outline)
    # Constraints (some outside the range) on 30 tasks, then on 30 others and
    # on half of the first ones again.
    rng = random.Random(seed)
    first = rng.sample(range(len(data.tasks)), 30)
    data = reconstrained(data, seed + 100, first)
    then = [*first[::2], *rng.sample(range(len(data.tasks)), 30)]
    after = reconstrained(data, seed, then)
    fresh = _schedule(after)
    assert reused(data, after) == fresh
    assert fresh != _schedule(data)  # the change moved something


def test_an_actual_start_survives_a_new_constraint() -> None:
    data = random_plan(300, seed=11)
    tasks = list(data.tasks)
    tasks[40] = tasks[40]._replace(actual_start=date(2027, 2, 1))
    data = replace(data, tasks=tuple(tasks))
    after = replace(
        data,
        tasks=tuple(
            t._replace(constraint=ConstraintType.MUST_START_ON, constraint_date=date(2027, 3, 1))
            if k in (40, 41)
            else t
            for k, t in enumerate(data.tasks)
        ),
    )
    assert reused(data, after) == _schedule(after)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t._replace(duration=t.duration + 1),
        lambda t: t._replace(name=t.name + "!"),
        lambda t: t._replace(environment_id=2),
    ],
)
def test_passes_refuse_a_change_beyond_constraints(change) -> None:  # type: ignore[no-untyped-def]
    data = random_plan(100, seed=3)
    passes = Passes(data)
    passes.forward()
    tasks = list(data.tasks)
    tasks[7] = change(tasks[7])
    assert not passes.constrain(replace(data, tasks=tuple(tasks)))
    assert not passes.constrain(replace(data, links=data.links[1:]))


@pytest.mark.parametrize("seed", [6, 7, 8, 9])
def test_summaries_linked_every_way_settle_as_full_runs_do(seed: int) -> None:
    """SS, SF, FF and FS links to and from summaries, constraints on them and freeze
    windows: the settled schedule is the one full runs per round of pins give."""
    data = random_plan(400, seed=seed, summaries=True)
    rng = random.Random(seed)
    summaries = sorted({t.parent_id for t in data.tasks if t.parent_id is not None})
    plain = [t.id for t in data.tasks if t.parent_id is None and t.id not in summaries]
    top = max(link.id for link in data.links)
    extra: list[LinkInput] = []
    for k, s in enumerate(rng.sample(summaries, min(12, len(summaries)))):
        other = rng.choice(plain)
        kind = (DependencyType.SS, DependencyType.SF, DependencyType.FF, DependencyType.FS)[k % 4]
        lag = rng.randint(-3, 5)
        # from the summary to a task after it, or into it from a task before it
        pair = (s, other) if other > s else (other, s)
        extra.append(LinkInput(top + 1 + k, *pair, kind, lag))
    pinned = set(rng.sample(summaries, 3))
    tasks = tuple(
        t._replace(
            constraint=ConstraintType.START_NO_EARLIER_THAN,
            constraint_date=date.fromordinal(data.project_start.toordinal() + 30),
        )
        if t.id in pinned
        else t
        for t in data.tasks
    )
    data = replace(data, tasks=tasks, links=(*data.links, *extra))
    assert data.freezes
    assert schedule(data) == full_runs(data)


def test_tasks_keep_their_ids_in_results() -> None:
    """A sanity check of the helper: reconstraining leaves ids and durations alone."""
    data = random_plan(50, seed=1)
    after = reconstrained(data, 1, list(range(0, 50, 5)))
    key = [(t.id, t.duration) for t in after.tasks]
    assert key == [(t.id, t.duration) for t in data.tasks]
    assert all(isinstance(t, TaskInput) for t in after.tasks)


def test_pins_that_cannot_hold_end_the_settling() -> None:
    """Summaries fixed (must start on) before their work, with SS links from their
    start: their pins never hold, so each further round would repeat the last. The
    settling stops at once and gives what full runs to the last round give."""
    from relm_desktop.scheduling.cpm import _Settling
    from relm_desktop.scheduling.summaries import settle_starts

    data = random_plan(400, seed=4, summaries=True)
    summaries = sorted({t.parent_id for t in data.tasks if t.parent_id is not None})
    plain = [t.id for t in data.tasks if t.parent_id is None and t.id not in summaries]
    top = max(link.id for link in data.links)
    links = [
        LinkInput(top + 1 + k, s, next(p for p in plain if p > s), DependencyType.SS, 0)
        for k, s in enumerate(summaries[:6])
        if any(p > s for p in plain)
    ]
    fixed = data.project_start
    tasks = tuple(
        t._replace(constraint=ConstraintType.MUST_START_ON, constraint_date=fixed)
        if t.id in summaries[:6]
        else t
        for t in data.tasks
    )
    data = replace(data, tasks=tasks, links=(*data.links, *links))
    outline = outline_of(data.tasks)
    assert outline is not None and len(outline.children) > 20
    looks = []
    passes = _Settling()

    def forward(d: ScheduleInput):  # type: ignore[no-untyped-def]
        looks.append(d)
        return passes.forward(d)

    settled = collapse(
        settle_starts(expand(data, outline), outline, forward, passes.run), outline, data
    )
    assert len(looks) <= 3
    assert settled == schedule(data) == full_runs(data)
