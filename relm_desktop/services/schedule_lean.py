"""``relm schedule`` without SQLAlchemy: the rows the scheduler needs, straight from SQLite.

A whole process of ``relm schedule`` spent 0.4 s importing SQLAlchemy and the
entities and reading every row of the plan into records, around 28 ms of
scheduling at 10,000 tasks. Here the file gets the same checks first
(``inspect_file``: magic, triggers and views, schema revision; every column a
whole plan is read from; every reference), then the ten tables the scheduler
reads are read on one read-only ``sqlite3`` connection, converted as the
entities' column types would (``date.fromisoformat``, enum by value, truth of
``is_golive``), and handed to the same ``assemble_input`` the records path uses.

A plan that needs a schema upgrade, or holds a value the column types would
not convert the same way (edited outside RELM), takes the full path instead
(``scheduled_full``): the answer is the same either way, only slower.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.gcpause import gc_paused
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.model import LinkInput, ScheduleInput, ScheduleResult, TaskInput
from relm_desktop.services.scheduling import assemble_input, span_calendar
from relm_desktop.store.sqlite_file import (
    check_columns,
    check_references,
    connect_readonly,
    inspect_file,
)

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ScheduledPlan:
    """What ``relm schedule`` lists: release names, tasks in listing order, the result."""

    releases: dict[int, str]  # id → name
    tasks: tuple[tuple[int, int, str], ...]  # (id, release id, name) by release, position, id
    result: ScheduleResult


class _Calendar(NamedTuple):
    workdays: str
    country: str | None
    subdivision: str | None


class _DayOff(NamedTuple):
    day: date | None  # as stored: NULL where a hand edit left it empty


class _UnusualValueError(Exception):
    """A stored value the entities' column types would read differently: use the full path."""


def scheduled_plan(path: Path) -> ScheduledPlan:
    """Schedule the plan at ``path``, read-only: the lean path when it applies."""
    lean = read_lean(path)
    if lean is None:
        return scheduled_full(path)
    data, releases, tasks = lean
    return ScheduledPlan(releases, tasks, schedule(data))


def read_progress(path: Path) -> tuple[date | None, dict[int, int]]:
    """The plan's status date and each task's percent complete: what "overdue" is judged by.

    Read apart from the scheduler's input, and only by ``relm schedule``'s listing,
    so the scheduling path itself reads no more than it needs.
    """
    con = connect_readonly(path)
    try:
        row = con.execute("SELECT status_date FROM plan_info ORDER BY id LIMIT 1").fetchone()
        status = date.fromisoformat(row[0]) if row and isinstance(row[0], str) else None
        done = dict(con.execute("SELECT id, percent_complete FROM task").fetchall())
    finally:
        con.close()
    return status, done


def scheduled_full(path: Path) -> ScheduledPlan:
    """The same through ``PlanService`` (SQLAlchemy, every row as records)."""
    from relm_desktop.services.plan import PlanService

    service = PlanService.open(path, readonly=True)
    try:
        data, result = service.schedule()
    finally:
        service.close()
    ordered = sorted(data.tasks, key=lambda t: (t.release_id, t.position, t.id))
    return ScheduledPlan(
        {r.id: r.name for r in data.releases},
        tuple((t.id, t.release_id, t.name) for t in ordered),
        result,
    )


def read_lean(
    path: Path,
) -> tuple[ScheduleInput, dict[int, str], tuple[tuple[int, int, str], ...]] | None:
    """The scheduler's input, release names and listing order read with ``sqlite3``;
    None where the full path must read the plan (schema upgrade, unusual values).

    Raises what the full path raises for a file it refuses (PlanFileError,
    BrokenReferencesError, ``sqlite3.Error`` for a missing column).
    """
    check = inspect_file(path)
    if check.needs_migration:
        return None
    con = connect_readonly(path)
    try:
        with gc_paused():
            con.execute("BEGIN")  # one snapshot for every read, as one session would be
            check_references(con.execute)
            check_columns(con)
            try:
                return _read(con)
            except (_UnusualValueError, ValueError, TypeError, KeyError):
                return None
    finally:
        con.close()


def _rows(con: sqlite3.Connection, sql: str) -> list[Any]:
    return con.execute(sql).fetchall()


