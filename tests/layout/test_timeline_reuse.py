"""A timeline made with ``previous`` equals one made afresh (layout.timeline)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from relm_desktop.domain.records import PlanData
from relm_desktop.layout.timeline import Timeline, build_timeline
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from relm_desktop.services.scheduling import schedule_plan


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> PlanData:
    path: Path = tmp_path_factory.mktemp("reuse") / "reuse.relm"
    write_schedule_input(path, random_plan(400, seed=4)).close()
    service = PlanService.open(path)
    try:
        ids = [t.id for t in service.load().tasks]
        for ident in ids[10::25]:  # summary tasks, some nested
            try:
                service.outline.indent([ident, ids[ids.index(ident) + 1]])
            except EditError:
                continue
        data = service.load()
    finally:
        service.close()
    assert sum(t.parent_id is not None for t in data.tasks) > 10
    return data


def timeline(data: PlanData, previous: Timeline | None = None) -> Timeline:
    return build_timeline(
        releases=data.releases,
        phases=data.phases,
        tasks=data.tasks,
        links=data.links,
        result=schedule_plan(data),
        freezes=data.freezes,
        previous=previous,
    )


def rows(made: Timeline) -> list[tuple[object, ...]]:
    """Every field of every row, the children as a list or not."""
    return [
        (
            *(getattr(n, name) for name in n.__slots__ if name != "children"),
            tuple(n.children),
            isinstance(n.children, list),
        )
        for n in made.nodes
    ]


def same(a: Timeline, b: Timeline) -> bool:
    return (rows(a), a.roots, a.links, a.by_key, a.start, a.finish) == (
        rows(b),
        b.roots,
        b.links,
        b.by_key,
        b.start,
        b.finish,
    )


def test_an_edit_that_keeps_the_tree_takes_it_and_shows_the_new_records(
    plan: PlanData,
) -> None:
    shown = timeline(plan)
    tasks = list(plan.tasks)
    first = tasks[3]
    tasks[3] = first._replace(name="Renamed", duration=first.duration + 4, percent_complete=30)
    edited = replace(plan, tasks=tuple(tasks), links=plan.links[::2])
    reused = timeline(edited, previous=shown)
    assert same(reused, timeline(edited))
    node = reused.node(shown.nodes[0].kind, shown.nodes[0].id)
    assert node is not None and node is not shown.nodes[0]  # new rows: the shown ones stay
    assert [n.name for n in reused.nodes if n.id == first.id and n.kind == "task"] == ["Renamed"]


def test_a_task_moved_in_the_tree_is_laid_out_afresh(plan: PlanData) -> None:
    shown = timeline(plan)
    tasks = list(plan.tasks)
    child = next(i for i, t in enumerate(tasks) if t.parent_id is not None)
    tasks[child] = tasks[child]._replace(parent_id=None)  # outdented
    edited = replace(plan, tasks=tuple(tasks))
    assert same(timeline(edited, previous=shown), timeline(edited))
