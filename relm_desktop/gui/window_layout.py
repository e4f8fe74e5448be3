"""The main window's layout: its docks, and what is kept of it between sessions.

Geometry, dock state, the palette, the timeline's splitter and zoom are saved
on closing and restored when a window is built; the welcome page hides the
docks, which come back as they were when a plan opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget

from relm_desktop.gui.theme import Scheme

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QStackedWidget

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.timeline.view import TimelineView
    from relm_desktop.gui.welcome import WelcomePage

    _Base = QMainWindow
else:
    _Base = object


class WindowLayoutMixin(_Base):
    """Docks arranged, hidden for the welcome page, saved and restored (set up by MainWindow)."""

    if TYPE_CHECKING:  # the main window's state this uses
        context: AppContext
        scheme: Scheme
        timeline: TimelineView | None
        actions_by_id: dict[str, QAction]
        stack: QStackedWidget
        welcome: WelcomePage
        portfolio_dock: QDockWidget
        properties_dock: QDockWidget
        problems_dock: QDockWidget
        history_dock: QDockWidget
        _hidden_for_welcome: list[QDockWidget] | None

    @property
    def docks(self) -> list[QDockWidget]:
        """Every dock, in the order View ▸ Panels lists them."""
        return [self.portfolio_dock, self.properties_dock, self.problems_dock, self.history_dock]

    def arrange_docks(self) -> None:
        """The default arrangement: every dock shown, docked where the app first puts it."""
        for dock, area in (
            (self.portfolio_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
            (self.properties_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
            (self.problems_dock, Qt.DockWidgetArea.BottomDockWidgetArea),
            (self.history_dock, Qt.DockWidgetArea.BottomDockWidgetArea),
        ):
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.show()
        self.tabifyDockWidget(self.problems_dock, self.history_dock)
        self.problems_dock.raise_()
        # Portfolio above properties on the left, running the full height, so the
        # timeline keeps the whole width to the right.
        self.splitDockWidget(self.portfolio_dock, self.properties_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.portfolio_dock], [340], Qt.Orientation.Horizontal)
        self.resizeDocks(
            [self.portfolio_dock, self.properties_dock], [300, 420], Qt.Orientation.Vertical
        )
        self.resizeDocks([self.problems_dock], [140], Qt.Orientation.Vertical)

    # -- settings: the window's layout kept between sessions --------------------------
    def _restore_settings(self) -> None:
        settings = self.context.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for spec_id, scheme in (
            ("relm.view.theme.system", Scheme.SYSTEM),
            ("relm.view.theme.light", Scheme.LIGHT),
            ("relm.view.theme.dark", Scheme.DARK),
        ):
            self.actions_by_id[spec_id].setChecked(scheme == self.scheme)

    def _on_page_changed(self, _index: int = 0) -> None:
        welcome = self.stack.currentWidget() is self.welcome
        docks = self.docks
        if welcome and self._hidden_for_welcome is None:
            self._hidden_for_welcome = [d for d in docks if not d.isHidden()]
            for dock in self._hidden_for_welcome:
                dock.hide()
        elif not welcome and self._hidden_for_welcome is not None:
            for dock in self._hidden_for_welcome:
                dock.show()
            self._hidden_for_welcome = None

    def save_settings(self) -> None:
        settings = self.context.settings
        settings.setValue("window/geometry", self.saveGeometry())
        hidden = self._hidden_for_welcome or []
        for dock in hidden:  # save the layout a plan has, not the welcome page's
            dock.show()
        settings.setValue("window/state", self.saveState())
        for dock in hidden:
            dock.hide()
        settings.setValue("scheme", self.scheme.value)
        if self.timeline is not None:
            settings.setValue("timeline/splitter", self.timeline.splitter.saveState())
            settings.setValue("timeline/zoom", int(self.timeline.chart.scale.zoom))
        settings.sync()
