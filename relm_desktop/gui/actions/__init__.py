"""Every action of the application, declared once.

Menus, the toolbar and the keyboard-shortcut reference are all built from
``ACTIONS`` (git-cola keeps its hotkeys in one table the same way).
Shortcuts are written with ``Ctrl``, which Qt maps to ⌘ on macOS.

The table is split by menu (``file``, ``edit``, ``view``, ``plan``, ``task``,
``help``), joined in ``table``; ``build`` makes the Qt objects from it.
"""

from __future__ import annotations

from relm_desktop.gui.actions.build import (
    NATIVE,
    build_actions,
    build_menus,
    build_toolbar,
    load_icon,
    shortcut_rows,
    spec,
)
from relm_desktop.gui.actions.spec import ActionSpec
from relm_desktop.gui.actions.table import ACTIONS, MENU_ORDER

__all__ = [
    "ACTIONS",
    "MENU_ORDER",
    "NATIVE",
    "ActionSpec",
    "build_actions",
    "build_menus",
    "build_toolbar",
    "load_icon",
    "shortcut_rows",
    "spec",
]
