"""The Excel exchange dialogs and flows, driven through the real widgets."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from relm_desktop.exchange.dates import DateOrder
from relm_desktop.exchange.merge import MergePreview
from relm_desktop.exchange.xlsx.model import CancelledError, ColumnMapping, DateQuestion
from relm_desktop.gui.exchange import Interaction, export_file, import_file
from relm_desktop.gui.exchange.mapping_dialog import ColumnMappingDialog, remember, remembered
from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.exchange.worker import run_with_progress
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import CORPUS, build_rich

NEIGHBOUR = CORPUS / "xlsx" / "neighbourconnect__gantt.xlsx"


class Scripted(Interaction):
    """Answers every question without a dialog and records what it was asked."""

    def __init__(
        self, tmp_path: Path, *, accept: str = "all", order: DateOrder | None = DateOrder.DAY_FIRST
    ) -> None:
        self.store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        self.accept = accept
        self.order = order
        self.mappings: list[ColumnMapping] = []
        self.questions: list[DateQuestion] = []
        self.previews: list[MergePreview] = []
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def settings(self) -> QSettings:
        return self.store

    def confirm_mapping(self, parent: QWidget | None, mapping: ColumnMapping) -> ColumnMapping:
        self.mappings.append(mapping)
        return mapping

    def ask_date_order(self, parent: QWidget | None, question: DateQuestion) -> DateOrder | None:
        self.questions.append(question)
        return self.order

    def review(self, parent: QWidget | None, preview: MergePreview) -> set[str] | None:
        self.previews.append(preview)
        return preview.default_keys() if self.accept == "all" else None

    def error(self, parent: QWidget | None, text: str) -> None:
        self.errors.append(text)

    def warning(self, parent: QWidget | None, text: str) -> None:
        self.warnings.append(text)


@pytest.fixture
def plan(tmp_path: Path) -> PlanService:
    service = PlanService.new(tmp_path / "p.relm", name="P", start=date(2024, 3, 4))
    yield service
    service.close()


def test_mapping_dialog_shows_the_guess_and_returns_the_change(qtbot: QtBot) -> None:
    mapping = ColumnMapping(
        "Sheet1", 1, {"name": 1, "duration": 2}, ("ID", "Name", "Duration", "Owner")
    )
    dialog = ColumnMappingDialog(mapping)
    qtbot.addWidget(dialog)
    assert dialog.combos["name"].currentText() == "B: Name"
    assert dialog.combos["team"].currentText() == "— not used —"
    dialog.combos["team"].setCurrentIndex(dialog.combos["team"].findData(3))
    assert dialog.changed()
    assert dialog.result_mapping().columns == {"name": 1, "duration": 2, "team": 3}


def test_mapping_is_remembered_per_header_signature(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    mapping = ColumnMapping("Plan", 2, {"name": 0, "start": 3}, ("Task", "x", "y", "Begin"))
    assert remembered(settings, mapping) is None
    remember(settings, mapping)
    again = remembered(settings, ColumnMapping("Plan", 2, {}, ("Task", "x", "y", "Begin")))
    assert again is not None and again.columns == {"name": 0, "start": 3}
    assert remembered(settings, ColumnMapping("Plan", 2, {}, ("Other",))) is None


def test_preview_dialog_rows_checkboxes_and_errors(qtbot: QtBot, tmp_path: Path) -> None:
    rich = build_rich(tmp_path / "rich.relm")
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    book = openpyxl.load_workbook(path)
    ws = book["Gates"]
    ws.cell(row=2, column=5, value="Failed")
    book["Scope"].delete_rows(2)
    book.save(path)
    preview = excel.preview_merge(rich, excel.read_workbook(path))
    dialog = MergePreviewDialog(preview)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    change = dialog.tree.topLevelItem(0)
    assert change.childCount() == 1 and change.child(0).text(3) == "Failed"
    assert dialog.apply_button.isEnabled()
    assert dialog.accepted_keys() == preview.default_keys()
    dialog.tree.topLevelItem(1).setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.accepted_keys() == {preview.rows[0].key}
    ws.cell(row=2, column=5, value="maybe")
    book.save(path)
    bad = MergePreviewDialog(excel.preview_merge(rich, excel.read_workbook(path)))
    qtbot.addWidget(bad)
    assert not bad.apply_button.isEnabled()
    assert "Gates row 2 column E (Status)" in bad.problems.item(0).text()
    rich.close()


def test_import_flow_applies_and_undoes_as_one_step(
    qtbot: QtBot, plan: PlanService, tmp_path: Path
) -> None:
    stack = QUndoStack()
    ask = Scripted(tmp_path)
    calls: list[int] = []
    assert import_file(
        None,
        plan,
        NEIGHBOUR,
        stack,
        release="Neighbour",
        interaction=ask,
        changed=lambda: calls.append(1),
    )
    assert ask.mappings and ask.mappings[0].columns["predecessors"] == 5
    assert len(plan.load().tasks) == 28 and len(plan.load().links) == 22
    assert stack.count() == 1
    stack.undo()
    assert plan.load().tasks == () and plan.load().releases == ()
    stack.redo()
    assert len(plan.load().tasks) == 28 and len(calls) == 3
    # The next workbook with the same headers is offered the remembered mapping; importing
    # the same file again matches every task by name, so there is nothing to apply.
    assert not import_file(None, plan, NEIGHBOUR, None, release="Neighbour", interaction=ask)
    assert len(ask.mappings) == 2 and ask.mappings[1].columns == ask.mappings[0].columns
    assert ask.previews[-1].rows == [] and not ask.errors and len(plan.load().tasks) == 28


def test_declined_preview_and_ambiguous_dates(
    qtbot: QtBot, plan: PlanService, tmp_path: Path
) -> None:
    path = tmp_path / "dates.xlsx"
    book = openpyxl.Workbook()
    for row in (["Task", "Start"], ["A", "04/03/2027"], ["B", "05/03/2027"]):
        book.active.append(row)
    book.save(path)
    ask = Scripted(tmp_path, accept="none")
    assert not import_file(None, plan, path, None, interaction=ask)
    assert ask.questions and plan.load().tasks == ()
    ask = Scripted(tmp_path)
    assert import_file(None, plan, path, None, interaction=ask)
    assert {t.constraint_date for t in plan.load().tasks} == {date(2027, 3, 4), date(2027, 3, 5)}
    ask = Scripted(tmp_path, order=None)
    assert not import_file(None, plan, path, None, interaction=ask)


def test_errors_are_shown_not_raised(qtbot: QtBot, plan: PlanService, tmp_path: Path) -> None:
    ask = Scripted(tmp_path)
    assert not import_file(
        None, plan, CORPUS / "xlsx" / "hasor__roadmap.xlsx", None, interaction=ask
    )
    assert ask.errors and "hasor__roadmap.xlsx" in ask.errors[0]
    assert ask.errors[0].startswith("no schedule found in ")


def test_export_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    rich = build_rich(tmp_path / "rich.relm")
    target = tmp_path / "out.xlsx"
    assert export_file(None, rich, target)
    assert openpyxl.load_workbook(target).sheetnames[1] == "Releases"
    rich.close()


def test_export_says_what_was_cut_to_fit_excel(qtbot: QtBot, tmp_path: Path) -> None:
    import sqlite3

    rich = build_rich(tmp_path / "rich.relm")
    task_id = rich.load().tasks[0].id
    rich.close()
    # A note longer than Excel's 32,767 characters, written by another tool.
    with sqlite3.connect(tmp_path / "rich.relm") as con:
        con.execute("UPDATE task SET notes = ? WHERE id = ?", ("n" * 40_000, task_id))
    rich = PlanService.open(tmp_path / "rich.relm")
    ask = Scripted(tmp_path)
    assert export_file(None, rich, tmp_path / "out.xlsx", interaction=ask)
    rich.close()
    assert not ask.errors
    assert len(ask.warnings) == 1 and "32,767" in ask.warnings[0], ask.warnings
    assert ask.warnings[0].startswith("Exported out.xlsx, with changes:")


def test_progress_runner_reports_cancel_and_failure(qtbot: QtBot) -> None:
    def cancelled_work(progress: object, cancelled: object) -> None:
        raise CancelledError("stop")

    with pytest.raises(CancelledError):
        run_with_progress(None, "Working", cancelled_work)

    def work(progress: object, cancelled: object) -> int:
        return 42

    assert run_with_progress(None, "Working", work) == 42


def test_cancel_while_reading_leaves_the_plan_unchanged(
    qtbot: QtBot, plan: PlanService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = plan.load()
    reading = threading.Event()
    real_read = excel.read_workbook

    def slow_read(*args: object, **kwargs: object) -> object:
        reading.wait(10)  # held until the user has pressed Cancel
        return real_read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(excel, "read_workbook", slow_read)
    pressed: list[str] = []

    def press_cancel() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(50, press_cancel)
            return
        button = shown[0].findChild(QPushButton)
        pressed.append(button.text())
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        reading.set()

    QTimer.singleShot(0, press_cancel)
    stack = QUndoStack()
    ask = Scripted(tmp_path)
    assert not import_file(None, plan, NEIGHBOUR, stack, release="Neighbour", interaction=ask)
    assert pressed == ["Cancel"]
    # Nothing was asked, nothing applied, nothing to undo: the plan is as it was.
    assert not ask.mappings and not ask.previews and not ask.errors
    assert stack.count() == 0
    assert plan.load() == before
