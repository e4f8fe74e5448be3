"""Double-click on a dependency arrow: the link dialog changes its lag or deletes it, undoably."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from relm_desktop.domain.enums import DependencyType
from relm_desktop.gui.link_dialog import LinkDialog
from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import LEFT, activate, incoming, undo_redo

FS = DependencyType.FS


def arrow_point(win: MainWindow, pred: int, succ: int) -> QPoint:
    """A viewport point on the arrow pred → succ: the middle of its longest run."""
    chart = view_of(win).chart
    assert chart.timeline is not None
    link = next(k for k in chart.timeline.links if (k.predecessor, k.successor) == (pred, succ))
    route = chart.painter.link_route(link)
    assert route is not None
    points = route[0]
    (ax, ay), (bx, by) = max(
        itertools.pairwise(points),
        key=lambda seg: abs(seg[1][0] - seg[0][0]) + abs(seg[1][1] - seg[0][1]),
    )
    chart.horizontalScrollBar().setValue(int(min(ax, bx) - 100))
    return chart.viewport_point((ax + bx) / 2, (ay + by) / 2)


def open_link_dialog(qtbot: Any, win: MainWindow, pred: int, succ: int) -> LinkDialog:
    activate(qtbot, win)
    chart = view_of(win).chart
    qtbot.mouseDClick(chart.viewport(), LEFT, pos=arrow_point(win, pred, succ))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), LinkDialog), timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, LinkDialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def test_double_click_on_an_arrow_changes_its_lag_undo_and_redo(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    design, build = ids["Design"], ids["Build"]
    dialog = open_link_dialog(qtbot, win, design, build)
    assert (dialog.pred, dialog.succ) == ("Design", "Build")
    editor = dialog.lag.lineEdit()
    qtbot.mouseClick(editor, LEFT)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "3")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    settle(qtbot, win)
    assert incoming(chain_path, build) == {(design, FS, 3)}
    stack = win.document.undo_stack  # type: ignore[union-attr]
    assert stack.count() == 1 and stack.text(0) == "Set link 'Design' → 'Build' to FS+3d"
    undo_redo(qtbot, win, "z")
    assert incoming(chain_path, build) == {(design, FS, 0)}
    undo_redo(qtbot, win, "y")
    assert incoming(chain_path, build) == {(design, FS, 3)}


def test_delete_link_button_removes_it_undoably(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    test, deploy = ids["Test"], ids["Deploy"]
    dialog = open_link_dialog(qtbot, win, test, deploy)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    settle(qtbot, win)
    assert incoming(chain_path, deploy) == set()
    assert win.document.undo_stack.text(0) == "Delete link 'Test' → 'Deploy'"  # type: ignore[union-attr]
    undo_redo(qtbot, win, "z")
    assert incoming(chain_path, deploy) == {(test, FS, 0)}
    undo_redo(qtbot, win, "y")
    assert incoming(chain_path, deploy) == set()
    # Double-clicking empty chart space, below the rows, opens nothing.
    chart = view_of(win).chart
    empty = QPoint(chart.viewport().width() // 2, chart.viewport().height() - 30)
    assert chart.row_at(chart.content_pos(empty)[1]) is None
    qtbot.mouseDClick(chart.viewport(), LEFT, pos=empty)
    assert QApplication.activeModalWidget() is None


def test_cancel_and_an_unchanged_ok_write_nothing(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    before = chain_path.read_bytes()
    dialog = open_link_dialog(qtbot, win, ids["Build"], ids["Test"])
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    dialog = open_link_dialog(qtbot, win, ids["Build"], ids["Test"])
    qtbot.keyClicks(dialog.lag.lineEdit(), "5")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), LEFT)
    assert win.document.undo_stack.count() == 0  # type: ignore[union-attr]
    assert chain_path.read_bytes() == before
