"""Fixtures for the views of issue 4: the demo plan open in a main window with the views."""

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
from relm_desktop.gui.theme import Scheme
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData

DEMO_START = date(2027, 1, 4)


class QuietPrompts(Prompts):
    """Never blocks on a dialog; records errors."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        return False

    def error(self, parent: QWidget, title: str, text: str) -> None:
        self.errors.append(text)


@pytest.fixture(scope="session")
def app(qapp: QApplication) -> QApplication:
    return make_application([])


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from relm_desktop.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo-views") / "template.relm"
    build_demo(path, start=DEMO_START).close()
    return path


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Path:
    target = tmp_path / "demo.relm"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def window(qtbot: Any, app: QApplication, tmp_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(AppContext.for_file(tmp_path / "settings.ini", QuietPrompts()))
    win.set_scheme(Scheme.LIGHT)
    qtbot.addWidget(win)
    win.resize(1500, 900)
    win.show()
    yield win
    win.close_plan()


def settle(qtbot: Any, win: MainWindow) -> None:
    """Wait until the last reschedule reached the views."""
    qtbot.waitUntil(
        lambda: (
            win.document is not None
            and win.document.snapshot is not None
            and not win.document.is_busy()
        ),
        timeout=15_000,
    )
    QApplication.processEvents()


@pytest.fixture
def opened(qtbot: Any, window: MainWindow, demo_path: Path) -> MainWindow:
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    assert window.document is not None
    # The window builds its views a tick apart after the first schedule.
    qtbot.waitUntil(lambda: len(window.views) == 4, timeout=5_000)
    return window


def view_of(win: MainWindow, cls: type) -> Any:
    """The installed view of class ``cls``, made the current tab (views draw when shown)."""
    for view in win.views:  # type: ignore[attr-defined]
        if isinstance(view, cls):
            win.tabs.setCurrentWidget(view)
            QApplication.processEvents()
            return view
    raise LookupError(cls)


def stored(path: Path) -> PlanData:
    """The plan as written in the file now (opened separately, read-only)."""
    service = PlanService.open(path, readonly=True)
    try:
        return service.load()
    finally:
        service.close()


def task_id(win: MainWindow, name: str, release: str) -> int:
    assert win.document is not None and win.document.snapshot is not None
    data = win.document.snapshot.data
    rid = next(r.id for r in data.releases if r.name.startswith(release))
    return next(t.id for t in data.tasks if t.name == name and t.release_id == rid)
