"""Driving File ▸ Import From / Export To with the keyboard, and the merge preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.main_window import MainWindow


def menu_keys(qtbot: Any, win: MainWindow, *keys: Qt.Key) -> None:
    """Alt+F, then each key to the menu (or submenu) open at the time."""
    activate(qtbot, win)
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    previous: QMenu | None = None
    for key in keys:
        # A submenu opens a moment after its key: wait for it, not the menu before.
        qtbot.waitUntil(
            lambda before=previous: (
                isinstance(QApplication.activePopupWidget(), QMenu)
                and QApplication.activePopupWidget() is not before
            ),
            timeout=3000,
        )
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        qtbot.keyClick(menu, key)
        previous = menu


class PreviewAnswer:
    """Answers the merge preview when it opens: reads its rows, then Apply or Cancel."""

    def __init__(
        self,
        qtbot: Any,
        apply: bool = True,
        before: Callable[[MergePreviewDialog], None] | None = None,
        times: int = 1,
    ) -> None:
        self.qtbot = qtbot
        self.times = times
        self.titles: list[str] = []  # each dialog's summary line
        self.answered: list[MergePreviewDialog] = []
        self.apply = apply
        self.before = before
        self.rows: list[str] = []
        self.details: dict[str, list[tuple[str, str, str]]] = {}
        self.seen = False
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergePreviewDialog) or dialog in self.answered:
            return
        self.answered.append(dialog)
        self.seen = True
        if len(self.answered) == self.times:
            self.timer.stop()
        self.titles.append(dialog.summary.text())
        tree = dialog.tree
        for index in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(index)
            self.rows.append(item.text(0))
            self.details[item.text(0)] = [
                (item.child(c).text(0), item.child(c).text(2), item.child(c).text(3))
                for c in range(item.childCount())
            ]
        if self.before is not None:
            self.before(dialog)
        if self.apply:
            self.qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()


def activate(qtbot: Any, win: MainWindow) -> None:
    """The window active again once menus and dialogs closed, as a window manager makes
    it (offscreen nothing does: its shortcuts would go nowhere)."""
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)


def undo_redo(qtbot: Any, win: MainWindow, key: Qt.Key) -> None:
    """Ctrl+Z or Ctrl+Y on the window."""
    activate(qtbot, win)
    qtbot.keyClick(win, key, Qt.KeyboardModifier.ControlModifier)
