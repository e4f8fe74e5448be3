"""The scheduler's input reuses what it made of records an edit left alone (services.scheduling).

After an edit the worker's refresh keeps every unchanged record the same
object; ``schedule_input`` then reuses the TaskInput and LinkInput made of it
last time. What it gives must be what converting every record afresh gives.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.domain.records import CalendarDayRecord
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.model import LinkInput, TaskInput
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services import scheduling
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> PlanData:
    path: Path = tmp_path_factory.mktemp("reuse") / "plan.relm"
    write_schedule_input(path, random_plan(200, seed=5, summaries=True)).close()
    service = PlanService.open(path)
    data = service.load()
    service.close()
    return data


def afresh(data: PlanData) -> tuple[tuple[TaskInput, ...], tuple[LinkInput, ...]]:
    """Every record converted by name, nothing reused."""
    tasks = tuple(
        TaskInput(
            t.id,
            t.release_id,
            t.name,
            t.duration,
            t.constraint_type,
            t.constraint_date,
            t.team_id,
            t.environment_id,
            t.actual_start,
            t.parent_id,
            t.outside_start,
            t.outside_finish,
            t.outside_day_end,
        )
        for t in data.tasks
    )
    links = tuple(
        LinkInput(k.id, k.predecessor_id, k.successor_id, k.type, k.lag) for k in data.links
    )
    return tasks, links


def test_edited_records_convert_afresh_and_the_others_are_reused(plan: PlanData) -> None:
    first = scheduling.schedule_input(plan)
    assert (first.tasks, first.links) == afresh(plan)
    # An edit: new tuples of records, two tasks and a link changed, one task gone,
    # one link added.
    tasks = list(plan.tasks)
    tasks[3] = tasks[3]._replace(duration=tasks[3].duration + 4)
    tasks[9] = tasks[9]._replace(
        constraint_type=ConstraintType.START_NO_EARLIER_THAN, constraint_date=plan.info.start
    )
    del tasks[20]
    links = [*plan.links[:-1], plan.links[-1]._replace(lag=3)]
    links.append(links[0]._replace(id=10_000, type=DependencyType.SS))
    edited = replace(plan, tasks=tuple(tasks), links=tuple(links))
    second = scheduling.schedule_input(edited)
    assert (second.tasks, second.links) == afresh(edited)
    assert second.tasks[3].duration == plan.tasks[3].duration + 4
    # What the edit left alone is the very tuple made last time.
    assert second.tasks[0] is first.tasks[0] and second.links[1] is first.links[1]
    assert second.tasks[3] is not first.tasks[3]
    # And back: the first records again, in new tuples.
    third = scheduling.schedule_input(replace(plan, tasks=(*plan.tasks,), links=(*plan.links,)))
    assert (third.tasks, third.links) == afresh(plan)


def test_the_same_tuple_of_records_gives_the_same_input(plan: PlanData) -> None:
    first = scheduling.schedule_input(plan)
    again = scheduling.schedule_input(plan)
    assert again.tasks is first.tasks and again.links is first.links
    assert (again.tasks, again.links) == afresh(plan)
    # New tuples, the same records in the same places: the same input again.
    copied = scheduling.schedule_input(replace(plan, tasks=(*plan.tasks,), links=(*plan.links,)))
    assert copied.tasks is first.tasks and copied.links is first.links
    # A tuple as long, one record in it changed: not the same tuple.
    renamed = plan.tasks[5]._replace(name="Renamed")
    edited = replace(plan, tasks=(*plan.tasks[:5], renamed, *plan.tasks[6:]))
    assert scheduling.schedule_input(edited).tasks[5].name == "Renamed"


def test_a_changed_calendar_is_not_reused(plan: PlanData) -> None:
    """``schedule_plan`` keeps the last calendar while it stays equal, not longer."""
    assert scheduling.schedule_plan(plan) == schedule(scheduling.schedule_input(plan))
    # Every working day of the plan's first month off: the schedule moves.
    start = plan.info.start
    off = tuple(
        CalendarDayRecord(90_000 + k, 1, start.fromordinal(start.toordinal() + k), "Closed")
        for k in range(30)
    )
    closed = replace(plan, days_off=(*plan.days_off, *off))
    moved = scheduling.schedule_plan(closed)
    assert moved == schedule(scheduling.schedule_input(closed))
    assert moved != scheduling.schedule_plan(plan)


def test_records_gone_and_their_ids_taken_again_convert_afresh() -> None:
    """Ids of records no longer held may be taken by new objects: the table never
    answers for those. Rounds of a few short-lived records among lasting ones."""
    from relm_desktop.domain.records import DependencyRecord

    reused: scheduling._Reused[LinkInput] = scheduling._Reused(scheduling._LINK_FIELDS, LinkInput)
    lasting = tuple(DependencyRecord(k, 0, k + 1, DependencyType.FS, 0) for k in range(40))
    reused(lasting)
    for round_ in range(1, 60):
        records = (
            *lasting,
            *(DependencyRecord(k, round_, k + 1, DependencyType.SS, round_) for k in range(10)),
        )
        made = reused(records)
        assert made[40:] == tuple(
            LinkInput(k, round_, k + 1, DependencyType.SS, round_) for k in range(10)
        )
        assert made[:40] == reused(lasting)[:40]
        del records, made  # gone: CPython hands their memory, and ids, to the next round


def test_the_table_is_made_again_after_some_calls(plan: PlanData) -> None:
    reused: scheduling._Reused[TaskInput] = scheduling._Reused(scheduling._TASK_FIELDS, TaskInput)
    for _ in range(3 * scheduling._Reused.GENERATIONS):
        assert reused((*plan.tasks,)) == afresh(plan)[0]
    held, table, _ = reused._last
    assert len(held) <= scheduling._Reused.GENERATIONS
    assert len(table) == len(plan.tasks)
