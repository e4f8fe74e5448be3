"""Fixtures for the plan setup tests: the main window of tests/gui, a small deployment plan."""

# ruff: noqa: E402

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI; the Qt
# imports below come after this check (hence E402 off in this file).
require_module("PySide6")
require_module("pytestqt")

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services.plan import PlanService
from relm_desktop.services.setup import Add
from tests.gui.conftest import (  # noqa: F401  (fixtures re-exported for this folder)
    ScriptedPrompts,
    app,
    context,
    demo_path,
    demo_template,
    prompts,
    window,
)
from tests.gui.gui_helpers import settle

#: A menu popping up raises its window and grabs the keyboard: offscreen cannot.
#: The small plan's first day: a Monday.
START = date(2027, 1, 4)


@pytest.fixture
def deployment_path(tmp_path: Path) -> Path:
    """A plan without holidays: Build (5 days) then Deploy to prod (1 day, Production)."""
    path = tmp_path / "deploy.relm"
    plan = PlanService.new(path, name="Deploy plan", start=START, source="test")
    try:
        release = plan.create("release", {"name": "Payments", "version": "1", "start": START})
        env = plan.setup([Add("environment", {"name": "Production", "is_production": True})])
        plan.setup([Add("environment", {"name": "Staging", "position": 1})])
        build = plan.create("task", {"release_id": release.ids[0], "name": "Build", "duration": 5})
        deploy = plan.create(
            "task",
            {
                "release_id": release.ids[0],
                "name": "Deploy to prod",
                "duration": 1,
                "environment_id": env.parts[0].ids[0],
            },
        )
        plan.link(build.ids[0], deploy.ids[0])
    finally:
        plan.close()
    return path


@pytest.fixture
def deploying(qtbot: Any, window: MainWindow, deployment_path: Path) -> MainWindow:  # noqa: F811
    """The main window showing the small deployment plan."""
    assert window.open_plan(deployment_path)
    settle(qtbot, window)
    return window
