"""Run something once a widget has painted for the first time.

Opening a plan starts a worker that loads and schedules it. Started at once,
it held the GIL half the time while the window painted itself for the first
time (~60 ms of work), and that first paint froze the window ~100 ms or more.
Started after the paint, the worker loads while the window is idle.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: Milliseconds after which the callback runs even if nothing was painted
#: (a window never exposed, say).
FIRST_PAINT_WAIT_MS = 300


class _PaintWatch(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None], wait_ms: int) -> None:
        super().__init__(widget)  # gone with the widget: then nothing runs
        self._callback = callback
        self._done = False
        widget.installEventFilter(self)
        QTimer.singleShot(wait_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # QObject.eventFilter
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint and the rest of the window's, which Qt does in one go.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if not self._done:
            self._done = True
            parent = self.parent()
            if parent is not None:
                parent.removeEventFilter(self)
            self._callback()
            self.deleteLater()


def after_first_paint(
    widget: QWidget, callback: Callable[[], None], wait_ms: int = FIRST_PAINT_WAIT_MS
) -> None:
    """Call ``callback`` once ``widget`` has painted (now, if it is not shown)."""
    if not widget.isVisible():
        callback()
        return
    _PaintWatch(widget, callback, wait_ms)


__all__ = ["FIRST_PAINT_WAIT_MS", "after_first_paint"]
