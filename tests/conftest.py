"""Shared test setup. Kept Qt-free: the core tests run where PySide6 is absent."""

from __future__ import annotations

import os

# Without a display Qt aborts the whole run; offscreen needs none.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
