"""Screenshots of the main window on the demo plan, light and dark (run under Xvfb).

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.gui.screenshots_timeline [OUT_DIR]
"""

from __future__ import annotations

from pathlib import Path

from relm_desktop.gui.theme import Scheme
from relm_desktop.layout.timeline import RowKind
from tests.shots import arguments, demo_window, pump


def main(out: Path, width: int, height: int) -> None:
    with demo_window(width, height, views=0) as (window, _plan):
        assert window.document is not None and window.timeline is not None
        window.tabs.setCurrentWidget(window.timeline)
        timeline = window.document.snapshot.timeline  # type: ignore[union-attr]
        task = next(n for n in timeline.nodes if n.kind is RowKind.TASK and n.critical)
        window.timeline.select_keys([task.key])
        for scheme, name in ((Scheme.LIGHT, "timeline-light"), (Scheme.DARK, "timeline-dark")):
            window.set_scheme(scheme)
            pump(500)
            window.grab().save(str(out / f"{name}.png"))
            print("wrote", out / f"{name}.png")


if __name__ == "__main__":
    main(*arguments("docs/images", "1600x1000"))
