"""The History panel tests need Qt: skipped without it here, failed without it under CI."""

from __future__ import annotations

from tests.tools import require_module

require_module("PySide6")
require_module("pytestqt")
