"""Screenshots of Task Information and the link dialog, in both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_links.screenshots OUT_DIR [WxH]

Each dialog over the demo plan at a 1280×720 main window by default: every
tab of Task Information (a task with predecessors, a constraint and notes),
and the link dialog of one of its arrows; the timeline with the ID and
Predecessors columns shown.
"""

from __future__ import annotations

from pathlib import Path

from relm_desktop.gui.link_dialog import show_link_dialog
from relm_desktop.gui.task_info import show_task_info
from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from tests.shots import arguments, demo_window, over_window, pump


def main(out: Path, width: int, height: int) -> None:
    with demo_window(width, height) as (window, _plan):
        document = window.document
        assert document is not None and document.snapshot is not None
        assert window.timeline is not None
        snapshot = document.snapshot
        # A task with the most predecessors shows the table best.
        counts: dict[int, int] = {}
        for link in snapshot.data.links:
            counts[link.successor_id] = counts.get(link.successor_id, 0) + 1
        task = max(counts, key=lambda t: counts[t])
        link = next(k for k in snapshot.data.links if k.successor_id == task)
        view = window.timeline
        view.tree.setColumnHidden(int(Column.PREDECESSORS), False)
        view.select_keys([(RowKind.TASK, task)])
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            pump(300)
            window.grab().save(str(out / f"timeline-ids-{scheme.value}.png"))
            dialog = show_task_info(window, document, task)
            assert dialog is not None
            for number, name in enumerate(("general", "predecessors", "advanced", "notes")):
                dialog.tabs.setCurrentIndex(number)
                pump(150)
                over_window(window, dialog).save(str(out / f"task-info-{name}-{scheme.value}.png"))
            dialog.show_error("Deploy → Smoke test → Deploy would be a loop")
            pump(100)
            over_window(window, dialog).save(str(out / f"task-info-error-{scheme.value}.png"))
            dialog.reject()
            link_dialog = show_link_dialog(window, document, link.id)
            assert link_dialog is not None
            pump(150)
            over_window(window, link_dialog).save(str(out / f"link-dialog-{scheme.value}.png"))
            link_dialog.reject()
            pump(100)
        print("wrote", out)


if __name__ == "__main__":
    main(*arguments("/tmp/links-shots"))
