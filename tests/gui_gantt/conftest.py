"""The Gantt as people read it (issue 17 item 5): the demo plan open in the main window."""

from __future__ import annotations

from tests.tools import require_module

require_module("PySide6")
require_module("pytestqt")

# The main-window fixtures of tests/gui, shared rather than copied.

from tests.gui.conftest import (  # noqa: E402, F401
    app,
    context,
    demo_path,
    demo_template,
    opened,
    prompts,
    window,
)
