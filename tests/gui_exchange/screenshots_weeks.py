"""Screenshots of "Week 1 starts on…" and the preview's moved tasks, both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_exchange.screenshots_weeks OUT_DIR [WxH]

A supplier's sheet of Start Week / End Week numbers with no date is imported
into the demo plan: the week dialog, then the merge preview listing the tasks
the plan moves off the file's dates, each drawn over the main window.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QWidget

from relm_desktop.exchange.xlsx.model import ColumnMapping
from relm_desktop.gui.exchange import Interaction
from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.exchange.week_anchor_dialog import WeekAnchorDialog
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import Scheme
from tests.exchange.foreign.helpers import book
from tests.shots import arguments, demo_window, over_window, pump, when_modal

ROWS = [
    ["Supplier plan — Payments gateway"],
    [],
    ["ID", "Task", "Start Week", "End Week", "Predecessors"],
    [1, "Design", 1, 2, ""],
    [2, "Build", 3, 8, "1"],
    [3, "Integration test", 8, 10, "2"],
    [4, "Training", 13, 13, ""],
    [5, "Launch", 14, 14, "3"],
]


class Mapping(Interaction):
    """The guessed mapping confirmed; the week dialog and the preview are the real ones."""

    def __init__(self, folder: Path) -> None:
        self.store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)

    def settings(self) -> QSettings:
        return self.store

    def confirm_mapping(self, parent: QWidget | None, mapping: ColumnMapping) -> ColumnMapping:
        return mapping


def main(out: Path, width: int, height: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    sheet = book(tmp / "supplier weeks.xlsx", ROWS, title="Plan")
    with demo_window(width, height, views=0) as (window, _plan):
        window.exchange_interaction = Mapping(tmp)
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            pump(300)
            shoot(window, sheet, out, scheme.value)
        print("wrote", out)


def shoot(window: MainWindow, sheet: Path, out: Path, scheme: str) -> None:
    def week(dialog: QWidget) -> None:
        assert isinstance(dialog, WeekAnchorDialog)
        dialog.week_one.setDate(QDate(2027, 1, 4))
        pump(300)
        over_window(window, dialog).save(str(out / f"week-one-{scheme}.png"))
        when_modal(MergePreviewDialog, preview)
        dialog.accept()

    def preview(dialog: QWidget) -> None:
        assert isinstance(dialog, MergePreviewDialog)
        pump(300)
        over_window(window, dialog).save(str(out / f"moved-preview-{scheme}.png"))
        dialog.reject()

    when_modal(WeekAnchorDialog, week)
    window.import_workbook(sheet)
    pump(200)


if __name__ == "__main__":
    main(*arguments("/tmp/week-shots"))
