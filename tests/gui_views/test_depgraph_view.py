"""The Dependencies view: nodes, selection both ways, cycles marked, release mode."""

from __future__ import annotations

import contextlib
import gc
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from relm_desktop import gcpause
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import DARK, LIGHT, Scheme
from relm_desktop.gui.views.depgraph import DependencyView
from relm_desktop.gui.views.graph_model import GraphMode, release_cycles
from relm_desktop.gui.views.graph_worker import LAYOUT_SWITCH_INTERVAL, LayoutJob
from relm_desktop.layout.depgraph import Metrics
from relm_desktop.layout.timeline import RowKind
from tests.gui_views.conftest import settle, stored, task_id, view_of


def laid_out(qtbot: Any, view: DependencyView) -> None:
    """Wait until the layout worker delivered the graph the view asked for."""
    qtbot.waitUntil(
        lambda: (
            view.content is not None and not view.is_laying_out() and view.canvas.item is not None
        ),
        timeout=15_000,
    )
    assert not view.overlay.isVisible()


def shown(qtbot: Any, win: MainWindow) -> DependencyView:
    view = view_of(win, DependencyView)
    laid_out(qtbot, view)
    return view


class HeldPool:
    """Stands in for the thread pool: keeps jobs until the test runs them."""

    def __init__(self) -> None:
        self.jobs: list[LayoutJob] = []

    def start(self, run: Callable[[], None]) -> None:
        job = run.__self__  # type: ignore[attr-defined]  # the pool gets the job's run
        assert isinstance(job, LayoutJob)
        self.jobs.append(job)


def node_point(view: DependencyView, ident: int) -> QPoint:
    """Viewport point at the centre of node ``ident`` (scrolled into view)."""
    item = view.canvas.item
    assert item is not None
    box = item.layout.nodes[ident]
    view.canvas.centerOn(box.x + box.w / 2, box.center_y)
    return view.canvas.mapFromScene(box.x + box.w / 2, box.center_y)


def test_graph_shows_every_task_and_link(qtbot: Any, opened: MainWindow) -> None:
    view = shown(qtbot, opened)
    data = opened.document.snapshot.data  # type: ignore[union-attr]
    assert view.content is not None and view.content.layout is not None
    assert set(view.content.nodes) == {t.id for t in data.tasks}
    assert len(view.content.edges) == len(data.links)
    assert "80 tasks" in view.summary.text()
    cross = [e for e in view.content.edges if e.cross_release]
    assert len(cross) == 3  # the demo's three links between releases
    assert any(e.supplier for e in view.content.edges)
    assert any(n.critical for n in view.content.nodes.values())
    view.canvas.viewport().grab()  # paints without warnings
    assert view.canvas.item.painted_nodes > 0  # type: ignore[union-attr]
    assert not view.banner.isVisible()


def test_clicking_a_node_selects_the_task_everywhere(qtbot: Any, opened: MainWindow) -> None:
    view = shown(qtbot, opened)
    ident = task_id(opened, "Code freeze", "Payments")
    point = node_point(view, ident)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.selection_bus.keys == [(RowKind.TASK, ident)]  # type: ignore[attr-defined]
    assert opened.timeline is not None
    assert opened.timeline.selected_task_ids() == [ident]
    assert view.selected_ids() == {ident}


def test_selecting_in_the_timeline_highlights_the_node(qtbot: Any, opened: MainWindow) -> None:
    view = shown(qtbot, opened)
    ident = task_id(opened, "Penetration test", "Payments")
    assert opened.timeline is not None
    opened.timeline.select_keys([(RowKind.TASK, ident)])
    assert view.selected_ids() == {ident}
    assert view.canvas.item is not None and view.canvas.item.selected == {ident}


def linked_in_file(path: Path, links: list[tuple[int, int]]) -> None:
    """Write links straight into the plan file, loops included.

    The app refuses a link that would close a loop; a plan can still hold
    one (an older file, a workbook import), and the graph must show it.
    """
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.executemany(
            "INSERT INTO dependency (predecessor_id, successor_id, type, lag)"
            " VALUES (?, ?, 'FS', 0)",
            links,
        )


def file_task(path: Path, name: str, release: str) -> int:
    data = stored(path)
    rid = next(r.id for r in data.releases if r.name.startswith(release))
    return next(t.id for t in data.tasks if t.name == name and t.release_id == rid)


def open_demo(qtbot: Any, window: MainWindow, path: Path) -> MainWindow:
    assert window.open_plan(path)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: len(window.views) == 4, timeout=5_000)  # type: ignore[attr-defined]
    return window


