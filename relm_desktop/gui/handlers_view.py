"""View ▸ Zoom to Fit / to Selection, Filter and Group By (named by their ``ActionSpec``).

Filters and grouping change what the timeline shows, never the plan: they
push nothing on the undo stack.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from relm_desktop.gui.timeline.filtering import names_of
from relm_desktop.layout.filters import Grouping, RowFilter, ViewOptions

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.document import PlanDocument
    from relm_desktop.gui.timeline.view import TimelineView

    _Base = QMainWindow
else:
    _Base = object

#: The filter each menu item picks, and the item showing each filter.
_FILTER_ACTIONS = {
    RowFilter.ALL: "relm.view.filter.all",
    RowFilter.CRITICAL: "relm.view.filter.critical",
    RowFilter.LATE: "relm.view.filter.late",
    RowFilter.MILESTONES: "relm.view.filter.milestones",
    RowFilter.TEAM: "relm.view.filter.team",
    RowFilter.ENVIRONMENT: "relm.view.filter.environment",
}
_GROUP_ACTIONS = {
    Grouping.PHASE: "relm.view.group.phase",
    Grouping.TEAM: "relm.view.group.team",
    Grouping.ENVIRONMENT: "relm.view.group.environment",
}


class ViewHandlersMixin(_Base):
    """How the timeline is read: zoom to fit, filters and grouping."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        document: PlanDocument | None
        timeline: TimelineView | None
        actions_by_id: dict[str, QAction]

    # -- zoom -------------------------------------------------------------------------
    def zoom_fit(self) -> None:
        if self.timeline is not None and not self.timeline.zoom_to_fit():
            self.statusBar().showMessage(
                "The plan is longer than the chart shows even in quarters: shown from its start",
                6000,
            )

    def zoom_selection(self) -> None:
        if self.timeline is not None and not self.timeline.zoom_to_selection():
            self.statusBar().showMessage("Select a dated row to zoom to", 4000)

    # -- filters ----------------------------------------------------------------------
    def filter_all(self) -> None:
        self._set_filter(RowFilter.ALL)

    def filter_critical(self) -> None:
        self._set_filter(RowFilter.CRITICAL)

    def filter_late(self) -> None:
        self._set_filter(RowFilter.LATE)

    def filter_milestones(self) -> None:
        self._set_filter(RowFilter.MILESTONES)

    def filter_team(self) -> None:
        self._pick(RowFilter.TEAM, "Filter by Team", "Show the tasks of:", "No team", 0)

    def filter_environment(self) -> None:
        self._pick(
            RowFilter.ENVIRONMENT,
            "Filter by Environment",
            "Show the tasks in:",
            "No environment",
            1,
        )

    def _pick(self, kind: RowFilter, title: str, label: str, none: str, which: int) -> None:
        """Ask which team (or environment) to show; Cancel keeps the filter as it was."""
        snapshot = self.document.snapshot if self.document is not None else None
        if snapshot is None or self.timeline is None:
            return
        names = names_of(snapshot.data)[which]
        ids = sorted(names, key=lambda i: names[i].casefold())
        choices = [names[i] for i in ids] + [none]
        options = self.timeline.options
        current = (
            choices.index(names[options.value])
            if (options.filter is kind and options.value in names)
            else 0
        )
        text, ok = QInputDialog.getItem(self, title, label, choices, current, False)
        if not ok:
            self.sync_view_actions()  # the radio item clicked goes back to the filter shown
            return
        position = choices.index(text)
        value = ids[position] if position < len(ids) else None
        self._set_options(replace(options, filter=kind, value=value))

    def _set_filter(self, kind: RowFilter) -> None:
        if self.timeline is not None:
            self._set_options(replace(self.timeline.options, filter=kind, value=None))

    # -- grouping ---------------------------------------------------------------------
    def group_by_phase(self) -> None:
        self._set_grouping(Grouping.PHASE)

    def group_by_team(self) -> None:
        self._set_grouping(Grouping.TEAM)

    def group_by_environment(self) -> None:
        self._set_grouping(Grouping.ENVIRONMENT)

    def _set_grouping(self, grouping: Grouping) -> None:
        if self.timeline is not None:
            self._set_options(replace(self.timeline.options, grouping=grouping))

    def _set_options(self, options: ViewOptions) -> None:
        if self.timeline is not None:
            self.timeline.set_options(options)
        self.sync_view_actions()

    def sync_view_actions(self, *_: object) -> None:
        """Tick the Filter and Group By items the timeline shows (the filter bar
        clears both; a new plan opens unfiltered)."""
        options = self.timeline.options if self.timeline is not None else ViewOptions()
        self.actions_by_id[_FILTER_ACTIONS[options.filter]].setChecked(True)
        self.actions_by_id[_GROUP_ACTIONS[options.grouping]].setChecked(True)
