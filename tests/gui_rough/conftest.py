"""Fixtures for the rough edges of issue 17: the main window of tests/gui, sized and localised."""

# ruff: noqa: E402

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI; the Qt
# imports below come after this check (hence E402 off in this file).
require_module("PySide6")
require_module("pytestqt")

from PySide6.QtCore import QLocale

from relm_desktop.gui import dates
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from tests.gui.conftest import (  # noqa: F401  (fixtures re-exported for this folder)
    ScriptedPrompts,
    app,
    context,
    demo_path,
    demo_template,
    prompts,
)
from tests.gui.gui_helpers import settle


def open_window(qtbot: Any, ctx: AppContext, path: Path, size: tuple[int, int]) -> MainWindow:
    """The main window at ``size`` with the demo plan open and every view built."""
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    assert win.open_plan(path)
    settle(qtbot, win)
    return win


@pytest.fixture
def small(qtbot: Any, request: pytest.FixtureRequest) -> Iterator[MainWindow]:
    """The demo plan in a 1280×720 main window, docks as arranged by default."""
    request.getfixturevalue("app")
    ctx, path = request.getfixturevalue("context"), request.getfixturevalue("demo_path")
    win = open_window(qtbot, ctx, path, (1280, 720))
    yield win
    win.close_plan()


@pytest.fixture
def locale_name(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run with ``QLocale.setDefault(request.param)``; the previous default afterwards."""
    before = QLocale()
    QLocale.setDefault(QLocale(request.param))
    dates.use_locale()
    yield str(request.param)
    QLocale.setDefault(before)
    dates.use_locale()
