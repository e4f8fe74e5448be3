"""Conflicts found after the passes: environment clashes, team overload, late go-lives.

All work on working-day indices (``first``/``last`` inclusive) and convert to
dates only for the messages. Each check is a sort plus a sweep, never a loop
over every day of the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from heapq import heappop, heappush
from operator import itemgetter

from relm_desktop.scheduling.model import (
    Conflict,
    ConflictKind,
    EnvironmentInput,
    ReleaseInput,
    TaskInput,
    TeamInput,
)

# More clashes than this on one environment are summarised in one extra
# conflict: a thousand near-identical lines help nobody.
MAX_CLASHES_PER_ENVIRONMENT = 50
_NAMES_SHOWN = 5
# TaskInput fields, read in C.
_ID = itemgetter(0)
_RELEASE = itemgetter(1)
_NAME = itemgetter(2)


DayToDate = Callable[[int], date]
# (first working day, last working day, task)
Span = tuple[int, int, TaskInput]


def quoted(name: str) -> str:
    """A task, release or window name as it appears in messages."""
    return f"'{name}'"


def name_list(names: Sequence[str], limit: int = _NAMES_SHOWN) -> str:
    """'A', 'B' and 'C' — or the first ``limit`` names and how many more."""
    shown = [quoted(n) for n in names[:limit]]
    if len(names) > limit:
        return f"{', '.join(shown)} and {len(names) - limit} more"
    if len(shown) > 1:
        return f"{', '.join(shown[:-1])} and {shown[-1]}"
    return shown[0] if shown else ""


def day_range(first: date, last: date) -> str:
    """'on 2027-03-01' or 'from 2027-03-01 to 2027-03-05'."""
    if first == last:
        return f"on {first.isoformat()}"
    return f"from {first.isoformat()} to {last.isoformat()}"


def environment_clashes(
    spans_by_environment: Mapping[int, list[Span]],
    environments: Iterable[EnvironmentInput],
    release_names: Mapping[int, str],
    to_date: DayToDate,
) -> list[Conflict]:
    """Deployments of different releases booking one environment on overlapping days.

    One conflict per pair of tasks, at most ``MAX_CLASHES_PER_ENVIRONMENT`` per
    environment plus one summary.
    """
    env_names = {e.id: e.name for e in environments}
    conflicts: list[Conflict] = []
    seen = _clashes_seen[0]
    now: _Seen = {}
    for env_id in sorted(spans_by_environment):
        env_name = env_names.get(env_id, f"Environment {env_id}")
        given = spans_by_environment[env_id]
        key: tuple[object, ...] = (env_name, to_date, dict(release_names), given[:])
        last = seen.get(env_id)
        if last is not None and last[0] == key:
            found = last[1]  # the same bookings as last time: the same clashes
        else:
            found = _clashes(given, env_name, release_names, to_date)
        now[env_id] = (key, found)
        conflicts.extend(found)
    _clashes_seen[0] = now
    return conflicts


#: Each check's last findings by environment or team: (what they were found from,
#: the conflicts). After an edit most teams' and environments' tasks kept their
#: days; each is compared whole (by value) before its findings are reused, and
#: the table is swapped whole, so a call for another plan or thread only misses.
_Seen = dict[int, tuple[tuple[object, ...], list[Conflict]]]
_clashes_seen: list[_Seen] = [{}]
_overloads_seen: list[_Seen] = [{}]


def _clashes(
    given: list[Span], env_name: str, release_names: Mapping[int, str], to_date: DayToDate
) -> list[Conflict]:
    """The clashes on one environment (see ``environment_clashes``)."""
    conflicts: list[Conflict] = []
    spans = sorted(given, key=lambda s: (s[0], s[1], s[2].id))
    active: list[tuple[int, int]] = []  # heap of (last day, index into spans)
    per_release: dict[int, int] = {}  # active bookings per release
    shown = extra = 0
    for index, (first, last, task) in enumerate(spans):
        # Bookings that ended before this one starts can clash with nothing more.
        while active and active[0][0] < first:
            gone = spans[heappop(active)[1]][2].release_id
            per_release[gone] -= 1
        if shown >= MAX_CLASHES_PER_ENVIRONMENT:
            # Past the cap only count, without looking at every pair.
            extra += len(active) - per_release.get(task.release_id, 0)
        else:
            for other_index in sorted([a[1] for a in active]):
                _, other_last, other = spans[other_index]
                if other.release_id == task.release_id:
                    continue
                if shown >= MAX_CLASHES_PER_ENVIRONMENT:
                    extra += 1
                    continue
                shown += 1
                overlap = day_range(to_date(first), to_date(min(last, other_last)))
                conflicts.append(
                    Conflict(
                        ConflictKind.ENVIRONMENT_CLASH,
                        f"{quoted(other.name)} ({release_names[other.release_id]}) and "
                        f"{quoted(task.name)} ({release_names[task.release_id]}) both book "
                        f"environment {quoted(env_name)} {overlap}",
                        task_ids=(other.id, task.id),
                        release_ids=tuple(sorted({other.release_id, task.release_id})),
                    )
                )
        heappush(active, (last, index))
        per_release[task.release_id] = per_release.get(task.release_id, 0) + 1
    if extra:
        conflicts.append(
            Conflict(
                ConflictKind.ENVIRONMENT_CLASH,
                f"{extra} more clashes between releases on environment {quoted(env_name)}",
            )
        )
    return conflicts


def over_capacity(
    positions_by_team: Mapping[int, list[int]],
    teams: Iterable[TeamInput],
    tasks: Sequence[TaskInput],
    first: Sequence[int],
    last: Sequence[int],
    to_date: DayToDate,
) -> list[Conflict]:
    """Periods in which a team carries more tasks at once than its capacity.

    ``positions_by_team`` lists each team's tasks (positions into ``tasks``,
    ``first`` and ``last``: their first and last working days). One conflict
    per team and contiguous overloaded period, found by a sweep over
    start/finish events.
    """
    conflicts: list[Conflict] = []
    seen = _overloads_seen[0]
    now: _Seen = {}
    for team in sorted(teams, key=lambda t: t.id):
        mine = positions_by_team.get(team.id)
        if not mine or len(mine) <= team.capacity:
            continue
        # What the findings are made of (positions only pick the tasks), read in C.
        days = list(map(first.__getitem__, mine)), list(map(last.__getitem__, mine))
        key: tuple[object, ...] = (team, to_date, *days, list(map(tasks.__getitem__, mine)))
        before = seen.get(team.id)
        if before is not None and before[0] == key:
            found = before[1]  # the same tasks on the same days as last time
        else:
            found = []
            # Sweep events of the team's tasks: 2·day+1 is a start, 2·(last+1) the
            # exclusive finish, so that on one day finishes sort first and
            # back-to-back tasks do not overlap.
            starts = [2 * day + 1 for day in days[0]]
            finishes = [2 * day + 2 for day in days[1]]
            periods = _overloaded_periods(starts, finishes, team.capacity)
            for (begin, end, peak), involved in zip(
                periods, _involved(mine, starts, finishes, periods), strict=True
            ):
                found.append(
                    _overload(
                        team,
                        list(map(tasks.__getitem__, involved)),
                        peak,
                        to_date(begin),
                        to_date(end),
                    )
                )
        now[team.id] = (key, found)
        conflicts.extend(found)
    _overloads_seen[0] = now
    return conflicts


def _involved(
    mine: list[int], starts: list[int], finishes: list[int], periods: list[tuple[int, int, int]]
) -> list[list[int]]:
    """The positions among ``mine`` (with their sweep events) overlapping each period."""
    if len(periods) <= 8:
        # Usually a team has a period or two: one filter per period.
        # Overlap: first day ≤ the period's end and last day ≥ its begin.
        tasks = list(zip(mine, starts, finishes, strict=True))
        found: list[list[int]] = []
        for begin, end, _ in periods:
            hi, lo = 2 * end + 1, 2 * begin + 2
            found.append([i for i, first, last in tasks if first <= hi and last >= lo])
        return found
    # Many periods: one sweep. A heap holds (last day, position) of the tasks
    # started by the period's end; dropping those that ended before its start
    # leaves exactly the tasks overlapping the period.
    order = sorted(range(len(mine)), key=starts.__getitem__)
    running: list[tuple[int, int]] = []
    started = 0
    out: list[list[int]] = []
    for begin, end, _ in periods:
        while started < len(order) and starts[order[started]] <= 2 * end + 1:
            k = order[started]
            heappush(running, (finishes[k], mine[k]))
            started += 1
        while running and running[0][0] < 2 * begin + 2:
            heappop(running)
        out.append([i for _, i in running])
    return out


def _overloaded_periods(
    starts: list[int], finishes: list[int], capacity: int
) -> list[tuple[int, int, int]]:
    """(first day, last day, peak load) of each maximal period with load > capacity.

    ``starts`` and ``finishes`` are sweep events (see ``over_capacity``).
    """
    events = starts + finishes
    events.sort()
    periods: list[tuple[int, int, int]] = []
    load = peak = 0
    opened = -1  # the event that took the load above capacity; -1: not above now
    # One plain loop over the events (Python's int fast paths beat chains of map here).
    for k, e in enumerate(events):
        if e & 1:  # a start
            load += 1
            if load > capacity:
                if opened < 0:
                    opened, peak = k, load
                elif load > peak:
                    peak = load
                continue
        else:
            load -= 1
            if load > capacity:
                continue
        if opened < 0:
            continue
        # This finish brings the load back down: the period ends the day before.
        begin, end = events[opened] >> 1, (e >> 1) - 1
        opened = -1
        if periods and periods[-1][1] >= begin - 1:
            # A finish and a start on the same day: still one period.
            begin, _, before = periods.pop()
            peak = max(peak, before)
        periods.append((begin, end, peak))
    return periods


def _overload(
    team: TeamInput, tasks: list[TaskInput], peak: int, first: date, last: date
) -> Conflict:
    tasks.sort(key=_ID)
    return Conflict(
        ConflictKind.OVER_CAPACITY,
        f"Team {quoted(team.name)} carries {peak} tasks at once {day_range(first, last)}, "
        f"above its capacity of {team.capacity}: {name_list(list(map(_NAME, tasks)))}",
        task_ids=tuple(map(_ID, tasks)),
        release_ids=tuple(sorted(set(map(_RELEASE, tasks)))),
    )


def late_golives(
    releases: Iterable[ReleaseInput],
    golive: Mapping[int, date],
    days_late: Callable[[date, date], int],
) -> list[Conflict]:
    """Releases whose go-live date is after their target."""
    conflicts: list[Conflict] = []
    for release in sorted(releases, key=lambda r: r.id):
        when = golive.get(release.id)
        target = release.target_golive
        if when is None or target is None or when <= target:
            continue
        late = days_late(target, when)
        unit = "working day" if late == 1 else "working days"
        conflicts.append(
            Conflict(
                ConflictKind.LATE_GOLIVE,
                f"Release {quoted(release.name)} goes live on {when.isoformat()}, "
                f"{late} {unit} after its target {target.isoformat()}",
                task_ids=(release.golive_task_id,) if release.golive_task_id else (),
                release_ids=(release.id,),
            )
        )
    return conflicts
