"""The core never imports Qt: import every core module with PySide6 made unimportable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import relm_desktop

CORE = ("domain", "store", "scheduling", "services", "exchange", "reports", "layout", "cli")

SCRIPT = """
import importlib, sys
sys.modules["PySide6"] = None  # any `import PySide6...` now raises ImportError
for name in sys.argv[1:]:
    importlib.import_module(name)
print("imported", len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(relm_desktop.__path__, "relm_desktop."):
        top = info.name.split(".")[1]
        if top in CORE and ".migrations" not in info.name:
            names.append(info.name)
    return names


def test_core_modules_import_without_pyside6() -> None:
    modules = core_modules()
    assert len(modules) > 15
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
