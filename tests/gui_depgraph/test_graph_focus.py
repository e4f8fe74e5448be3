"""Focus mode: only the selected task's upstream and downstream, by key, button and click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from tests.gui_depgraph.graph_helpers import (
    LEFT,
    click_tab,
    click_task_row,
    closure,
    graph_of,
    laid_out,
    node_point,
)
from tests.gui_views.conftest import task_id

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_focus_shows_the_selected_tasks_upstream_and_downstream(
    qtbot: Any, opened: MainWindow
) -> None:
    win = opened
    assert win.document is not None and win.document.snapshot is not None
    links = [(k.predecessor_id, k.successor_id) for k in win.document.snapshot.data.links]
    every = {t.id for t in win.document.snapshot.data.tasks}
    click_tab(qtbot, win, "Timeline")
    chosen = task_id(win, "Penetration test", "Payments")
    click_task_row(qtbot, win, chosen)
    assert win.selection_bus.keys == [(RowKind.TASK, chosen)]
    click_tab(qtbot, win, "Dependencies")
    view = graph_of(win)
    laid_out(qtbot, view)
    assert view.content is not None and set(view.content.nodes) == every
    action = win.actions_by_id["relm.view.graph_focus"]
    assert not action.isChecked()

    qtbot.keyClick(view.canvas, Qt.Key.Key_G, CTRL_SHIFT)  # View ▸ Focus Graph on Selection
    laid_out(qtbot, view)
    expected = closure(chosen, links)
    assert 1 < len(expected) < len(every)
    assert set(view.content.nodes) == expected
    assert view.content.focus is not None and view.content.focus.roots == {chosen}
    assert action.isChecked() and view.focus_button.isChecked()
    assert "Focus on 'Penetration test'" in view.summary.text()
    view.canvas.viewport().grab()  # paints without warnings
    assert view.canvas.item is not None
    box = view.canvas.item.layout.nodes[chosen]  # the focused task is in view
    shown = view.canvas.mapFromScene(box.x, box.y, box.w, box.h).boundingRect()
    assert view.canvas.viewport().rect().contains(shown)

    # A click on another node: the selection moves everywhere and the focus follows it.
    other = next(i for i in sorted(expected) if i != chosen and closure(i, links) != expected)
    qtbot.mouseClick(view.canvas.viewport(), LEFT, pos=node_point(view, other))
    laid_out(qtbot, view)
    assert win.timeline is not None and win.timeline.selected_task_ids() == [other]
    assert view.content.focus is not None and view.content.focus.roots == {other}
    assert set(view.content.nodes) == closure(other, links)

    qtbot.keyClick(view.canvas, Qt.Key.Key_Escape)  # leaves focus: the whole graph again
    laid_out(qtbot, view)
    assert set(view.content.nodes) == every and view.content.focus is None
    assert not action.isChecked() and not view.focus_button.isChecked()

    qtbot.mouseClick(view.focus_button, LEFT)  # the view's own toggle
    laid_out(qtbot, view)
    assert set(view.content.nodes) == closure(other, links) and action.isChecked()
    qtbot.mouseClick(view.focus_button, LEFT)
    laid_out(qtbot, view)
    assert set(view.content.nodes) == every and not action.isChecked()


def test_the_shortcut_from_the_timeline_brings_the_graph_forward(
    qtbot: Any, opened: MainWindow
) -> None:
    win = opened
    assert win.document is not None and win.document.snapshot is not None
    links = [(k.predecessor_id, k.successor_id) for k in win.document.snapshot.data.links]
    click_tab(qtbot, win, "Timeline")
    chosen = task_id(win, "Code freeze", "Mobile")
    click_task_row(qtbot, win, chosen)
    assert win.timeline is not None
    qtbot.keyClick(win.timeline.tree, Qt.Key.Key_G, CTRL_SHIFT)
    view = graph_of(win)
    assert win.tabs.currentWidget() is view
    laid_out(qtbot, view)
    assert view.content is not None and set(view.content.nodes) == closure(chosen, links)
    # Another row picked while the graph is hidden: the focus moves to it once shown.
    click_tab(qtbot, win, "Timeline")
    later = task_id(win, "Deploy to test", "Customer")
    click_task_row(qtbot, win, later)
    click_tab(qtbot, win, "Dependencies")
    laid_out(qtbot, view)
    assert view.content.focus is not None and view.content.focus.roots == {later}
    assert set(view.content.nodes) == closure(later, links)
    # Nothing selected: focus waits for a selection and shows everything meanwhile.
    win.selection_bus.publish([])
    laid_out(qtbot, view)
    assert len(view.content.nodes) == len(win.document.snapshot.data.tasks)
    assert "select a task to focus on" in view.summary.text()
