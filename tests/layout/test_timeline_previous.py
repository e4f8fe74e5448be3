"""A timeline made with ``previous`` equals one made afresh, whatever the edit (layout.timeline).

Random plans get random edits (pastes, indents, outdents, moves, deletions,
renames, link and date changes), several in a row; each timeline is made
from the one before, as the worker does, and compared field by field with
one made from nothing, its rows and link index too. The shown timeline must
come out of it unchanged: its nodes are the GUI thread's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest

from relm_desktop.domain.enums import (
    DependencyType,
    Rag,
    ReleaseKind,
    ReleaseStatus,
    RolloutStrategy,
)
from relm_desktop.domain.records import (
    DependencyRecord,
    PhaseRecord,
    ReleaseRecord,
    TaskRecord,
)
from relm_desktop.layout import timeline_tree
from relm_desktop.layout.timeline import (
    LINK_BUCKET,
    Key,
    RowKind,
    RowLayout,
    Timeline,
    build_timeline,
)
from relm_desktop.scheduling.model import ScheduleResult, TaskSchedule

D0 = date(2026, 3, 2)
TYPES = list(DependencyType)
EDITS = [
    "paste",
    "indent",
    "outdent",
    "delete",
    "move",
    "record",
    "links",
    "relink",
    "phase",
    "none",
]


@dataclass(frozen=True)
class Plan:
    releases: tuple[ReleaseRecord, ...]
    phases: tuple[PhaseRecord, ...]
    tasks: tuple[TaskRecord, ...]
    links: tuple[DependencyRecord, ...]
    dates: dict[int, TaskSchedule]


def release(ident: int) -> ReleaseRecord:
    return ReleaseRecord(
        ident, f"R{ident}", "1", ReleaseKind.MAJOR, ReleaseStatus.DRAFT, "", None, None,
        RolloutStrategy.BIG_BANG, "", Rag.GREEN, "", ident,
    )  # fmt: skip


def task(ident: int, release_id: int, phase_id: int | None, rng: random.Random) -> TaskRecord:
    base = D0 + timedelta(days=rng.randrange(40)) if rng.random() < 0.4 else None
    return TaskRecord(
        ident, release_id, phase_id, f"T{ident}", "", 0, rng.choice([0, 1, 3, 5]), None, None,
        rng.choice([0, 0, 50, 100]), None, None, None, None, False, "",
        base, base + timedelta(days=rng.randrange(9)) if base and rng.random() < 0.9 else None,
        None, None, False, None,
    )  # fmt: skip


def schedule_of(ident: int, rng: random.Random) -> TaskSchedule:
    start = D0 + timedelta(days=rng.randrange(60))
    finish = start + timedelta(days=rng.randrange(-1, 6))  # now and then before its start
    return TaskSchedule(
        ident, start, finish, start, finish, rng.randrange(4), 0, rng.random() < 0.3
    )


def place(tasks: list[TaskRecord]) -> list[TaskRecord]:
    return [t._replace(position=k) if t.position != k else t for k, t in enumerate(tasks)]


def make_plan(rng: random.Random) -> Plan:
    releases = tuple(release(r) for r in range(1, rng.randint(2, 4)))
    phases = tuple(
        PhaseRecord(10 * r.id + k, r.id, f"P{r.id}.{k}", k)
        for r in releases
        for k in range(rng.randint(0, 2))
    )
    tasks: list[TaskRecord] = []
    for ident in range(100, 100 + rng.randint(40, 140)):
        rel = rng.choice(releases).id
        choices = [p.id for p in phases if p.release_id == rel] + [None, None]
        phase_id = 999 if rng.random() < 0.03 else rng.choice(choices)  # 999: an unknown phase
        tasks.append(task(ident, rel, phase_id, rng))
    if rng.random() < 0.5:  # stored release by release, as the store reads them
        tasks.sort(key=lambda t: t.release_id)
    tasks = nest_some(place(tasks), rng, 0.25)
    links = tuple(
        DependencyRecord(k, a.id, b.id, rng.choice(TYPES), rng.randrange(3))
        for k, (a, b) in enumerate(
            (rng.choice(tasks), rng.choice(tasks)) for _ in range(len(tasks))
        )
        if a.id != b.id
    )
    dates = {t.id: schedule_of(t.id, rng) for t in tasks if rng.random() < 0.95}
    return Plan(releases, phases, tuple(tasks), links, dates)


def nest_some(tasks: list[TaskRecord], rng: random.Random, share: float) -> list[TaskRecord]:
    """Some tasks indented under an earlier task of their release and phase."""
    out = list(tasks)
    for k, t in enumerate(out):
        if rng.random() < share:
            above = [u for u in out[:k] if (u.release_id, u.phase_id) == (t.release_id, t.phase_id)]
            if above:
                out[k] = t._replace(parent_id=rng.choice(above[-4:]).id)
    return out


def edit(plan: Plan, rng: random.Random) -> Plan:
    """One to three random edits, and the dates of some tasks moved."""
    tasks, links = list(plan.tasks), list(plan.links)
    phases = list(plan.phases)
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(EDITS)
        if kind == "paste" and tasks:
            at = rng.randrange(len(tasks) + 1)
            near = tasks[min(at, len(tasks) - 1)]
            top = max(t.id for t in tasks)
            copies = [
                t._replace(id=top + 1 + k, release_id=near.release_id, phase_id=near.phase_id)
                for k, t in enumerate(rng.sample(tasks, min(len(tasks), rng.randint(1, 12))))
            ]
            copies = [c._replace(parent_id=None) if rng.random() < 0.7 else c for c in copies]
            tasks[at:at] = copies
        elif kind == "indent":
            tasks = nest_some(tasks, rng, 0.05)
        elif kind == "outdent":
            nested = [k for k, t in enumerate(tasks) if t.parent_id is not None]
            for k in rng.sample(nested, min(len(nested), 2)):
                tasks[k] = tasks[k]._replace(parent_id=None)
        elif kind == "delete" and len(tasks) > 5:
            gone = {t.id for t in rng.sample(tasks, rng.randint(1, 4))}
            tasks = [t for t in tasks if t.id not in gone]
            links = [k for k in links if not {k.predecessor_id, k.successor_id} & gone]
        elif kind == "move" and tasks:
            k = rng.randrange(len(tasks))
            rel = rng.choice(plan.releases).id
            choices = [p.id for p in phases if p.release_id == rel] + [None]
            tasks[k] = tasks[k]._replace(release_id=rel, phase_id=rng.choice(choices))
        elif kind == "record":
            for k in rng.sample(range(len(tasks)), min(len(tasks), 5)):
                fresh = task(tasks[k].id, tasks[k].release_id, tasks[k].phase_id, rng)
                tasks[k] = fresh._replace(parent_id=tasks[k].parent_id, name=f"N{rng.random()}")
        elif kind == "links" and tasks:
            links = [k for k in links if rng.random() < 0.9]
            top = max((k.id for k in links), default=0)
            for n in range(rng.randint(0, 4)):
                a, b = rng.choice(tasks), rng.choice(tasks)
                if a.id != b.id:
                    links.append(DependencyRecord(top + 1 + n, a.id, b.id, rng.choice(TYPES), 1))
        elif kind == "relink" and links and tasks:  # a predecessor edit: one out, one in
            for _ in range(rng.randint(1, 3)):
                links.pop(rng.randrange(len(links)))
            a, b = rng.choice(tasks), rng.choice(tasks)
            top = max((k.id for k in links), default=0)
            links.append(DependencyRecord(top + 1, a.id, b.id, rng.choice(TYPES), 0))
        elif kind == "phase":
            if phases and rng.random() < 0.5:
                phases.pop(rng.randrange(len(phases)))
            else:
                rel = rng.choice(plan.releases).id
                ident = max((p.id for p in phases), default=500) + 1
                phases.append(PhaseRecord(ident, rel, "New", len(phases)))
    dates = dict(plan.dates)
    for t in tasks:
        if t.id not in dates or rng.random() < 0.08:
            dates[t.id] = schedule_of(t.id, rng)
        elif rng.random() < 0.04:
            dates[t.id] = dates[t.id]._replace(critical=not dates[t.id].critical)
    if tasks and rng.random() < 0.2:
        dates.pop(rng.choice(tasks).id, None)  # a task the schedule has no dates for
    return Plan(plan.releases, tuple(phases), tuple(place(tasks)), tuple(links), dates)


def made(plan: Plan, previous: Timeline | None = None) -> Timeline:
    return build_timeline(
        releases=plan.releases,
        phases=plan.phases,
        tasks=plan.tasks,
        links=plan.links,
        result=ScheduleResult(dict(plan.dates), ()),
        previous=previous,
    )


def rows(timeline: Timeline) -> list[tuple[object, ...]]:
    """Every field of every row, the children as a list or not."""
    return [
        (
            *(getattr(n, name) for name in n.__slots__ if name != "children"),
            tuple(n.children),
            isinstance(n.children, list),
        )
        for n in timeline.nodes
    ]


def everything(timeline: Timeline, folded: frozenset[Key]) -> tuple[object, ...]:
    layout = RowLayout(timeline, folded)
    buckets = range(-1, len(layout) // LINK_BUCKET + 3)
    return (
        rows(timeline),
        timeline.roots,
        timeline.by_key,
        [tuple(k) for k in timeline.links],
        timeline.start,
        timeline.finish,
        timeline.structure(),
        layout.rows,
        layout.row_of_task,
        [layout.links_in_bucket(b) for b in buckets],
    )


def tree_order(timeline: Timeline, folded: frozenset[Key]) -> list[int]:
    """The rows shown, found by walking the tree."""
    out: list[int] = []
    stack = list(reversed(timeline.roots))
    while stack:
        node = timeline.nodes[stack.pop()]
        out.append(node.index)
        if node.key not in folded:
            stack.extend(reversed(node.children))
    return out


def stabbed(layout: RowLayout, bucket: int) -> list[int]:
    """What ``links_in_bucket`` must list, found the slow way: both ends shown, and
    the bucket between theirs."""
    rows = layout.row_of_task
    found = []
    for position, link in enumerate(layout.timeline.links):
        a, b = rows.get(link.predecessor), rows.get(link.successor)
        if a is None or b is None:
            continue
        if min(a, b) // LINK_BUCKET <= bucket <= max(a, b) // LINK_BUCKET:
            found.append(position)
    return found


def folds(timeline: Timeline, rng: random.Random) -> frozenset[Key]:
    """Some rows folded, now and then one with no children or one gone."""
    summaries = [n.key for n in timeline.nodes if n.children]
    some = rng.sample(summaries, min(len(summaries), rng.choice([0, 0, 1, 3, 6])))
    if rng.random() < 0.3:
        some += [rng.choice(timeline.nodes).key, (RowKind.TASK, 99999)]
    return frozenset(some)


@pytest.mark.parametrize("seed", range(40))
def test_a_timeline_made_from_the_shown_one_equals_one_made_afresh(seed: int) -> None:
    rng = random.Random(seed)
    plan = make_plan(rng)
    shown = made(plan)
    RowLayout(shown, frozenset())  # as the worker lays out each timeline it makes
    for _ in range(6):
        plan = edit(plan, rng)
        folded = folds(shown, rng)
        before = rows(shown)
        reused = made(plan, previous=shown)
        assert everything(reused, folded) == everything(made(plan), folded)
        assert rows(shown) == before  # the shown rows are left as they were
        layout = RowLayout(reused, folded)
        assert layout.rows == tree_order(reused, folded)
        for bucket in range(len(layout) // LINK_BUCKET + 1):
            expected = [reused.links[k] for k in stabbed(layout, bucket)]
            assert layout.links_in_bucket(bucket) == expected
        shown = reused


def test_an_unchanged_leaf_is_taken_from_the_shown_timeline(seed: int = 7) -> None:
    rng = random.Random(seed)
    plan = make_plan(rng)
    shown = made(plan)
    again = made(replace(plan, links=plan.links[:-1]), previous=shown)
    leaves = [n for n in shown.nodes if n.kind is RowKind.TASK and not n.children]
    assert leaves and all(again.nodes[n.index] is n for n in leaves)
    summaries = [n for n in shown.nodes if n.children]
    assert all(again.nodes[n.index] is not n for n in summaries)  # filled in: new ones


@pytest.mark.parametrize("seed", range(10))
def test_summaries_nest_alike_a_run_at_a_time_and_a_task_at_a_time(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outlines of very many summaries are nested a task at a time: the same tree."""
    rng = random.Random(seed)
    plan = edit(make_plan(rng), rng)
    runs = rows(made(plan))
    monkeypatch.setattr(timeline_tree, "_MANY_SUMMARIES", 0)
    assert rows(made(plan)) == runs


def test_records_changed_in_the_list_given_before_are_seen() -> None:
    """The shown timeline keeps its own copy of the record lists it was given."""
    rng = random.Random(3)
    plan = make_plan(rng)
    tasks, links = list(plan.tasks), list(plan.links)

    def lay_out(previous: Timeline | None = None) -> Timeline:
        return build_timeline(
            releases=plan.releases,
            phases=plan.phases,
            tasks=tasks,
            links=links,
            result=ScheduleResult(dict(plan.dates), ()),
            previous=previous,
        )

    shown = lay_out()
    child = next(k for k, t in enumerate(tasks) if t.parent_id is not None)
    tasks[child] = tasks[child]._replace(parent_id=None)  # outdented, in the same list
    links[0] = links[0]._replace(successor_id=tasks[-1].id)
    assert everything(lay_out(shown), frozenset()) == everything(lay_out(), frozenset())
