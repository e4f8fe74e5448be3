"""Fixtures for the coordinator's-day journey: the real main window of tests/gui."""

# ruff: noqa: E402

from __future__ import annotations

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI; the Qt
# imports below come after this check (hence E402 off in this file).
require_module("PySide6")
require_module("pytestqt")

from tests.gui.conftest import (  # noqa: F401  (fixtures re-exported for this folder)
    ScriptedPrompts,
    app,
    context,
    prompts,
    window,
)
