"""Shared test setup. Kept Qt-free: the core tests run where PySide6 is absent."""

from __future__ import annotations

import os

# Without a display Qt aborts the whole run; offscreen needs none.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# As the application sets it (relm_desktop/gui/app.py): pytest-qt may create
# the QApplication before make_application runs, and Qt reads it only once.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")

# Plan locations on a file and on a throwaway PostgreSQL cluster (tests/plan_locations.py).
pytest_plugins = ["tests.plan_locations"]
