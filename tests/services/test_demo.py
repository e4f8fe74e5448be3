"""The demo plan is a realistic portfolio (issue 2 item 6)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.scheduling.model import ConflictKind
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> PlanService:
    return build_demo(tmp_path_factory.mktemp("d") / "demo.relm", start=date(2027, 1, 4))


def test_demo_portfolio_shape(demo: PlanService) -> None:
    data, result = demo.schedule()
    assert len(data.releases) >= 3
    assert len({r.release_kind for r in data.releases}) >= 3
    assert len({r.rollout_strategy for r in data.releases}) >= 3
    assert len(data.tasks) >= 80
    release_of = {t.id: t.release_id for t in data.tasks}
    cross = [
        link
        for link in data.links
        if release_of[link.predecessor_id] != release_of[link.successor_id]
    ]
    assert len(cross) >= 2
    assert any(t.is_supplier for t in data.teams) and any(not t.is_supplier for t in data.teams)
    assert len(data.environments) >= 3
    assert len(data.risks) >= 10
    assert {g.status for g in data.gates} >= {"passed", "failed", "pending", "waived"}
    assert data.rollbacks and all(r.steps for r in data.rollbacks)
    deployed = {r.id for r in data.releases if r.status == "deployed"}
    assert any(r.held_on and r.release_id in deployed for r in data.reviews)
    assert all(t.baseline_start for t in data.tasks)
    assert not result.cycles


def test_demo_freeze_window_is_hit(demo: PlanService) -> None:
    _, result = demo.schedule()
    kinds = Counter(c.kind for c in result.conflicts)
    assert kinds[ConflictKind.FREEZE] >= 1
    freeze = next(c for c in result.conflicts if c.kind == ConflictKind.FREEZE)
    assert "Quarter-end change freeze" in freeze.message


def test_demo_has_slip_against_baseline(demo: PlanService) -> None:
    data, result = demo.schedule()
    slipped = [t for t in data.tasks if result.tasks[t.id].finish > t.baseline_finish]
    assert slipped


def test_demo_default_start_is_recent(tmp_path: Path) -> None:
    service = build_demo(tmp_path / "now.relm")
    info = service.load().info
    service.close()
    assert 0 < (date.today() - info.start).days < 60


def test_scheduler_input_carries_every_record_field(tmp_path: Path) -> None:
    # schedule_input builds the named tuples positionally, in C: check each
    # field against its record by name, on a generated plan with constraints,
    # teams, deployments and lags.
    from relm_desktop.scheduling.synthetic import random_plan
    from relm_desktop.services.bulk import write_schedule_input
    from relm_desktop.services.scheduling import schedule_input

    write_schedule_input(tmp_path / "g.relm", random_plan(300, seed=3)).close()
    service = PlanService.open(tmp_path / "g.relm")
    data = service.load()
    service.close()
    prepared = schedule_input(data)
    assert len(prepared.tasks) == len(data.tasks) and len(prepared.links) == len(data.links)
    for task, record in zip(prepared.tasks, data.tasks, strict=True):
        assert type(task).__name__ == "TaskInput"
        assert (task.id, task.release_id, task.name, task.duration) == (
            record.id,
            record.release_id,
            record.name,
            record.duration,
        )
        assert (task.constraint, task.constraint_date) == (
            record.constraint_type,
            record.constraint_date,
        )
        assert (task.team_id, task.environment_id, task.actual_start) == (
            record.team_id,
            record.environment_id,
            record.actual_start,
        )
    for link, record in zip(prepared.links, data.links, strict=True):
        assert (link.id, link.predecessor, link.successor, link.type, link.lag) == (
            record.id,
            record.predecessor_id,
            record.successor_id,
            record.type,
            record.lag,
        )
    fields = {
        "constraint": any(t.constraint for t in prepared.tasks),
        "team": any(t.team_id for t in prepared.tasks),
        "environment": any(t.environment_id for t in prepared.tasks),
        "lag": any(link.lag for link in prepared.links),
    }
    assert all(fields.values()), fields
