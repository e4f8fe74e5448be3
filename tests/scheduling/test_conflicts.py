"""Conflicts: freeze windows, environment clashes, team capacity, late go-lives."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling import (
    Conflict,
    ConflictKind,
    EnvironmentInput,
    FreezeInput,
    LinkInput,
    ReleaseInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    TeamInput,
    WorkCalendar,
    schedule,
)
from relm_desktop.scheduling.conflicts import (
    MAX_CLASHES_PER_ENVIRONMENT,
    _overloaded_periods,
    over_capacity,
)

START = date(2027, 1, 4)  # Monday
PROD, STAGING = 4, 3
ENVS = (EnvironmentInput(STAGING, "Staging"), EnvironmentInput(PROD, "Production"))
RELEASES = (ReleaseInput(1, "Payments 2.0"), ReleaseInput(2, "Mobile 5.1"))
EASTER = FreezeInput(1, "Easter freeze", date(2027, 3, 22), date(2027, 4, 5), frozenset({PROD}))


def run(
    tasks: list[TaskInput],
    links: list[tuple[int, int]] = (),  # type: ignore[assignment]
    **kw: object,
) -> ScheduleResult:
    data = ScheduleInput(
        project_start=START,
        calendar=WorkCalendar(),
        tasks=tuple(tasks),
        links=tuple(LinkInput(k, p, s, DependencyType.FS) for k, (p, s) in enumerate(links)),
        releases=kw.pop("releases", RELEASES),  # type: ignore[arg-type]
        environments=ENVS,
        **kw,  # type: ignore[arg-type]
    )
    return schedule(data)


def of_kind(result: ScheduleResult, kind: ConflictKind) -> list[Conflict]:
    return [c for c in result.conflicts if c.kind == kind]


# -- freeze windows -------------------------------------------------------------------


def test_deployment_pushed_out_of_freeze_and_successors_follow() -> None:
    r = run(
        [
            TaskInput(1, 1, "Build", 55),  # Mon Jan 4 – Fri Mar 19
            TaskInput(2, 1, "Deploy to production", 2, environment_id=PROD),
            TaskInput(3, 1, "Hypercare", 3),
        ],
        [(1, 2), (2, 3)],
        freezes=(EASTER,),
    )
    assert r.tasks[1].finish == date(2027, 3, 19)
    assert (r.tasks[2].start, r.tasks[2].finish) == (date(2027, 4, 6), date(2027, 4, 7))
    assert r.tasks[3].start == date(2027, 4, 8)
    (freeze,) = of_kind(r, ConflictKind.FREEZE)
    assert freeze.message == (
        "'Deploy to production' moved from 2027-03-22 to 2027-04-06 "
        "out of freeze window 'Easter freeze'"
    )
    assert freeze.task_ids == (2,) and freeze.release_ids == (1,)


def test_deployment_running_into_a_window_is_pushed_too() -> None:
    # Starts Thu Mar 18, three days would run into Mon Mar 22.
    r = run(
        [
            TaskInput(
                1,
                1,
                "Deploy",
                3,
                environment_id=PROD,
                constraint=ConstraintType.START_NO_EARLIER_THAN,
                constraint_date=date(2027, 3, 18),
            )
        ],
        freezes=(EASTER,),
    )
    assert r.tasks[1].start == date(2027, 4, 6)


def test_window_for_another_environment_or_no_environment_does_not_move() -> None:
    snet = {
        "constraint": ConstraintType.START_NO_EARLIER_THAN,
        "constraint_date": date(2027, 3, 23),
    }
    r = run(
        [
            TaskInput(1, 1, "Deploy to staging", 1, environment_id=STAGING, **snet),  # type: ignore[arg-type]
            TaskInput(2, 1, "Write release notes", 1, **snet),  # type: ignore[arg-type]
        ],
        freezes=(EASTER,),
    )
    assert r.tasks[1].start == r.tasks[2].start == date(2027, 3, 23)
    assert not r.conflicts


def test_window_without_environments_covers_all_and_milestones() -> None:
    year_end = FreezeInput(2, "Year-end freeze", date(2027, 12, 20), date(2028, 1, 3))
    r = run(
        [
            TaskInput(
                1,
                1,
                "Go-live",
                0,
                environment_id=STAGING,
                constraint=ConstraintType.START_NO_EARLIER_THAN,
                constraint_date=date(2027, 12, 22),
            ),
        ],
        freezes=(year_end,),
    )
    assert r.tasks[1].start == r.tasks[1].finish == date(2028, 1, 4)
    (freeze,) = of_kind(r, ConflictKind.FREEZE)
    assert "'Go-live' moved from 2027-12-22 to 2028-01-04" in freeze.message


def test_back_to_back_windows_are_both_cleared_and_named() -> None:
    first = FreezeInput(1, "Audit", date(2027, 3, 1), date(2027, 3, 5))
    second = FreezeInput(2, "Quarter end", date(2027, 3, 8), date(2027, 3, 12))
    snet = {"constraint": ConstraintType.START_NO_EARLIER_THAN, "constraint_date": date(2027, 3, 3)}
    r = run(
        [TaskInput(1, 1, "Deploy", 2, environment_id=PROD, **snet)],  # type: ignore[arg-type]
        freezes=(first, second),
    )
    assert r.tasks[1].start == date(2027, 3, 15)
    (freeze,) = of_kind(r, ConflictKind.FREEZE)
    assert "out of freeze windows 'Audit' and 'Quarter end'" in freeze.message


def test_pinned_deployment_stays_in_window_and_is_reported() -> None:
    r = run(
        [
            TaskInput(
                1,
                1,
                "Hotfix",
                1,
                ConstraintType.MUST_START_ON,
                date(2027, 3, 24),
                environment_id=PROD,
            )
        ],
        freezes=(EASTER,),
    )
    assert r.tasks[1].start == date(2027, 3, 24)
    (freeze,) = of_kind(r, ConflictKind.FREEZE)
    assert freeze.message == "'Hotfix' is fixed on 2027-03-24, inside freeze window 'Easter freeze'"


# -- environment clashes --------------------------------------------------------------


def test_two_releases_on_one_environment_clash() -> None:
    r = run(
        [
            TaskInput(1, 1, "Deploy payments", 3, environment_id=PROD),
            TaskInput(2, 2, "Deploy mobile", 2, environment_id=PROD),
        ]
    )
    (clash,) = of_kind(r, ConflictKind.ENVIRONMENT_CLASH)
    assert set(clash.task_ids) == {1, 2} and clash.release_ids == (1, 2)
    assert "both book environment 'Production' from 2027-01-04 to 2027-01-05" in clash.message
    assert "(Payments 2.0)" in clash.message and "(Mobile 5.1)" in clash.message


def test_no_clash_within_a_release_across_environments_or_back_to_back() -> None:
    r = run(
        [
            TaskInput(1, 1, "Deploy A", 3, environment_id=PROD),
            TaskInput(2, 1, "Deploy B", 2, environment_id=PROD),  # same release
            TaskInput(3, 2, "Deploy C", 2, environment_id=STAGING),  # other environment
            TaskInput(4, 2, "Deploy D", 1, environment_id=PROD),  # after A and B
        ],
        [(1, 4)],
    )
    assert not of_kind(r, ConflictKind.ENVIRONMENT_CLASH)


def test_clashes_are_capped_per_environment() -> None:
    many = [TaskInput(i, 1 + i % 2, f"Deploy {i}", 5, environment_id=PROD) for i in range(1, 31)]
    r = run(many)
    clashes = of_kind(r, ConflictKind.ENVIRONMENT_CLASH)
    assert len(clashes) == MAX_CLASHES_PER_ENVIRONMENT + 1
    assert clashes[-1].message == "175 more clashes between releases on environment 'Production'"
    # Past the cap clashes are only counted: 300 × 300 pairs stay cheap.
    many = [TaskInput(i, 1 + i % 2, f"Deploy {i}", 5, environment_id=PROD) for i in range(1, 601)]
    clashes = of_kind(run(many), ConflictKind.ENVIRONMENT_CLASH)
    assert clashes[-1].message.startswith(f"{300 * 300 - MAX_CLASHES_PER_ENVIRONMENT} more")


# -- team capacity --------------------------------------------------------------------


def test_team_over_capacity_one_conflict_per_period() -> None:
    team = TeamInput(7, "Backend", 1)
    r = run(
        [
            TaskInput(1, 1, "API", 5, team_id=7),  # Mon 4 – Fri 8
            TaskInput(2, 1, "Schema", 2, team_id=7),  # Mon 4 – Tue 5
            TaskInput(5, 1, "Pause", 1),  # Wed 6, no team
            TaskInput(3, 1, "Batch", 2, team_id=7),  # Thu 7 – Fri 8
            TaskInput(4, 1, "Docs", 3, team_id=7),  # after API: alone
        ],
        [(2, 5), (5, 3), (1, 4)],
        teams=(team,),
    )
    over = of_kind(r, ConflictKind.OVER_CAPACITY)
    assert [c.message for c in over] == [
        "Team 'Backend' carries 2 tasks at once from 2027-01-04 to 2027-01-05, "
        "above its capacity of 1: 'API' and 'Schema'",
        "Team 'Backend' carries 2 tasks at once from 2027-01-07 to 2027-01-08, "
        "above its capacity of 1: 'API' and 'Batch'",
    ]
    assert over[0].task_ids == (1, 2) and over[1].task_ids == (1, 3)


def test_contiguous_overload_is_one_period_with_its_peak() -> None:
    team = TeamInput(7, "QA", 1)
    r = run(
        [
            TaskInput(1, 1, "Long", 10, team_id=7),  # Jan 4 – Jan 15
            TaskInput(2, 1, "A", 3, team_id=7),  # Jan 4 – 6
            TaskInput(3, 1, "B", 3, team_id=7),  # Jan 7 – 11 (after A)
            TaskInput(4, 1, "C", 2, team_id=7),  # Jan 4 – 5
        ],
        [(2, 3)],
        teams=(team,),
    )
    (over,) = of_kind(r, ConflictKind.OVER_CAPACITY)
    assert "carries 3 tasks at once from 2027-01-04 to 2027-01-11" in over.message
    assert over.task_ids == (1, 2, 3, 4)


def test_within_capacity_milestones_and_unknown_teams_are_fine() -> None:
    r = run(
        [
            TaskInput(1, 1, "A", 3, team_id=7),
            TaskInput(2, 1, "B", 3, team_id=7),
            TaskInput(3, 1, "Gate", 0, team_id=7),
            TaskInput(4, 1, "C", 3, team_id=99),
            TaskInput(5, 1, "D", 3, team_id=99),
        ],
        teams=(TeamInput(7, "Ops", 2),),
    )
    assert not of_kind(r, ConflictKind.OVER_CAPACITY)


# -- go-live --------------------------------------------------------------------------


def test_late_golive() -> None:
    releases = (
        ReleaseInput(1, "Payments 2.0", target_golive=date(2027, 1, 8), golive_task_id=2),
        ReleaseInput(2, "Mobile 5.1", target_golive=date(2027, 1, 9)),  # a Saturday
    )
    r = run(
        [
            TaskInput(1, 1, "Build", 7),
            TaskInput(2, 1, "Go-live", 0),
            TaskInput(3, 2, "Build", 6),
        ],
        [(1, 2)],
        releases=releases,
    )
    assert r.release_golive == {1: date(2027, 1, 12), 2: date(2027, 1, 11)}
    late = of_kind(r, ConflictKind.LATE_GOLIVE)
    assert [c.message for c in late] == [
        "Release 'Payments 2.0' goes live on 2027-01-12, 2 working days after its target "
        "2027-01-08",
        "Release 'Mobile 5.1' goes live on 2027-01-11, 1 working day after its target 2027-01-09",
    ]
    assert late[0].task_ids == (2,) and late[0].release_ids == (1,)


def test_golive_on_target_is_fine() -> None:
    releases = (ReleaseInput(1, "Payments 2.0", target_golive=date(2027, 1, 8)),)
    r = run([TaskInput(1, 1, "Build", 5)], releases=releases)
    assert not r.conflicts


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), min_size=1, max_size=25),
    st.integers(1, 4),
)
def test_overload_periods_match_a_day_by_day_count(
    spans: list[tuple[int, int]], capacity: int
) -> None:
    firsts = [a for a, _ in spans]
    lasts = [a + n for a, n in spans]
    load = [sum(a <= day <= b for a, b in zip(firsts, lasts, strict=True)) for day in range(40)]
    expected = []
    for day, value in enumerate(load):
        if value > capacity:
            if expected and expected[-1][1] == day - 1:
                begin, _, peak = expected.pop()
                expected.append((begin, day, max(peak, value)))
            else:
                expected.append((day, day, value))
    # Sweep events as over_capacity encodes them: 2·first+1 and 2·(last+1).
    starts = [2 * a + 1 for a in firsts]
    finishes = [2 * b + 2 for b in lasts]
    assert _overloaded_periods(starts, finishes, capacity) == expected


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 3)), min_size=2, max_size=40),
    st.integers(1, 2),
)
@example(spans=[(5 * (k // 2), k % 2) for k in range(24)], capacity=1)  # 12 periods: heap
def test_overload_names_exactly_the_tasks_overlapping_each_period(
    spans: list[tuple[int, int]], capacity: int
) -> None:
    # Up to 40 short tasks over 60 days: some examples have a period or two
    # (filtered per period), others more than eight (one heap sweep).
    tasks = [TaskInput(i + 1, 1, f"T{i + 1}", n + 1, team_id=1) for i, (_, n) in enumerate(spans)]
    firsts = [a for a, _ in spans]
    lasts = [a + n for a, n in spans]
    found = over_capacity(
        {1: list(range(len(tasks)))},
        [TeamInput(1, "Platform", capacity)],
        tasks,
        firsts,
        lasts,
        lambda day: date.fromordinal(START.toordinal() + day),
    )
    periods = _overloaded_periods([2 * a + 1 for a in firsts], [2 * b + 2 for b in lasts], capacity)
    assert len(found) == len(periods)
    for conflict, (begin, end, _) in zip(found, periods, strict=True):
        overlapping = tuple(
            t.id for t, a, b in zip(tasks, firsts, lasts, strict=True) if a <= end and b >= begin
        )
        assert conflict.task_ids == overlapping
