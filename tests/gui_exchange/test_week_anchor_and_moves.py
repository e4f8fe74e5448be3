"""#19 items 4 and 1 in the GUI: "Week 1 starts on…" asked and typed; the preview lists
the tasks that move off the file's dates, and why. Driven through the real widgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from relm_desktop.exchange.merge import MergePreview
from relm_desktop.exchange.xlsx.model import ColumnMapping
from relm_desktop.exchange.xlsx.week_question import WeekQuestion
from relm_desktop.gui.dates import format_weekday
from relm_desktop.gui.exchange import Interaction, import_file
from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.exchange.week_anchor_dialog import WeekAnchorDialog, default_week_one
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService
from tests.exchange.foreign.helpers import book
from tests.gui_setup.setup_helpers import type_date

LEFT = Qt.MouseButton.LeftButton
WEEKS = [
    ["Team plan"],
    [],
    ["Task", "Start Week", "End Week"],
    ["Design", 1, 2],
    ["Build", 3, 8],
    ["Launch", 14, 14],
]


class MappingAndReview(Interaction):
    """Confirms the guessed mapping and accepts the preview; the week dialog is the real one."""

    def __init__(self, tmp_path: Path) -> None:
        self.store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        self.previews: list[MergePreview] = []
        self.errors: list[str] = []

    def settings(self) -> QSettings:
        return self.store

    def confirm_mapping(self, parent: QWidget | None, mapping: ColumnMapping) -> ColumnMapping:
        return mapping

    def review(self, parent: QWidget | None, preview: MergePreview) -> set[str] | None:
        self.previews.append(preview)
        return preview.default_keys()

    def error(self, parent: QWidget | None, text: str) -> None:
        self.errors.append(text)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.relm"
    PlanService.new(path, name="P", start=date(2026, 1, 5)).close()
    return path


def _when_shown(qtbot: QtBot, act: object, seen: list[str]) -> None:
    """Run ``act(dialog)`` on the week dialog once it is shown (it is modal)."""

    def look() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, WeekAnchorDialog) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(20, look)
            return
        seen.append(shown[0].found.text())
        try:
            act(shown[0])  # type: ignore[operator]
        finally:
            if shown[0].isVisible():  # a failed step must not leave the modal dialog open
                shown[0].reject()

    QTimer.singleShot(0, look)


def test_typing_week_ones_date_and_ok_dates_the_import(
    qtbot: QtBot, plan_file: Path, tmp_path: Path
) -> None:
    sheet = book(tmp_path / "weeks.xlsx", WEEKS)
    seen: list[str] = []

    def answer(dialog: WeekAnchorDialog) -> None:
        type_date(qtbot, dialog.week_one, date(2026, 2, 2))
        # What the date makes of the numbers, to check at a glance before OK.
        assert dialog.result_text.text() == (
            f"Then week 1 starts {format_weekday(date(2026, 2, 2))}, "
            f"week 14 starts {format_weekday(date(2026, 5, 4))}."
        )
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    _when_shown(qtbot, answer, seen)
    ask = MappingAndReview(tmp_path)
    plan = PlanService.open(plan_file)
    try:
        assert import_file(None, plan, sheet, QUndoStack(), release="Team", interaction=ask)
    finally:
        plan.close()
    assert seen == [
        "Columns Start Week and End Week (B–C on sheet 'Plan') hold week numbers 1–14 but "
        "the sheet has no date they count from."
    ]
    assert not ask.errors
    reopened = PlanService.open(plan_file, readonly=True)  # what the plan file holds
    try:
        data, result = reopened.schedule()
        by_name = {t.name: result.tasks[t.id] for t in data.tasks}
        assert (by_name["Build"].start, by_name["Build"].finish) == (
            date(2026, 2, 16),
            date(2026, 3, 27),
        )
        assert by_name["Launch"].start == date(2026, 5, 4)
    finally:
        reopened.close()


def test_cancelling_the_week_dialog_imports_nothing(
    qtbot: QtBot, plan_file: Path, tmp_path: Path
) -> None:
    sheet = book(tmp_path / "weeks.xlsx", WEEKS)

    def cancel(dialog: WeekAnchorDialog) -> None:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), LEFT)

    _when_shown(qtbot, cancel, [])
    ask = MappingAndReview(tmp_path)
    plan = PlanService.open(plan_file)
    try:
        assert not import_file(None, plan, sheet, QUndoStack(), interaction=ask)
        assert not ask.previews and plan.load().releases == ()
    finally:
        plan.close()


def test_the_date_offered_first() -> None:
    def asked(first: int, found: date | None = None, unit: str = "week") -> WeekQuestion:
        return WeekQuestion("S", ("Start Week",), "B", unit, first, 20, False, True, False, found)

    today = date(2026, 6, 17)
    assert default_week_one(asked(1), date(2026, 3, 4), today) == date(2026, 3, 2)
    assert default_week_one(asked(10), date(2026, 3, 4), today) == date(2025, 12, 29)  # ISO 1
    assert default_week_one(asked(1, date(2026, 4, 1)), None, today) == date(2026, 4, 1)
    assert default_week_one(asked(3, unit="sprint"), None, today) == date(2026, 6, 15)


def test_the_preview_lists_the_moved_tasks_with_the_reason(
    qtbot: QtBot, plan_file: Path, tmp_path: Path
) -> None:
    sheet = book(
        tmp_path / "linked.xlsx",
        [
            ["ID", "Task", "Start", "Finish", "Predecessors"],
            [1, "Design", date(2026, 1, 5), date(2026, 1, 9), ""],
            [2, "Build", date(2026, 1, 7), date(2026, 1, 16), "1"],
            [3, "Review", date(2026, 1, 10), date(2026, 1, 14), ""],
        ],
    )
    plan = PlanService.open(plan_file)
    try:
        preview = excel.preview_merge(plan, excel.read_workbook(sheet, service=plan), "Team")
        dialog = MergePreviewDialog(preview)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        panel = dialog.moves
        assert panel.isVisible() and panel.table.isVisible()
        assert panel.summary.text() == (
            "2 tasks of 3 moved off the dates the file gives (listed with the reason)."
        )
        assert panel.moved_names() == ["Build", "Review"]
        build = panel.table.topLevelItem(0)
        assert build is not None
        assert (build.text(1), build.text(4)) == ("3", "+3 working days")
        assert build.text(5) == "its predecessor 'Design' finishes Fri 2026-01-09"
        review = panel.table.topLevelItem(1)
        assert review is not None and review.text(4) == "next working day"
        listed = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        assert not any("moved" in line for line in listed)  # once, in the panel
        qtbot.mouseClick(dialog.apply_button, LEFT)
        assert dialog.result() == dialog.DialogCode.Accepted
    finally:
        plan.close()


def test_when_nothing_moves_the_preview_says_so_in_one_line(
    qtbot: QtBot, plan_file: Path, tmp_path: Path
) -> None:
    sheet = book(
        tmp_path / "kept.xlsx",
        [["Task", "Start", "Finish"], ["Design", date(2026, 1, 5), date(2026, 1, 9)]],
    )
    plan = PlanService.open(plan_file)
    try:
        preview = excel.preview_merge(plan, excel.read_workbook(sheet, service=plan), "Team")
    finally:
        plan.close()
    dialog = MergePreviewDialog(preview)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.moves.summary.text() == (
        "Nothing moved: all 1 dated task keep the dates the file gives."
    )
    assert not dialog.moves.table.isVisible()