def _columns(rows: list[Any], width: int) -> list[list[Any]]:
    """``rows`` as ``width`` columns (lists of values)."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * width


def _converted(values: Sequence[Any], convert: Callable[[Any], _T]) -> list[_T | None]:
    """``values`` converted once per distinct value; None stays None."""
    memo = {value: convert(value) for value in set(values) if value is not None}
    return list(map(memo.get, values))


def _dates(values: Sequence[Any]) -> list[date | None]:
    return _converted(values, date.fromisoformat)  # as SQLAlchemy's SQLite Date reads


def _enum(kind: type[StrEnum]) -> Callable[[Any], Any]:
    members = {member.value: member for member in kind}  # as domain.base.EnumText reads
    return members.__getitem__


def _same_type(values: Iterable[Any], kind: type) -> None:
    """Python compares these values (sort keys): anything but ``kind`` goes the full way."""
    if not set(map(type, values)) <= {kind}:
        raise _UnusualValueError


def _read(
    con: sqlite3.Connection,
) -> tuple[ScheduleInput, dict[int, str], tuple[tuple[int, int, str], ...]] | None:
    info = con.execute(
        "SELECT start, calendar_id, horizon FROM plan_info ORDER BY id LIMIT 1"
    ).fetchone()
    if info is None or not isinstance(info[0], str):
        raise _UnusualValueError
    start = date.fromisoformat(info[0])
    (horizon,) = _dates([info[2]])
    calendar_row = con.execute(
        "SELECT workdays, country, subdivision FROM calendar WHERE id = ?", (info[1],)
    ).fetchone()
    calendar = _Calendar(*calendar_row) if calendar_row is not None else None
    (days,) = _columns(_rows(con, "SELECT day FROM calendar_day ORDER BY id"), 1)
    days_off = [_DayOff(day) for day in _dates(days)]

    rid, rname, rstart, rtarget = _columns(
        _rows(con, "SELECT id, name, start, target_golive FROM release ORDER BY position, id"), 4
    )
    releases = list(zip(rid, rname, _dates(rstart), _dates(rtarget), strict=True))

    # Task fields in TaskInput's order, then what the listing and go-lives need; sorted
    # by position and id here, not by SQLite (which spends twice as long sorting rows).
    task_rows = _rows(
        con,
        "SELECT id, release_id, name, duration, constraint_type, constraint_date, team_id, "
        "environment_id, actual_start, is_golive, position, parent_id, outside_start, "
        "outside_finish, outside_day_end FROM task",
    )
    _same_type(map(itemgetter(10), task_rows), int)  # an ORDER BY of anything else differs
    task_rows.sort(key=itemgetter(10, 0))
    (tid, trelease, tname, duration, ctype, cdate, team, env, actual, golive, _, parent, *out) = (
        _columns(task_rows, 15)
    )
    _same_type(trelease, int)
    tasks = tuple(
        map(
            tuple.__new__,
            repeat(TaskInput),
            zip(
                tid,
                trelease,
                tname,
                duration,
                _converted(ctype, _enum(ConstraintType)),
                _dates(cdate),
                team,
                env,
                _dates(actual),
                parent,
                _dates(out[0]),
                _dates(out[1]),
                map(bool, out[2]),
                strict=True,
            ),
        )
    )
    lid, pred, succ, ltype, lag = _columns(
        _rows(
            con, "SELECT id, predecessor_id, successor_id, type, lag FROM dependency ORDER BY id"
        ),
        5,
    )
    links = tuple(
        map(
            tuple.__new__,
            repeat(LinkInput),
            zip(lid, pred, succ, _converted(ltype, _enum(DependencyType)), lag, strict=True),
        )
    )
    teams = con.execute("SELECT id, name, capacity FROM team ORDER BY id").fetchall()
    environments = con.execute("SELECT id, name FROM environment ORDER BY position, id").fetchall()
    # Every column, as the records path selects them: rows with equal starts keep its order.
    fid, fname, fstart, ffinish, _reason = _columns(
        _rows(con, "SELECT id, name, start, finish, reason FROM freeze_window ORDER BY start"), 5
    )
    freezes: list[Any] = list(zip(fid, fname, _dates(fstart), _dates(ffinish), strict=True))
    freeze_environments = con.execute(
        "SELECT freeze_id, environment_id FROM freeze_environment"
    ).fetchall()

    data = assemble_input(
        start,
        span_calendar(calendar, days_off, start, [release[3] for release in releases]),
        tasks=tasks,
        links=links,
        golive=compress(zip(trelease, tid, strict=True), golive),
        releases=releases,
        teams=teams,
        environments=environments,
        freezes=freezes,
        freeze_environments=freeze_environments,
        horizon=horizon,
    )
    # The listing: by release, then position and id (a stable sort of rows in that order).
    order = sorted(range(len(tid)), key=trelease.__getitem__)
    listing = tuple((tid[i], trelease[i], tname[i]) for i in order)
    return data, dict(zip(rid, rname, strict=True)), listing
