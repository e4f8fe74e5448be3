"""Timeline rows from plain records: grouping, summaries, folding, link buckets (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from relm_desktop.layout.timeline import LINK_BUCKET, RowKind, RowLayout, build_timeline
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


def sched(tid: int, offset: int, length: int, critical: bool = False) -> TaskSchedule:
    start = D0 + timedelta(days=offset)
    finish = start + timedelta(days=max(length - 1, 0))
    return TaskSchedule(tid, start, finish, start, finish, 0, 0, critical)


def sample() -> tuple[list[R], list[P], list[T], list[L], ScheduleResult]:
    releases = [R(1, "Alpha"), R(2, "Beta")]
    phases = [P(10, 1, "Build"), P(11, 1, "Test")]
    tasks = [
        T(100, 1, 10, "Code", 4, 50),
        T(101, 1, 11, "Verify", 2, 0, D0, D0 + timedelta(days=1)),
        T(102, 1, None, "Loose end", 0),
        T(200, 2, None, "Other", 2, 100),
    ]
    links = [L(1, 100, 101), L(2, 101, 200)]
    result = ScheduleResult(
        tasks={
            100: sched(100, 0, 4, True),
            101: sched(101, 4, 2, True),
            102: sched(102, 6, 1),
            200: sched(200, 1, 2),
        },
        critical_path=(100, 101),
    )
    return releases, phases, tasks, links, result


def build() -> object:
    releases, phases, tasks, links, result = sample()
    return build_timeline(releases=releases, phases=phases, tasks=tasks, links=links, result=result)


def test_grouping_release_phase_task() -> None:
    timeline = build()
    names = [(n.kind, n.name, n.depth) for n in timeline.nodes]  # type: ignore[attr-defined]
    assert names == [
        (RowKind.RELEASE, "Alpha", 0),
        (RowKind.PHASE, "Build", 1),
        (RowKind.TASK, "Code", 2),
        (RowKind.PHASE, "Test", 1),
        (RowKind.TASK, "Verify", 2),
        (RowKind.TASK, "Loose end", 1),
        (RowKind.RELEASE, "Beta", 0),
        (RowKind.TASK, "Other", 1),
    ]


def test_summaries_span_children_with_weighted_progress() -> None:
    timeline = build()
    alpha = timeline.node(RowKind.RELEASE, 1)  # type: ignore[attr-defined]
    assert (alpha.start, alpha.finish) == (D0, D0 + timedelta(days=6))
    build_phase = timeline.node(RowKind.PHASE, 10)  # type: ignore[attr-defined]
    assert build_phase.percent == 50
    # Code: 4 days at 50 %, Verify 2 days at 0 %, Loose end 1 day at 0 % → 2/7.
    assert alpha.percent == round(200 / 7)
    assert alpha.critical
    assert timeline.start == D0 and timeline.finish == D0 + timedelta(days=6)  # type: ignore[attr-defined]


def test_task_fields_and_slip() -> None:
    timeline = build()
    verify = timeline.node(RowKind.TASK, 101)  # type: ignore[attr-defined]
    assert verify.critical and not verify.milestone
    assert verify.slip == 4
    assert timeline.node(RowKind.TASK, 102).milestone  # type: ignore[attr-defined]
    links = {(lk.predecessor, lk.successor): lk.critical for lk in timeline.links}  # type: ignore[attr-defined]
    assert links == {(100, 101): True, (101, 200): False}


def test_unscheduled_tasks_have_no_dates() -> None:
    releases, phases, tasks, links, _ = sample()
    timeline = build_timeline(
        releases=releases, phases=phases, tasks=tasks, links=links, result=None
    )
    assert all(n.start is None for n in timeline.nodes)


def test_folding_hides_descendants() -> None:
    timeline = build()
    everything = RowLayout(timeline, set())  # type: ignore[arg-type]
    assert len(everything) == 8
    folded = RowLayout(timeline, {(RowKind.RELEASE, 1)})  # type: ignore[arg-type]
    assert [folded.node_at(i).name for i in range(len(folded))] == ["Alpha", "Beta", "Other"]
    assert 100 not in folded.row_of_task
    assert folded.links_near(0, 2) == []  # both links touch a hidden task
    phase_folded = RowLayout(timeline, {(RowKind.PHASE, 10)})  # type: ignore[arg-type]
    assert len(phase_folded) == 7


def test_structure_changes_only_with_shape() -> None:
    a, b = build(), build()
    assert a.structure() == b.structure()  # type: ignore[attr-defined]
    releases, phases, tasks, links, result = sample()
    tasks.append(T(103, 1, 10, "More"))
    c = build_timeline(releases=releases, phases=phases, tasks=tasks, links=links, result=result)
    assert c.structure() != a.structure()  # type: ignore[attr-defined]


def test_link_buckets_find_long_links_from_any_row() -> None:
    releases = [R(1, "Big")]
    tasks = [T(i, 1, None, f"t{i}") for i in range(1, 301)]
    links = [L(1, 1, 300), L(2, 150, 151)]
    result = ScheduleResult(tasks={i: sched(i, i, 2) for i in range(1, 301)}, critical_path=())
    timeline = build_timeline(releases=releases, phases=[], tasks=tasks, links=links, result=result)
    layout = RowLayout(timeline, set())
    middle = LINK_BUCKET * 2 + 5
    found = {lk.id for lk in layout.links_near(middle, middle + 10)}
    assert 1 in found  # the long link passes through
    assert {lk.id for lk in layout.links_near(0, 3)} == {1}


def test_summary_tasks_nest_roll_up_and_fold() -> None:
    releases = [R(1, "Alpha")]
    phases = [P(10, 1, "Build"), P(11, 1, "Test")]
    tasks = [
        T(1, 1, 10, "Backend", 0),
        T(2, 1, 10, "API", 3, 0, parent_id=1),
        T(3, 1, 10, "Schema", 3, 100, parent_id=2),
        T(4, 1, 10, "UI", 1, 0, parent_id=1),
        T(5, 1, 11, "Smoke test", 1),
    ]
    result = ScheduleResult(
        tasks={1: sched(1, 0, 4), 2: sched(2, 0, 3), 3: sched(3, 0, 3), 4: sched(4, 3, 1)},
        critical_path=(),
    )
    timeline = build_timeline(
        releases=releases, phases=phases, tasks=tasks, links=[], result=result
    )
    names = [(n.name, n.depth, n.wbs) for n in timeline.nodes]
    assert names == [
        ("Alpha", 0, ""),
        ("Build", 1, "1"),
        ("Backend", 2, "1.1"),
        ("API", 3, "1.1.1"),
        ("Schema", 4, "1.1.1.1"),
        ("UI", 3, "1.1.2"),
        ("Test", 1, "2"),
        ("Smoke test", 2, "2.1"),
    ]
    backend = timeline.node(RowKind.TASK, 1)
    api = timeline.node(RowKind.TASK, 2)
    assert backend is not None and api is not None
    assert backend.is_summary and api.is_summary and not backend.milestone
    assert (backend.start, backend.finish) == (D0, D0 + timedelta(days=3))
    # API's own 0% does not count (it is a summary): Schema's 3 days at 100% and
    # UI's 1 day at 0% make three quarters done.
    assert backend.percent == 75
    folded = RowLayout(timeline, {backend.key})
    assert [timeline.nodes[i].name for i in folded.rows] == [
        "Alpha",
        "Build",
        "Backend",
        "Test",
        "Smoke test",
    ]


def test_the_timeline_numbers_tasks_as_wbs_codes_does() -> None:
    import random

    from relm_desktop.domain.outline import wbs_codes

    rng = random.Random(3)
    releases = [R(1, "Alpha"), R(2, "Beta")]
    phases = [P(10, 1, "Build"), P(11, 1, "Test"), P(20, 2, "Only")]
    tasks: list[T] = []
    for ident in range(1, 80):
        release = rng.choice((1, 2))
        phase = rng.choice({1: (10, 11, None), 2: (20, None)}[release])
        same = [t for t in tasks if (t.release_id, t.phase_id) == (release, phase)]
        parent = rng.choice(same).id if same and rng.random() < 0.5 else None
        tasks.append(T(ident, release, phase, f"T{ident}", parent_id=parent))
    timeline = build_timeline(releases=releases, phases=phases, tasks=tasks, links=[], result=None)
    shown = {n.id: n.wbs for n in timeline.nodes if n.kind is RowKind.TASK}
    assert shown == wbs_codes(phases, tasks)
