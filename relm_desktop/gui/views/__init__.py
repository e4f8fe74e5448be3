"""The views beyond the timeline: dependencies, risks, readiness, release calendar.

``install_views`` puts them into the main window's tabs and wires them to the
document's snapshots and to one shared selection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from relm_desktop.gui.views.selection import SelectionBus

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument


def install_views(window: Any, document: PlanDocument) -> list[QWidget]:
    """Create the views as tabs of ``window.tabs``; returns them in tab order.

    The views follow ``document.scheduled``; selection is shared through a
    ``SelectionBus`` kept as ``window.selection_bus``, which is also joined to
    the timeline when the window has one. The tabs go away by themselves
    when the document is destroyed (closing the plan).
    """
    from relm_desktop.gui.views.calendar import CalendarView
    from relm_desktop.gui.views.depgraph import DependencyView
    from relm_desktop.gui.views.readiness import ReadinessView
    from relm_desktop.gui.views.risks import RiskView

    bus = SelectionBus(document)
    window.selection_bus = bus
    views: list[QWidget] = [
        DependencyView(document, bus, window.tabs),
        RiskView(document, bus, window.tabs),
        ReadinessView(document, bus, window.tabs),
        CalendarView(document, bus, window.tabs),
    ]
    titles = ["Dependencies", "Risks", "Readiness", "Release calendar"]
    for view, title in zip(views, titles, strict=True):
        window.tabs.addTab(view, title)
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
    for view in views:
        if document.snapshot is not None:
            view._on_scheduled(document.snapshot)  # type: ignore[attr-defined]
    return views


def connect_timeline(timeline: Any, bus: SelectionBus) -> None:
    """Two-way selection between the timeline and the bus."""
    timeline.selection_changed.connect(bus.publish)

    def follow(keys: list[Any]) -> None:
        if list(timeline.selected_keys()) != list(keys):
            timeline.select_keys(keys)

    bus.changed.connect(follow)


def install_template_menu(window: Any) -> list[Any]:
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
