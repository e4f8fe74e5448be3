"""The main window: menus and toolbar from the action table, docks, open/close."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from relm_desktop.domain.text import plural
from relm_desktop.gui import dates
from relm_desktop.gui.actions import build_actions, build_menus, build_toolbar
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.docks.history import HistoryPanel
from relm_desktop.gui.docks.portfolio import PortfolioPanel
from relm_desktop.gui.docks.problems import ProblemsPanel, problems_of
from relm_desktop.gui.docks.properties import PropertiesPanel
from relm_desktop.gui.document import PlanDocument
from relm_desktop.gui.file_drop import FileDropMixin
from relm_desktop.gui.first_paint import after_first_paint
from relm_desktop.gui.handlers import HandlersMixin
from relm_desktop.gui.handlers_graph import GraphHandlersMixin
from relm_desktop.gui.handlers_interchange import InterchangeHandlersMixin
from relm_desktop.gui.handlers_links import LinkHandlersMixin
from relm_desktop.gui.handlers_outline import OutlineHandlersMixin
from relm_desktop.gui.handlers_print import PrintHandlersMixin
from relm_desktop.gui.handlers_server import ServerHandlersMixin
from relm_desktop.gui.handlers_setup import SetupHandlersMixin
from relm_desktop.gui.handlers_status import StatusDateHandlersMixin
from relm_desktop.gui.handlers_view import ViewHandlersMixin
from relm_desktop.gui.theme import Scheme, apply_scheme, running_app
from relm_desktop.gui.timeline.columns import ColumnsMixin
from relm_desktop.gui.timeline.view import TimelineView
from relm_desktop.gui.views import install_template_menu, install_views_stepwise
from relm_desktop.gui.welcome import WelcomePage, new_plan_from_template, open_demo
from relm_desktop.gui.window_layout import WindowLayoutMixin
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.scale import Zoom
from relm_desktop.layout.timeline import Key, RowKind
from relm_desktop.services.plan import PlanService
from relm_desktop.store.errors import PlanFileError, PlanLockedError, PlanReadOnlyError
from relm_desktop.store.server import is_server_location

if TYPE_CHECKING:
    from relm_desktop.gui.exchange.flow import Interaction
    from relm_desktop.gui.views.selection import SelectionBus
    from relm_desktop.gui.views.templates import NewReleaseDialog

# The views are loaded with the window, not lazily on the first open:
# importing them there froze the window ~100-200 ms just as it showed a plan.
importlib.import_module("relm_desktop.gui.views.calendar")
importlib.import_module("relm_desktop.gui.views.depgraph")
importlib.import_module("relm_desktop.gui.views.readiness")
importlib.import_module("relm_desktop.gui.views.risks")

APP_NAME = "RELM Desktop"
#: After the first schedule of a plan is shown, when the views beyond the timeline are built.
VIEWS_DELAY_MS = 60


class MainWindow(
    WindowLayoutMixin,
    FileDropMixin,
    InterchangeHandlersMixin,
    GraphHandlersMixin,
    OutlineHandlersMixin,
    SetupHandlersMixin,
    StatusDateHandlersMixin,
    ViewHandlersMixin,
    ColumnsMixin,
    PrintHandlersMixin,
    ServerHandlersMixin,
    LinkHandlersMixin,
    HandlersMixin,
    QMainWindow,
):
    # Set later, not in __init__ (annotations only: no attribute until then).
    #: The selection the views share, from when they are installed (gui.views).
    selection_bus: SelectionBus
    #: The last 'New release from template' dialog (welcome.new_plan_from_template).
    template_dialog: NewReleaseDialog
    """One window showing at most one open plan."""

    def __init__(self, context: AppContext | None = None, pool: QThreadPool | None = None):
        super().__init__()
        self.context = context or AppContext()
        self.pool = pool
        self.document: PlanDocument | None = None
        self.timeline: TimelineView | None = None
        self.scheme = Scheme(str(self.context.settings.value("scheme", Scheme.SYSTEM.value)))
        self._select_after: Key | None = None
        self._rename_after = False
        self.setObjectName("main-window")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self._build_central()
        self._build_docks()
        self.actions_by_id = build_actions(self, self._handler)
        self.menus = build_menus(self.menuBar(), self.actions_by_id)
        self._build_recent_menu()
        self.template_actions = install_template_menu(self)
        self._build_toolbar()
        self._build_status_bar()
        #: Answers the Excel import's questions; None shows the real dialogs (tests set it).
        self.exchange_interaction: Interaction | None = None
        self.conditions: dict[str, Callable[[], bool]] = {
            "always": lambda: True,
            "plan": lambda: self.document is not None,
            "writable": lambda: bool(self.document and not self.document.service.store.readonly),
            "task": lambda: bool(self.selected_task_ids()),
            "two_tasks": lambda: len(self.selected_task_ids()) >= 2,
            "item": lambda: bool(self.timeline and self.timeline.selected_keys()),
            "can_undo": lambda: bool(self.document and self.document.undo_stack.canUndo()),
            "can_redo": lambda: bool(self.document and self.document.undo_stack.canRedo()),
        }
        self.resize(1500, 900)
        self._restore_settings()
        # The welcome page stands alone: docks with nothing to show are hidden
        # while it is up and come back as they were when a plan opens.
        self._hidden_for_welcome: list[QDockWidget] | None = None
        self.stack.currentChanged.connect(self._on_page_changed)
        self._on_page_changed()
        self._update_title()
        self.update_actions()

    def _handler(self, name: str) -> Callable[..., object]:
        method = getattr(self, name)
        return lambda *_: method()

    # -- building -----------------------------------------------------------------------
    def _build_central(self) -> None:
        self.welcome = WelcomePage(self)
        self.welcome.new_requested.connect(self.new_plan)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.template_requested.connect(lambda: new_plan_from_template(self))
        self.welcome.demo_requested.connect(lambda: open_demo(self))
        self.welcome.recent_requested.connect(lambda path: self.open_plan(Path(path)))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("views")
        self.tabs.setDocumentMode(True)
        self.stack = _PageStack(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.portfolio = PortfolioPanel(self)
        self.properties = PropertiesPanel(self)
        self.problems = ProblemsPanel(self)
        self.portfolio_dock = self._dock(
            "Portfolio", "portfolio-dock", self.portfolio, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.properties_dock = self._dock(
            "Properties", "properties-dock", self.properties, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.problems_dock = self._dock(
            "Problems", "problems-dock", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.history = HistoryPanel(self)
        self.history_dock = self._dock(
            "History", "history-dock", self.history, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.history_dock.visibilityChanged.connect(
            lambda visible: self.history.refresh() if visible else None
        )
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.arrange_docks()
        self.portfolio.release_selected.connect(
            lambda ident: self.select_keys([(RowKind.RELEASE, ident)])
        )
        self.problems.culprit_selected.connect(
            lambda kind, ident: self.select_keys([(RowKind(kind), ident)])
        )

    def _build_recent_menu(self) -> None:
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recent-menu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu = self.menus["&File"]
        file_menu.insertMenu(self.actions_by_id["relm.file.save"], self.recent_menu)
        # View ▸ Panels: a checkable entry per dock (the toggles Qt keeps in step),
        # just above Reset Layout, which the action table declares.
        self.panels_menu = QMenu("&Panels", self)
        self.panels_menu.setObjectName("panels-menu")
        for dock in self.docks:
            self.panels_menu.addAction(dock.toggleViewAction())
        self.menus["&View"].insertMenu(
            self.actions_by_id["relm.view.reset_layout"], self.panels_menu
        )
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.context.recent_files()
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {path.name}  —  {path.parent}")
            action.setData(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_plan(p))
        if recent:
            self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("Clear Recent Plans")
        clear.setEnabled(bool(recent))
        clear.triggered.connect(self._clear_recent)
        self.welcome.set_recent(recent)

    def _clear_recent(self) -> None:
        self.context.clear_recent()
        self._fill_recent_menu()

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        build_toolbar(self.toolbar, self.actions_by_id)
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        self.toolbar.addWidget(spacer)
        self.find_edit = QLineEdit(self.toolbar)
        self.find_edit.setObjectName("find-edit")
        self.find_edit.setPlaceholderText("Find task…  (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setFixedWidth(240)
        self.find_edit.returnPressed.connect(self.find_next)
        self.toolbar.addWidget(self.find_edit)
        self.addToolBar(self.toolbar)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # indeterminate: the scheduler reports no steps
        self.busy_bar.setFixedWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.stats_label = QLabel(self)
        self.stats_label.setObjectName("stats-label")
        self.zoom_label = QLabel(self)
        bar.addPermanentWidget(self.busy_bar)
        bar.addPermanentWidget(self.stats_label)
        bar.addPermanentWidget(self.zoom_label)

    # -- open / close -------------------------------------------------------------------
    def open_plan(self, path: Path) -> bool:
        """Open ``path`` (closing the current plan first); False if it could not be opened."""
        if is_server_location(path):  # a server URL, from the recent list or `relm URL`
            return self.open_server_location(str(path))
        path = Path(path)
        if self.document is not None and self.document.path == path.resolve():
            return True
        if not path.exists():
            self.context.prompts.error(self, "Open plan", f"{path} does not exist.")
            self.context.remove_recent(path)
            self._fill_recent_menu()
            return False
        try:
            service = PlanService.open(path, lock=True)
        except (PlanLockedError, PlanReadOnlyError) as exc:
            title = "Plan in use" if isinstance(exc, PlanLockedError) else "Plan is read-only"
            if not self.context.prompts.confirm(self, title, f"{exc}\n\nOpen it read-only?"):
                return False
            try:
                service = PlanService.open(path, readonly=True)
            except PlanFileError as again:
                self.context.prompts.error(self, "Open plan", str(again))
                return False
        except PlanFileError as exc:
            self.context.prompts.error(self, "Open plan", str(exc))
            return False
        self.close_plan()
        self._attach(PlanDocument(service, self.pool))
        self.context.add_recent(path)
        self._fill_recent_menu()
        if service.migrated_from is not None:
            self.statusBar().showMessage(
                f"Upgraded; the old file was kept as {service.migrated_from}"
            )
        return True

    def _attach(self, document: PlanDocument) -> None:
        self.document = document
        timeline = TimelineView(document, self.context.prompts, self)
        self.timeline = timeline
        self.install_columns(timeline)  # before the splitter, which was saved to fit them
        splitter = self.context.settings.value("timeline/splitter")
        if isinstance(splitter, QByteArray):
            timeline.splitter.restoreState(splitter)
        zoom = self.context.settings.value("timeline/zoom")
        if zoom is not None:
            timeline.chart.scale = type(timeline.chart.scale)(
                timeline.chart.scale.origin, Zoom(int(zoom))
            )
        timeline.chart.set_colors(apply_scheme(running_app(), self.scheme))
        self.tabs.addTab(timeline, "Timeline")
        self.stack.setCurrentWidget(self.tabs)
        document.scheduled.connect(self._on_scheduled)
        document.busy.connect(self._on_busy)
        document.progress.connect(self._on_progress)
        document.failed.connect(self._on_failed)
        stack = document.undo_stack
        stack.indexChanged.connect(lambda _: self.update_actions())
        stack.cleanChanged.connect(lambda _: self.update_actions())
        timeline.selection_changed.connect(self._on_selection)
        timeline.edit_requested.connect(self._on_edit_requested)
        timeline.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        timeline.chart.zoomed.connect(lambda _: self._show_zoom())
        timeline.options_changed.connect(self.sync_view_actions)
        self.sync_view_actions()  # a plan opens unfiltered
        self.properties.set_document(document)
        self.history.set_service(document.service)
        # The other views are built after the timeline has shown the first
        # schedule (see _on_scheduled): built while the plan loads, they took
        # the GIL from the loading worker and delayed the first paint.
        self.views: list[QWidget] = []
        self._views_for: PlanDocument | None = None
        self._show_zoom()
        self._update_title()
        self.update_actions()
        self.statusBar().showMessage(f"Opening {document.path}…")
        # Load once the window has painted (see first_paint.py).
        after_first_paint(timeline.chart.viewport(), lambda: self._first_schedule(document))
        self.server_attached(document)

    def _first_schedule(self, document: PlanDocument) -> None:
        if document is self.document and document.snapshot is None and not document.is_busy():
            document.reschedule()

    def _views_later(self) -> None:
        """Build the other views shortly, once for the open document."""
        document = self.document
        if document is not None and self._views_for is not document:
            QTimer.singleShot(VIEWS_DELAY_MS, self, lambda: self._install_views(document))

    def _install_views(self, document: PlanDocument) -> None:
        """The views beyond the timeline, once for the open document, a view per tick."""
        if document is not self.document or self._views_for is document:
            return
        self._views_for = document
        self.views = install_views_stepwise(self, document)

    def close_plan(self) -> bool:
        """Close the open plan (every edit is already saved)."""
        if self.document is None:
            return True
        self.save_settings()
        document, self.document = self.document, None
        self._views_for = None
        if self.timeline is not None:
            self.tabs.removeTab(self.tabs.indexOf(self.timeline))
            self.timeline.deleteLater()
            self.timeline = None
        # The views beyond the timeline go now, not when the next plan's replace
        # them: until then they held the closed plan's snapshot, graph and layout
        # (~45,000 objects at 3,000 tasks). A view with ``detach`` lets go of its
        # data and background work at once. The list is emptied in place: it is
        # the one the stepwise installer fills and removes on the document's end.
        for view in self.views:
            detach = getattr(view, "detach", None)
            if detach is not None:
                detach()
            index = self.tabs.indexOf(view)
            if index >= 0:
                self.tabs.removeTab(index)
            view.deleteLater()
        self.views.clear()
        self.views = []
        document.close()
        document.deleteLater()
        self.portfolio.model.set_releases([], {})
        self.problems.model.set_problems([])
        self.problems_dock.setWindowTitle("Problems")
        self.properties.set_document(None)
        self.history.set_service(None)
        self.stack.setCurrentWidget(self.welcome)
        self.stats_label.clear()
        self.zoom_label.clear()
        self.busy_bar.hide()
        self._update_title()
        self.update_actions()
        return True

    # -- reacting -----------------------------------------------------------------------
    def _on_scheduled(self, snapshot: Snapshot) -> None:
        self._views_later()
        data, result = snapshot.data, snapshot.result
        self.portfolio.model.set_releases(list(data.releases), dict(result.release_golive))
        names = {t.id: t.name for t in data.tasks}
        problems = problems_of(result, names)
        self.problems.model.set_problems(problems)
        self.problems_dock.setWindowTitle(f"Problems ({len(problems)})" if problems else "Problems")
        self.properties.refresh()
        if not self.history_dock.visibleRegion().isEmpty():
            self.history.refresh()
        finish = f" · finish {dates.format_date(result.finish)}" if result.finish else ""
        self.stats_label.setText(
            f"{plural(len(data.releases), 'release')} · "
            f"{plural(len(data.tasks), 'task', thousands=True)} · "
            f"{plural(len(data.links), 'link', thousands=True)}{finish}{self.as_of_text(data)}"
        )
        self.stats_label.setToolTip(f"Read and scheduled in {snapshot.seconds * 1000:.0f} ms")
        self._update_title()
        if self._select_after is not None and self.timeline is not None:
            key, self._select_after = self._select_after, None
            self.timeline.select_keys([key])
            if self._rename_after:
                self._rename_after = False
                self.timeline.rename(*key)
        self.update_actions()

    def _on_progress(self, percent: int, label: str) -> None:
        """Opening or rescheduling moved on a step: show how far it got."""
        self.busy_bar.setRange(0, 100)
        self.busy_bar.setValue(percent)
        self.busy_bar.setToolTip(label)
        if self.statusBar().currentMessage().startswith("Opening"):
            path = self.document.path if self.document else ""
            self.statusBar().showMessage(f"Opening {path}… {label}")

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.busy_bar.setRange(0, 0)  # indeterminate until the first step reports
        self.busy_bar.setVisible(busy)
        if not busy and self.statusBar().currentMessage().startswith("Opening"):
            self.statusBar().clearMessage()

    def _on_failed(self, message: str) -> None:
        document = self.document
        if document is not None and document.snapshot is None:
            # The plan could not be read at all (rows edited outside RELM): an
            # empty window with a clipped status line would say nothing.
            path = document.path
            self.close_plan()
            self.context.prompts.error(
                self,
                "Open plan",
                f"{path} cannot be shown.\n\n{message.removeprefix('Scheduling failed: ')}",
            )
            return
        self._views_later()
        self.statusBar().showMessage(message, 10_000)
        QApplication.beep()

    def _on_selection(self, keys: list[Key]) -> None:
        self.properties.show_key(keys[0] if keys else None)
        kind, ident = keys[0] if keys else (None, None)
        self.history.set_selected(str(kind) if kind else None, ident)  # RowKind = table name
        self.update_actions()

    def _on_edit_requested(self, kind: str, ident: int) -> None:
        self.properties.show_key((RowKind(kind), ident))
        self.properties_dock.show()
        self.properties_dock.raise_()
        self.properties.setFocus()

    def _show_zoom(self) -> None:
        if self.timeline is None:
            return
        zoom = self.timeline.chart.scale.zoom
        # As wide as the widest level's text: a zoom step then repaints the
        # label alone instead of laying out the whole status bar again.
        metrics = self.zoom_label.fontMetrics()
        widest = max(metrics.horizontalAdvance(f"Zoom: {level.label}s") for level in Zoom)
        self.zoom_label.setMinimumWidth(widest + 4)
        self.zoom_label.setText(f"Zoom: {zoom.label}s")
        name = f"relm.view.zoom.{zoom.name.lower()}"
        self.actions_by_id[name].setChecked(True)

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowFilePath("")
            return
        path = self.document.path
        self.setWindowFilePath(str(path) if path else "")
        readonly = " [read-only]" if self.document.service.store.readonly else ""
        name = path.name if path else ""
        self.setWindowTitle(f"{self.document.title} — {name}{readonly} — {APP_NAME}")

    def update_actions(self) -> None:
        from relm_desktop.gui.actions import ACTIONS

        for item in ACTIONS:
            self.actions_by_id[item.id].setEnabled(self.conditions[item.when]())
        stack = self.document.undo_stack if self.document else None
        undo_text = stack.undoText() if stack else ""
        redo_text = stack.redoText() if stack else ""
        self.actions_by_id["relm.edit.undo"].setText(f"&Undo {undo_text}".strip())
        self.actions_by_id["relm.edit.redo"].setText(f"&Redo {redo_text}".strip())

    # -- Qt events (drops: file_drop.FileDropMixin) ---------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # QWidget.closeEvent
        self.save_settings()
        self.close_plan()
        event.accept()


class _PageStack(QStackedWidget):
    """The welcome page or the views: only the page shown bounds the window's size.

    QStackedWidget asks for the largest page's minimum, so the hidden welcome
    page (~510 px tall) kept a 1280×720 window from fitting its screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # QWidget.minimumSizeHint
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # QWidget.sizeHint
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()
