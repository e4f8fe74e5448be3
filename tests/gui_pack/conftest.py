"""Fixtures of the release-pack dialog tests: a copy of the demo plan, opened."""

# ruff: noqa: E402

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI; the Qt
# imports below come after this check (hence E402 off in this file).
require_module("PySide6")
require_module("pytestqt")

from relm_desktop.services.plan import PlanService
from tests.gui.conftest import (  # noqa: F401  (fixtures re-exported for this folder)
    ScriptedPrompts,
    app,
    context,
    demo_path,
    demo_template,
    prompts,
    window,
)

#: A menu popping up raises its window and grabs the keyboard: offscreen cannot.


@pytest.fixture(scope="session")
def pack_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from relm_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("pack-demo") / "template.relm"
    build_demo(path, start=date(2026, 1, 5)).close()
    return path


@pytest.fixture
def pack_service(tmp_path: Path, pack_demo_template: Path) -> Iterator[PlanService]:
    target = tmp_path / "demo.relm"
    shutil.copy(pack_demo_template, target)
    service = PlanService.open(target, source="gui")
    yield service
    service.close()
