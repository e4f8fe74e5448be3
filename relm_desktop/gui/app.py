"""Starting the application: ``relm [PLAN]`` ends up in ``run``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.about import app_icon
from relm_desktop.gui.collector import IdleCollector
from relm_desktop.gui.context import APPLICATION, ORGANISATION, AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.resources import font_paths
from relm_desktop.gui.theme import apply_scheme, running_app

UI_FONT = "DejaVu Sans"
#: Seconds a Python thread may hold the GIL while another waits for it.
SWITCH_INTERVAL = 0.001
#: Hidden option (the packaging test's smoke check, handy for screenshots): with
#: this environment variable set to a file name, ``relm PLAN`` waits until the
#: plan is open and its timeline shows the schedule, writes a PNG of the main
#: window there and quits: exit status 0 once written, 1 if the plan did not
#: open or paint within ``SCREENSHOT_TIMEOUT`` seconds.
SCREENSHOT_ENV = "RELM_SCREENSHOT"
SCREENSHOT_TIMEOUT = 90.0
_collector: IdleCollector | None = None


def load_fonts() -> str:
    """Register the bundled fonts; returns the UI font family."""
    for path in font_paths():
        QFontDatabase.addApplicationFont(str(path))
    return UI_FONT if UI_FONT in QFontDatabase.families() else QApplication.font().family()


def make_application(argv: list[str]) -> QApplication:
    """The QApplication, configured once (fonts, style, names, high DPI)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Qt's raster engine hands every fill taller than ~96 lines (a scroll
        # bar's groove, a chart background) to a pool of threads and waits:
        # on two cores the hand-off cost more than the fills (10k-task scroll
        # frame 12 -> 6 ms, with nothing painted 5.3 -> 0.4 ms). Read once by
        # Qt, so it must be set before the first paint.
        os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
        # Fractional scale factors (125 %, 150 %) as they are, not rounded: crisp text.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(["relm", *argv])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("relm-desktop")
    app.setStyle("Fusion")  # the same look, light or dark, on every platform
    # While a worker thread runs Python (scheduling, graph layout), every Qt
    # call that releases the GIL makes the GUI thread wait up to one switch
    # interval to get it back: at the default 5 ms a first paint during an
    # open took 3x longer. 1 ms bounds that wait at a small cost to workers.
    sys.setswitchinterval(SWITCH_INTERVAL)
    global _collector
    if _collector is None:
        # Full garbage collections wait for a pause in the user's input.
        _collector = IdleCollector(app)
    family = load_fonts()
    font = QFont(family)
    font.setPointSizeF(9.5)
    app.setFont(font)
    # Every window (main window, dialogs, message boxes) inherits this icon.
    app.setWindowIcon(app_icon())
    return app


def create_window(context: AppContext | None = None) -> MainWindow:
    app = running_app()
    window = MainWindow(context or AppContext())
    apply_scheme(app, window.scheme)
    # Follow the desktop when it switches between light and dark.
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _: window.set_scheme(window.scheme)
    )
    return window


def _screenshot_when_painted(app: QApplication, window: MainWindow, target: Path) -> None:
    """Write a PNG of ``window`` to ``target`` once its timeline shows the plan, then quit."""
    started = time.monotonic()
    timer = QTimer(window)
    timer.setInterval(100)

    def check() -> None:
        document, timeline = window.document, window.timeline
        if (
            document is not None
            and document.snapshot is not None
            and not document.is_busy()
            and timeline is not None
            and timeline.chart.row_layout is not None
        ):
            timer.stop()
            timeline.chart.viewport().repaint()
            # The format comes from the suffix: PySide6's stubs ask for bytes, but
            # 6.11 refuses them at run time (a ValueError here hung the bundle test).
            written = window.grab().toImage().save(str(target))
            if written:
                print(f"relm: screenshot written to {target}")
            else:
                print(f"relm: could not write {target}", file=sys.stderr)
            window.close_plan()  # as on closing the window, but keeping its settings
            app.exit(0 if written else 1)
        elif time.monotonic() - started > SCREENSHOT_TIMEOUT:
            timer.stop()
            print("relm: no plan was painted; no screenshot", file=sys.stderr)
            app.exit(1)

    def check_or_quit() -> None:
        try:
            check()
        except Exception as exc:  # a screenshot run must end, never wait on a broken timer
            timer.stop()
            print(f"relm: no screenshot ({type(exc).__name__}: {exc})", file=sys.stderr)
            app.exit(1)

    timer.timeout.connect(check_or_quit)
    timer.start()


def run(path: Path | None, argv: list[str]) -> int:
    """Open the main window on ``path``, else the most recent plan, else the welcome page."""
    app = make_application(argv)
    window = create_window()
    shot = os.environ.get(SCREENSHOT_ENV)
    if shot:
        window.resize(1400, 900)
    window.show()
    if shot:
        _screenshot_when_painted(app, window, Path(shot))
    if path is not None:
        if not window.open_plan(Path(path)):
            print(f"relm: could not open {path}", file=sys.stderr)
            if shot:
                return 1
    else:
        recent = [p for p in window.context.recent_files() if p.exists()]
        if recent:
            window.open_plan(recent[0])
    return app.exec()
