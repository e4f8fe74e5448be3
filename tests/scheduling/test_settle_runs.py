"""Settling summary starts from the forward pass gives what full runs gave (summaries.py).

``settle_starts`` once scheduled the whole plan for every round of pins; it
now looks at the forward pass alone first and the runs share one link
network. The reference below is that old loop, written out with full runs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling.cpm import _schedule, schedule
from relm_desktop.scheduling.model import LinkInput, ScheduleInput, ScheduleResult
from relm_desktop.scheduling.summaries import Outline, collapse, expand, outline_of
from relm_desktop.scheduling.synthetic import random_plan


def full_runs(data: ScheduleInput) -> ScheduleResult:
    """The schedule as the old loop made it: a full run per round of pins."""
    outline = outline_of(data.tasks)
    assert outline is not None
    expanded = expand(data, outline)
    result = _schedule(expanded)
    starts = outline.summary_of_start
    watched = {
        starts[link.predecessor]
        for link in expanded.links
        if link.predecessor in starts and link.type in (DependencyType.SS, DependencyType.SF)
    }
    for _ in range(len(outline.children) + 1):
        work = work_starts(outline, result)
        pins = {}
        for summary in watched:
            node = outline.start_node[summary]
            opens = result.tasks[node].start
            if node in result.day_end_milestones:
                opens = expanded.calendar.next_working(opens + timedelta(days=1))
            if opens < work[summary]:
                pins[node] = work[summary]
        if not pins or not watched:
            break
        expanded = replace(
            expanded,
            tasks=tuple(
                t._replace(
                    constraint=ConstraintType.START_NO_EARLIER_THAN, constraint_date=pins[t.id]
                )
                if t.id in pins and t.constraint is not ConstraintType.MUST_START_ON
                else t
                for t in expanded.tasks
            ),
        )
        result = _schedule(expanded)
    return collapse(result, outline, data)


def work_starts(outline: Outline, result: ScheduleResult) -> dict[int, date]:
    """Each summary's earliest child start, summaries below first (by depth of nesting)."""
    out: dict[int, date] = {}
    pending = list(outline.children)
    while pending:
        ready = [
            s
            for s in pending
            if all(c in out for c in outline.children[s] if c in outline.children)
        ]
        for summary in ready:
            days = [
                out[c] if c in outline.children else result.tasks[c].start
                for c in outline.children[summary]
            ]
            out[summary] = min(days)
            pending.remove(summary)
    return out


def with_a_cycle(data: ScheduleInput) -> ScheduleInput:
    """Two plain tasks linked both ways: the cycle is reported once, by every run."""
    parents = {t.parent_id for t in data.tasks}
    plain = [t.id for t in data.tasks if t.id not in parents and t.parent_id is None][:2]
    top = max(link.id for link in data.links) + 1
    extra = (
        LinkInput(top, plain[0], plain[1], DependencyType.FS, 0),
        LinkInput(top + 1, plain[1], plain[0], DependencyType.FS, 0),
    )
    return replace(data, links=(*data.links, *extra))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_settled_schedule_equals_the_full_run_loop(seed: int) -> None:
    data = with_a_cycle(random_plan(300, seed=seed, summaries=True))
    result = schedule(data)
    assert len(result.cycles) == 1
    assert result == full_runs(data)


def test_the_seeds_need_pins() -> None:
    """The comparison above means something: settling moves work in these plans."""
    moved = 0
    for seed in range(1, 6):
        data = random_plan(300, seed=seed, summaries=True)
        outline = outline_of(data.tasks)
        assert outline is not None
        unsettled = collapse(_schedule(expand(data, outline)), outline, data)
        moved += unsettled.tasks != schedule(data).tasks
    assert moved >= 2
