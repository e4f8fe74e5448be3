"""Driving the timeline's View menu and tooltips with real input."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMenu, QToolTip

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import Node


def submenu(win: MainWindow, title: str) -> QMenu:
    """The View menu's submenu called ``title`` ("Filter", "Group By", "Zoom")."""
    for action in win.menus["&View"].actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == title:
            return menu
    raise LookupError(title)


def pick(qtbot: Any, win: MainWindow, title: str, text: str) -> None:
    """Open View ▸ ``title`` and click its item ``text`` with the mouse."""
    menu = submenu(win, title)
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert len(found) == 1, f"{title} has {len(found)} items called {text!r}"
    action: QAction = found[0]
    menu.popup(win.mapToGlobal(QPoint(200, 60)))
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())
    # Offscreen, the closed menu stays the active window; a desktop gives it back.
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)


def answer_picker(choice: str | None) -> None:
    """Answer the next team/environment picker: pick ``choice``, or cancel with None."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        if choice is None:
            dialog.reject()
            return
        combo = dialog.findChild(QComboBox)
        assert combo is not None
        combo.setCurrentIndex(combo.findText(choice))
        dialog.accept()

    QTimer.singleShot(0, answer)


def tooltip_at(chart: GanttChart, point: QPoint) -> str:
    """Move the mouse to ``point`` (viewport) and ask for the tooltip there, as Qt does."""
    QToolTip.hideText()
    viewport = chart.viewport()
    QTest.mouseMove(viewport, point)
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def no_tooltip_at(qtbot: Any, chart: GanttChart, point: QPoint) -> bool:
    """Whether asking at ``point`` hides the tooltip (it fades: wait for it)."""
    tooltip_at(chart, point)
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    return True


def shape_point(chart: GanttChart, node: Node) -> QPoint:
    """The middle of a row's bar, diamond or summary bracket, scrolled into view."""
    layout = chart.row_layout
    assert layout is not None
    row = next(r for r in range(len(layout)) if layout.node_at(r).key == node.key)
    chart.verticalScrollBar().setValue(max(row * ROW_HEIGHT - 200, 0))
    shape = chart.painter.shape_of_row(row)
    assert shape is not None
    chart.horizontalScrollBar().setValue(int(shape.x - 200))
    QApplication.processEvents()
    return chart.viewport_point(shape.x + min(shape.w / 2, 20), shape.center_y)


def shown_names(chart: GanttChart) -> list[str]:
    layout = chart.row_layout
    assert layout is not None
    return [layout.node_at(r).name for r in range(len(layout))]
