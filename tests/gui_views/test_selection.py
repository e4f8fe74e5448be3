"""The shared selection: one publication, every view follows, no echo loops."""

from __future__ import annotations

from typing import Any

from shiboken6 import isValid

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.calendar import CalendarView
from relm_desktop.gui.views.depgraph import DependencyView
from relm_desktop.gui.views.readiness import ReadinessView
from relm_desktop.gui.views.selection import SelectionBus
from relm_desktop.layout.timeline import RowKind
from tests.gui_views.conftest import task_id, view_of


def test_bus_drops_repeats_and_normalises_kinds(qtbot: Any) -> None:
    bus = SelectionBus()
    seen: list[list[Any]] = []
    bus.changed.connect(seen.append)
    bus.publish([("task", 3)])
    bus.publish([(RowKind.TASK, 3)])
    bus.publish([("release", 1), ("task", 4)])
    assert seen == [[(RowKind.TASK, 3)], [(RowKind.RELEASE, 1), (RowKind.TASK, 4)]]
    assert bus.task_ids() == [4] and bus.release_ids() == [1]


def test_one_selection_reaches_every_view(opened: MainWindow) -> None:
    graph = view_of(opened, DependencyView)
    calendar = view_of(opened, CalendarView)
    readiness = view_of(opened, ReadinessView)
    ident = task_id(opened, "Deploy to production", "Mobile")
    assert opened.timeline is not None
    opened.timeline.select_keys([(RowKind.TASK, ident)])
    assert opened.selection_bus.keys == [(RowKind.TASK, ident)]  # type: ignore[attr-defined]
    assert readiness.release() is not None and readiness.release().name == "Mobile App"
    assert calendar.canvas.selected == {ident}
    view_of(opened, DependencyView)  # a hidden view catches up when shown
    assert graph.selected_ids() == {ident}


def test_views_go_away_with_the_plan(qtbot: Any, opened: MainWindow) -> None:
    views = list(opened.views)  # type: ignore[attr-defined]
    assert all(opened.tabs.indexOf(v) >= 0 for v in views)
    opened.close_plan()
    # A view may already be deleted (deleteLater ran): that counts as gone too.
    qtbot.waitUntil(
        lambda: all(not isValid(v) or opened.tabs.indexOf(v) < 0 for v in views), timeout=5000
    )
