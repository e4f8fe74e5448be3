"""The passes over one plan: forward, backward, and the results (see ``cpm`` for the time model).

Prepared once per plan (columns, link network, floors, pins and caps), the
forward pass can run again after constraints change (``Passes.constrain``):
settling summary starts changes only a few start constraints between its looks,
and only the tasks downstream of a start that moved are placed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields, replace
from datetime import date, timedelta
from heapq import heapify, heappop, heappush
from itertools import compress, count, repeat
from operator import add, and_, contains, ge, is_not, mul, not_, or_, sub
from typing import Any

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.domain.limits import FIRST_DATE, LAST_DATE, clamp_date
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
from relm_desktop.scheduling.network import critical_path, link_network, successors
from relm_desktop.scheduling.summaries import ForwardStarts

_DAY = timedelta(days=1)
_NO_FLOOR = -(1 << 60)


class Passes:
    """The passes over one plan: prepared once, the forward pass run again after
    constraints change (``constrain``), then the backward pass and the results.

    Everything runs on position-indexed lists; see the module's docstring for
    the time model.
    """

    def __init__(self, data: ScheduleInput) -> None:
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
        self._given = data  # as passed in (``constrain`` compares with it)
        # Conflicts found before the passes: dates outside the range, cycles.
        head: list[Conflict] = []
        data = dates_in_range(data, head)
        self._data = data
        self._tasks = tasks
        self._n = n
        self._ids: Sequence[int] = ids
        self._pos = pos
        self._dur: Sequence[int] = dur
        self._release_of: Sequence[int] = release_of
        self._team_of: Sequence[int | None] = team_of
        self._env_of: Sequence[int | None] = env_of
        project_start = data.project_start
        project_day = cal.to_index(project_start)
        self._project_day = project_day
        # The supported range in working days, looked up after the plan's start so the
        # calendar's tables stay around the plan (these two are counted by formula).
        first_day = self._first_day = cal.to_index(FIRST_DATE)
        last_day = self._last_day = cal.to_index(LAST_DATE + _DAY) - 1

        def day_of(i: int) -> date:
            """A day for a message, even one past the range (then its end)."""
            return cal.to_date(first_day if i < first_day else last_day if i > last_day else i)

        self._day_of = day_of

        # -- links, order and cycles ---------------------------------------------------
        cycles: list[tuple[int, ...]] = []
        self._order, (self._fs0, self._other), self._succ = link_network(
            data, ids, pos, dur, cycles, head
        )
        self._cycles = cycles
        self._head = head

        # -- floors, pins and caps ------------------------------------------------------
        release_day = {
            r.id: max(project_day, cal.to_index(r.start)) for r in data.releases if r.start
        }
        if release_day:
            floor_of = {r: 2 * release_day.get(r, project_day) for r in set(release_of)}
            floor2 = list(map(floor_of.__getitem__, release_of))
        else:
            floor2 = [2 * project_day] * n
        self._pinned: dict[int, int] = {}  # position -> fixed start boundary (MSO, actual start)
        self._must_start: set[int] = set()
        # position -> latest finish boundary (FNLT, MSO)
        self._finish_cap: dict[int, int] = {}
        # position -> a constraint's date or actual start outside the range, reported
        self._stored: dict[int, Conflict] = {}
        # Only the few tasks with a constraint or an actual start need a look.
        nothing = repeat(None)
        has_constraint = map(is_not, constraint_of, nothing)
        has_actual = map(is_not, actual_of, nothing)
        flagged: Iterable[int] = compress(range(n), map(or_, has_constraint, has_actual))
        # position -> latest finish day imposed from outside
        self._outside_cap: dict[int, date] = {}
        if any(map(is_not, beyond[0], nothing)) or any(map(is_not, beyond[1], nothing)):
            flagged = sorted({*flagged, *_outside_bounds(tasks, cal, floor2, self._outside_cap)})
        # Each task's floor before its constraint: ``constrain`` starts again from it.
        self._base2 = floor2[:]
        self._floor2 = floor2
        self._freezes = freezes = FreezeIndex(data.freezes, cal)
        self._special: set[int] = set()  # pinned, and deployments when there are freezes
        if freezes:
            self._special.update(compress(range(n), map(is_not, env_of, repeat(None))))
        for i in flagged:
            self._constrain(i)

        # -- the forward pass's state -----------------------------------------------------
        self._sv: list[int] = []  # start half-instant; empty: no pass yet
        self._fv: list[int] = []  # finish half-instant
        #: Forward-pass conflicts by position, in the order of the pass.
        self._found: dict[int, list[Conflict]] = {}
        #: Positions whose constraints changed since the last forward pass.
        self._changed: set[int] = set()
        self._ranks: Sequence[int] | None = None  # see ``_rank``

    def _constrain(self, i: int) -> None:
        """Read task ``i``'s constraint and actual start into floors, pins and caps."""
        task = self._tasks[i]
        floor2, pinned, cal = self._floor2, self._pinned, self._data.calendar
        floor2[i] = self._base2[i]
        pinned.pop(i, None)
        self._must_start.discard(i)
        self._finish_cap.pop(i, None)
        self._stored.pop(i, None)
        kind, when, actual = task.constraint, task.constraint_date, task.actual_start
        if actual is not None:
            if not FIRST_DATE <= actual <= LAST_DATE:
                actual = self._outside(i, task, "actual start", actual)
            pinned[i] = cal.to_index(actual)
        elif kind is not None and when is not None:
            if not FIRST_DATE <= when <= LAST_DATE:
                when = self._outside(i, task, "constraint date", when)
            if kind == ConstraintType.START_NO_EARLIER_THAN:
                floor2[i] = max(floor2[i], 2 * cal.to_index(when))
            elif kind == ConstraintType.MUST_START_ON:
                pinned[i] = cal.to_index(when)
                self._must_start.add(i)
                self._finish_cap[i] = pinned[i] + self._dur[i]
            elif kind == ConstraintType.FINISH_NO_LATER_THAN:
                self._finish_cap[i] = cal.to_index(when + _DAY)
        if i in pinned:
            floor2[i] = _NO_FLOOR
            self._special.add(i)
        elif not (self._freezes and self._env_of[i] is not None):
            self._special.discard(i)

    def _outside(self, i: int, task: TaskInput, label: str, when: date) -> date:
        found: list[Conflict] = []
        moved = stored_outside(task, label, when, found)
        self._stored[i] = found[0]
        return moved

    def constrain(self, data: ScheduleInput) -> bool:
        """Take ``data`` if its tasks differ from these passes' only in constraints
        (the next forward pass then redoes only what they move); False if more differs."""
        given = self._given
        if data is given:
            return True
        if any(getattr(data, f) is not getattr(given, f) for f in _NOT_TASKS):
            return False
        tasks, before = data.tasks, given.tasks
        if len(tasks) != len(before):
            return False
        changed = list(compress(count(), map(is_not, tasks, before)))
        for i in changed:
            old, new = before[i], tasks[i]
            if old._replace(constraint=new.constraint, constraint_date=new.constraint_date) != new:
                return False
        self._given = data
        self._data = replace(self._data, tasks=tasks)
        self._tasks = tasks
        for i in changed:
            self._constrain(i)
        self._changed.update(changed)
        return True

    def forward(self) -> ForwardStarts:
        """The forward pass: each task's start and finish half-instants.

        Again after ``constrain``, only tasks whose constraints changed and those
        downstream of a start that moved are placed again; the others keep their
        instants and their conflicts.
        """
        if self._sv and not self._changed:
            return ForwardStarts(self._pos, self._sv[:], self._dur, self._day_of)
        n, order, fs0, other = self._n, self._order, self._fs0, self._other
        floor2, dur, tasks, special = self._floor2, self._dur, self._tasks, self._special
        pinned, must_start, freezes = self._pinned, self._must_start, self._freezes
        day_of = self._day_of
        again = bool(self._sv)
        nodes: Iterable[int]
        if again:
            # Only the tasks downstream of a change, in topological order: a heap
            # by rank in ``order``, fed with a task's successors when its start moves.
            sv, fv = self._sv, self._fv
            if self._succ is None:
                self._succ = successors(fs0, other)
            succ, rank = self._succ, self._rank()
            heap = [(rank[i], i) for i in self._changed]
            heapify(heap)
            queued = set(self._changed)
            nodes = _popping(heap)
            # Those not placed again keep their conflicts.
            found_at = dict(self._found)
        else:
            sv, fv = self._sv, self._fv = [0] * n, [0] * n
            nodes, found_at = order, {}
        for s in nodes:
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
            if again:
                found_at.pop(s, None)
            if s in special:
                found: list[Conflict] = []
                if s in pinned:
                    v = _place_pinned(
                        s, v, tasks[s], d, pinned[s], must_start, freezes, day_of, found
                    )
                else:  # a deployment: out of the freeze windows
                    v, clash = freezes.push(tasks[s], v, d, day_of)
                    if clash:
                        found.append(clash)
                if found:
                    found_at[s] = found
            if again:
                if v == sv[s]:
                    continue
                for t in succ[s]:
                    if t not in queued:
                        queued.add(t)
                        heappush(heap, (rank[t], t))
            sv[s] = v
            fv[s] = 2 * (((v + 1) >> 1) + d) - 1 if d else v
        if again:  # back in the order of the pass
            found_at = {s: found_at[s] for s in sorted(found_at, key=rank.__getitem__)}
        self._found = found_at
        self._changed = set()
        return ForwardStarts(self._pos, sv[:], dur, day_of)

    def _rank(self) -> Sequence[int]:
        """Each task's place in ``order``."""
        if self._ranks is None:
            order = self._order
            if isinstance(order, range):
                self._ranks = order  # range(n): each task is its own place
            else:
                ranks = [0] * self._n
                for place, s in enumerate(order):
                    ranks[s] = place
                self._ranks = ranks
        return self._ranks

    def result(self) -> ScheduleResult:
        """The backward pass and the results, after the last forward pass."""
        data, cal, tasks, n = self._data, self._data.calendar, self._tasks, self._n
        ids, pos, dur, release_of = self._ids, self._pos, self._dur, self._release_of
        order, fs0, other, sv = self._order, self._fs0, self._other, self._sv
        finish_cap, must_start = self._finish_cap, self._must_start
        project_day, first_day, last_day = self._project_day, self._first_day, self._last_day
        project_start, day_of = data.project_start, self._day_of
        conflicts = [*self._head, *(self._stored[i] for i in sorted(self._stored))]
        for found in self._found.values():
            conflicts.extend(found)
        milestones = list(compress(range(n), map(not_, dur)))
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
        for i, due in self._outside_cap.items():
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
        # In position order, as the constraints were read.
        for i in sorted(finish_cap):
            if i not in must_start and ef[i] > finish_cap[i]:
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
        deployments = list(compress(range(n), map(is_not, self._env_of, repeat(None))))
        team_of = self._team_of
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
            _post_conflicts(data, deployments, team_of, dur, start_day, finish_day, cal.to_date)
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
            cycles=tuple(self._cycles),
            finish=cal.to_date(max(finish_day)) if n else None,
            release_golive=release_golive,
            day_end_milestones=frozenset(ids[i] for i in milestones if sv[i] & 1),
            day_end_starts=frozenset(compress(ids, map(mul, map(and_, sv, repeat(1)), dur))),
        )


# The input's fields besides its tasks: ``Passes.constrain`` wants them all the same.
_NOT_TASKS = tuple(f.name for f in fields(ScheduleInput) if f.name != "tasks")


def _popping(heap: list[tuple[int, int]]) -> Iterator[int]:
    """Tasks off the heap, lowest rank first, while it has any (it may grow meanwhile)."""
    while heap:
        yield heappop(heap)[1]


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
    dur: Sequence[int],
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
            if dur[i]:  # milestones take no capacity
                by_team[team_of[i]].append(i)  # type: ignore[index]  # in teams: not None
    out: list[Conflict] = []
    if by_env:
        booking = {t.release_id for spans in by_env.values() for *_, t in spans}
        names = {r: f"Release {r}" for r in booking}
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
