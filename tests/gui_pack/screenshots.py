"""Screenshots of the Status Date dialog and the status bar's "as of", both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_pack.screenshots OUT_DIR [WxH]
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from relm_desktop.gui.status_date_dialog import StatusDateDialog
from relm_desktop.gui.theme import Scheme
from relm_desktop.services.demo import build_demo
from tests.shots import arguments, demo_window, over_window, pump


def main(out: Path, width: int, height: int) -> None:
    plan = Path(tempfile.mkdtemp()) / "demo.relm"
    service = build_demo(plan, start=date(2026, 1, 5))
    info = service.load().info
    assert info is not None
    service.update("plan_info", info.id, {"status_date": date(2026, 3, 2)})
    service.close()
    with demo_window(width, height, plan=plan) as (window, _plan):
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            pump(300)
            window.grab().save(str(out / f"status-bar-{scheme.value}.png"))
            dialog = StatusDateDialog(date(2026, 3, 2), window)
            dialog.show()
            pump(300)
            over_window(window, dialog).save(str(out / f"status-date-{scheme.value}.png"))
            dialog.close()
        print("wrote", out)


if __name__ == "__main__":
    main(*arguments("/tmp/pack-shots"))
