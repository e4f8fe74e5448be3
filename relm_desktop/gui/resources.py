"""Finding the shipped resources (icons, fonts, styles) and Designer forms.

Installed, they live in the packages ``relm_desktop.resources`` and
``relm_desktop.ui``; in a source checkout they are the ``resources/`` and
``ui/`` folders at the top of the repository.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]


@cache
def _folder(package: str, fallback: str) -> Path:
    found = importlib.util.find_spec(package)
    if found is not None and found.submodule_search_locations:
        return Path(next(iter(found.submodule_search_locations)))
    return _ROOT / fallback


def resources_dir() -> Path:
    return _folder("relm_desktop.resources", "resources")


def ui_dir() -> Path:
    return _folder("relm_desktop.ui", "ui")


def icon_path(name: str) -> Path | None:
    path = resources_dir() / "icons" / f"{name}.svg"
    return path if path.exists() else None


def font_paths() -> list[Path]:
    return sorted((resources_dir() / "fonts").glob("*.ttf"))
