"""Screenshots of the views on the demo plan (run under Xvfb, see docs).

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/gui_views/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.views import install_views
from relm_desktop.services.demo import build_demo


def pump(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path, only: set[str]) -> None:
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "demo.relm"
    build_demo(plan, start=date(2027, 1, 4)).close()
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.set_scheme(Scheme.LIGHT)
    window.resize(1600, 960)
    window.show()
    window.open_plan(plan)
    assert window.document is not None
    while window.document.snapshot is None or window.document.is_busy():
        pump(100)
    views = install_views(window, window.document)
    pump(200)
    names = ["dependencies", "risks", "readiness", "calendar"]
    for name, view in zip(names, views, strict=False):
        if only and name not in only:
            continue
        window.tabs.setCurrentWidget(view)
        prepare = getattr(view, "prepare_screenshot", None)
        if prepare is not None:
            prepare()
        pump(400)
        window.grab().save(str(out / f"{name}.png"))
        print("wrote", out / f"{name}.png")
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images")
    main(target, set(sys.argv[2:]))
