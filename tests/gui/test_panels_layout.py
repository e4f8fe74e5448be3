"""View ▸ Panels lists every dock; View ▸ Reset Layout puts them all back."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import settle, view_of

DEFAULT_AREAS = {
    "Portfolio": Qt.DockWidgetArea.LeftDockWidgetArea,
    "Properties": Qt.DockWidgetArea.LeftDockWidgetArea,
    "Problems": Qt.DockWidgetArea.BottomDockWidgetArea,
    "History": Qt.DockWidgetArea.BottomDockWidgetArea,
}


def _text(action: QAction) -> str:
    return action.text().replace("&", "").split(" (")[0]  # "Problems (5)" → "Problems"


def view_menu_item(win: MainWindow, text: str) -> QAction:
    """The entry of the View menu (or of one of its submenus) reading ``text``."""
    view = win.menus["&View"]
    entries = list(view.actions())
    for action in view.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            entries += sub.actions()
    found = [a for a in entries if _text(a) == text]
    assert len(found) == 1, f"View menu has {len(found)} entries named {text!r}"
    return found[0]


def panels_menu(win: MainWindow) -> QMenu:
    sub = view_menu_item(win, "Panels").menu()
    assert isinstance(sub, QMenu)
    return sub


def test_panels_menu_has_a_checkable_entry_per_dock(qtbot: Any, opened: MainWindow) -> None:
    entries = {_text(a): a for a in panels_menu(opened).actions() if not a.isSeparator()}
    assert set(entries) == set(DEFAULT_AREAS)
    docks = {d.windowTitle().split(" (")[0]: d for d in opened.docks}
    for title, action in entries.items():
        dock = docks[title]
        assert action.isCheckable()
        assert action.isChecked() and not dock.isHidden()
        action.trigger()
        settle(qtbot, opened)
        assert dock.isHidden() and not action.isChecked()
        action.trigger()
        settle(qtbot, opened)
        assert not dock.isHidden() and action.isChecked()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # floating docks, offscreen
def test_reset_layout_brings_every_dock_back_docked(qtbot: Any, opened: MainWindow) -> None:
    opened.portfolio_dock.setFloating(True)
    opened.history_dock.setFloating(True)
    opened.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, opened.properties_dock)
    view_menu_item(opened, "Problems").trigger()  # hidden through View ▸ Panels
    splitter = view_of(opened).splitter
    splitter.setSizes([80, 4000])
    settle(qtbot, opened)
    assert opened.problems_dock.isHidden()
    opened.save_settings()  # the odd layout is remembered ...

    view_menu_item(opened, "Reset Layout").trigger()
    settle(qtbot, opened)

    for dock in opened.docks:
        title = dock.windowTitle().split(" (")[0]
        assert not dock.isHidden(), title
        assert not dock.isFloating(), title
        assert opened.dockWidgetArea(dock) == DEFAULT_AREAS[title], title
    assert opened.tabifiedDockWidgets(opened.problems_dock) == [opened.history_dock]
    assert splitter.sizes()[0] == view_of(opened).table_width()
    # ... and overwritten by the default one.
    state = opened.context.settings.value("window/state")
    assert isinstance(state, QByteArray) and state == opened.saveState()
