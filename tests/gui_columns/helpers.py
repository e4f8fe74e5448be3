"""Driving the table's columns through the real window: the header menu, the chooser."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.column_chooser import ColumnChooser
from relm_desktop.gui.timeline.columns import columns_of
from relm_desktop.gui.timeline.tree_model import HEADERS, Column
from tests.gui.gui_helpers import view_of

LEFT = Qt.MouseButton.LeftButton
RIGHT = Qt.MouseButton.RightButton


def shown_columns(win: MainWindow) -> list[Column]:
    """The table's columns as the user sees them, left to right."""
    header = view_of(win).tree.horizontalHeader()
    order = sorted(Column, key=lambda c: header.visualIndex(int(c)))
    return [c for c in order if not header.isSectionHidden(int(c))]


def header_menu(qtbot: Any, win: MainWindow) -> QMenu:
    """Right-click the table's header, over its Days section; the menu that pops up.

    The offscreen platform makes no context-menu event of a right click (a
    desktop one does, after the press): the test sends it where the click was.
    """
    header = view_of(win).tree.horizontalHeader()
    viewport = header.viewport()
    point = QPoint(header.sectionViewportPosition(int(Column.DURATION)) + 5, header.height() // 2)
    qtbot.mouseClick(viewport, RIGHT, pos=point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def click_menu_item(qtbot: Any, menu: QMenu, text: str) -> None:
    """Click the entry of ``menu`` whose text (without its '&') is ``text``."""
    action = menu_action(menu, text)
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())


def menu_action(menu: QMenu, text: str) -> QAction:
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise LookupError(text)


def toggle_from_header(qtbot: Any, win: MainWindow, column: Column) -> None:
    click_menu_item(qtbot, header_menu(qtbot, win), HEADERS[column])
    activate(qtbot, win)


def activate(qtbot: Any, win: MainWindow) -> None:
    """The window active again once a popup has closed, as a window manager makes it
    (offscreen, nothing does: its shortcuts and editors' focus would go nowhere)."""
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)


def open_chooser_from_view_menu(qtbot: Any, win: MainWindow) -> ColumnChooser:
    """View ▸ Columns… with the keyboard: Alt+V opens the menu, M is the entry's mnemonic."""
    qtbot.keyClick(win, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    qtbot.keyClick(menu, Qt.Key.Key_M)
    return wait_for_chooser(qtbot, win)


def wait_for_chooser(qtbot: Any, win: MainWindow) -> ColumnChooser:
    keeper = columns_of(view_of(win))
    assert keeper is not None
    qtbot.waitUntil(lambda: keeper.dialog is not None and keeper.dialog.isVisible(), timeout=3000)
    assert keeper.dialog is not None
    return keeper.dialog


def chooser_row(dialog: ColumnChooser, column: Column) -> int:
    for row in range(dialog.list.count()):
        if dialog.column_at(row) is column:
            return row
    raise LookupError(column)


def click_chooser_row(qtbot: Any, dialog: ColumnChooser, column: Column) -> None:
    """Select a column's line in the chooser with the mouse (on its text, not its box)."""
    item = dialog.list.item(chooser_row(dialog, column))
    dialog.list.scrollToItem(item)
    rect = dialog.list.visualItemRect(item)
    qtbot.mouseClick(dialog.list.viewport(), LEFT, pos=QPoint(rect.left() + 60, rect.center().y()))
