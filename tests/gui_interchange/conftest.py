"""Fixtures for the interchange menus: the real window, scripted file dialogs."""

# ruff: noqa: E402, F811

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI; the Qt
# imports below come after this check (hence E402 off in this file).
require_module("PySide6")
require_module("pytestqt")

from PySide6.QtWidgets import QWidget

from relm_desktop.gui.handlers_interchange import InterchangeAsk
from relm_desktop.gui.main_window import MainWindow
from tests.gui.conftest import (  # noqa: F401 (fixtures)
    ScriptedPrompts,
    app,
    context,
    prompts,
    window,
)


class ScriptedAsk(InterchangeAsk):
    """The native file dialogs and the release question answered from queues."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.choices: list[str] = []
        self.asked: list[tuple[str, list[str]]] = []  # (title, items) of every question
        self.filters: list[str] = []

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        self.filters.append(filters)
        return self.paths.pop(0) if self.paths else None

    def save_file(self, parent: QWidget, title: str, filters: str, default: Path) -> Path | None:
        self.filters.append(filters)
        return self.paths.pop(0) if self.paths else None

    def choose(self, parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
        self.asked.append((title, items))
        return self.choices.pop(0) if self.choices else None


@pytest.fixture
def ask(window: MainWindow) -> ScriptedAsk:
    scripted = ScriptedAsk()
    window.interchange_ask = scripted
    return scripted
