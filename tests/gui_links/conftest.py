"""Fixtures for the link-editing tests: a small chain plan open in the real main window."""

# ruff: noqa: E402, F811

from __future__ import annotations

import itertools
from collections.abc import Iterator
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
from tests.gui.conftest import (  # noqa: F401 (fixtures)
    ScriptedPrompts,
    app,
    context,
    prompts,
    window,
)
from tests.gui.gui_helpers import settle

#: Five tasks linked finish-to-start in a row, then a loose one.
CHAIN = ("Design", "Build", "Test", "Deploy", "Smoke test")
LOOSE = "Docs"


def make_chain_plan(path: Path) -> dict[str, int]:
    """A plan of one release with the chain and the loose task; their ids by name."""
    plan = PlanService.new(path, name="Links", start=date(2027, 1, 4), source="test")
    try:
        release = plan.create("release", {"name": "R1"}).ids[0]
        ids = {
            name: plan.create("task", {"release_id": release, "name": name, "duration": 2}).ids[0]
            for name in (*CHAIN, LOOSE)
        }
        for a, b in itertools.pairwise(CHAIN):
            plan.link(ids[a], ids[b])
    finally:
        plan.close()
    return ids


@pytest.fixture
def chain_path(tmp_path: Path) -> Path:
    return tmp_path / "links.relm"


@pytest.fixture
def ids(chain_path: Path) -> dict[str, int]:
    return make_chain_plan(chain_path)


@pytest.fixture
def chain_window(
    qtbot: Any,
    window: MainWindow,
    prompts: ScriptedPrompts,
    chain_path: Path,
    ids: dict[str, int],
) -> Iterator[MainWindow]:
    assert window.open_plan(chain_path), prompts.errors
    settle(qtbot, window)
    yield window
