"""Turning the plan's rows into the scheduler's input, and running it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import compress, count, repeat
from operator import attrgetter, is_
from typing import TYPE_CHECKING, Generic, TypeVar

from relm_desktop.domain.limits import clamp_date
from relm_desktop.gcpause import gc_paused
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.calendar import WorkCalendar
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
from relm_desktop.services.calendars import CalendarFields, DayOffFields, work_calendar

if TYPE_CHECKING:  # records import SQLAlchemy, which the lean `relm schedule` path avoids
    from relm_desktop.services.records import PlanData

# Task and link record fields in the order of TaskInput's and LinkInput's fields.
_TASK_FIELDS = attrgetter(
    "id",
    "release_id",
    "name",
    "duration",
    "constraint_type",
    "constraint_date",
    "team_id",
    "environment_id",
    "actual_start",
    "parent_id",
    "outside_start",
    "outside_finish",
    "outside_day_end",
)
_LINK_FIELDS = attrgetter("id", "predecessor_id", "successor_id", "type", "lag")

_Made = TypeVar("_Made", TaskInput, LinkInput)


class _Reused(Generic[_Made]):
    """Records to scheduler tuples, reusing the tuples made before for the same records.

    The worker's refresh after an edit (``services.delta``) keeps each unchanged
    record the same object, and records are immutable named tuples: an object
    converted before converts as it did then. The table (record id -> tuple) is
    extended from call to call, for a few calls, and holds on to the records of
    each of them: an id in it always belongs to the object it was made from.
    Then it is made again from the last call alone, so the records of
    earlier plans can go. State is swapped as a whole, never changed once
    published: calls on two threads only miss.
    """

    #: Calls whose records a table may hold before it is made again.
    GENERATIONS = 8

    def __init__(self, fields: Callable[[object], tuple[object, ...]], kind: type[_Made]) -> None:
        self._fields = fields
        self._kind: type[_Made] = kind
        #: (the records of the calls the table holds, last first; id -> tuple made;
        #: the last call's tuples in order)
        self._last: tuple[tuple[tuple[object, ...], ...], dict[int, _Made], tuple[_Made, ...]] = (
            ((),),
            {},
            (),
        )

    def __call__(self, records: Sequence[object]) -> tuple[_Made, ...]:
        """One tuple per record, in order."""
        # Holding the records (``alive``) while their table is read keeps every id
        # in it theirs, even if another thread swaps the state meanwhile.
        alive: tuple[tuple[object, ...], ...]
        alive, table, before = self._last
        last = alive[0]
        if records is last or (len(records) == len(last) and all(map(is_, records, last))):
            return before  # the same records in the same places: an edit left them alone
        keys = list(map(id, records))
        found: list[_Made | None] = list(map(table.get, keys))
        missing = list(compress(count(), map(is_, found, repeat(None))))
        done: tuple[_Made, ...]
        # Mostly new (a plan just opened): all made in C, and the table made again.
        remake = 2 * len(missing) > len(keys)
        if remake:
            done = tuple(self._made(records))
        else:
            for i, one in zip(missing, self._made(map(records.__getitem__, missing)), strict=True):
                found[i] = one
            done = tuple(found)  # type: ignore[arg-type]  # no None left
        held = tuple(records)
        if not remake and len(alive) < self.GENERATIONS and len(table) <= 2 * len(held) + 100:
            # Extended (a copy, in C, ~5 times cheaper than making it again).
            if missing:
                table = table.copy()
                fresh = zip(
                    map(keys.__getitem__, missing), map(done.__getitem__, missing), strict=True
                )
                table.update(fresh)
            self._last = ((held, *alive), table, done)
        else:
            self._last = ((held,), dict(zip(keys, done, strict=True)), done)
        return done

    def _made(self, records: Iterable[object]) -> Iterator[_Made]:
        """Made in C: the record fields in the tuple's order, then tuple.__new__."""
        return map(tuple.__new__, repeat(self._kind), map(self._fields, records))


_tasks_of = _Reused(_TASK_FIELDS, TaskInput)
_links_of = _Reused(_LINK_FIELDS, LinkInput)


def plan_calendar(data: PlanData) -> WorkCalendar:
    """The plan's working calendar, with holidays from its start to its last target go-live."""
    return span_calendar(
        data.calendar, data.days_off, plan_start(data), [r.target_golive for r in data.releases]
    )


def plan_start(data: PlanData) -> date:
    """The plan's start date (a plan file always has its plan_info row)."""
    if data.info is None:
        raise ValueError("the plan has no plan_info row")
    return data.info.start


