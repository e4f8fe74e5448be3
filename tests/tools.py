"""What a test needs from its environment: a module or a command-line tool.

Kept Qt-free (the core tests import it where PySide6 is absent). Missing, the
need skips the test on a developer's machine, where a partial setup is normal,
but fails it under CI (the ``CI`` environment variable set, as CI systems do):
there a missing tool means the job checked less than it says, and a skip
would pass in silence.
"""

from __future__ import annotations

import importlib
import os
import shutil
from types import ModuleType
from typing import NoReturn

import pytest

#: What the Debian packages are called, for the message of a missing tool.
DEBIAN = {
    "qpdf": "qpdf",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
    "soffice": "libreoffice-calc-nogui",
    "tj3": "tj3",
}


def under_ci() -> bool:
    """True when the ``CI`` environment variable is set to anything but a "no"."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(message: str) -> NoReturn:
    """Fail under CI, skip elsewhere (also at module level, e.g. in a conftest)."""
    if under_ci():
        pytest.fail(f"{message} (required under CI)", pytrace=False)
    pytest.skip(message, allow_module_level=True)


def require_module(name: str) -> ModuleType:
    """The imported module ``name``; missing, the test (or the whole folder) cannot run."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        missing(f"{name} cannot be imported: {exc}")


def require_tool(name: str) -> str:
    """The path of the command-line tool ``name``; missing, the test cannot run."""
    found = shutil.which(name)
    if found:
        return found
    package = DEBIAN.get(name, name)
    missing(f"{name} is not installed (Debian: apt-get install {package})")
