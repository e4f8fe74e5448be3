"""Screenshots of the Status Date dialog and the status bar's "as of", both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_pack.screenshots OUT_DIR [WxH]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.status_date_dialog import StatusDateDialog
from relm_desktop.gui.theme import Scheme
from relm_desktop.services.demo import build_demo
from tests.gui_setup.screenshots import over_window, pump


def main(out: Path, width: int, height: int) -> None:
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "demo.relm"
    service = build_demo(plan, start=date(2026, 1, 5))
    info = service.load().info
    assert info is not None
    service.update("plan_info", info.id, {"status_date": date(2026, 3, 2)})
    service.close()
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.resize(width, height)
    window.show()
    window.open_plan(plan)
    assert window.document is not None
    while window.document.snapshot is None or window.document.is_busy() or len(window.views) < 4:
        pump(100)
    for scheme in (Scheme.LIGHT, Scheme.DARK):
        window.set_scheme(scheme)
        pump(300)
        window.grab().save(str(out / f"status-bar-{scheme.value}.png"))
        dialog = StatusDateDialog(date(2026, 3, 2), window)
        dialog.show()
        pump(300)
        over_window(window, dialog, out / f"status-date-{scheme.value}.png")
        dialog.close()
    print("wrote", out)
    window.close_plan()
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/pack-shots")
    size = sys.argv[2] if len(sys.argv) > 2 else "1280x720"
    w, h = (int(v) for v in size.split("x"))
    main(target, w, h)
