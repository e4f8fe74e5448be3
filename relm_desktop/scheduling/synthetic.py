"""Seeded random plans that look like real release portfolios.

Used by the tests, the benchmarks in ``bench/`` and the TaskJuggler oracle.
Tasks are numbered ``1 … n`` in release order and links only run from a lower
to a higher id, so every plan is a DAG. Most links stay inside their release
and near each other (a release is a sequence of phases), some cross releases.
"""

from __future__ import annotations

import itertools
import random
from datetime import date

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import (
    EnvironmentInput,
    FreezeInput,
    LinkInput,
    ReleaseInput,
    ScheduleInput,
    TaskInput,
    TeamInput,
)

_PHASES = (
    (0.10, "Plan", ("Scope workshop", "Estimate", "Capacity check", "Plan sign-off")),
    (0.55, "Build", ("Implement", "Refactor", "Integrate", "Code review", "Build")),
    (0.80, "Test", ("System test", "Regression test", "Performance test", "UAT")),
    (0.95, "Deploy", ("Deploy", "Smoke test", "Data migration", "Cut-over")),
    (1.00, "Review", ("Hypercare", "Lessons learned", "PIR")),
)
_ENVIRONMENTS = ("Development", "Test", "Staging", "Production")
_RELEASE_NAMES = ("Payments", "Mobile", "Core banking", "Portal", "Data platform", "CRM")


