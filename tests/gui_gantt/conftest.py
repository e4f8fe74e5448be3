"""The Gantt as people read it (issue 17 item 5): the demo plan open in the main window."""

from __future__ import annotations

from tests.tools import require_module

require_module("PySide6")
require_module("pytestqt")

# The main-window fixtures of tests/gui, shared rather than copied.
import pytest  # noqa: E402

from tests.gui.conftest import (  # noqa: E402, F401
    app,
    context,
    demo_path,
    demo_template,
    opened,
    prompts,
    window,
)

#: Showing a tooltip raises its window, and a menu grabs the keyboard: the
#: offscreen platform can do neither, and says so.
OFFSCREEN_NOISE = ("This plugin does not support raise", "This plugin does not support grabbing")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "gui_gantt" in str(item.fspath):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))
