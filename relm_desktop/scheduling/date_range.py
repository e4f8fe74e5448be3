"""Dates kept inside ``domain.limits`` (1900-01-01 … 2199-12-31) before and after the passes.

A date outside the range in the input is read as the nearest end, and a
computed day past an end is shown at that end; each is a DATE_RANGE conflict
naming the culprit, so nothing downstream meets a date near ``date.max``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from relm_desktop.domain.limits import DATE_RANGE_TEXT, FIRST_DATE, LAST_DATE, clamp_date
from relm_desktop.scheduling.conflicts import DayToDate, quoted
from relm_desktop.scheduling.model import Conflict, ConflictKind, ScheduleInput, TaskInput


def dates_in_range(data: ScheduleInput, conflicts: list[Conflict]) -> ScheduleInput:
    """``data`` with the plan's, releases' and freezes' dates inside the supported range.

    Tasks' dates are checked where the constraints are read (only those tasks
    have any); each date moved is a DATE_RANGE conflict.
    """
    changes: dict[str, Any] = {}
    if not FIRST_DATE <= data.project_start <= LAST_DATE:
        changes["project_start"] = clamp_date(data.project_start)
        conflicts.append(
            Conflict(
                ConflictKind.DATE_RANGE,
                f"The plan starts on {data.project_start.isoformat()}, outside the dates a "
                f"plan can hold ({DATE_RANGE_TEXT}); scheduled from "
                f"{changes['project_start'].isoformat()}",
            )
        )
    releases = list(data.releases)
    for k, r in enumerate(releases):
        bad = [
            (label, when)
            for label, when in (("start", r.start), ("target go-live", r.target_golive))
            if when is not None and not FIRST_DATE <= when <= LAST_DATE
        ]
        if not bad:
            continue
        releases[k] = replace(
            r,
            start=clamp_date(r.start) if r.start else None,
            target_golive=clamp_date(r.target_golive) if r.target_golive else None,
        )
        for label, when in bad:
            conflicts.append(
                Conflict(
                    ConflictKind.DATE_RANGE,
                    f"Release {quoted(r.name)}: its {label} {when.isoformat()} is outside the "
                    f"dates a plan can hold ({DATE_RANGE_TEXT}); read as "
                    f"{clamp_date(when).isoformat()}",
                    release_ids=(r.id,),
                )
            )
    freezes = list(data.freezes)
    for k, f in enumerate(freezes):
        if FIRST_DATE <= f.start <= LAST_DATE and FIRST_DATE <= f.finish <= LAST_DATE:
            continue
        freezes[k] = replace(f, start=clamp_date(f.start), finish=clamp_date(f.finish))
        conflicts.append(
            Conflict(
                ConflictKind.DATE_RANGE,
                f"Freeze window {quoted(f.name)} ({f.start.isoformat()} … "
                f"{f.finish.isoformat()}) reaches outside the dates a plan can hold "
                f"({DATE_RANGE_TEXT}); cut at the range's ends",
            )
        )
    if releases != list(data.releases):
        changes["releases"] = tuple(releases)
    if freezes != list(data.freezes):
        changes["freezes"] = tuple(freezes)
    return replace(data, **changes) if changes else data


def stored_outside(task: TaskInput, label: str, when: date, conflicts: list[Conflict]) -> date:
    """The nearest supported date to a task's ``when``, reported as a DATE_RANGE conflict."""
    moved = clamp_date(when)
    conflicts.append(
        Conflict(
            ConflictKind.DATE_RANGE,
            f"{quoted(task.name)} has the {label} {when.isoformat()}, outside the dates a plan "
            f"can hold ({DATE_RANGE_TEXT}); read as {moved.isoformat()}",
            task_ids=(task.id,),
            release_ids=(task.release_id,),
        )
    )
    return moved


def out_of_range(
    tasks: Sequence[TaskInput],
    reported: tuple[list[int], ...],
    first_day: int,
    last_day: int,
    day_of: DayToDate,
    conflicts: list[Conflict],
) -> set[int]:
    """Positions of tasks with a day outside ``first_day … last_day``; one conflict per end.

    Each conflict names the culprit first: past the end, the earliest-starting
    task whose own duration crosses it (else the earliest-starting one past
    it); before the start, the latest-finishing task whose late dates cross it.
    """
    start, finish, late_start, late_finish = reported
    positions = range(len(tasks))
    late = [i for i in positions if finish[i] > last_day]
    early = [i for i in positions if late_start[i] < first_day]
    if late:
        crossing = [i for i in late if start[i] <= last_day] or late
        culprit = min(crossing, key=lambda i: (start[i], i))
        task = tasks[culprit]
        verb = "finish" if start[culprit] <= last_day else "start"
        others = len(late) - 1
        more = f", and {others} more task{'s' if others != 1 else ''} after it" if others else ""
        conflicts.append(
            Conflict(
                ConflictKind.DATE_RANGE,
                f"{quoted(task.name)} would {verb} after {LAST_DATE.isoformat()}, the last date "
                f"a plan can hold{more}; shown ending on {day_of(last_day).isoformat()} "
                "(shorten durations or lags, or move the dates earlier)",
                task_ids=(task.id, *(tasks[i].id for i in late if i != culprit)),
                release_ids=(task.release_id,),
            )
        )
    if early:
        crossing = [i for i in early if late_finish[i] >= first_day] or early
        culprit = max(crossing, key=lambda i: (late_finish[i], -i))
        task = tasks[culprit]
        others = len(early) - 1
        more = f", and {others} more task{'s' if others != 1 else ''} before it" if others else ""
        conflicts.append(
            Conflict(
                ConflictKind.DATE_RANGE,
                f"{quoted(task.name)} would have to start before {FIRST_DATE.isoformat()}, the "
                f"first date a plan can hold, to meet its deadlines{more}; shown starting on "
                f"{day_of(first_day).isoformat()}",
                task_ids=(task.id, *(tasks[i].id for i in early if i != culprit)),
                release_ids=(task.release_id,),
            )
        )
    return {*late, *early}