def test_a_cycle_in_the_plan_appears_marked(
    qtbot: Any, window: MainWindow, demo_path: Path
) -> None:
    first = file_task(demo_path, "Agree release scope", "Mobile")
    later = file_task(demo_path, "System integration test", "Mobile")
    linked_in_file(demo_path, [(later, first)])  # closes a loop through the release's chain
    opened = open_demo(qtbot, window, demo_path)
    view = shown(qtbot, opened)
    assert view.content is not None and view.content.layout is not None
    assert view.banner.isVisible()
    text = view.banner.text()
    assert "dependency cycle" in text
    assert "'Agree release scope'" in text and "'System integration test'" in text
    on_cycle = {i for i, n in view.content.nodes.items() if n.in_cycle}
    assert {first, later} <= on_cycle
    marked = [r for r in view.content.layout.edges if r.in_cycle]
    assert marked and any(r.reversed for r in marked)
    assert any((r.source, r.target) == (later, first) for r in marked)
    view.canvas.viewport().grab()


def test_release_mode_and_filter(qtbot: Any, opened: MainWindow) -> None:
    view = shown(qtbot, opened)
    view.set_mode(GraphMode.RELEASES)
    assert view.overlay.isVisible() and "Laying out 5 releases" in view.overlay.label.text()
    laid_out(qtbot, view)
    data = opened.document.snapshot.data  # type: ignore[union-attr]
    assert view.content is not None
    assert set(view.content.nodes) == {r.id for r in data.releases}
    assert all(e.cross_release for e in view.content.edges)
    assert len(view.content.edges) == 3
    point = node_point(view, data.releases[1].id)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.selection_bus.keys == [(RowKind.RELEASE, data.releases[1].id)]  # type: ignore[attr-defined]
    view.set_mode(GraphMode.TASKS)
    laid_out(qtbot, view)
    payments = next(r for r in data.releases if r.name.startswith("Payments"))
    view.release_box.setCurrentIndex(view.release_box.findData(payments.id))
    laid_out(qtbot, view)
    own = {t.id for t in data.tasks if t.release_id == payments.id}
    assert own <= set(view.content.nodes)
    assert len(view.content.nodes) < len(data.tasks)


def test_zoom_and_fit(qtbot: Any, opened: MainWindow) -> None:
    view = shown(qtbot, opened)
    view.canvas.fit()
    fitted = view.canvas.zoom()
    view.canvas.zoom_by(2.0)
    assert abs(view.canvas.zoom() - 2 * fitted) < 1e-6
    view.canvas.fit()
    assert abs(view.canvas.zoom() - fitted) < 1e-6
    view.critical_box.setChecked(False)
    assert view.canvas.item is not None and not view.canvas.item.show_critical
    view.canvas.zoom_by(0.01)  # far out: batched boxes and the worker's prebuilt paths
    view.canvas.viewport().grab()
    item = view.canvas.item
    assert item.far is not None and item.painted_nodes == len(view.content.nodes)  # type: ignore[union-attr]


def test_mutual_links_between_releases_are_marked_as_a_cycle(
    qtbot: Any, window: MainWindow, demo_path: Path
) -> None:
    data = stored(demo_path)
    tasks = {t.id: t for t in data.tasks}
    link = next(
        k
        for k in data.links
        if tasks[k.predecessor_id].release_id != tasks[k.successor_id].release_id
    )
    ra, rb = tasks[link.predecessor_id].release_id, tasks[link.successor_id].release_id
    # the last task of release B feeds the first of release A: the releases now wait on each other
    last_b = [t.id for t in data.tasks if t.release_id == rb][-1]
    first_a = next(t.id for t in data.tasks if t.release_id == ra)
    linked_in_file(demo_path, [(last_b, first_a)])
    view = shown(qtbot, open_demo(qtbot, window, demo_path))
    view.set_mode(GraphMode.RELEASES)
    laid_out(qtbot, view)
    assert view.content is not None and view.content.layout is not None
    assert {ra, rb} <= {i for i, n in view.content.nodes.items() if n.in_cycle}
    assert view.banner.isVisible() and "depend on each other" in view.banner.text()
    names = {r.id: f"{r.name} {r.version}".strip() for r in data.releases}
    assert f"'{names[ra]}'" in view.banner.text() and f"'{names[rb]}'" in view.banner.text()
    marked = {(r.source, r.target) for r in view.content.layout.edges if r.in_cycle}
    assert {(ra, rb), (rb, ra)} <= marked
    view.canvas.viewport().grab()


