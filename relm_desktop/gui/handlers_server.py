"""File ▸ Open Server Plan…, Take Offline Copy…, Sync; live refresh of a server plan;
the sync conflicts shown in the Problems panel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QVBoxLayout

from relm_desktop.gui.commands import PlanCommand
from relm_desktop.gui.document import PlanDocument
from relm_desktop.gui.server_dialogs import ConflictsPanel, OpenServerDialog
from relm_desktop.services.changes import EVERYTHING, OpChanges
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import (
    Resolution,
    conflict_list,
    origin_of,
    resolve_conflict,
    sync_offline_copy,
    unresolve_conflict,
)
from relm_desktop.store.errors import PlanFileError
from relm_desktop.store.server import (
    ChangeListener,
    is_server_location,
    public_url,
    remember_password,
    server_location,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.docks.problems import ProblemsPanel

    _Base = QMainWindow
else:
    _Base = object

#: How often a server plan's window asks for other people's changes (the issue: within 2 s).
POLL_MS = 500


class ResolveConflictCommand(PlanCommand):
    """Keep one side of a sync conflict; undo lists the conflict again."""

    def __init__(self, document: PlanDocument, conflict_id: int, keep_local: bool) -> None:
        super().__init__(document, "Keep my value" if keep_local else "Keep the server's value")
        self.conflict_id = conflict_id
        self.keep_local = keep_local
        self.resolution: Resolution | None = None

    def apply(self) -> OpChanges:
        service = self.document.service
        self.resolution = resolve_conflict(service, self.conflict_id, keep_local=self.keep_local)
        change = self.resolution.change
        return change.changes if change is not None else EVERYTHING

    def revert(self) -> OpChanges:
        if self.resolution is not None:
            unresolve_conflict(self.document.service, self.resolution)
        return EVERYTHING


class ServerHandlersMixin(_Base):
    """Server plans in the main window."""

    _listener: ChangeListener | None = None
    _poller: QTimer | None = None
    _conflicts: ConflictsPanel | None = None

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        context: AppContext
        document: PlanDocument | None
        problems: ProblemsPanel
        pool: QThreadPool | None

        def open_plan(self, path: Path) -> bool: ...

        def close_plan(self) -> bool: ...

        def _attach(self, document: PlanDocument) -> None: ...

        def _fill_recent_menu(self) -> None: ...

    # -- opening ----------------------------------------------------------------------
    def open_server_dialog(self) -> None:
        dialog = OpenServerDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        location = dialog.location()
        password = dialog.password.text()
        if dialog.remember.isChecked() and password and not remember_password(location, password):
            self.statusBar().showMessage("No system keyring here: the password is not kept")
        self.open_server_location(location)

    def open_server_location(self, location: str) -> bool:
        """Open a server plan (read-only when the role may only read)."""
        location = server_location(location)
        try:
            service = PlanService.open(location)
        except PlanFileError as exc:
            self.context.prompts.error(self, "Open server plan", str(exc))
            return False
        self.close_plan()
        self._attach(PlanDocument(service, self.pool))
        self.context.add_recent(Path(public_url(location)))
        self._fill_recent_menu()
        if service.store.readonly:
            self.statusBar().showMessage(service.store.readonly_why)
        return True

    def server_attached(self, document: PlanDocument) -> None:
        """After any plan is shown: live refresh for a server plan, conflicts for a copy."""
        self._stop_listening()
        store = document.service.store
        if store.url is not None and store.tag is not None:
            try:
                self._listener = ChangeListener(server_location(store.url), store.tag)
            except Exception as exc:  # the plan still works; only live refresh is off
                self.statusBar().showMessage(f"No live updates from the server ({exc})")
            else:
                self._poller = QTimer(self)
                self._poller.timeout.connect(lambda: self._poll(document))
                self._poller.start(POLL_MS)
        panel = self._conflict_panel()
        panel.set_conflicts(conflict_list(document.service) if store.url is None else [])
        document.scheduled.connect(lambda *_: self._refresh_conflicts(document))

    def _poll(self, document: PlanDocument) -> None:
        if document is not self.document or self._listener is None:
            self._stop_listening()
            return
        try:
            news = self._listener.poll()
        except Exception as exc:
            self.statusBar().showMessage(f"Lost the server's live updates ({exc})")
            self._stop_listening()
            return
        if news:
            document.reschedule(EVERYTHING)
            self.statusBar().showMessage("Updated with changes made by others", 4000)

    def _stop_listening(self) -> None:
        if self._poller is not None:
            self._poller.stop()
            self._poller.deleteLater()
            self._poller = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    # -- offline copies -----------------------------------------------------------------
    def take_offline_copy_dialog(self) -> None:
        document = self.document
        if document is None or document.service.store.url is None:
            return
        url = document.service.store.url
        name = url.split("?")[0].rsplit("/", 1)[-1] or "plan"
        target = self.context.prompts.save_path(self, "Take Offline Copy", f"{name}.relm")
        if target is None:
            return
        from relm_desktop.store.sync import take_offline_copy

        try:
            origin = take_offline_copy(server_location(url), target)
        except (PlanFileError, OSError) as exc:
            self.context.prompts.error(self, "Take offline copy", str(exc))
            return
        self.statusBar().showMessage(
            f"Offline copy of {origin.url} (up to change {origin.watermark}) in {target}"
        )

    def sync_plan(self) -> None:
        """Sync the open offline copy with its server, then show it again."""
        document = self.document
        if document is None or document.path is None:
            return
        path = document.path
        try:
            origin = origin_of(path)
        except PlanFileError as exc:
            self.context.prompts.error(self, "Sync", str(exc))
            return
        if origin is None:
            self.context.prompts.error(
                self, "Sync", f"{path.name} is not an offline copy of a server plan."
            )
            return
        self.close_plan()  # the sync rewrites the file: nothing may hold it
        try:
            report = sync_offline_copy(path)
        except Exception as exc:  # network gone, refused: both sides are as they were
            self.open_plan(path)
            self.context.prompts.error(self, "Sync", f"The sync did not finish: {exc}")
            return
        self.open_plan(path)
        self.statusBar().showMessage(report.summary())

    # -- conflicts ----------------------------------------------------------------------
    def _conflict_panel(self) -> ConflictsPanel:
        if self._conflicts is None:
            self._conflicts = ConflictsPanel(self.problems)
            layout = self.problems.layout()
            assert isinstance(layout, QVBoxLayout)  # the panel's own: a table under it
            layout.insertWidget(0, self._conflicts)
            self._conflicts.resolve.connect(self._resolve_conflict)
        return self._conflicts

    def _refresh_conflicts(self, document: PlanDocument) -> None:
        if document is self.document and document.service.store.url is None:
            self._conflict_panel().set_conflicts(conflict_list(document.service))

    def _resolve_conflict(self, conflict_id: int, keep_local: bool) -> None:
        if self.document is not None:
            self.document.push(ResolveConflictCommand(self.document, conflict_id, keep_local))

    def is_server_plan(self) -> bool:
        return self.document is not None and self.document.service.store.url is not None


__all__ = ["ResolveConflictCommand", "ServerHandlersMixin", "is_server_location"]
