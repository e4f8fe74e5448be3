"""The merge preview of a returned workbook, driven with the mouse and keyboard.

Removals start unticked; ticking one that removes a release asks first, naming
it; Cancel there leaves the dialog open and the plan as it was. A refusal of
the rehearsed apply is listed with sheet, row and column and Apply stays off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QStyle,
    QStyleOptionViewItem,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from relm_desktop.gui.exchange import Interaction, import_file
from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import build_rich, signature


class Settings(Interaction):
    """The real dialogs; only the settings live in the test's folder."""

    def __init__(self, tmp_path: Path) -> None:
        self.store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        self.errors: list[str] = []

    def settings(self) -> QSettings:
        return self.store

    def error(self, parent: QWidget | None, text: str) -> None:
        self.errors.append(text)


@pytest.fixture
def rich(tmp_path: Path) -> PlanService:
    service = build_rich(tmp_path / "rich.relm")
    yield service
    service.close()


def when_open(
    qtbot: QtBot, find: Callable[[], object | None], then: Callable[[object], None]
) -> None:
    """Run ``then`` on what ``find`` returns once it shows (modal dialogs block the test)."""

    def poll() -> None:
        found = find()
        if found is None:
            QTimer.singleShot(20, poll)
            return
        try:
            then(found)
        except BaseException:
            # A failed check must not leave a modal dialog waiting for ever.
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, MergePreviewDialog | QMessageBox) and widget.isVisible():
                    widget.reject()
            raise

    QTimer.singleShot(0, poll)


def preview_dialog() -> MergePreviewDialog | None:
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, MergePreviewDialog) and widget.isVisible() else None


def items(dialog: MergePreviewDialog) -> dict[str, QTreeWidgetItem]:
    tree = dialog.tree
    out = {}
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        assert item is not None
        out[item.text(0)] = item
    return out


def tick(qtbot: QtBot, dialog: MergePreviewDialog, item: QTreeWidgetItem) -> None:
    """Click the row's checkbox where the style draws it."""
    tree = dialog.tree
    option = QStyleOptionViewItem()
    option.rect = tree.visualRect(tree.indexFromItem(item, 0))
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def returned_without_r2(rich: PlanService, tmp_path: Path) -> Path:
    """The whole plan exported; R2's release row and task 'Test' deleted, Risks removed."""
    path = tmp_path / "returned.xlsx"
    excel.export_workbook(rich, path)
    book = openpyxl.load_workbook(path)
    for name, label in (("Releases", "R2"), ("Tasks", "Test")):
        ws = book[name]
        col = next(c.column for c in ws[1] if c.value == "Name")
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == label)
        ws.delete_rows(row)
    del book["Risks"]
    book.save(path)
    return path


def test_removals_unticked_confirmed_by_name_and_undone(
    qtbot: QtBot, rich: PlanService, tmp_path: Path
) -> None:
    path = returned_without_r2(rich, tmp_path)
    before = signature(rich)
    stack = QUndoStack()
    seen: dict[str, object] = {}

    def confirm_then(answer: str) -> Callable[[object], None]:
        def press(box: object) -> None:
            assert isinstance(box, QMessageBox)
            seen.setdefault("texts", []).append(box.text())  # type: ignore[union-attr]
            button = next(b for b in box.buttons() if b.text() == answer)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

        return press

    def review(found: object) -> None:
        dialog = found
        assert isinstance(dialog, MergePreviewDialog)
        rows = items(dialog)
        removals = {t: i for t, i in rows.items() if t.startswith("remove:")}
        assert sorted(removals) == ["remove: release 'R2'", "remove: task 'Test'"]
        assert all(i.checkState(0) == Qt.CheckState.Unchecked for i in removals.values())
        assert "2 proposed for removal (missing from the workbook; unticked)" in (
            dialog.summary.text()
        )
        problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        missing = "warning: Risks: sheet is missing: nothing is removed from it"
        assert any(p.startswith(missing) for p in problems), problems
        for item in removals.values():
            tick(qtbot, dialog, item)
        assert all(i.checkState(0) == Qt.CheckState.Checked for i in removals.values())
        # Apply: the confirmation names the release; Cancel keeps the dialog open.
        when_open(qtbot, lambda: dialog.confirmation, confirm_then("Cancel"))
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and signature(rich) == before
        when_open(qtbot, lambda: dialog.confirmation, confirm_then("Remove them"))
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    when_open(qtbot, preview_dialog, review)
    ask = Settings(tmp_path)
    assert import_file(None, rich, path, stack, interaction=ask), ask.errors
    texts = seen["texts"]
    assert isinstance(texts, list) and len(texts) == 2
    assert "1 release of 2: 'R2'" in texts[0]
    after = rich.load()
    assert [r.name for r in after.releases] == ["R1"]
    assert "Test" not in {t.name for t in after.tasks}
    assert len(after.risks) == len(before["risks"])  # the Risks sheet was missing
    stack.undo()
    assert signature(rich) == before
    stack.redo()
    assert [r.name for r in rich.load().releases] == ["R1"]


