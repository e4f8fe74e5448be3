"""File ▸ Import From and Export To: MS Project, GanttProject, CSV, OpenDocument, iCalendar.

An import reads the file in the background (:func:`services.interchange.read_foreign`),
shows the same merge preview as a workbook (the Excel flow's ``Interaction``),
applies the ticked rows in one transaction and pushes one undo step. The file
dialogs and the release question go through :class:`InterchangeAsk`, which
tests replace to answer them without a native dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QWidget

from relm_desktop.domain.text import plural
from relm_desktop.exchange.foreign_plan import ForeignPlan
from relm_desktop.exchange.merge import MergePreview
from relm_desktop.exchange.xlsx.model import CancelledError
from relm_desktop.gui.exchange.flow import Interaction
from relm_desktop.gui.exchange.worker import JobFailedError, run_with_progress
from relm_desktop.services import excel, interchange
from relm_desktop.services.edits import EditError
from relm_desktop.services.excel import ImportOutcome
from relm_desktop.services.formats import FormatError
from relm_desktop.services.plan import PlanService

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.document import PlanDocument

    _Base = QMainWindow
else:
    _Base = object

#: What each import entry opens, as file-dialog filters (the first one is chosen).
IMPORT_FILTERS = {
    "msproject": "MS Project plans (*.xml *.mpp);;MS Project XML (*.xml);;MS Project (*.mpp)",
    "gan": "GanttProject files (*.gan)",
    "csv": "CSV files (*.csv *.txt)",
    "ods": "OpenDocument spreadsheets (*.ods)",
}
#: Export entries: (dialog title, filter, extension).
EXPORTS = {
    "msproject": ("Export MS Project XML", "MS Project XML (*.xml)", ".xml"),
    "gan": ("Export GanttProject File", "GanttProject files (*.gan)", ".gan"),
    "csv": ("Export CSV", "CSV files (*.csv)", ".csv"),
    "ics": ("Export Calendar", "iCalendar files (*.ics)", ".ics"),
}
ALL_RELEASES = "All releases"
NEW_RELEASE = "New release: "


class InterchangeAsk:
    """The questions of the interchange menus; tests subclass it to answer them."""

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None

    def save_file(self, parent: QWidget, title: str, filters: str, default: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, str(default), filters)
        return Path(name) if name else None

    def choose(self, parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
        """One of ``items`` (the first is proposed); None when cancelled."""
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setComboBoxItems(items)
        dialog.setComboBoxEditable(False)
        for text in dialog.findChildren(QLabel):
            text.setWordWrap(True)  # a long file name must not stretch the dialog
        dialog.setMinimumWidth(420)
        dialog.resize(460, dialog.sizeHint().height())
        ok = dialog.exec() == QInputDialog.DialogCode.Accepted
        item = dialog.textValue()
        dialog.deleteLater()
        return item if ok and item else None


class ForeignImportCommand(QUndoCommand):
    """One applied import of another tool's file; redo applies the same ticked rows."""

    def __init__(
        self,
        service: PlanService,
        plan: ForeignPlan,
        release: str,
        preview: MergePreview,
        outcome: ImportOutcome,
        changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(f"Import {Path(outcome.path).name}")
        self.service = service
        self.plan = plan
        self.release = release
        self.preview = preview
        self.outcome = outcome
        self.changed = changed
        self._skip = True  # applied before the push

    def redo(self) -> None:  # QUndoCommand.redo
        if self._skip:
            self._skip = False
            return
        accepted = self.outcome.accepted
        _, self.outcome = interchange.import_foreign(
            self.service, self.plan, self.release, lambda _p: accepted, self.preview
        )
        if self.changed is not None:
            self.changed()

    def undo(self) -> None:  # QUndoCommand.undo
        excel.revert_import(self.service, self.outcome)  # setup and rows alike
        if self.changed is not None:
            self.changed()


class ReleasesImportCommand(QUndoCommand):
    """One applied import of a file of several releases; redo applies the same rows."""

    def __init__(
        self,
        service: PlanService,
        plan: ForeignPlan,
        previews: list[MergePreview],
        chosen: list[set[str]],
        outcome: ImportOutcome,
    ) -> None:
        super().__init__(f"Import {Path(outcome.path).name}")
        self.service, self.plan, self.previews, self.chosen = service, plan, previews, chosen
        self.outcome = outcome
        self.changed: Callable[[], None] | None = None
        self._skip = True  # applied before the push

    def redo(self) -> None:  # QUndoCommand.redo
        if self._skip:
            self._skip = False
            return
        _, self.outcome = interchange.import_releases(
            self.service, self.plan, lambda p: self.chosen[self.previews.index(p)], self.previews
        )
        if self.changed is not None:
            self.changed()

    def undo(self) -> None:  # QUndoCommand.undo
        excel.revert_import(self.service, self.outcome)
        if self.changed is not None:
            self.changed()


class InterchangeHandlersMixin(_Base):
    """Import From (MS Project, GanttProject, CSV, .ods) and Export To (XML, .gan, CSV, .ics)."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        document: PlanDocument | None
        context: AppContext
        exchange_interaction: Interaction | None

    #: The file dialogs and questions (tests put a scripted one on the window).
    interchange_ask: InterchangeAsk = InterchangeAsk()

    # -- import -----------------------------------------------------------------------------
    def import_msproject_dialog(self) -> None:
        self._import_dialog("Import MS Project plan", IMPORT_FILTERS["msproject"])

    def import_gan_dialog(self) -> None:
        self._import_dialog("Import GanttProject file", IMPORT_FILTERS["gan"])

    def import_csv_dialog(self) -> None:
        self._import_dialog("Import CSV file", IMPORT_FILTERS["csv"])

    def import_ods_dialog(self) -> None:
        self._import_dialog("Import OpenDocument spreadsheet", IMPORT_FILTERS["ods"])

    def _import_dialog(self, title: str, filters: str) -> None:
        path = self.interchange_ask.open_file(self, title, filters)
        if path is not None:
            self.import_foreign_file(path)

    def import_foreign_file(self, path: Path) -> bool:
        """Read ``path``, preview the merge, apply the ticked rows: one undo step."""
        document = self.document
        if document is None:
            return False
        if document.service.store.readonly:
            self.context.prompts.error(self, "Import", "This plan is open read-only.")
            return False
        service = document.service
        try:
            plan = run_with_progress(
                self, f"Reading {path.name}…", lambda _p, _c: interchange.read_foreign(path)
            )
            if plan.parts:
                return self._import_releases(path, plan)
            release = self._import_release(plan)
            if release is None:
                return False
            preview = run_with_progress(
                self,
                f"Checking {path.name} against the plan…",
                lambda _p, _c: interchange.preview_foreign(service, plan, release),
            )
            accepted = (self.exchange_interaction or Interaction()).review(self, preview)
            if not accepted:
                return False
            _, outcome = run_with_progress(
                self,
                f"Importing {path.name}…",
                lambda _p, _c: interchange.import_foreign(
                    service, plan, release, lambda _pr: accepted, preview
                ),
            )
        except CancelledError:
            return False
        except JobFailedError as failed:
            self.context.prompts.error(self, "Import", str(failed.error))
            return False
        document.undo_stack.push(
            ForeignImportCommand(service, plan, release, preview, outcome, document.reschedule)
        )
        document.reschedule()
        self.statusBar().showMessage(
            f"Imported {path.name} into {release}: added {outcome.added}, "
            f"changed {outcome.changed}, removed {outcome.removed}",
            8000,
        )
        return True

    def _import_releases(self, path: Path, plan: ForeignPlan) -> bool:
        """A file of several releases (our portfolio export): a preview per release."""
        assert self.document is not None
        document, service = self.document, self.document.service
        ask = self.exchange_interaction or Interaction()
        try:
            previews = run_with_progress(
                self,
                f"Checking {path.name} against the plan…",
                lambda _p, _c: interchange.preview_releases(service, plan),
            )
            chosen: list[set[str]] = []
            for preview in previews:
                accepted = ask.review(self, preview)
                if accepted is None:
                    return False
                chosen.append(set(accepted))
            if not any(chosen):
                return False
            _, outcome = run_with_progress(
                self,
                f"Importing {path.name}…",
                lambda _p, _c: interchange.import_releases(
                    service, plan, lambda p: chosen[previews.index(p)], previews
                ),
            )
        except CancelledError:
            return False
        except JobFailedError as failed:
            self.context.prompts.error(self, "Import", str(failed.error))
            return False
        command = ReleasesImportCommand(service, plan, previews, chosen, outcome)
        command.changed = document.reschedule
        document.undo_stack.push(command)
        document.reschedule()
        between = sum(len(refs) for refs in plan.cross_links.values())
        self.statusBar().showMessage(
            f"Imported {path.name} as {len(previews)} releases: added {outcome.added}, "
            f"changed {outcome.changed}, removed {outcome.removed}"
            + (f"; {plural(between, 'link')} between releases" if between else ""),
            8000,
        )
        return True

    def _import_release(self, plan: ForeignPlan) -> str | None:
        """The release to import into: the file's own, or one the plan has (asked)."""
        assert self.document is not None
        proposed = interchange.release_name(plan, None)
        existing = sorted(r.name for r in self.document.service.load().releases)
        if not existing or proposed in existing:
            return proposed
        choice = self.interchange_ask.choose(
            self,
            "Import into which release?",
            f"{Path(plan.parsed.path).name} holds one schedule. Import it as a new release, "
            "or merge it into a release of the plan (a preview shows what changes):",
            [NEW_RELEASE + proposed, *existing],
        )
        if choice is None:
            return None
        return choice.removeprefix(NEW_RELEASE) if choice.startswith(NEW_RELEASE) else choice

    # -- export -----------------------------------------------------------------------------
    def export_msproject_dialog(self) -> None:
        self._export_dialog("msproject")

    def export_gan_dialog(self) -> None:
        self._export_dialog("gan")

    def export_csv_dialog(self) -> None:
        self._export_dialog("csv")

    def export_ics_dialog(self) -> None:
        self._export_dialog("ics")

    def _export_dialog(self, kind: str) -> None:
        document = self.document
        if document is None:
            return
        title, filters, suffix = EXPORTS[kind]
        releases = sorted(r.name for r in document.service.load().releases)
        release: str | None = None
        if len(releases) > 1:
            choice = self.interchange_ask.choose(
                self, title, "Export the whole portfolio or one release:", [ALL_RELEASES, *releases]
            )
            if choice is None:
                return
            release = None if choice == ALL_RELEASES else choice
        stem = release or (document.path.stem if document.path else "plan")
        default = (document.path.parent if document.path else Path()) / f"{stem}{suffix}"
        path = self.interchange_ask.save_file(self, title, filters, default)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        service = document.service
        try:
            written = run_with_progress(
                self,
                f"Exporting {path.name}…",
                lambda _p, _c: interchange.export_to(service, path, release),
            )
        except CancelledError:
            return
        except JobFailedError as failed:
            error = failed.error
            text = str(error) if isinstance(error, EditError | FormatError) else repr(error)
            self.context.prompts.error(self, title, text)
            return
        scope = release or (plural(len(releases), "release") if releases else "the plan")
        self.statusBar().showMessage(f"Exported {written} of {scope} to {path}", 8000)
