"""Fixtures of the timeline printing tests: a plan of 200 tasks open in the main window."""

# ruff: noqa: E402

from __future__ import annotations

import shutil
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

from PySide6.QtWidgets import QApplication

from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from tests.gui.conftest import ScriptedPrompts
from tests.gui.conftest import app as app  # the application configured like the real one
from tests.gui.gui_helpers import settle

#: Tasks in the printed plan: several pages down at any paper size.
TASKS = 200
PLAN_START = date(2027, 1, 4)


@pytest.fixture(scope="session")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated portfolio of TASKS tasks in three releases, written once."""
    from relm_desktop.scheduling.synthetic import random_plan
    from relm_desktop.services.bulk import write_schedule_input

    path = tmp_path_factory.mktemp("print") / "template.relm"
    write_schedule_input(path, random_plan(TASKS, seed=11, releases=3, start=PLAN_START)).close()
    return path


@pytest.fixture
def big_path(tmp_path: Path, big_template: Path) -> Path:
    target = tmp_path / "big.relm"
    shutil.copy(big_template, target)
    return target


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def window(
    qtbot: Any, app: QApplication, tmp_path: Path, prompts: ScriptedPrompts, big_path: Path
) -> Iterator[MainWindow]:
    """The main window at 1280×720 with the 200-task plan open and scheduled."""
    context = AppContext.for_file(tmp_path / "settings.ini", prompts)
    context.settings.setValue("scheme", "light")
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_plan(big_path)
    settle(qtbot, win)
    yield win
    win.close_plan()
