"""The views beyond the timeline: dependencies, risks, readiness, release calendar.

``install_views`` puts them into the main window's tabs and wires them to the
document's snapshots and to one shared selection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from relm_desktop.gui.views.selection import SelectionBus

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from relm_desktop.gui.document import PlanDocument
    from relm_desktop.gui.main_window import MainWindow
    from relm_desktop.gui.timeline.view import TimelineView
    from relm_desktop.gui.views.calendar import CalendarView
    from relm_desktop.gui.views.depgraph import DependencyView
    from relm_desktop.gui.views.readiness import ReadinessView
    from relm_desktop.gui.views.risks import RiskView
    from relm_desktop.layout.timeline import Key

    _View = type[DependencyView] | type[RiskView] | type[ReadinessView] | type[CalendarView]


def install_views(window: MainWindow, document: PlanDocument) -> list[QWidget]:
    """Create the views as tabs of ``window.tabs``; returns them in tab order.

    The views follow ``document.scheduled``; selection is shared through a
    ``SelectionBus`` kept as ``window.selection_bus``, which is also joined to
    the timeline when the window has one. The tabs go away by themselves
    when the document is destroyed (closing the plan).
    """
    views: list[QWidget] = []
    for step in _view_steps(window, document, views):
        step()
    return views


def install_views_stepwise(window: MainWindow, document: PlanDocument) -> list[QWidget]:
    """``install_views``, one view per event-loop tick.

    Each view costs 5-55 ms to build and lay out; all four at once held the
    window ~100 ms. The list returned fills up as the views are built.
    """
    views: list[QWidget] = []
    steps = iter(_view_steps(window, document, views))
    guard = QObject(document)  # gone with the document: the remaining steps are dropped

    def next_step() -> None:
        step = next(steps, None)
        if step is not None:
            step()
            QTimer.singleShot(0, guard, next_step)

    next_step()
    return views


def _view_steps(
    window: MainWindow, document: PlanDocument, views: list[QWidget]
) -> list[Callable[[], None]]:
    """The steps of building the views: the shared selection, then one per view."""
    from relm_desktop.gui.views.calendar import CalendarView
    from relm_desktop.gui.views.depgraph import DependencyView
    from relm_desktop.gui.views.readiness import ReadinessView
    from relm_desktop.gui.views.risks import RiskView

    kinds = [
        (DependencyView, "Dependencies"),
        (RiskView, "Risks"),
        (ReadinessView, "Readiness"),
        (CalendarView, "Release calendar"),
    ]

    def start() -> None:
        bus = SelectionBus(document)
        window.selection_bus = bus
        timeline = getattr(window, "timeline", None)
        if timeline is not None:
            connect_timeline(timeline, bus)

        def remove() -> None:
            for view in views:
                index = window.tabs.indexOf(view)
                if index >= 0:
                    window.tabs.removeTab(index)
                view.deleteLater()

        document.destroyed.connect(remove)

    def add(kind: _View, title: str) -> None:
        view = kind(document, window.selection_bus, window.tabs)
        window.tabs.addTab(view, title)
        views.append(view)
        if document.snapshot is not None:
            view._on_scheduled(document.snapshot)

    return [start, *(lambda k=kind, t=title: add(k, t) for kind, title in kinds)]


def connect_timeline(timeline: TimelineView, bus: SelectionBus) -> None:
    """Two-way selection between the timeline and the bus."""
    timeline.selection_changed.connect(bus.publish)

    def follow(keys: list[Key]) -> None:
        if list(timeline.selected_keys()) != list(keys):
            timeline.select_keys(keys)

    bus.changed.connect(follow)


def install_template_menu(window: MainWindow) -> list[QAction]:
    """Put the template commands into the window's File menu, after its first entry.

    The release preselected when saving is the one selected in any view.
    """
    from relm_desktop.gui.views.templates import template_actions

    def current_release() -> int | None:
        bus = getattr(window, "selection_bus", None)
        if bus is None or window.document is None or window.document.snapshot is None:
            return None
        if bus.release_ids():
            return int(bus.release_ids()[0])
        tasks = {t.id: t.release_id for t in window.document.snapshot.data.tasks}
        found = [tasks[t] for t in bus.task_ids() if t in tasks]
        return found[0] if found else None

    actions = template_actions(window, lambda: window.document, current_release)
    menu = window.menus["&File"]
    anchor = window.actions_by_id.get("relm.file.save")
    for action in actions:
        menu.insertAction(anchor, action) if anchor is not None else menu.addAction(action)
    if anchor is not None:
        menu.insertSeparator(anchor)
    return actions
