"""View ▸ Focus Graph on Selection: the Dependencies view's focus mode from anywhere.

The command brings the Dependencies tab forward and shows only the selected
task's upstream and downstream; the view's own Focus button and Esc switch
it too, and the window's check mark follows the view (``DependencyView``
binds the action when first shown). It changes what is shown, never the
plan: nothing goes on the undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relm_desktop.gui.views.depgraph import FOCUS_ACTION, DependencyView

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

    _Base = QMainWindow
else:
    _Base = object


class GraphHandlersMixin(_Base):
    """The handler of ``relm.view.graph_focus``."""

    if TYPE_CHECKING:  # the main window's state this handler uses (set by MainWindow)
        actions_by_id: dict[str, QAction]
        tabs: QTabWidget
        views: list[QWidget]

    def toggle_graph_focus(self) -> None:
        """Focus the dependency graph on the selection, or leave focus (a check action)."""
        action = self.actions_by_id[FOCUS_ACTION]
        view = next((v for v in getattr(self, "views", []) if isinstance(v, DependencyView)), None)
        if view is None:  # no plan, or its views are not built yet
            action.setChecked(False)
            return
        on = action.isChecked()
        if on:
            self.tabs.setCurrentWidget(view)  # shown first: it draws from the newest snapshot
            view.canvas.setFocus()  # so Esc reaches it
        view.set_focus_mode(on)
