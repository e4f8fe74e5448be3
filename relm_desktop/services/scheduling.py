"""Turning the plan's rows into the scheduler's input, and running it."""

from __future__ import annotations

from collections import defaultdict

from relm_desktop.gcpause import gc_paused
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.model import (
    EnvironmentInput,
    FreezeInput,
    LinkInput,
    ReleaseInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    TeamInput,
)
from relm_desktop.services.calendars import work_calendar
from relm_desktop.services.records import PlanData


def schedule_input(data: PlanData) -> ScheduleInput:
    """The scheduler's view of a plan."""
    with gc_paused():
        return _schedule_input(data)


def _schedule_input(data: PlanData) -> ScheduleInput:
    start = data.info.start
    golive: dict[int, int] = {}
    for task in data.tasks:
        if task.is_golive and task.release_id not in golive:
            golive[task.release_id] = task.id
    freeze_envs: dict[int, set[int]] = defaultdict(set)
    for freeze_id, env_id in data.freeze_environments:
        freeze_envs[freeze_id].add(env_id)
    last_year = max([start.year] + [r.target_golive.year for r in data.releases if r.target_golive])
    return ScheduleInput(
        project_start=start,
        calendar=work_calendar(data.calendar, data.days_off, start, last_year - start.year + 4),
        tasks=tuple(
            TaskInput(
                id=t.id,
                release_id=t.release_id,
                name=t.name,
                duration=t.duration,
                constraint=t.constraint_type,
                constraint_date=t.constraint_date,
                team_id=t.team_id,
                environment_id=t.environment_id,
                actual_start=t.actual_start,
            )
            for t in data.tasks
        ),
        links=tuple(
            LinkInput(link.id, link.predecessor_id, link.successor_id, link.type, link.lag)
            for link in data.links
        ),
        releases=tuple(
            ReleaseInput(r.id, r.name, r.start, r.target_golive, golive.get(r.id))
            for r in data.releases
        ),
        teams=tuple(TeamInput(t.id, t.name, t.capacity) for t in data.teams),
        environments=tuple(EnvironmentInput(e.id, e.name) for e in data.environments),
        freezes=tuple(
            FreezeInput(f.id, f.name, f.start, f.finish, frozenset(freeze_envs.get(f.id, ())))
            for f in data.freezes
        ),
    )


def schedule_plan(data: PlanData) -> ScheduleResult:
    """Schedule the whole portfolio."""
    return schedule(schedule_input(data))
