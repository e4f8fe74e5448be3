"""Fixtures for the outline-editing tests: a small two-release plan open in the real window."""

# ruff: noqa: E402, F811

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

from PySide6.QtWidgets import QWidget

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services.plan import PlanService
from tests.gui.conftest import (  # noqa: F401 (fixtures)
    ScriptedPrompts,
    app,
    context,
    window,
)
from tests.gui.gui_helpers import settle


class RecordingPrompts(ScriptedPrompts):
    """Scripted answers, and every confirmation's question kept for the test to read."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[str] = []

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        self.questions.append(text)
        return super().confirm(parent, title, text)


@pytest.fixture
def prompts() -> RecordingPrompts:
    return RecordingPrompts()


def make_outline_plan(path: Path) -> dict[str, int]:
    """R1 1.0 (Build: A–E, Test: T1, T2) and R2 (Test: X); links D→E, C→T1, A→T2. Ids by name."""
    plan = PlanService.new(path, name="Outline", start=date(2027, 1, 4), source="test")
    try:
        r1 = plan.create("release", {"name": "R1", "version": "1.0"}).ids[0]
        r2 = plan.create("release", {"name": "R2", "position": 1}).ids[0]
        ids = {"R1": r1, "R2": r2}
        for release, phase in ((r1, "Build"), (r1, "Test"), (r2, "Test2")):
            values = {"release_id": release, "name": phase.rstrip("2"), "position": len(ids)}
            ids[phase] = plan.create("phase", values).ids[0]
        for name, phase in [(n, "Build") for n in "ABCDE"] + [("T1", "Test"), ("T2", "Test")]:
            values = {"release_id": r1, "phase_id": ids[phase], "name": name, "duration": 2}
            ids[name] = plan.insert_task(None, values).ids[0]
        values = {"release_id": r2, "phase_id": ids["Test2"], "name": "X", "duration": 3}
        ids["X"] = plan.insert_task(None, values).ids[0]
        for a, b in (("D", "E"), ("C", "T1"), ("A", "T2")):
            plan.link(ids[a], ids[b])
    finally:
        plan.close()
    return ids


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return tmp_path / "outline.relm"


@pytest.fixture
def ids(plan_path: Path) -> dict[str, int]:
    return make_outline_plan(plan_path)


@pytest.fixture
def outlined(qtbot: Any, window: MainWindow, plan_path: Path, ids: dict[str, int]) -> MainWindow:
    assert window.open_plan(plan_path)
    settle(qtbot, window)
    return window
