"""Screenshots of the column chooser and of the task table with every column, in both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_columns.screenshots OUT_DIR [WxH]

At a 1280×720 main window by default; the demo plan with a late task (so some
float is negative) and a multi-line note.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.timeline.columns import ColumnLayout, columns_of
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from tests.shots import arguments, demo_window, pump


def main(out: Path, width: int, height: int) -> None:
    with demo_window(width, height) as (window, _plan):
        document = window.document
        assert document is not None and document.snapshot is not None
        timeline = document.snapshot.timeline
        hypercare = next(
            n for n in timeline.nodes if n.kind is RowKind.TASK and n.name == "Hypercare"
        )
        assert hypercare.finish is not None
        late = hypercare.finish - timedelta(days=7)
        document.update(
            "task",
            hypercare.id,
            {"constraint_type": ConstraintType.FINISH_NO_LATER_THAN, "constraint_date": late},
            "Deadline",
        )
        first = next(n for n in timeline.nodes if n.kind is RowKind.TASK)
        document.update("task", first.id, {"notes": "Agreed with the CAB\nSecond line"}, "Notes")
        while document.is_busy():
            pump(100)
        pump(300)
        assert window.timeline is not None
        keeper = columns_of(window.timeline)
        assert keeper is not None
        keeper.apply(ColumnLayout(tuple(Column), {}))
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            pump(300)
            window.grab().save(str(out / f"columns-all-{scheme.value}.png"))
            # The optional columns, scrolled into view as a user would.
            bar = window.timeline.tree.horizontalScrollBar()
            bar.setValue(bar.maximum())
            pump(200)
            window.grab().save(str(out / f"columns-scrolled-{scheme.value}.png"))
            bar.setValue(0)
            keeper.choose()
            pump(300)
            assert keeper.dialog is not None
            keeper.dialog.grab().save(str(out / f"column-chooser-{scheme.value}.png"))
            keeper.dialog.reject()
            pump(100)


if __name__ == "__main__":
    main(*arguments("/tmp/columns-shots"))
