"""Fixtures for the Excel exchange tests: a demo portfolio and a plan that uses every feature.

Each is a plan in a file and on the server (tests/plan_locations.py): the merge
of a workbook into a plan runs on both.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from relm_desktop.domain.enums import DependencyType, Raci
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import copy_location
from tests.plan_locations import PlanLocations

#: Real workbooks written by other tools, copied into the repository (see its SOURCES.md).
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.relm"
    build_demo(path, start=date(2027, 1, 4)).close()
    return path


@pytest.fixture
def demo(demo_file: Path, plan_location_factory: PlanLocations) -> Iterator[PlanService]:
    location = plan_location_factory("demo")
    if isinstance(location, Path):
        shutil.copy(demo_file, location)
    else:
        copy_location(demo_file, location)  # `relm copy`: publish the file
    service = PlanService.open(location, source="test")
    yield service
    service.close()


def build_rich(path: Path | str) -> PlanService:
    """Two releases; all four link types with positive, zero and negative lags; a
    cross-release link; milestones; baselines; constraints; risky texts."""
    service = PlanService.new(path, name="Rich plan", start=date(2027, 3, 1), source="test")
    env = service.create("environment", {"name": "Production", "is_production": True}).ids[0]
    team = service.create("team", {"name": "=Supplier+Team", "is_supplier": True}).ids[0]
    r1 = service.create(
        "release",
        {
            "name": "R1",
            "version": "1.0",
            "release_kind": "major",
            "status": "planned",
            "target_golive": date(2027, 5, 3),
            "owner": "@owner",
            "objective": "-minus text",
        },
    ).ids[0]
    r2 = service.create(
        "release",
        {
            "name": "R2",
            "version": "2.0",
            "rollout_strategy": "canary",
            "rag": "amber",
            "rag_note": "+1 risk",
        },
    ).ids[0]
    phases = [
        service.create("phase", {"release_id": r1, "name": n, "position": i}).ids[0]
        for i, n in enumerate(["Build", "Test", "Deploy"])
    ]
    specs: list[dict[str, Any]] = [
        {
            "name": "Design",
            "duration": 5,
            "phase_id": phases[0],
            "wbs": "1.1",
            "baseline_start": date(2027, 3, 1),
            "baseline_finish": date(2027, 3, 5),
        },
        {
            "name": "=SUM(A1:A9)",
            "duration": 8,
            "phase_id": phases[0],
            "wbs": "1.2",
            "team_id": team,
            "percent_complete": 40,
            "notes": "@mention\nsecond line",
        },
        {
            "name": "Test",
            "duration": 6,
            "phase_id": phases[1],
            "constraint_type": "snet",
            "constraint_date": date(2027, 3, 22),
            "actual_start": date(2027, 3, 22),
        },
        {"name": "Code freeze", "duration": 0, "phase_id": phases[1]},
        {"name": "Deploy", "duration": 1, "phase_id": phases[2], "environment_id": env},
        {"name": "Go-live", "duration": 0, "phase_id": phases[2], "is_golive": True},
    ]
    ids = [
        service.create("task", {"release_id": r1, "position": i, **spec}).ids[0]
        for i, spec in enumerate(specs)
    ]
    other = [
        service.create(
            "task", {"release_id": r2, "position": i, "name": f"R2 task {i}", "duration": 2 + i}
        ).ids[0]
        for i in range(3)
    ]
    service.link(ids[0], ids[1])
    service.link(ids[1], ids[2], type=DependencyType.SS, lag=3)
    service.link(ids[1], ids[3], type=DependencyType.FF, lag=-2)
    service.link(ids[2], ids[4], type=DependencyType.FS, lag=1)
    service.link(ids[3], ids[4], type=DependencyType.SF, lag=-1)
    service.link(ids[4], ids[5])
    service.link(other[0], other[1], type=DependencyType.FS, lag=-1)
    service.link(ids[5], other[2], type=DependencyType.SS, lag=2)  # crosses releases
    service.create(
        "risk",
        {
            "release_id": r1,
            "task_id": ids[1],
            "title": "Supplier late",
            "probability": 4,
            "impact": 5,
            "status": "mitigating",
            "review_date": date(2027, 3, 15),
            "mitigation": "=weekly call",
        },
    )
    service.create(
        "risk", {"release_id": None, "title": "Portfolio risk", "probability": 1, "impact": 2}
    )
    service.create(
        "gate",
        {
            "release_id": r1,
            "name": "CAB approved",
            "category": "compliance",
            "status": "passed",
            "decided_on": date(2027, 4, 1),
            "approver": "CAB",
        },
    )
    service.create(
        "scope_item",
        {
            "release_id": r1,
            "key": "REL-1",
            "title": "Feature one",
            "item_kind": "feature",
            "size": "M",
        },
    )
    person = service.create(
        "stakeholder",
        {"name": "Alice", "title": "CIO", "email": "a@example.com", "receives_pack": True},
    )
    service.create(
        "stakeholder_role",
        {"stakeholder_id": person.ids[0], "release_id": r1, "raci": Raci.ACCOUNTABLE},
    )
    service.create(
        "stakeholder_role",
        {"stakeholder_id": person.ids[0], "release_id": r2, "raci": Raci.INFORMED},
    )
    with service.store.transaction("test") as session:
        from sqlalchemy import insert

        from relm_desktop.domain.models import release_environment

        session.execute(insert(release_environment), [{"release_id": r1, "environment_id": env}])
    return service


@pytest.fixture
def rich(plan_location_factory: PlanLocations) -> Iterator[PlanService]:
    service = build_rich(plan_location_factory("rich"))
    yield service
    service.close()


@pytest.fixture
def empty(plan_location_factory: PlanLocations) -> Iterator[PlanService]:
    location = plan_location_factory("empty")
    service = PlanService.new(location, name="Empty", start=date(2027, 3, 1), source="test")
    yield service
    service.close()


def signature(service: PlanService) -> dict[str, Any]:
    """The plan's content without database ids: what a round trip must preserve."""
    data = service.load()
    release = {r.id: r.name for r in data.releases}
    phase = {p.id: p.name for p in data.phases}
    team = {t.id: t.name for t in data.teams}
    env = {e.id: e.name for e in data.environments}
    tasks = sorted(data.tasks, key=lambda t: (release[t.release_id], t.position, t.id))
    label = {t.id: f"{release[t.release_id]}/{t.name}#{i}" for i, t in enumerate(tasks)}
    drop = {
        "id",
        "release_id",
        "phase_id",
        "team_id",
        "environment_id",
        "position",
        "task_id",
        "stakeholder_id",
        "parent_id",
        "wbs",  # computed from the outline, which "parent" and the order compare
    }

    def clean(record: Any) -> dict[str, Any]:
        return {k: v for k, v in record.as_dict().items() if k not in drop}

    phases: dict[str, list[str]] = {}
    for p in sorted(data.phases, key=lambda p: (p.position, p.id)):
        phases.setdefault(release[p.release_id], []).append(p.name)
    return {
        "releases": sorted((clean(r) for r in data.releases), key=lambda r: r["name"]),
        "phases": phases,
        "release_envs": sorted((release[r], env[e]) for r, e in data.release_environments),
        "tasks": [
            {
                **clean(t),
                "release": release[t.release_id],
                "phase": phase.get(t.phase_id),
                "team": team.get(t.team_id),
                "environment": env.get(t.environment_id),
                "parent": label.get(t.parent_id) if t.parent_id else None,
            }
            for t in tasks
        ],
        "links": sorted(
            (label[ln.predecessor_id], label[ln.successor_id], ln.type.value, ln.lag)
            for ln in data.links
        ),
        "risks": sorted(
            (str(sorted(clean(r).items())), release.get(r.release_id), label.get(r.task_id))
            for r in data.risks
        ),
        "gates": sorted(
            str(sorted({**clean(g), "r": release[g.release_id]}.items())) for g in data.gates
        ),
        "scope": sorted(
            str(sorted({**clean(s), "r": release[s.release_id]}.items())) for s in data.scope
        ),
        "stakeholders": sorted(str(sorted(clean(s).items())) for s in data.stakeholders),
        "roles": sorted(
            (
                release[r.release_id],
                r.stakeholder_id
                and next(s.name for s in data.stakeholders if s.id == r.stakeholder_id),
                r.raci.value,
            )
            for r in data.stakeholder_roles
        ),
    }


def schedule_by_task(
    service: PlanService, release: str | None = None
) -> dict[tuple[str, str, int], tuple[date, date, int, bool]]:
    """Every task's (start, finish, total float, critical), keyed without database ids:
    release name, task name and its occurrence among same-named tasks of the release."""
    data, result = service.schedule()
    names = {r.id: r.name for r in data.releases}
    out: dict[tuple[str, str, int], tuple[date, date, int, bool]] = {}
    for task in sorted(data.tasks, key=lambda t: (names[t.release_id], t.position, t.id)):
        if release is not None and names[task.release_id] != release:
            continue
        scheduled = result.tasks[task.id]
        key = (names[task.release_id], task.name, 0)
        while key in out:
            key = (key[0], key[1], key[2] + 1)
        out[key] = (scheduled.start, scheduled.finish, scheduled.total_float, scheduled.critical)
    return out