def random_plan(
    n_tasks: int,
    *,
    seed: int,
    links_per_task: float = 1.5,
    releases: int = 5,
    start: date = date(2027, 1, 4),
    holidays: bool = True,
    tj3_compatible: bool = False,
    summaries: bool = False,
) -> ScheduleInput:
    """A reproducible random portfolio of ``n_tasks`` tasks in ``releases`` releases.

    About 10 % of the tasks are milestones (each release starts with a kick-off
    and ends with its go-live), a few have a start-no-earlier-than constraint,
    holidays are German public holidays. With ``tj3_compatible`` the plan uses
    only what TaskJuggler 3 can express: FS and SS links, lags ≥ 0, SNET
    constraints, milestones and holidays. Otherwise it also has FF/SF links,
    negative lags, must-start-on and finish-no-later-than constraints, release
    start dates, teams, environments and freeze windows. With ``summaries``
    about one task in twelve is a summary over the next few tasks of its
    release, nested up to three levels; links between a task and its own
    summary are left out (MS Project and tj3 refuse them too).
    """
    rng = random.Random(seed)
    n_releases = max(1, min(releases, n_tasks))
    bounds = [round(k * n_tasks / n_releases) for k in range(n_releases + 1)]
    # Work in working-day offsets from the project start first (an estimate of
    # the schedule sizes the holiday calendar and places constraint dates).
    dur: list[int] = []
    release_of: list[int] = []
    names: list[str] = []
    for r in range(n_releases):
        size = bounds[r + 1] - bounds[r]
        for j in range(size):
            dur.append(_duration(rng, j, size))
            release_of.append(r + 1)
            names.append(_name(rng, j, size))

    release_floor = [0] * (n_releases + 1)
    if not tj3_compatible:
        for r in range(2, n_releases + 1):
            release_floor[r] = release_floor[r - 1] + rng.randint(5, 25)

    links = _links(rng, bounds, dur, links_per_task, tj3_compatible)
    into: list[list[tuple[int, DependencyType, int]]] = [[] for _ in range(n_tasks)]
    for p, s, kind, lag in links:
        into[s].append((p, kind, lag))

    # Earliest start estimate (no calendar, no freezes) and constraints on the way.
    est = [0] * n_tasks
    constraint: dict[int, tuple[ConstraintType, int]] = {}
    for i in range(n_tasks):
        e = release_floor[release_of[i]]
        for p, kind, lag in into[i]:
            ref = est[p] + (dur[p] if kind in (DependencyType.FS, DependencyType.FF) else 0)
            bound = ref + lag - (dur[i] if kind in (DependencyType.FF, DependencyType.SF) else 0)
            e = max(e, bound)
        roll = rng.random()
        if roll < 0.04:
            offset = max(0, e + rng.randint(-10, 5))
            constraint[i] = (ConstraintType.START_NO_EARLIER_THAN, offset)
            e = offset
        elif not tj3_compatible and roll < 0.045:
            constraint[i] = (ConstraintType.MUST_START_ON, e + rng.randint(-2, 5))
        elif not tj3_compatible and roll < 0.055:
            constraint[i] = (ConstraintType.FINISH_NO_LATER_THAN, e + dur[i] + rng.randint(-5, 15))
        est[i] = e
    span = max((est[i] + dur[i] for i in range(n_tasks)), default=0)

    years = range(start.year - 1, start.year + span * 7 // (5 * 365) + 3)
    off: frozenset[date] = frozenset()
    if holidays:
        import holidays as holidays_lib

        off = frozenset(holidays_lib.country_holidays("DE", years=list(years)))
    cal = WorkCalendar(holidays=off)
    base = cal.to_index(start)

    envs: tuple[EnvironmentInput, ...] = ()
    teams: tuple[TeamInput, ...] = ()
    freezes: tuple[FreezeInput, ...] = ()
    env_of: dict[int, int] = {}
    team_of: dict[int, int] = {}
    if not tj3_compatible:
        envs = tuple(EnvironmentInput(k + 1, nm) for k, nm in enumerate(_ENVIRONMENTS))
        teams = tuple(
            TeamInput(k + 1, f"Team {k + 1}", rng.randint(2, 6))
            for k in range(max(3, n_tasks // 80))
        )
        for i in range(n_tasks):
            if names[i].startswith(("Deploy", "Cut-over", "Smoke")):
                env_of[i] = rng.choice((2, 3, 4, 4))
                names[i] = f"{names[i]} to {_ENVIRONMENTS[env_of[i] - 1]}"
            elif dur[i] and rng.random() < 0.8:
                team_of[i] = rng.randint(1, len(teams))
        freezes = _freezes(years)

    parent_of = _outline(rng, bounds) if summaries else {}
    if parent_of:
        links = [(p, s, k, lag) for p, s, k, lag in links if not _nested(p, s, parent_of)]
        # A task linked from a task its summary is linked from too: tj3 refuses the
        # repeat ("no need to specify dependency multiple times"), so none is made.
        pairs = {(p, s) for p, s, _, _ in links}
        links = [link for link in links if not _inherited(link[0], link[1], pairs, parent_of)]
    tasks = tuple(
        TaskInput(
            id=i + 1,
            release_id=release_of[i],
            name=names[i],
            duration=dur[i],
            constraint=constraint[i][0] if i in constraint else None,
            constraint_date=cal.to_date(base + constraint[i][1]) if i in constraint else None,
            team_id=team_of.get(i),
            environment_id=env_of.get(i),
            parent_id=parent_of[i] + 1 if i in parent_of else None,
        )
        for i in range(n_tasks)
    )
    link_inputs = tuple(
        LinkInput(k + 1, p + 1, s + 1, kind, lag) for k, (p, s, kind, lag) in enumerate(links)
    )
    release_inputs = []
    for r in range(n_releases):
        last = bounds[r + 1] - 1
        target = cal.to_date(base + est[last] + rng.randint(-10, 30)) if last >= 0 else None
        release_inputs.append(
            ReleaseInput(
                id=r + 1,
                name=f"{_RELEASE_NAMES[r % len(_RELEASE_NAMES)]} {r // len(_RELEASE_NAMES) + 1}.0",
                start=cal.to_date(base + release_floor[r + 1]) if release_floor[r + 1] else None,
                target_golive=target,
                golive_task_id=last + 1 if last >= bounds[r] else None,
            )
        )
    return ScheduleInput(
        project_start=start,
        calendar=cal,
        tasks=tasks,
        links=link_inputs,
        releases=tuple(release_inputs),
        teams=teams,
        environments=envs,
        freezes=freezes,
    )


def _outline(rng: random.Random, bounds: list[int]) -> dict[int, int]:
    """Task index -> parent index: summaries over the next 2–6 tasks, nested ≤ 3 deep."""
    parent_of: dict[int, int] = {}
    for first, end in itertools.pairwise(bounds):
        open_: list[tuple[int, int]] = []  # (summary, index of its last child)
        for i in range(first + 1, end - 1):  # kick-off and go-live stay at the top
            while open_ and open_[-1][1] < i:
                open_.pop()
            if open_:
                parent_of[i] = open_[-1][0]
            if len(open_) < 3 and i + 2 < end - 1 and rng.random() < 0.08:
                last = min(i + rng.randint(2, 6), open_[-1][1] if open_ else end - 2)
                if last > i:
                    open_.append((i, last))
    return parent_of


def _nested(a: int, b: int, parent_of: dict[int, int]) -> bool:
    """Is one of the two an ancestor of the other?"""
    for low, high in ((a, b), (b, a)):
        node = parent_of.get(low)
        while node is not None:
            if node == high:
                return True
            node = parent_of.get(node)
    return False


def _inherited(
    pred: int, succ: int, pairs: set[tuple[int, int]], parent_of: dict[int, int]
) -> bool:
    node = parent_of.get(succ)
    while node is not None:
        if (pred, node) in pairs:
            return True
        node = parent_of.get(node)
    return False


def _duration(rng: random.Random, j: int, size: int) -> int:
    """Kick-off and go-live are milestones; ~8 % more; the rest 1–15 days, mostly short."""
    if j == 0 or j == size - 1 or rng.random() < 0.08:
        return 0
    roll = rng.random()
    if roll < 0.4:
        return rng.randint(1, 3)
    if roll < 0.8:
        return rng.randint(4, 8)
    return rng.randint(9, 15)


def _name(rng: random.Random, j: int, size: int) -> str:
    if j == 0:
        return "Kick-off"
    if j == size - 1:
        return "Go-live"
    where = j / size
    phase = next(p for p in _PHASES if where < p[0])
    return f"{rng.choice(phase[2])} {j}"


def _links(
    rng: random.Random,
    bounds: list[int],
    dur: list[int],
    links_per_task: float,
    tj3_compatible: bool,
) -> list[tuple[int, int, DependencyType, int]]:
    """Links as (pred, succ, type, lag) on 0-based positions, pred < succ, no duplicates."""
    whole = int(links_per_task)
    fraction = links_per_task - whole
    links: list[tuple[int, int, DependencyType, int]] = []
    for r in range(len(bounds) - 1):
        lo, hi = bounds[r], bounds[r + 1]
        # A window proportional to the release keeps chains to ~25 tasks deep
        # per 1,000, i.e. plans of a few years rather than decades.
        window = max(6, (hi - lo) // 8)
        for s in range(lo + 1, hi):
            want = whole + (rng.random() < fraction)
            chosen: set[int] = set()
            for _ in range(want):
                if r and rng.random() < 0.08:
                    p = rng.randrange(0, lo)  # cross-release: any task of an earlier release
                else:
                    p = rng.randrange(max(lo, s - window), s)
                if p in chosen:
                    continue
                chosen.add(p)
                kind, lag = _kind_and_lag(rng, tj3_compatible)
                links.append((p, s, kind, lag))
    return links


def _kind_and_lag(rng: random.Random, tj3_compatible: bool) -> tuple[DependencyType, int]:
    roll = rng.random()
    if tj3_compatible:
        kind = DependencyType.FS if roll < 0.8 else DependencyType.SS
        lag = 0 if rng.random() < 0.75 else rng.randint(1, 5)
        return kind, lag
    if roll < 0.75:
        kind = DependencyType.FS
    elif roll < 0.87:
        kind = DependencyType.SS
    elif roll < 0.96:
        kind = DependencyType.FF
    else:
        kind = DependencyType.SF
    lag_roll = rng.random()
    if lag_roll < 0.7:
        return kind, 0
    if lag_roll < 0.9:
        return kind, rng.randint(1, 5)
    return kind, -rng.randint(1, 3)


def _freezes(years: range) -> tuple[FreezeInput, ...]:
    """A year-end freeze on every environment and quarter-end freezes on production."""
    out: list[FreezeInput] = []
    for year in years:
        out.append(
            FreezeInput(
                len(out) + 1, f"Year-end freeze {year}", date(year, 12, 20), date(year + 1, 1, 3)
            )
        )
        for month, last in ((3, 31), (6, 30), (9, 30)):
            out.append(
                FreezeInput(
                    len(out) + 1,
                    f"Quarter-end freeze {year}-{month:02d}",
                    date(year, month, last - 4),
                    date(year, month, last),
                    frozenset({4}),
                )
            )
    return tuple(out)
