"""Fixtures for the dependency graph's tests: those of the views (a demo plan in a window)."""

# ruff: noqa: E402, F401

from __future__ import annotations

import pytest

from tests.tools import require_module

require_module("PySide6")
require_module("pytestqt")

from tests.gui_views.conftest import (
    app,
    demo_path,
    demo_template,
    opened,
    window,
)
