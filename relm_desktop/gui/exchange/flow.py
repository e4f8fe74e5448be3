"""The import and export flows: read → map columns → dates → preview → apply (one undo step)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from relm_desktop.exchange.dates import DateOrder
from relm_desktop.exchange.merge import MergePreview
from relm_desktop.exchange.xlsx.model import (
    CancelledError,
    ColumnMapping,
    DateQuestion,
    ParsedImport,
)
from relm_desktop.exchange.xlsx.week_question import WeekAnchor, WeekQuestion
from relm_desktop.gui.exchange.mapping_dialog import ColumnMappingDialog, remember, remembered
from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.exchange.week_anchor_dialog import WeekAnchorDialog, default_week_one
from relm_desktop.gui.exchange.worker import (
    Cancelled,
    JobFailedError,
    Progress,
    run_with_progress,
)
from relm_desktop.services import excel
from relm_desktop.services.formats import FormatError
from relm_desktop.services.plan import PlanService


class Interaction:
    """Every question the flows ask; tests subclass it to answer without dialogs."""

    def settings(self) -> QSettings:
        return QSettings()

    def confirm_mapping(
        self, parent: QWidget | None, mapping: ColumnMapping
    ) -> ColumnMapping | None:
        dialog = ColumnMappingDialog(mapping, parent)
        return dialog.result_mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_date_order(self, parent: QWidget | None, question: DateQuestion) -> DateOrder | None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Which date order?",
            str(question),
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        day = box.addButton("Day first (31/12/2027)", QMessageBox.ButtonRole.AcceptRole)
        month = box.addButton("Month first (12/31/2027)", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is day:
            return DateOrder.DAY_FIRST
        if box.clickedButton() is month:
            return DateOrder.MONTH_FIRST
        return None

    def ask_week_one(
        self, parent: QWidget | None, question: WeekQuestion, plan_start: date | None
    ) -> WeekAnchor | None:
        """The day week 1 starts (and a period's length) for numbers the sheet leaves undated."""
        offered = default_week_one(question, plan_start, date.today())
        dialog = WeekAnchorDialog(question, offered, parent)
        return dialog.anchor() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def review(self, parent: QWidget | None, preview: MergePreview) -> set[str] | None:
        dialog = MergePreviewDialog(preview, parent)
        return dialog.accepted_keys() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def error(self, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, "Excel exchange", text)

    def warning(self, parent: QWidget | None, text: str) -> None:
        """Something was done, with changes the user should know of (text cut to fit)."""
        QMessageBox.warning(parent, "Excel export", text)


class ImportCommand(QUndoCommand):
    """One applied import as one undo step; redo applies the same accepted rows again."""

    def __init__(
        self,
        service: PlanService,
        preview: MergePreview,
        outcome: excel.ImportOutcome,
        changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(f"Import {Path(outcome.path).name}")
        self.service = service
        self.preview = preview
        self.outcome = outcome
        self.changed = changed  # e.g. the document's reschedule
        self._skip = True  # the import was applied before the push

    def redo(self) -> None:  # QUndoCommand.redo
        if self._skip:
            self._skip = False
            return
        self.outcome = excel.apply_merge(self.service, self.preview, self.outcome.accepted)
        if self.changed is not None:
            self.changed()

    def undo(self) -> None:  # QUndoCommand.undo
        excel.revert_import(self.service, self.outcome)
        if self.changed is not None:
            self.changed()


def _read(
    parent: QWidget | None,
    service: PlanService,
    path: Path,
    mapping: ColumnMapping | None,
    order: DateOrder | None,
    anchor: WeekAnchor | None = None,
) -> ParsedImport:
    def work(progress: Progress, cancelled: Cancelled) -> ParsedImport:
        progress(0, 1)
        parsed = excel.read_workbook(path, mapping, order, service, anchor)
        if cancelled():
            raise CancelledError("import cancelled")
        return parsed

    return run_with_progress(parent, f"Reading {path.name}…", work)


def import_file(
    parent: QWidget | None,
    service: PlanService,
    path: Path,
    undo_stack: QUndoStack | None = None,
    *,
    release: str | None = None,
    interaction: Interaction | None = None,
    changed: Callable[[], None] | None = None,
) -> bool:
    """Import ``path`` into the plan after the user confirmed mapping and preview.

    Returns True when something was applied (one undo step on ``undo_stack``).
    ``changed`` is called after the import is applied, undone or redone (the
    main window reschedules and redraws there).
    """
    ask = interaction or Interaction()
    path = Path(path)
    try:
        parsed = _read(parent, service, path, None, None)
        if not parsed.native and parsed.mapping is not None:
            settings = ask.settings()
            proposed = remembered(settings, parsed.mapping) or parsed.mapping
            chosen = ask.confirm_mapping(parent, proposed)
            if chosen is None:
                return False
            remember(settings, chosen)
            if (chosen.columns, chosen.header_row) != (
                parsed.mapping.columns,
                parsed.mapping.header_row,
            ):
                parsed = _read(parent, service, path, chosen, None)
        order: DateOrder | None = None
        if parsed.questions:
            order = ask.ask_date_order(parent, parsed.questions[0])
            if order is None:
                return False
            parsed = _read(
                parent, service, path, parsed.mapping if not parsed.native else None, order
            )
        if parsed.week_question is not None:  # week numbers the sheet gives no date for
            info = service.load().info
            anchor = ask.ask_week_one(parent, parsed.week_question, info.start if info else None)
            if anchor is None:
                return False
            parsed = _read(parent, service, path, parsed.mapping, order, anchor)
        # The preview rehearses the apply (rolled back): as long as an apply, so in the background.
        preview = run_with_progress(
            parent,
            f"Checking {path.name} against the plan…",
            lambda progress, cancelled: excel.preview_merge(service, parsed, release),
        )
        accepted = ask.review(parent, preview)
        if not accepted:
            return False
        outcome = run_with_progress(
            parent,
            f"Importing {path.name}…",
            lambda progress, cancelled: excel.apply_merge(service, preview, accepted),
        )
    except CancelledError:
        return False
    except JobFailedError as failed:
        ask.error(parent, str(failed.error))
        return False
    except (ValueError, OSError) as exc:  # EditError, FormatError are ValueErrors/Exceptions
        ask.error(parent, str(exc))
        return False
    except FormatError as exc:
        ask.error(parent, str(exc))
        return False
    if undo_stack is not None:
        undo_stack.push(ImportCommand(service, preview, outcome, changed))
    if changed is not None:
        changed()
    return True


def export_file(
    parent: QWidget | None,
    service: PlanService,
    path: Path,
    release: str | None = None,
    *,
    interaction: Interaction | None = None,
) -> bool:
    """Export the plan to ``path`` in the background; False when cancelled or failed."""
    ask = interaction or Interaction()

    def work(progress: Progress, cancelled: Cancelled) -> dict[str, int]:
        return excel.export_workbook(service, Path(path), release, progress, cancelled)

    try:
        counts = run_with_progress(parent, f"Exporting {Path(path).name}…", work)
    except CancelledError:
        return False
    except JobFailedError as failed:
        ask.error(parent, str(failed.error))
        return False
    warnings: list[str] = getattr(counts, "warnings", [])
    if warnings:  # e.g. a note longer than Excel's 32,767 characters, cut to fit
        ask.warning(parent, f"Exported {Path(path).name}, with changes:\n" + "\n".join(warnings))
    return True
