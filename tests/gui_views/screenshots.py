"""Screenshots of the views on the demo plan (run under Xvfb, see docs).

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.gui_views.screenshots [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.views import install_views
from tests.shots import demo_window, pump


def main(out: Path, only: set[str]) -> None:
    with demo_window(1600, 960, views=0) as (window, _plan):
        window.set_scheme(Scheme.LIGHT)
        assert window.document is not None
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


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images")
    main(target, set(sys.argv[2:]))