def test_rehearsed_refusal_is_listed_and_apply_stays_off(
    qtbot: QtBot, rich: PlanService, tmp_path: Path
) -> None:
    path = tmp_path / "returned.xlsx"
    excel.export_workbook(rich, path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    ws.cell(3, headers["Predecessors"], "424242")
    book.save(path)
    before = signature(rich)
    letter = openpyxl.utils.get_column_letter(headers["Predecessors"])

    def review(found: object) -> None:
        dialog = found
        assert isinstance(dialog, MergePreviewDialog)
        problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        assert (
            f"error: Tasks row 3 column {letter} (Predecessors): task 424242 is neither in "
            "the plan nor among the accepted rows"
        ) in problems
        assert not dialog.apply_button.isEnabled()
        cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    when_open(qtbot, preview_dialog, review)
    assert not import_file(None, rich, path, QUndoStack(), interaction=Settings(tmp_path))
    assert signature(rich) == before


def test_supplier_rows_in_the_preview_new_ids_noted_foreign_ids_refused(
    qtbot: QtBot, rich: PlanService, tmp_path: Path
) -> None:
    data = rich.load()
    r1 = next(r.id for r in data.releases if r.name == "R1")
    foreign = next(t for t in data.tasks if t.release_id != r1)
    free = max(t.id for t in data.tasks) + 50
    path = tmp_path / "r1.xlsx"
    excel.export_workbook(rich, path, release="R1")
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    last = ws.max_row
    for offset, values in enumerate(
        [
            {"Release": "R1", "Name": "Supplier, no ID", "Duration (days)": 2},
            {"ID": free, "Release": "R1", "Name": "Supplier, free ID", "Duration (days)": 1},
            {"ID": foreign.id, "Release": "R1", "Name": "Takes over", "Duration (days)": 1},
        ],
        start=1,
    ):
        for header, value in values.items():
            ws.cell(last + offset, headers[header], value)
    ws.cell(2, headers["Critical"], "maybe")  # a calculated cell
    book.save(path)
    before = signature(rich)
    id_letter = openpyxl.utils.get_column_letter(headers["ID"])
    critical = openpyxl.utils.get_column_letter(headers["Critical"])

    def refused(found: object) -> None:
        dialog = found
        assert isinstance(dialog, MergePreviewDialog)
        problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        assert any(
            p.startswith(f"error: Tasks row {last + 3} column {id_letter} (ID): ID {foreign.id} ")
            for p in problems
        ), problems
        assert not dialog.apply_button.isEnabled()
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
            Qt.MouseButton.LeftButton,
        )

    when_open(qtbot, preview_dialog, refused)
    assert not import_file(None, rich, path, QUndoStack(), interaction=Settings(tmp_path))
    assert signature(rich) == before

    book = openpyxl.load_workbook(path)
    book["Tasks"].delete_rows(last + 3)
    book.save(path)
    stack = QUndoStack()

    def accepted(found: object) -> None:
        dialog = found
        assert isinstance(dialog, MergePreviewDialog)
        rows = items(dialog)
        noted = f"add: task 'Supplier, free ID' — ID {free} is not in the plan: added as new"
        assert sorted(t for t in rows if t.startswith("add:")) == [
            noted,
            "add: task 'Supplier, no ID'",
        ]
        note = rows[noted].child(0)
        assert note is not None and note.text(0) == f"ID {free} is not in the plan: added as new"
        problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
        assert any(f"calculated cell {critical}2 was edited: ignored" in p for p in problems)
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    when_open(qtbot, preview_dialog, accepted)
    assert import_file(None, rich, path, stack, interaction=Settings(tmp_path))
    names = [t.name for t in rich.load().tasks]
    assert {"Supplier, no ID", "Supplier, free ID"} <= set(names)
    stack.undo()
    assert signature(rich) == before
    stack.redo()
    assert {"Supplier, no ID", "Supplier, free ID"} <= {t.name for t in rich.load().tasks}
