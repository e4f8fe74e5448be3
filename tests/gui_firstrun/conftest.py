"""Fixtures for the first-run tests: the main window of tests/gui plus a private data dir."""

# ruff: noqa: E402

from __future__ import annotations

from pathlib import Path

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
    prompts,
    window,
)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the demo plan (QStandardPaths.AppDataLocation) inside the test's folder."""
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home
