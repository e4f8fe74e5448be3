"""Helpers for driving outline edits through the real window and reading the file back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import Key, RowKind
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import activate, stored

LEFT = Qt.MouseButton.LeftButton
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def row_point(win: MainWindow, key: Key) -> QPoint:
    """The middle of a row's name cell, scrolled into view (table viewport coordinates)."""
    view = view_of(win)
    index = view.model.index_of(key, int(Column.NAME))
    assert index.isValid(), key
    view.tree.scrollTo(index)
    rect = view.tree.visualRect(index)
    return QPoint(rect.left() + rect.width() * 2 // 3, rect.center().y())


def click_row(qtbot: Any, win: MainWindow, key: Key, *, add: bool = False) -> None:
    """Click a row (Ctrl+click with ``add``) as a user selects it."""
    modifier = CTRL if add else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view_of(win).tree.viewport(), LEFT, modifier, row_point(win, key))


def select_tasks(qtbot: Any, win: MainWindow, *ids: int) -> None:
    for number, ident in enumerate(ids):
        click_row(qtbot, win, (RowKind.TASK, ident), add=number > 0)
    assert sorted(view_of(win).selected_task_ids()) == sorted(ids)


def keys(qtbot: Any, win: MainWindow, key: Qt.Key, modifiers: Any) -> None:
    """A key on the task table (the window's shortcuts take it), then the new schedule."""
    activate(qtbot, win)
    qtbot.keyClick(view_of(win).tree, key, modifiers)
    settle(qtbot, win)


def undo(qtbot: Any, win: MainWindow) -> None:
    keys(qtbot, win, Qt.Key.Key_Z, CTRL)


def redo(qtbot: Any, win: MainWindow) -> None:
    keys(qtbot, win, Qt.Key.Key_Y, CTRL)


def outline(path: Path, release: int) -> list[tuple[str, int, int | None]]:
    """(name, depth, phase id) of a release's tasks as the file holds them, in position order."""
    data = stored(path)
    by_id = {t.id: t for t in data.tasks}
    tasks = sorted((t for t in data.tasks if t.release_id == release), key=lambda t: t.position)
    assert [t.position for t in tasks] == list(range(len(tasks)))
    out = []
    for task in tasks:
        depth, up = 0, task.parent_id
        while up is not None:
            depth, up = depth + 1, by_id[up].parent_id
        out.append((task.name, depth, task.phase_id))
    return out


def places(path: Path) -> dict[int, tuple[int, int | None, int | None, int]]:
    """Every task's release, phase, parent and position in the file."""
    return {t.id: (t.release_id, t.phase_id, t.parent_id, t.position) for t in stored(path).tasks}


def links(path: Path) -> set[tuple[int, int, int]]:
    return {(k.id, k.predecessor_id, k.successor_id) for k in stored(path).links}


def shown_depth(win: MainWindow, ident: int) -> int:
    """The indentation level the timeline shows a task at."""
    assert win.document is not None and win.document.snapshot is not None
    node = win.document.snapshot.timeline.node(RowKind.TASK, ident)
    assert node is not None
    return node.depth
