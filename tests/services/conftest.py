"""Fixtures for service tests: a fresh plan per test, in a file and on a server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.services.plan import PlanService


@pytest.fixture
def plan(plan_location: Path | str) -> Iterator[PlanService]:
    service = PlanService.new(
        plan_location,
        name="Test plan",
        start=date(2027, 1, 4),
        country="DE",
        source="test",
    )
    yield service
    service.close()
