"""Qt fixtures for the Excel exchange dialogs."""

from __future__ import annotations

from tests.tools import require_module

# Missing, these skip on a developer's machine and fail under CI.
require_module("PySide6")
require_module("pytestqt")
