"""File ▸ Open Server Plan…, Take Offline Copy…, Sync; live refresh of a server plan;
the sync conflicts shown in the Problems panel.

A sync talks to the server for as long as the network and the server take, so it
runs on a worker thread (``SyncJob``) with a busy indicator in the status bar;
its result is applied on the GUI thread (the copy reopened, conflicts listed).
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.gui.commands import PlanCommand
from relm_desktop.gui.document import PlanDocument
from relm_desktop.gui.server_dialogs import ConflictsPanel, OpenServerDialog
from relm_desktop.services.changes import EVERYTHING, OpChanges
from relm_desktop.services.live import REFRESH_EVERY, refresh
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import (
    Resolution,
    SyncReport,
    conflict_list,
    origin_of,
    resolve_conflict,
    sync_offline_copy,
    unresolve_conflict,
)
from relm_desktop.store.errors import PlanFileError
from relm_desktop.store.server import (
    ChangeListener,
    News,
    is_server_location,
    public_url,
    remember_password,
    server_location,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.docks.problems import ProblemsPanel

    _Base = QMainWindow
else:
    _Base = object

#: How often a server plan's window asks for other people's changes (the issue: within 2 s).
POLL_MS = int(REFRESH_EVERY * 1000)


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


class _SyncSignals(QObject):
    done = Signal(object)  # the SyncReport
    failed = Signal(str)


class SyncJob(QRunnable):
    """``sync_offline_copy`` on a worker thread; it touches no widget and reports by signal."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.signals = _SyncSignals()  # made here: it lives on the GUI thread

    def run(self) -> None:  # QRunnable.run
        try:
            report = sync_offline_copy(self.path)
        except Exception as exc:  # network gone, refused: both sides are as they were
            traceback.print_exc()
            self.signals.failed.emit(str(exc))
            return
        self.signals.done.emit(report)


class SyncIndicator(QWidget):
    """A "Syncing … with …" label and a busy bar, in the status bar while a sync runs."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sync-indicator")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # indeterminate: a sync reports no steps
        self.bar.setFixedWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)


class ServerHandlersMixin(_Base):
    """Server plans in the main window."""

    _listener: ChangeListener | None = None
    #: Others' news that came while the plan was being read or scheduled.
    _held: News | None = None
    _poller: QTimer | None = None
    _conflicts: ConflictsPanel | None = None
    _sync_job: SyncJob | None = None
    _sync_indicator: SyncIndicator | None = None

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
            news = self._listener.receive()
            if self._held is not None:
                news, self._held = self._held | news, None
            shown = document.snapshot
            if news and (shown is None or document.is_busy()):
                # Held until the plan being read or scheduled is shown: re-reading a
                # row it already has is harmless, and no reschedule is thrown away.
                self._held = news
                return
            if news and shown is not None:
                # Only the rows the others' commits named are read again (with their
                # versions), on this thread: one round trip, ~2 ms at 10,000 tasks.
                data, changes = refresh(document.service, shown.data, news)
                if not document.show_others_changes(data, changes):
                    document.reschedule(changes)
        except Exception as exc:
            self.statusBar().showMessage(f"Lost the server's live updates ({exc})")
            self._stop_listening()
            return
        if news:
            self.statusBar().showMessage("Updated with changes made by others", 4000)

    def _stop_listening(self) -> None:
        self._held = None
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
        """Sync the open offline copy with its server on a worker thread, then show it again."""
        document = self.document
        if document is None or document.path is None or self._sync_job is not None:
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
        if not self.close_plan():  # the sync rewrites the file: nothing may hold it
            return
        job = self._sync_job = SyncJob(path)
        # Bound methods: a window closed mid-sync is simply no longer told.
        job.signals.done.connect(self._sync_finished)
        job.signals.failed.connect(self._sync_failed)
        indicator = self._sync_indicator
        if indicator is None:
            indicator = self._sync_indicator = SyncIndicator(self)
            self.statusBar().insertPermanentWidget(0, indicator)
        indicator.label.setText(f"Syncing {path.name} with its server…")
        indicator.setToolTip(f"{path} ⇄ {origin.url}")  # the URL is long: shown on hover
        indicator.show()
        (self.pool or QThreadPool.globalInstance()).start(job)

    def is_syncing(self) -> bool:
        return self._sync_job is not None

    def _sync_ended(self) -> Path | None:
        """The synced copy's path, the job let go and the indicator hidden."""
        job, self._sync_job = self._sync_job, None
        if self._sync_indicator is not None:
            self._sync_indicator.hide()
        return job.path if job is not None else None

    def _sync_finished(self, report: SyncReport) -> None:
        path = self._sync_ended()
        if path is None:
            return
        if self.document is None:  # nothing else opened meanwhile: show the copy again
            self.open_plan(path)
        self.statusBar().showMessage(report.summary())

    def _sync_failed(self, message: str) -> None:
        path = self._sync_ended()
        if path is None:
            return
        if self.document is None:
            self.open_plan(path)
        self.context.prompts.error(self, "Sync", f"The sync did not finish: {message}")

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
