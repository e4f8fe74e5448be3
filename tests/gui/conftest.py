"""Qt fixtures: an application configured like the real one, demo plans, a main window."""

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

from PySide6.QtWidgets import QApplication, QWidget

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext, Prompts
from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import settle

DEMO_START = date(2026, 1, 5)


class ScriptedPrompts(Prompts):
    """Answers the application's questions from queues; records errors."""

    def __init__(self) -> None:
        self.paths: list[Path | None] = []
        self.numbers: list[int | None] = []
        self.confirms: list[bool] = []
        self.errors: list[str] = []

    def open_path(self, parent: QWidget, directory: str = "") -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def save_path(self, parent: QWidget, title: str, directory: str = "") -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def ask_int(self, parent: QWidget, title: str, label: str, value: int) -> int | None:
        return self.numbers.pop(0) if self.numbers else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        return self.confirms.pop(0) if self.confirms else False

    def error(self, parent: QWidget, title: str, text: str) -> None:
        self.errors.append(text)


@pytest.fixture(scope="session")
def app(qapp: QApplication) -> QApplication:
    return make_application([])


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, built once; tests get a copy."""
    from relm_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "template.relm"
    build_demo(path, start=DEMO_START).close()
    return path


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Path:
    target = tmp_path / "demo.relm"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def context(tmp_path: Path, prompts: ScriptedPrompts) -> AppContext:
    return AppContext.for_file(tmp_path / "settings.ini", prompts)


@pytest.fixture
def window(qtbot: Any, app: QApplication, context: AppContext) -> Iterator[MainWindow]:
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.resize(1500, 900)
    win.show()
    yield win
    win.close_plan()


@pytest.fixture
def opened(qtbot: Any, window: MainWindow, demo_path: Path) -> MainWindow:
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    return window