def span_calendar(
    calendar: CalendarFields | None,
    days_off: Iterable[DayOffFields],
    start: date,
    targets: Iterable[date | None],
) -> WorkCalendar:
    """The working calendar from the plan's ``start`` to the last of the releases'
    target go-lives (``calendar``: workdays, country, subdivision; ``days_off``: .day).

    The years are those of dates inside ``domain.limits`` (the scheduler reads a
    stored date beyond them as the range's end): a typo like 9999 must not ask
    for eight thousand years of holidays.
    """
    first = clamp_date(start)
    years = [clamp_date(target).year for target in targets if target]
    last_year = max([first.year, *years])
    return work_calendar(calendar, days_off, first, last_year - first.year + 4)


def schedule_input(data: PlanData) -> ScheduleInput:
    """The scheduler's view of a plan."""
    with gc_paused():
        return _schedule_input(data)


def _schedule_input(data: PlanData, calendar: WorkCalendar | None = None) -> ScheduleInput:
    return assemble_input(
        plan_start(data),
        plan_calendar(data) if calendar is None else calendar,
        # Records to named tuples, reused from the last call where the records are
        # (11,500 tasks and 16,450 links: 10 ms to make, ~2 to reuse).
        tasks=_tasks_of(data.tasks),
        links=_links_of(data.links),
        golive=[(t.release_id, t.id) for t in data.tasks if t.is_golive],
        releases=[(r.id, r.name, r.start, r.target_golive) for r in data.releases],
        teams=[(t.id, t.name, t.capacity) for t in data.teams],
        environments=[(e.id, e.name) for e in data.environments],
        freezes=[(f.id, f.name, f.start, f.finish) for f in data.freezes],
        freeze_environments=data.freeze_environments,
        horizon=data.info.horizon if data.info is not None else None,
    )


def assemble_input(
    start: date,
    calendar: WorkCalendar,
    *,
    tasks: tuple[TaskInput, ...],
    links: tuple[LinkInput, ...],
    golive: Iterable[tuple[int, int]],
    releases: Iterable[tuple[int, str, date | None, date | None]],
    teams: Iterable[tuple[int, str, int]],
    environments: Iterable[tuple[int, str]],
    freezes: Iterable[tuple[int, str, date, date]],
    freeze_environments: Iterable[tuple[int, int]],
    horizon: date | None = None,
) -> ScheduleInput:
    """The scheduler's input from plain rows, whoever read them (the records of
    ``load_plan``, or ``schedule_lean`` straight from SQLite).

    ``golive``: (release id, task id) of go-live tasks in task order, the first of
    a release being its go-live; ``releases``: (id, name, start, target go-live);
    ``teams``: (id, name, capacity); ``environments``: (id, name); ``freezes``:
    (id, name, start, finish); ``freeze_environments``: (freeze id, environment id);
    ``horizon``: the plan's float horizon (``PlanInfo.horizon``).
    """
    golive_of: dict[int, int] = {}
    for release_id, task_id in golive:
        golive_of.setdefault(release_id, task_id)
    freeze_envs: dict[int, set[int]] = defaultdict(set)
    for freeze_id, env_id in freeze_environments:
        freeze_envs[freeze_id].add(env_id)
    return ScheduleInput(
        project_start=start,
        calendar=calendar,
        tasks=tasks,
        links=links,
        releases=tuple(
            ReleaseInput(rid, name, first, target, golive_of.get(rid))
            for rid, name, first, target in releases
        ),
        teams=tuple(TeamInput(*team) for team in teams),
        environments=tuple(EnvironmentInput(*env) for env in environments),
        freezes=tuple(
            FreezeInput(fid, name, first, last, frozenset(freeze_envs.get(fid, ())))
            for fid, name, first, last in freezes
        ),
        horizon=horizon,
    )


def schedule_plan(data: PlanData) -> ScheduleResult:
    """Schedule the whole portfolio."""
    with gc_paused():
        return schedule(_schedule_input(data, _scheduling_calendar(data)))


#: The calendar of the last ``schedule_plan``: reused while equal, with the lookup
#: tables it grew (~1.5 ms to build again at 10,000 tasks). Only scheduling reads it.
_last_calendar: list[WorkCalendar] = []


def _scheduling_calendar(data: PlanData) -> WorkCalendar:
    calendar = plan_calendar(data)
    last = _last_calendar[-1:]
    if last and last[0] == calendar:  # same working days and holidays
        return last[0]
    _last_calendar[:] = [calendar]
    return calendar
