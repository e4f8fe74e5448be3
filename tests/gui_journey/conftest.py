"""Fixtures for the coordinator's-day journey: the real main window of tests/gui."""

# ruff: noqa: E402

from __future__ import annotations

import pytest

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI; the Qt
# imports below come after this check (hence E402 off in this file).
require_module("PySide6")
require_module("pytestqt")

from tests.gui.conftest import (  # noqa: F401  (fixtures re-exported for this folder)
    OFFSCREEN_NOISE,
    ScriptedPrompts,
    app,
    context,
    prompts,
    window,
)

#: Menus and dialogs popping up offscreen: the platform cannot raise them or grab keys.
POPUP_NOISE = "This plugin does not support (raise|grabbing the keyboard)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui_journey" in str(item.fspath).replace("\\", "/"):
            # First, with the offscreen noise too: pytest-qt reads the closest marker only.
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, POPUP_NOISE), append=False)
