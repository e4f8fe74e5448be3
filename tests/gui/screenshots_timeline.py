"""Screenshots of the main window on the demo plan, light and dark (run under Xvfb).

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/gui/screenshots_timeline.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.demo import build_demo


def pump(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path) -> None:
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "demo.relm"
    build_demo(plan, start=date(2027, 1, 4)).close()
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.resize(1600, 1000)
    window.show()
    window.open_plan(plan)
    assert window.document is not None and window.timeline is not None
    while window.document.snapshot is None or window.document.is_busy():
        pump(100)
    window.tabs.setCurrentWidget(window.timeline)
    timeline = window.document.snapshot.timeline  # type: ignore[union-attr]
    task = next(n for n in timeline.nodes if n.kind is RowKind.TASK and n.critical)
    window.timeline.select_keys([task.key])
    for scheme, name in ((Scheme.LIGHT, "timeline-light"), (Scheme.DARK, "timeline-dark")):
        window.set_scheme(scheme)
        pump(500)
        window.grab().save(str(out / f"{name}.png"))
        print("wrote", out / f"{name}.png")
    window.close()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images"))
