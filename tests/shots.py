"""What every screenshot script shares: a demo plan in a real main window, waiting, grabbing.

The scripts (tests/gui*/screenshots*.py) are run by hand to look at the GUI as
a user sees it; each keeps only what it stages and which pictures it saves.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow

#: The demo plan's first day in every script unless it says otherwise (a Monday).
DEMO_START = date(2027, 1, 4)


def pump(ms: int = 200) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(window: MainWindow, views: int = 0) -> None:
    """Wait for the first schedule, any reschedule in flight, and ``views`` built views."""
    document = window.document
    assert document is not None
    while document.snapshot is None or document.is_busy() or len(window.views) < views:
        pump(100)
    pump(150)


def over_window(window: MainWindow, *widgets: QWidget, centre: bool = True) -> QPixmap:
    """The window with ``widgets`` drawn on it, centred or where they stand on screen."""
    picture = window.grab()
    painter = QPainter(picture)
    for widget in widgets:
        top = widget.grab()
        corner = (
            QPoint((picture.width() - top.width()) // 2, (picture.height() - top.height()) // 2)
            if centre
            else window.mapFromGlobal(widget.mapToGlobal(QPoint(0, 0)))
        )
        painter.drawPixmap(corner, top)
    painter.end()
    return picture


def when_modal(kind: type[QWidget], act: Callable[[QWidget], None], delay: int = 50) -> None:
    """Once a modal ``kind`` is up, call ``act`` with it (to shoot it, then close it)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(50, poll)
            return
        act(dialog)

    QTimer.singleShot(delay, poll)


@contextmanager
def demo_window(
    width: int,
    height: int,
    *,
    plan: Path | None = None,
    open_plan: bool = True,
    views: int = 4,
) -> Iterator[tuple[MainWindow, Path]]:
    """A shown main window of ``width``×``height`` and its plan (the demo unless given).

    With ``open_plan`` the plan is open and scheduled with ``views`` views
    built; closing the block closes the plan and the window.
    """
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    if plan is None:
        from relm_desktop.services.demo import build_demo

        plan = tmp / "demo.relm"
        build_demo(plan, start=DEMO_START).close()
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.resize(width, height)
    window.show()
    if open_plan:
        window.open_plan(plan)
        settle(window, views)
    try:
        yield window, plan
    finally:
        window.close_plan()
        window.close()
        QApplication.processEvents()
        del app


def arguments(default_out: str, default_size: str = "1280x720") -> tuple[Path, int, int]:
    """``OUT_DIR [WxH]`` from the command line, the folder made."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(default_out)
    size = sys.argv[2] if len(sys.argv) > 2 else default_size
    width, height = (int(v) for v in size.split("x"))
    out.mkdir(parents=True, exist_ok=True)
    return out, width, height
