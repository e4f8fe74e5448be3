"""Fixtures for service tests: a fresh plan file per test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.services.plan import PlanService


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[PlanService]:
    service = PlanService.new(
        tmp_path / "plan.relm",
        name="Test plan",
        start=date(2027, 1, 4),
        country="DE",
        source="test",
    )
    yield service
    service.close()
