"""Critical path method on working days: forward and backward pass, floats, conflicts.

Time model (see PRODUCT.md §3): a task of duration ``d ≥ 1`` starting at
working-day boundary ``S`` occupies working days ``S … S+d-1`` and finishes at
boundary ``F = S + d``. Links are MS Project's: FS ``S ≥ F' + lag``, SS
``S ≥ S' + lag``, FF ``F ≥ F' + lag``, SF ``F ≥ S' + lag``.

Milestones need one more bit, as in TaskJuggler and MS Project: the same
boundary ``B`` is either "start of day B" or "end of day B-1" (a milestone
right after a task sits on the task's last day, "Fri 17:00"). The forward pass
therefore carries *half-instants*: ``v = 2·B`` for a start-of-day instant and
``v = 2·B - 1`` for an end-of-day one. The later instant wins, so a
start-of-day candidate beats an end-of-day one at the same boundary. A task's
finish is an end of day; a positive lag lands at an end of day (``gaplength``
in tj3, working-time lags in MS Project); a zero or negative lag keeps the
kind of the instant it starts from. The reported day of a milestone is
``v // 2``.

Everything runs on position-indexed integer lists in topological order; the
only objects built per task are the final ``TaskSchedule`` values. The common
link (FS, no lag) takes a shorter path through both passes.

Dates stay inside ``domain.limits`` (1900-01-01 … 2199-12-31): a date outside
it in the input is read as the nearest end, and computed days past an end are
shown at that end; both are DATE_RANGE conflicts naming the task, so nothing
downstream meets a date near ``date.max``. The passes run on unbounded
integers; the checks cost one comparison of the day range already computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from itertools import compress, repeat
from operator import add, and_, contains, ge, is_not, mul, not_, or_, sub
from typing import Any, Literal, overload

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.domain.limits import FIRST_DATE, LAST_DATE, clamp_date
from relm_desktop.gcpause import gc_paused
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.conflicts import (
    DayToDate,
    Span,
    environment_clashes,
    late_golives,
    over_capacity,
    quoted,
)
from relm_desktop.scheduling.date_range import dates_in_range, out_of_range, stored_outside
from relm_desktop.scheduling.freeze import FreezeIndex
from relm_desktop.scheduling.model import (
    Conflict,
    ConflictKind,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    TaskSchedule,
)
from relm_desktop.scheduling.network import NetworkMemo, critical_path, link_network
from relm_desktop.scheduling.summaries import (
    ForwardStarts,
    collapse,
    expand,
    outline_of,
    settle_starts,
)

_DAY = timedelta(days=1)
_NO_FLOOR = -(1 << 60)


def schedule(data: ScheduleInput) -> ScheduleResult:
    """Schedule every task of ``data``: dates, floats, critical path, cycles and conflicts.

    Links to unknown task ids are ignored; links inside a dependency cycle are
    ignored and the cycle is reported.
    """
    # The passes allocate tens of thousands of short-lived tuples; a full
    # collection of a big GUI heap in the middle would dominate the run.
    with gc_paused():
        outline = outline_of(data.tasks) if _any_parent(data.tasks) else None
        if outline is None:
            return _schedule(data)
        expanded = expand(data, outline)
        # Settling summary starts first looks at the forward pass alone, and all
        # its runs share one link network: only constraints change between them.
        memo = NetworkMemo()
        result = settle_starts(
            expanded,
            outline,
            lambda d: _schedule(d, memo, starts_only=True),
            lambda d: _schedule(d, memo),
        )
        return collapse(result, outline, data)


def _any_parent(tasks: Sequence[TaskInput]) -> bool:
    return any(map(is_not, (t.parent_id for t in tasks), repeat(None)))


@overload
def _schedule(
    data: ScheduleInput, memo: NetworkMemo | None = None, *, starts_only: Literal[False] = False
) -> ScheduleResult: ...
@overload
def _schedule(
    data: ScheduleInput, memo: NetworkMemo | None, *, starts_only: Literal[True]
) -> ForwardStarts: ...
def _schedule(
    data: ScheduleInput, memo: NetworkMemo | None = None, *, starts_only: bool = False
) -> ScheduleResult | ForwardStarts:
    """Schedule ``data``; ``starts_only``: stop after the forward pass (see ``settle_starts``)."""
    cal = data.calendar
    tasks = data.tasks
    n = len(tasks)
    # The input's columns, transposed in C in one go (TaskInput is a named tuple).
    ids, release_of, _, dur, constraint_of, _, team_of, env_of, actual_of, _, *beyond = (
        zip(*tasks, strict=True) if n else ((),) * len(TaskInput._fields)
    )
    pos = dict(zip(ids, range(n), strict=True))
    if len(pos) != n:
        raise ValueError("task ids must be unique")
    if n and min(dur) < 0:
        bad = next(t for t in tasks if t.duration < 0)
        raise ValueError(f"task {quoted(bad.name)} has a negative duration ({bad.duration})")
    conflicts: list[Conflict] = []
    data = dates_in_range(data, conflicts)
    project_start = data.project_start
    project_day = cal.to_index(project_start)
    # The supported range in working days, looked up after the plan's start so the
    # calendar's tables stay around the plan (these two are counted by formula).
    first_day = cal.to_index(FIRST_DATE)
    last_day = cal.to_index(LAST_DATE + _DAY) - 1

    def day_of(i: int) -> date:
        """A day for a message, even one past the range (then its end)."""
        return cal.to_date(first_day if i < first_day else last_day if i > last_day else i)

    milestones = list(compress(range(n), map(not_, dur)))

    # -- links, order and cycles -----------------------------------------------------
    cycles: list[tuple[int, ...]] = []
    if memo is None:
        order, (fs0, other) = link_network(data, pos, dur, cycles, conflicts)
    else:
        order, (fs0, other) = memo.network(data, pos, dur, cycles, conflicts)

    # -- floors, pins and caps --------------------------------------------------------
    release_day = {r.id: max(project_day, cal.to_index(r.start)) for r in data.releases if r.start}
    if release_day:
        floor_of = {r: 2 * release_day.get(r, project_day) for r in set(release_of)}
        floor2 = list(map(floor_of.__getitem__, release_of))
    else:
        floor2 = [2 * project_day] * n
    pinned: dict[int, int] = {}  # position -> fixed start boundary (MSO, actual start)
    must_start: set[int] = set()
    finish_cap: dict[int, int] = {}  # position -> latest finish boundary (FNLT, MSO)
    # Only the few tasks with a constraint or an actual start need a look.
    nothing = repeat(None)
    has_constraint = map(is_not, constraint_of, nothing)
    has_actual = map(is_not, actual_of, nothing)
    flagged: Iterable[int] = compress(range(n), map(or_, has_constraint, has_actual))
    outside_cap: dict[int, date] = {}  # position -> latest finish day imposed from outside
    if any(map(is_not, beyond[0], nothing)) or any(map(is_not, beyond[1], nothing)):
        flagged = sorted({*flagged, *_outside_bounds(tasks, cal, floor2, outside_cap)})
    for i in flagged:
        kind, when, actual = tasks[i].constraint, tasks[i].constraint_date, tasks[i].actual_start
        if actual is not None:
            if not FIRST_DATE <= actual <= LAST_DATE:
                actual = stored_outside(tasks[i], "actual start", actual, conflicts)
            pinned[i] = cal.to_index(actual)
            continue
        if kind is None or when is None:
            continue
        if not FIRST_DATE <= when <= LAST_DATE:
            when = stored_outside(tasks[i], "constraint date", when, conflicts)
        if kind == ConstraintType.START_NO_EARLIER_THAN:
            floor2[i] = max(floor2[i], 2 * cal.to_index(when))
        elif kind == ConstraintType.MUST_START_ON:
            pinned[i] = cal.to_index(when)
            must_start.add(i)
            finish_cap[i] = pinned[i] + dur[i]
        elif kind == ConstraintType.FINISH_NO_LATER_THAN:
            finish_cap[i] = cal.to_index(when + _DAY)
    for i in pinned:
        floor2[i] = _NO_FLOOR

    freezes = FreezeIndex(data.freezes, cal)
    deployments = list(compress(range(n), map(is_not, env_of, repeat(None))))
    special = set(pinned)
    if freezes:
        special.update(deployments)

    # -- forward pass -----------------------------------------------------------------
    sv = [0] * n  # start half-instant
    fv = [0] * n  # finish half-instant
    for s in order:
        v = floor2[s]
        for p in fs0[s]:
            if fv[p] > v:
                v = fv[p]
        for p, from_start, shift2, positive, _, _ in other[s]:
            c = (sv[p] if from_start else fv[p]) + shift2
            # A positive lag ends at the end of a working day.
            if positive and not c & 1:
                c -= 1
            if c > v:
                v = c
        d = dur[s]
        if s in special:
            if s in pinned:
                v = _place_pinned(
                    s, v, tasks[s], d, pinned[s], must_start, freezes, day_of, conflicts
                )
            else:  # a deployment: out of the freeze windows
                v, found = freezes.push(tasks[s], v, d, day_of)
                if found:
                    conflicts.append(found)
        sv[s] = v
        fv[s] = 2 * (((v + 1) >> 1) + d) - 1 if d else v
    if starts_only:
        return ForwardStarts(pos, sv, dur, day_of)
    es = [(v + 1) >> 1 for v in sv]
    # Column-wise arithmetic runs in C through operator functions and map.
    ef = list(map(add, es, dur))

    # -- backward pass ----------------------------------------------------------------
    plan_finish = max(ef, default=project_day)
    if data.horizon is not None:
        # A plan made from one release of a portfolio measures float to the portfolio's end.
        plan_finish = max(plan_finish, cal.to_index(clamp_date(data.horizon) + _DAY))
    # Pushed from successors to predecessors in reverse topological order: when
    # a task comes up, every successor has already bounded its late finish
    # (lf) and the earliest start its links allow it to keep (free).
    lf = [plan_finish] * n
    for i, cap in finish_cap.items():
        if cap < plan_finish:
            lf[i] = cap
    for i, cap in _deadlines(data, pos, release_of, cal.to_index).items():
        if cap < lf[i]:
            lf[i] = cap
    for i, due in outside_cap.items():
        # A milestone reached at the start of a day is on that day; others end with it.
        cap = cal.to_index(due + _DAY if dur[i] or sv[i] & 1 else due)
        if cap < lf[i]:
            lf[i] = cap
    ls = [0] * n
    free = [plan_finish] * n
    for s in reversed(order):
        late_finish = lf[s]
        late_start = ls[s] = late_finish - dur[s]
        early = es[s]
        for p in fs0[s]:
            if late_start < lf[p]:
                lf[p] = late_start
            if early < free[p]:
                free[p] = early
        for p, _, _, _, to_start, shift in other[s]:
            if to_start:
                c, e = late_start + shift, early + shift
            else:
                c, e = late_finish + shift, ef[s] + shift
            if c < lf[p]:
                lf[p] = c
            if e < free[p]:
                free[p] = e
    for i, cap in finish_cap.items():
        if i not in must_start and ef[i] > cap:
            conflicts.append(_fnlt_conflict(tasks[i], day_of(ef[i] - 1)))

    # -- results ----------------------------------------------------------------------
    total = list(map(sub, ls, es))
    critical = list(map(ge, repeat(0), total))
    # Free float never exceeds total float nor drops below zero.
    free = [
        0 if (f := a - b) <= 0 or t <= 0 else f if f < t else t
        for a, b, t in zip(free, ef, total, strict=True)
    ]
    # Reported days; a milestone sits on v // 2, its late day shifted the same way.
    start_day = es[:]
    finish_day = list(map(sub, ef, repeat(1)))
    late_start = ls[:]
    late_finish = list(map(sub, lf, repeat(1)))
    for i in milestones:
        start_day[i] = finish_day[i] = sv[i] >> 1
        late_start[i] = late_finish[i] = ls[i] - (sv[i] & 1)
    lo = min(min(start_day, default=project_day), min(late_start, default=project_day))
    hi = max(max(finish_day, default=project_day), max(late_finish, default=project_day))
    reported: tuple[list[int], ...] = (start_day, finish_day, late_start, late_finish)
    if lo < first_day or hi > last_day:
        outside = out_of_range(tasks, reported, first_day, last_day, day_of, conflicts)
        # Shown at the range's ends; kept out of the capacity and environment checks,
        # where a pile of tasks on the last day would be a clash of the display only.
        reported = tuple(
            [first_day if i < first_day else last_day if i > last_day else i for i in column]
            for column in reported
        )
        start_day, finish_day, late_start, late_finish = reported
        lo, hi = max(lo, first_day), min(hi, last_day)
        deployments = [i for i in deployments if i not in outside]
        team_of = tuple(None if i in outside else t for i, t in enumerate(team_of))
    if hi - lo > 20 * n + 10_000:
        # A far-off date (a typo like 9999) makes the range sparse: convert only the days used.
        table = {i: cal.to_date(i) for i in {i for column in reported for i in column}}
        columns = [list(map(table.__getitem__, column)) for column in reported]
    elif lo >= 0:
        # Pad so that a working-day index looks its date up directly, in C via map.
        day = [project_start] * lo + cal.dates(lo, hi)
        columns = [list(map(day.__getitem__, column)) for column in reported]
    else:
        day = cal.dates(lo, hi)
        columns = [[day[i - lo] for i in column] for column in reported]
    results = _task_schedules(ids, *columns, total, free, critical)

    path = critical_path(ids, fs0, other, es, ef, critical)
    conflicts.extend(
        _post_conflicts(data, deployments, team_of, start_day, finish_day, cal.to_date)
    )
    release_golive = _release_golive(data, pos, release_of, finish_day, cal.to_date)
    conflicts.extend(
        late_golives(
            data.releases,
            release_golive,
            lambda target, when: cal.to_index(when + _DAY) - cal.to_index(target + _DAY),
        )
    )
    return ScheduleResult(
        tasks=results,
        critical_path=path,
        conflicts=tuple(conflicts),
        cycles=tuple(cycles),
        finish=cal.to_date(max(finish_day)) if n else None,
        release_golive=release_golive,
        day_end_milestones=frozenset(ids[i] for i in milestones if sv[i] & 1),
        day_end_starts=frozenset(compress(ids, map(mul, map(and_, sv, repeat(1)), dur))),
    )


def _outside_bounds(
    tasks: Sequence[TaskInput], cal: WorkCalendar, floor2: list[int], caps: dict[int, date]
) -> list[int]:
    """Raise ``floor2`` to each task's outside start and fill ``caps`` with its outside
    finish; the positions touched. A pinned task (actual start, must start on) keeps
    its pin: ``floor2`` is overridden for it afterwards."""
    touched = []
    for i, t in enumerate(tasks):
        start, finish = t.outside_start, t.outside_finish
        if start is None and finish is None:
            continue
        touched.append(i)
        if start is not None:
            day = clamp_date(start)
            # The end of a day is the boundary before the next working day's start.
            v = 2 * cal.to_index(day + _DAY) - 1 if t.outside_day_end else 2 * cal.to_index(day)
            if v > floor2[i]:
                floor2[i] = v
        if finish is not None:
            caps[i] = clamp_date(finish)
    return touched


def _deadlines(
    data: ScheduleInput,
    pos: dict[int, int],
    release_of: Sequence[int],
    to_index: Callable[[date], int],
) -> dict[int, int]:
    """Position -> latest finish boundary that a release's target go-live imposes.

    The target is a deadline on the go-live task, as in MS Project: the task
    must finish by the end of the target day. A release without a go-live task
    goes live when its last task finishes, so the deadline binds all its tasks.
    Late dates then come backward from the earlier of deadline and plan end,
    and a late release's driving tasks get negative float.
    """
    caps: dict[int, int] = {}
    loose: dict[int, int] = {}  # release id -> cap for releases without a go-live task
    for r in data.releases:
        if r.target_golive is None:
            continue
        cap = to_index(r.target_golive + _DAY)
        if r.golive_task_id is not None and r.golive_task_id in pos:
            caps[pos[r.golive_task_id]] = cap
        else:
            loose[r.id] = cap
    if loose:
        for i, rel in enumerate(release_of):
            bound = loose.get(rel)
            if bound is not None:
                caps[i] = bound
    return caps


def _task_schedules(ids: Sequence[int], *columns: list[Any]) -> dict[int, TaskSchedule]:
    """``TaskSchedule`` values by task id from one list per field (after ``ids``).

    ``tuple.__new__`` over zipped columns builds the named tuples in C, without
    calling the generated Python ``__new__`` 10,000 times.
    """
    rows = map(tuple.__new__, repeat(TaskSchedule), zip(ids, *columns, strict=True))
    return dict(zip(ids, rows, strict=True))


def _place_pinned(
    s: int,
    v: int,
    task: TaskInput,
    duration: int,
    fixed: int,
    must_start: set[int],
    freezes: FreezeIndex,
    day_of: DayToDate,
    conflicts: list[Conflict],
) -> int:
    """Start half-instant of a task pinned (must start on, actual start) to boundary ``fixed``.

    ``v`` is what its links and floors ask for; a must-start-on they push later
    is a CONSTRAINT conflict, a pinned deployment inside a freeze window a FREEZE one.
    """
    if s in must_start and (v + 1) >> 1 > fixed:
        conflicts.append(
            Conflict(
                ConflictKind.CONSTRAINT,
                f"{quoted(task.name)} must start on {day_of(fixed).isoformat()} but its "
                f"predecessors allow {day_of((v + 1) >> 1).isoformat()} at the earliest",
                task_ids=(task.id,),
                release_ids=(task.release_id,),
            )
        )
    v = 2 * fixed
    found = freezes.pinned(task, v, duration, day_of) if freezes else None
    if found:
        conflicts.append(found)
    return v


def _fnlt_conflict(task: TaskInput, earliest_finish: date) -> Conflict:
    deadline = task.constraint_date.isoformat() if task.constraint_date else "?"
    return Conflict(
        ConflictKind.CONSTRAINT,
        f"{quoted(task.name)} must finish no later than {deadline} but cannot finish "
        f"before {earliest_finish.isoformat()}",
        task_ids=(task.id,),
        release_ids=(task.release_id,),
    )


def _post_conflicts(
    data: ScheduleInput,
    deployments: list[int],
    team_of: Sequence[int | None],
    first: list[int],
    last: list[int],
    to_date: DayToDate,
) -> list[Conflict]:
    """Environment clashes and team overload from the scheduled working days."""
    tasks = data.tasks
    by_env: dict[int, list[Span]] = defaultdict(list)
    for i in deployments:
        t = tasks[i]
        if t.environment_id is not None:  # always so: deployments book an environment
            by_env[t.environment_id].append((first[i], last[i], t))
    by_team: dict[int, list[int]] = defaultdict(list)
    if data.teams:
        teams = {t.id for t in data.teams}
        staffed = map(contains, repeat(teams), team_of)
        for i in compress(range(len(tasks)), staffed):
            team = team_of[i]
            if tasks[i].duration and team is not None:  # milestones take no capacity
                by_team[team].append(i)
    out: list[Conflict] = []
    if by_env:
        names = {
            t.release_id: f"Release {t.release_id}" for spans in by_env.values() for *_, t in spans
        }
        names.update({r.id: r.name for r in data.releases})
        out.extend(environment_clashes(by_env, data.environments, names, to_date))
    if by_team:
        out.extend(over_capacity(by_team, data.teams, tasks, first, last, to_date))
    return out


def _release_golive(
    data: ScheduleInput,
    pos: dict[int, int],
    release_of: Sequence[int],
    finish_day: list[int],
    to_date: DayToDate,
) -> dict[int, date]:
    """Each release's go-live: its go-live task's day, else its latest finish."""
    latest: dict[int, int] = {}
    for r, f in zip(release_of, finish_day, strict=True):
        if f > latest.get(r, _NO_FLOOR):
            latest[r] = f
    golive = {r: to_date(f) for r, f in latest.items()}
    for rel in data.releases:
        if rel.golive_task_id in pos:
            golive[rel.id] = to_date(finish_day[pos[rel.golive_task_id]])
    return golive
