"""The Dependencies view: nodes, selection both ways, cycles marked, release mode."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.depgraph import DependencyView
from relm_desktop.gui.views.graph_model import GraphMode
from relm_desktop.layout.timeline import RowKind
from tests.gui_views.conftest import settle, stored, task_id, view_of


def node_point(view: DependencyView, ident: int) -> QPoint:
    """Viewport point at the centre of node ``ident`` (scrolled into view)."""
    item = view.canvas.item
    assert item is not None
    box = item.layout.nodes[ident]
    view.canvas.centerOn(box.x + box.w / 2, box.center_y)
    return view.canvas.mapFromScene(box.x + box.w / 2, box.center_y)


def test_graph_shows_every_task_and_link(opened: MainWindow) -> None:
    view = view_of(opened, DependencyView)
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
    view = view_of(opened, DependencyView)
    ident = task_id(opened, "Code freeze", "Payments")
    point = node_point(view, ident)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.selection_bus.keys == [(RowKind.TASK, ident)]  # type: ignore[attr-defined]
    assert opened.timeline is not None
    assert opened.timeline.selected_task_ids() == [ident]
    assert view.selected_ids() == {ident}


def test_selecting_in_the_timeline_highlights_the_node(opened: MainWindow) -> None:
    view = view_of(opened, DependencyView)
    ident = task_id(opened, "Penetration test", "Payments")
    assert opened.timeline is not None
    opened.timeline.select_keys([(RowKind.TASK, ident)])
    assert view.selected_ids() == {ident}


def test_a_cycle_made_by_linking_appears_marked(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, DependencyView)
    doc = opened.document
    assert doc is not None
    first = task_id(opened, "Agree release scope", "Mobile")
    later = task_id(opened, "System integration test", "Mobile")
    assert doc.link(later, first)  # closes a loop through the release's chain
    settle(qtbot, opened)
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
    links = {(link.predecessor_id, link.successor_id) for link in stored(doc.path).links}  # type: ignore[arg-type]
    assert (later, first) in links
    doc.undo_stack.undo()
    settle(qtbot, opened)
    assert not view.banner.isVisible()
    assert not any(n.in_cycle for n in view.content.nodes.values())


def test_release_mode_and_filter(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, DependencyView)
    view.set_mode(GraphMode.RELEASES)
    data = opened.document.snapshot.data  # type: ignore[union-attr]
    assert view.content is not None
    assert set(view.content.nodes) == {r.id for r in data.releases}
    assert all(e.cross_release for e in view.content.edges)
    assert len(view.content.edges) == 3
    point = node_point(view, data.releases[1].id)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.selection_bus.keys == [(RowKind.RELEASE, data.releases[1].id)]  # type: ignore[attr-defined]
    view.set_mode(GraphMode.TASKS)
    payments = next(r for r in data.releases if r.name.startswith("Payments"))
    view.release_box.setCurrentIndex(view.release_box.findData(payments.id))
    own = {t.id for t in data.tasks if t.release_id == payments.id}
    assert own <= set(view.content.nodes)
    assert len(view.content.nodes) < len(data.tasks)


def test_zoom_and_fit(opened: MainWindow) -> None:
    view = view_of(opened, DependencyView)
    view.canvas.fit()
    fitted = view.canvas.zoom()
    view.canvas.zoom_by(2.0)
    assert abs(view.canvas.zoom() - 2 * fitted) < 1e-6
    view.canvas.fit()
    assert abs(view.canvas.zoom() - fitted) < 1e-6
    view.critical_box.setChecked(False)
    assert view.canvas.item is not None and not view.canvas.item.show_critical
