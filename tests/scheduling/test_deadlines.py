"""A release's target go-live is a deadline on its go-live (PRODUCT.md §3, MS Project's deadlines).

Late dates come backward from the earlier of the deadline and the plan's end:
a late release shows negative float on its driving tasks, an early one the
days to its target, and a deadline after the plan's end changes nothing.
Worked by hand on Monday–Friday from Monday 2027-01-04.
"""

from __future__ import annotations

from datetime import date

from relm_desktop.domain.enums import DependencyType
from relm_desktop.scheduling import (
    LinkInput,
    ReleaseInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    WorkCalendar,
    schedule,
)
from relm_desktop.scheduling.synthetic import random_plan

START = date(2027, 1, 4)  # Monday


def two_releases(target: date | None, *, golive_task: bool = True) -> ScheduleResult:
    """Release 1: build 5 d → test 5 d → go-live milestone (Fri 2027-01-15), plus a 2 d side task.

    Release 2 runs 30 working days, so the plan ends on Fri 2027-02-12.
    """
    tasks = (
        TaskInput(id=1, release_id=1, name="Build", duration=5),
        TaskInput(id=2, release_id=1, name="Test", duration=5),
        TaskInput(id=3, release_id=1, name="Go-live", duration=0),
        TaskInput(id=4, release_id=1, name="Docs", duration=2),
        TaskInput(id=10, release_id=2, name="Long haul", duration=30),
    )
    fs = DependencyType.FS
    links = (
        LinkInput(id=1, predecessor=1, successor=2, type=fs),
        LinkInput(id=2, predecessor=2, successor=3, type=fs),
        LinkInput(id=3, predecessor=4, successor=3, type=fs),
    )
    releases = (
        ReleaseInput(
            id=1,
            name="R1",
            target_golive=target,
            golive_task_id=3 if golive_task else None,
        ),
        ReleaseInput(id=2, name="R2"),
    )
    return schedule(ScheduleInput(START, WorkCalendar(), tasks, links, releases))


def test_without_a_target_float_runs_to_the_plan_end() -> None:
    r = two_releases(None)
    assert r.tasks[3].finish == date(2027, 1, 15)
    assert r.tasks[1].total_float == 20  # 30-day plan, 10-day chain
    assert not r.tasks[1].critical and not r.tasks[3].critical


def test_a_late_release_has_negative_float_and_its_own_critical_path() -> None:
    r = two_releases(date(2027, 1, 12))  # Tuesday: three working days too early
    for task_id in (1, 2, 3):
        assert r.tasks[task_id].total_float == -3
        assert r.tasks[task_id].critical
    assert r.tasks[3].late_finish == date(2027, 1, 12)
    assert r.tasks[1].late_start == date(2026, 12, 30)  # three working days before the start
    # The side task has 8 days of room before the deadline: 2 d ending by Tue 12th.
    assert r.tasks[4].total_float == 5 and not r.tasks[4].critical
    # The other release keeps its own critical path to the plan's end.
    assert r.tasks[10].total_float == 0 and r.tasks[10].critical
    # Early dates never move for a deadline.
    assert r.tasks[3].start == date(2027, 1, 15)


def test_an_early_release_has_float_to_its_target_not_to_the_plan_end() -> None:
    r = two_releases(date(2027, 1, 20))  # Wednesday: three working days to spare
    assert r.tasks[1].total_float == 3
    assert r.tasks[3].late_finish == date(2027, 1, 20)


def test_a_target_after_the_plan_end_changes_nothing() -> None:
    r = two_releases(date(2027, 6, 1))
    assert r.tasks[1].total_float == 20


def test_without_a_go_live_task_every_task_of_the_release_must_finish_by_the_target() -> None:
    r = two_releases(date(2027, 1, 12), golive_task=False)
    assert r.tasks[1].total_float == -3
    assert r.tasks[4].total_float == 5
    assert r.tasks[10].total_float == 0


def test_deadlines_never_move_early_dates_on_random_plans() -> None:
    """What tj3 checks (start and finish) is the same with and without targets."""
    for seed in (1, 2, 3):
        data = random_plan(400, seed=seed, summaries=seed == 3)
        assert any(r.target_golive for r in data.releases)
        free = ScheduleInput(
            data.project_start,
            data.calendar,
            data.tasks,
            data.links,
            tuple(
                ReleaseInput(id=r.id, name=r.name, start=r.start, golive_task_id=r.golive_task_id)
                for r in data.releases
            ),
            data.teams,
            data.environments,
            data.freezes,
        )
        with_targets, without = schedule(data), schedule(free)
        assert {k: (v.start, v.finish) for k, v in with_targets.tasks.items()} == {
            k: (v.start, v.finish) for k, v in without.tasks.items()
        }
        # Some release is late against its target, so some float is negative there.
        late = {c.release_ids[0] for c in with_targets.conflicts if c.kind == "late_golive"}
        if late:
            assert any(v.total_float < 0 for v in with_targets.tasks.values())