def test_release_cycles_groups() -> None:
    assert release_cycles([1, 2, 3, 4], [(1, 2), (2, 1), (3, 4)]) == [(1, 2)]
    assert release_cycles([1, 2, 3], [(1, 2), (2, 3), (3, 1), (1, 1)]) == [(1, 2, 3)]
    assert release_cycles([1, 2], [(1, 2)]) == []


def test_layout_runs_on_a_worker_and_a_stale_result_is_dropped(
    qtbot: Any, opened: MainWindow
) -> None:
    view = shown(qtbot, opened)
    held = HeldPool()
    view.pool = held  # type: ignore[assignment]
    tasks_item = view.canvas.item
    view.set_mode(GraphMode.RELEASES)
    view.set_mode(GraphMode.TASKS)
    assert len(held.jobs) == 1  # back to the tasks graph: its layout is reused
    assert view.canvas.item is not tasks_item and view.content is not None
    assert view.content.mode is GraphMode.TASKS and not view.overlay.isVisible()
    view.set_mode(GraphMode.RELEASES)
    view.refresh_now()  # a reschedule that left the graph as it was: no second layout
    assert len(held.jobs) == 2
    stale, fresh = held.jobs[0], held.jobs[1]
    assert view.overlay.is_running()
    stale._stop.clear()  # pretend it finished before it saw the cancel
    stale.run()  # its result arrives late: dropped
    assert view.content.mode is GraphMode.TASKS and view.overlay.is_running()
    fresh.run()
    assert view.content.mode is GraphMode.RELEASES and not view.overlay.isVisible()
    assert view.canvas.item is not None and view.canvas.item.layout is fresh_layout(view)


def fresh_layout(view: DependencyView) -> object:
    assert view.content is not None
    return view.content.layout


def test_cancel_keeps_the_last_graph_and_offers_a_retry(qtbot: Any, opened: MainWindow) -> None:
    view = shown(qtbot, opened)
    before = view.canvas.item
    held = HeldPool()
    view.pool = held  # type: ignore[assignment]
    view.set_mode(GraphMode.RELEASES)
    assert view.overlay.is_running()
    progress: list[float] = []
    held.jobs[0].signals.progress.connect(lambda _g, f: progress.append(f))
    qtbot.mouseClick(view.overlay.button, Qt.MouseButton.LeftButton)
    held.jobs[0].run()  # the worker sees the request at its next progress point
    assert view.canvas.item is before and not view.is_laying_out()
    assert view.overlay.isVisible() and "cancelled" in view.overlay.label.text()
    qtbot.mouseClick(view.overlay.button, Qt.MouseButton.LeftButton)  # lay out again
    assert len(held.jobs) == 2 and view.overlay.is_running()
    held.jobs[1].run()
    assert view.content is not None and view.content.mode is GraphMode.RELEASES
    assert not view.overlay.isVisible()


def test_dark_mode_repaints_without_a_rebuild(qtbot: Any, opened: MainWindow) -> None:
    view = shown(qtbot, opened)
    item = view.canvas.item
    assert item is not None and item.colors is LIGHT
    try:
        opened.set_scheme(Scheme.DARK)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: item.colors is DARK)  # the palette events are posted
        assert view.canvas.item is item  # same item, no rebuild, no new layout
        view.canvas.viewport().grab()
    finally:
        opened.set_scheme(Scheme.LIGHT)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: item.colors is LIGHT)


def test_a_job_restores_the_interpreter_settings_it_changes(qtbot: Any) -> None:
    interval, collecting = sys.getswitchinterval(), gc.isenabled()
    job = LayoutJob(1, [1, 2, 3], [(1, 2), (2, 3)], Metrics())
    seen: list[tuple[float, bool, bool]] = []
    job.signals.progress.connect(
        lambda _g, _f: seen.append((sys.getswitchinterval(), gc.isenabled(), gcpause.busy()))
    )
    results: list[Any] = []
    job.signals.done.connect(lambda _g, result: results.append(result))
    job.run()
    # The collector is paused through gcpause, so the idle collector knows to wait.
    assert seen and all(s == (LAYOUT_SWITCH_INTERVAL, False, True) for s in seen)
    assert (sys.getswitchinterval(), gc.isenabled()) == (interval, collecting)
    assert not gcpause.busy()
    assert results and set(results[0].layout.nodes) == {1, 2, 3} and results[0].far
