"""Fixtures shared by the security tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def empty_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new plan with no releases, the target of a hostile import (copied per test)."""
    from relm_desktop.services.plan import PlanService

    path = tmp_path_factory.mktemp("plan") / "plan.relm"
    PlanService.new(path, name="Target").close()
    return path
