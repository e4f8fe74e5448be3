"""QActions, menus, the toolbar and the shortcut reference, built from the action table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QToolButton, QWidget

from relm_desktop.gui.actions.spec import ActionSpec
from relm_desktop.gui.actions.table import ACTIONS, MENU_ORDER
from relm_desktop.gui.resources import icon_path

NATIVE = QKeySequence.SequenceFormat.NativeText


def spec(action_id: str) -> ActionSpec:
    for item in ACTIONS:
        if item.id == action_id:
            return item
    raise KeyError(action_id)


def load_icon(name: str) -> QIcon:
    if not name:
        return QIcon()
    path: Path | None = icon_path(name)
    return QIcon(str(path)) if path else QIcon.fromTheme(name)


def build_actions(
    owner: QWidget, handlers: Callable[[str], Callable[..., object]]
) -> dict[str, QAction]:
    """Create a QAction per spec, wired to ``handlers(spec.handler)``."""
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for item in ACTIONS:
        action = QAction(load_icon(item.icon), item.text, owner)
        action.setObjectName(item.id)
        if item.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in item.shortcuts])
        tip = item.tip or item.text.replace("&", "").rstrip("…")
        if item.shortcuts:
            native = QKeySequence(item.shortcuts[0]).toString(NATIVE)
            tip += f" ({native})"
        action.setToolTip(tip)
        action.setStatusTip(item.tip)
        if item.checkable:
            action.setCheckable(True)
            action.setChecked(item.checked)
        if item.group:
            groups.setdefault(item.group, QActionGroup(owner)).addAction(action)
        action.triggered.connect(handlers(item.handler))
        owner.addAction(action)  # shortcuts work even when the menu bar is hidden
        actions[item.id] = action
    return actions


def build_menus(menubar: QMenuBar, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """Menus in ``MENU_ORDER``; a ``menu`` like "&View/&Zoom" makes a submenu."""
    menus: dict[str, QMenu] = {}
    for title in MENU_ORDER:
        menus[title] = menubar.addMenu(title)
    for item in ACTIONS:
        path = item.menu.split("/")
        if item.menu not in menus:
            parent = menus[path[0]]
            menus[item.menu] = parent.addMenu(path[-1])
        menu = menus[item.menu]
        if item.separator_before:
            menu.addSeparator()
        menu.addAction(actions[item.id])
    return menus


def build_toolbar(toolbar: QToolBar, actions: dict[str, QAction]) -> None:
    """Icon buttons, with the text beside the icon for the few ``label`` commands."""
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.setIconSize(QSize(20, 20))
    previous_menu = ""
    for item in ACTIONS:
        if not item.toolbar:
            continue
        if previous_menu and item.menu != previous_menu:
            toolbar.addSeparator()
        action = actions[item.id]
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if item.label and isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        previous_menu = item.menu


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, command, shortcuts) for the Help → Keyboard Shortcuts reference."""
    rows = []
    for item in ACTIONS:
        if not item.shortcuts:
            continue
        keys = ", ".join(
            QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in item.shortcuts
        )
        menu = item.menu.replace("&", "").replace("/", " › ")
        rows.append((menu, item.text.replace("&", "").rstrip("…"), keys))
    return rows
