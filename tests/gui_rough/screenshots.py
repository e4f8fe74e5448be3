"""Screenshots of the rough edges of issue 17 item 8, in both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_rough.screenshots OUT_DIR [WxH] [LOCALE]

Welcome page, risks, readiness (its go/no-go banner), calendar and the
dependency graph, at a 1280×720 main window by default.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLocale, QTimer
from PySide6.QtWidgets import QApplication

from relm_desktop.gui import dates
from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.layout.calendar import Span
from relm_desktop.services.demo import build_demo


def pump(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path, width: int, height: int, locale: str = "") -> None:
    app = make_application([])
    if locale:
        QLocale.setDefault(QLocale(locale))
        dates.use_locale()
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "demo.relm"
    build_demo(plan, start=date(2027, 1, 4)).close()
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.resize(width, height)
    window.show()
    for scheme in (Scheme.LIGHT, Scheme.DARK):
        window.set_scheme(scheme)
        pump(200)
        window.grab().save(str(out / f"welcome-{scheme.value}.png"))
    window.open_plan(plan)
    assert window.document is not None
    while window.document.snapshot is None or window.document.is_busy() or len(window.views) < 4:
        pump(100)
    names = ["dependencies", "risks", "readiness", "calendar"]
    for scheme in (Scheme.LIGHT, Scheme.DARK):
        window.set_scheme(scheme)
        assert window.timeline is not None
        window.tabs.setCurrentWidget(window.timeline)
        pump(300)
        window.grab().save(str(out / f"timeline-{scheme.value}.png"))
        for name, view in zip(names, window.views, strict=False):
            window.tabs.setCurrentWidget(view)
            pump(400)
            window.grab().save(str(out / f"{name}-{scheme.value}.png"))
        calendar = window.views[3]
        window.tabs.setCurrentWidget(calendar)
        for span, anchor in (
            (Span.MONTH, date(2027, 3, 1)),
            (Span.MONTH, date(2027, 4, 1)),
            (Span.QUARTER, date(2027, 1, 1)),
            (Span.QUARTER, date(2027, 4, 1)),
        ):
            calendar.set_span(span)  # type: ignore[attr-defined]
            calendar.show_period(anchor)  # type: ignore[attr-defined]
            pump(300)
            shot = f"calendar-{span.value}-{anchor:%m}-{scheme.value}.png"
            window.grab().save(str(out / shot))
    print("wrote", out)
    window.close_plan()
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/rough")
    size = sys.argv[2] if len(sys.argv) > 2 else "1280x720"
    w, h = (int(v) for v in size.split("x"))
    main(target, w, h, sys.argv[3] if len(sys.argv) > 3 else "")
