"""Screenshots of the rough edges of issue 17 item 8, in both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_rough.screenshots OUT_DIR [WxH] [LOCALE]

Welcome page, risks, readiness (its go/no-go banner), calendar and the
dependency graph, at a 1280×720 main window by default.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale

from relm_desktop.gui import dates
from relm_desktop.gui.theme import Scheme
from relm_desktop.layout.calendar import Span
from tests.shots import arguments, demo_window, pump, settle


def main(out: Path, width: int, height: int, locale: str = "") -> None:
    with demo_window(width, height, open_plan=False) as (window, plan):
        if locale:
            QLocale.setDefault(QLocale(locale))
            dates.use_locale()
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            pump(200)
            window.grab().save(str(out / f"welcome-{scheme.value}.png"))
        window.open_plan(plan)
        settle(window, views=4)
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


if __name__ == "__main__":
    main(*arguments("/tmp/rough"), sys.argv[3] if len(sys.argv) > 3 else "")
