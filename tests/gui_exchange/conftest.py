"""Qt fixtures for the Excel exchange dialogs."""

from __future__ import annotations

import pytest

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI.
require_module("PySide6")
require_module("pytestqt")

OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui_exchange" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
