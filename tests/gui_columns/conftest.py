"""Fixtures for the column tests: the main window of tests/gui with the demo plan."""

# ruff: noqa: E402

from __future__ import annotations

import pytest

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI; the Qt
# imports below come after this check (hence E402 off in this file).
require_module("PySide6")
require_module("pytestqt")

from tests.gui.conftest import (  # noqa: F401  (fixtures re-exported for this folder)
    ScriptedPrompts,
    app,
    context,
    demo_path,
    demo_template,
    opened,
    prompts,
    window,
)

OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"
#: Menus and dialogs popping up offscreen say so too; harmless there.
POPUP_NOISE = "This plugin does not support (raise|grabbing the keyboard)"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Last and in front: tests/gui's hook marks these too ("tests/gui" is in their
    # path), and pytest-qt heeds only the closest qt_log_ignore marker.
    for item in items:
        if "tests/gui_columns" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, POPUP_NOISE), append=False)
