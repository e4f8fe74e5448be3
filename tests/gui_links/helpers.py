"""Helpers for driving link edits through the real window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from relm_desktop.domain.enums import DependencyType
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import Node, RowKind
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData
from tests.gui.gui_helpers import settle, view_of

LEFT = Qt.MouseButton.LeftButton


def stored(path: Path) -> PlanData:
    """The plan as the file holds it now (opened separately, read-only)."""
    service = PlanService.open(path, readonly=True)
    try:
        return service.load()
    finally:
        service.close()


def incoming(path: Path, task: int) -> set[tuple[int, DependencyType, int]]:
    return {(k.predecessor_id, k.type, k.lag) for k in stored(path).links if k.successor_id == task}


def node_of(win: MainWindow, ident: int) -> Node:
    assert win.document is not None and win.document.snapshot is not None
    found = win.document.snapshot.timeline.node(RowKind.TASK, ident)
    assert found is not None
    return found


def type_into_cell(qtbot: Any, win: MainWindow, ident: int, column: Column, text: str) -> None:
    """Click a task's cell, open its editor with F2, type ``text`` and press Enter."""
    view = view_of(win)
    tree = view.tree
    index = view.model.index_of((RowKind.TASK, ident), int(column))
    assert index.isValid()
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), timeout=3000)
    settle(qtbot, win)


def show_predecessors(win: MainWindow) -> None:
    """Show the optional Predecessors column (the column chooser's job; not under test)."""
    view_of(win).tree.setColumnHidden(int(Column.PREDECESSORS), False)


def activate(qtbot: Any, win: MainWindow) -> None:
    """Wait for the window to be active: a dialog just closed hands activation back
    a moment later, and the window's shortcuts need it."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)


def undo_redo(qtbot: Any, win: MainWindow, key: str) -> None:
    """Ctrl+Z or Ctrl+Y on the window, then wait for the new schedule."""
    activate(qtbot, win)
    qtbot.keyClick(win, key, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
