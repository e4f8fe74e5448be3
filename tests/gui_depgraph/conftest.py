"""Fixtures for the dependency graph's tests: those of the views (a demo plan in a window)."""

# ruff: noqa: E402, F401

from __future__ import annotations

import pytest

from tests.tools import require_module

require_module("PySide6")
require_module("pytestqt")

from tests.gui_views.conftest import (
    OFFSCREEN_NOISE,
    app,
    demo_path,
    demo_template,
    opened,
    window,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui_depgraph" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
