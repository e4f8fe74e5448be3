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
