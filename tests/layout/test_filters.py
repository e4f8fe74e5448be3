"""View filters and grouping over timeline rows (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from relm_desktop.layout.filters import (
    Grouping,
    RowFilter,
    ViewOptions,
    apply_view,
    describe,
    is_late,
    overdue_since,
)
from relm_desktop.layout.timeline import RowKind, RowLayout, Timeline, build_timeline
from relm_desktop.scheduling.model import ScheduleResult, TaskSchedule


@dataclass
class R:
    id: int
    name: str


@dataclass
class P:
    id: int
    release_id: int
    name: str


@dataclass
class T:
    id: int
    release_id: int
    phase_id: int | None
    name: str
    duration: int = 2
    percent_complete: int = 0
    team_id: int | None = None
    environment_id: int | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    parent_id: int | None = None


@dataclass
class L:
    id: int
    predecessor_id: int
    successor_id: int
    type: str = "FS"
    lag: int = 0


D0 = date(2026, 1, 5)
TEAMS = {1: "Ops", 2: "Build crew"}
ENVS = {7: "Staging", 8: "Production"}


def sched(tid: int, offset: int, length: int, critical: bool = False) -> TaskSchedule:
    start = D0 + timedelta(days=offset)
    finish = start + timedelta(days=max(length - 1, 0))
    return TaskSchedule(tid, start, finish, start, finish, 0, 0, critical)


def plan() -> Timeline:
    """Alpha (Build: Code, Review; Test: Verify, Go-live) and Beta (Other)."""
    releases = [R(1, "Alpha"), R(2, "Beta")]
    phases = [P(10, 1, "Build"), P(11, 1, "Test")]
    tasks = [
        # Finished on time, critical, Ops.
        T(100, 1, 10, "Code", 4, 100, team_id=1, environment_id=7),
        # Should have finished by day 6 and is half done: overdue; slips 2 days.
        T(101, 1, 10, "Review", 3, 50, 2, 7, D0, D0 + timedelta(days=4)),
        # Should have started on day 8 and has not: overdue (at day 10).
        T(102, 1, 11, "Verify", 5, 0, 2, 8),
        # A milestone later on, Production, no team.
        T(103, 1, 11, "Go-live", 0, 0, None, 8),
        # Later, no team, no environment.
        T(200, 2, None, "Other", 2, 0),
    ]
    result = ScheduleResult(
        tasks={
            100: sched(100, 0, 4, True),
            101: sched(101, 4, 3, True),
            102: sched(102, 8, 5),
            103: sched(103, 20, 1),
            200: sched(200, 30, 2),
        },
        critical_path=(100, 101),
    )
    links = [L(1, 100, 101), L(2, 101, 102), L(3, 102, 103)]
    return build_timeline(releases=releases, phases=phases, tasks=tasks, links=links, result=result)


STATUS = D0 + timedelta(days=10)


def names(timeline: Timeline) -> list[str]:
    return [timeline.nodes[i].name for i in timeline.visible(set())]


def view(options: ViewOptions, status: date = STATUS) -> Timeline:
    return apply_view(plan(), options, status=status, teams=TEAMS, environments=ENVS)


def test_no_filter_is_the_plan_itself() -> None:
    timeline = plan()
    assert apply_view(timeline, ViewOptions(), status=STATUS, teams={}, environments={}) is timeline


def test_overdue_against_the_status_date() -> None:
    timeline = plan()
    by_name = {n.name: n for n in timeline.nodes}
    assert overdue_since(by_name["Review"], STATUS) == ("finished", D0 + timedelta(days=6))
    assert overdue_since(by_name["Verify"], STATUS) == ("started", D0 + timedelta(days=8))
    assert overdue_since(by_name["Code"], STATUS) is None  # done
    assert overdue_since(by_name["Go-live"], STATUS) is None  # not due yet
    assert overdue_since(by_name["Alpha"], STATUS) is None  # summaries are not flagged
    # A task due on the status date itself still has that day.
    assert overdue_since(by_name["Review"], D0 + timedelta(days=6)) is None
    assert overdue_since(by_name["Verify"], D0 + timedelta(days=8)) is None
    assert is_late(by_name["Review"], D0)  # slipped past its baseline, whatever the date
    assert not is_late(by_name["Code"], STATUS)


def test_filters_keep_the_summary_rows_above_what_they_show() -> None:
    critical = view(ViewOptions(RowFilter.CRITICAL))
    assert names(critical) == ["Alpha", "Build", "Code", "Review"]
    late = view(ViewOptions(RowFilter.LATE))
    assert names(late) == ["Alpha", "Build", "Review", "Test", "Verify"]
    milestones = view(ViewOptions(RowFilter.MILESTONES))
    assert names(milestones) == ["Alpha", "Test", "Go-live"]
    team = view(ViewOptions(RowFilter.TEAM, 2))
    assert names(team) == ["Alpha", "Build", "Review", "Test", "Verify"]
    no_team = view(ViewOptions(RowFilter.TEAM, None))
    assert names(no_team) == ["Alpha", "Test", "Go-live", "Beta", "Other"]
    production = view(ViewOptions(RowFilter.ENVIRONMENT, 8))
    assert names(production) == ["Alpha", "Test", "Verify", "Go-live"]


def test_a_filtered_timeline_is_a_consistent_tree() -> None:
    timeline = view(ViewOptions(RowFilter.LATE))
    for position, node in enumerate(timeline.nodes):
        assert node.index == position
        assert timeline.by_key[node.key] == position
        if node.parent >= 0:
            parent = timeline.nodes[node.parent]
            assert parent.children[node.row] == position
            assert node.depth == parent.depth + 1
    # Summary rows keep the dates of the whole phase, not only of what shows.
    alpha = timeline.node(RowKind.RELEASE, 1)
    assert alpha is not None and alpha.finish == D0 + timedelta(days=20)
    # Folding and the link index work on it: the Review → Verify link is between shown rows.
    rows = RowLayout(timeline, {(RowKind.PHASE, 11)})
    assert [rows.node_at(r).name for r in range(len(rows))] == ["Alpha", "Build", "Review", "Test"]
    unfolded = RowLayout(timeline, set())
    assert [link.id for link in unfolded.links_near(0, len(unfolded) - 1)] == [2]


def test_group_by_team_heads_each_group_with_its_span_and_no_team_last() -> None:
    timeline = view(ViewOptions(grouping=Grouping.TEAM))
    assert names(timeline) == [
        "Build crew",
        "Review",
        "Verify",
        "Ops",
        "Code",
        "No team",
        "Go-live",
        "Other",
    ]
    crew = timeline.node(RowKind.GROUP, 2)
    assert crew is not None and crew.depth == 0
    assert (crew.start, crew.finish) == (D0 + timedelta(days=4), D0 + timedelta(days=12))
    assert crew.critical  # Review is
    none = timeline.node(RowKind.GROUP, 0)
    assert none is not None and none.finish == D0 + timedelta(days=31)
    assert timeline.start == D0 and timeline.finish == D0 + timedelta(days=31)
    review = timeline.node(RowKind.TASK, 101)
    assert review is not None and review.depth == 1 and review.parent == crew.index


def test_group_by_environment_with_a_filter() -> None:
    timeline = view(ViewOptions(RowFilter.LATE, grouping=Grouping.ENVIRONMENT))
    assert names(timeline) == ["Production", "Verify", "Staging", "Review"]


def test_described_in_words() -> None:
    assert describe(ViewOptions(), TEAMS, ENVS) == ""
    assert describe(ViewOptions(RowFilter.TEAM, 1), TEAMS, ENVS) == "Tasks of Ops"
    assert describe(ViewOptions(RowFilter.ENVIRONMENT, None), TEAMS, ENVS) == (
        "Tasks in no environment"
    )
    both = ViewOptions(RowFilter.CRITICAL, grouping=Grouping.TEAM)
    assert describe(both, TEAMS, ENVS) == "Critical tasks, grouped by team"
    assert describe(ViewOptions(grouping=Grouping.ENVIRONMENT), TEAMS, ENVS) == (
        "Grouped by environment"
    )
