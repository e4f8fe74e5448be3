"""A new schedule shown after an outline edit: the table as a fresh one, the selection kept."""

from __future__ import annotations

from typing import Any

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import TaskTreeModel
from relm_desktop.layout.filters import Grouping, ViewOptions
from relm_desktop.layout.timeline import Key, RowKind, RowLayout
from tests.gui.gui_helpers import settle, view_of


def table_of(model: TaskTreeModel) -> list[tuple[Key, tuple[str, ...]]]:
    """Every row's key and texts, as the table shows them."""
    layout = model.row_layout
    assert layout is not None
    return [
        (layout.node_at(row).key, model.display_row(layout.rows[row]))
        for row in range(model.rowCount())
    ]


def fresh_table(win: MainWindow) -> list[tuple[Key, tuple[str, ...]]]:
    """The rows a new model shows for the document's schedule."""
    view = view_of(win)
    model = view.model
    snapshot = win.document.snapshot if win.document is not None else None
    assert snapshot is not None and model.row_layout is not None
    fresh = TaskTreeModel(lambda *_: True)
    fresh.set_rows(
        RowLayout(model.row_layout.timeline, view.collapsed),
        model.teams(),
        model.environments(),
        snapshot.calendar,
    )
    return table_of(fresh)


def shown_after(win: MainWindow, snapshot: object) -> bool:
    return win.document is not None and win.document.snapshot is not snapshot


def rows_by_map(model: TaskTreeModel, key: Key) -> int | None:
    """Where ``key`` is shown, from every row's node (what ``row_of_key`` must answer)."""
    layout, timeline = model.row_layout, model.timeline
    assert layout is not None and timeline is not None
    node = timeline.by_key.get(key)
    return next((row for row, shown in enumerate(layout.rows) if shown == node), None)


def test_row_of_key_answers_as_the_rows_do(qtbot: Any, opened: MainWindow) -> None:
    settle(qtbot, opened)
    view = view_of(opened)
    model = view.model
    timeline = model.timeline
    assert timeline is not None
    tasks = [k for k in timeline.by_key if k[0] is RowKind.TASK]
    assert len(tasks) > 10
    for key in timeline.by_key:
        assert model.row_of_key(key) == rows_by_map(model, key), key
    # Folded away: no row.
    release = timeline.nodes[timeline.roots[0]].key
    view.set_folded(release, True)
    hidden = [k for k in timeline.by_key if model.row_of_key(k) is None]
    assert hidden and all(rows_by_map(model, k) is None for k in hidden)
    view.set_folded(release, False)
    # Grouped by team: other rows, the same answers.
    view.set_options(ViewOptions(grouping=Grouping.TEAM))
    grouped = model.timeline
    assert grouped is not None and grouped is not timeline
    for key in grouped.by_key:
        assert model.row_of_key(key) == rows_by_map(model, key), key
    view.set_options(ViewOptions())


def test_indent_shows_a_fresh_table_and_keeps_selection(qtbot: Any, opened: MainWindow) -> None:
    settle(qtbot, opened)
    view = view_of(opened)
    model = view.model
    document = opened.document
    assert document is not None and document.snapshot is not None
    # A new task (linked to none) after one in the middle: it can go under that one.
    timeline = document.snapshot.timeline
    tasks = [n for n in timeline.nodes if n.kind is RowKind.TASK and not n.children]
    above = tasks[len(tasks) // 2]
    extra = document.service.insert_task(above.id, {"name": "Extra"}).ids[0]
    document.reschedule()
    settle(qtbot, opened)
    chosen: list[Key] = [(RowKind.TASK, extra)]
    view.select_keys(chosen)
    told: list[list[Key]] = []
    view.selection_changed.connect(told.append)
    scroll = view.tree.verticalScrollBar().value()
    snapshot = opened.document.snapshot if opened.document else None
    opened.indent_tasks()
    qtbot.waitUntil(lambda: shown_after(opened, snapshot))
    settle(qtbot, opened)
    assert view.selected_keys() == chosen
    assert view.tree.verticalScrollBar().value() == scroll
    assert view.chart.selected == set(chosen)
    # The same rows selected again: the other views are not told again.
    assert told == []
    node = model.node(model.index_of(chosen[0]))
    assert node is not None and node.depth > above.depth  # indented
    assert table_of(model) == fresh_table(opened)
    for key in model.timeline.by_key if model.timeline else ():
        assert model.row_of_key(key) == rows_by_map(model, key)


def test_paste_shows_a_fresh_table_and_selects_the_pasted(qtbot: Any, opened: MainWindow) -> None:
    settle(qtbot, opened)
    view = view_of(opened)
    model = view.model
    layout = model.row_layout
    assert layout is not None
    tasks = [layout.node_at(r).key for r in range(len(layout))]
    tasks = [k for k in tasks if k[0] is RowKind.TASK]
    view.select_keys(tasks[:3])
    opened.copy_tasks()
    anchor = tasks[len(tasks) // 2]
    view.select_keys([anchor])
    told: list[list[Key]] = []
    view.selection_changed.connect(told.append)
    before = model.rowCount()
    snapshot = opened.document.snapshot if opened.document else None
    opened.paste_tasks()
    qtbot.waitUntil(lambda: shown_after(opened, snapshot))
    settle(qtbot, opened)
    assert model.rowCount() == before + 3
    selected = view.selected_keys()
    assert len(selected) == 3 and anchor not in selected
    # Told once, of the pasted rows (not of the anchor selected again first).
    assert told == [selected]
    assert table_of(model) == fresh_table(opened)


def test_selecting_unfolds_and_task_ids_follow(qtbot: Any, opened: MainWindow) -> None:
    settle(qtbot, opened)
    view = view_of(opened)
    timeline = view.model.timeline
    assert timeline is not None
    release = timeline.nodes[timeline.roots[0]]
    phase = timeline.nodes[release.children[0]]
    task = timeline.nodes[phase.children[0]]
    other = timeline.nodes[phase.children[1]]
    view.set_folded(release.key, True)
    assert view.model.row_of_key(task.key) is None
    view.select_keys([task.key])
    assert not view.is_folded(release.key)
    assert view.selected_keys() == [task.key]
    assert view.selected_task_ids() == [task.id]
    view.select_keys([other.key, phase.key])
    assert view.selected_task_ids() == [other.id]
    view.tree.clearSelection()
    assert view.selected_task_ids() == []


def test_node_at_is_the_node_of_the_rows_index(qtbot: Any, opened: MainWindow) -> None:
    settle(qtbot, opened)
    model = view_of(opened).model
    count = model.rowCount()
    assert count > 10
    for row in (-1, *range(count), count):
        assert model.node_at(row) is model.node(model.index(row, 0)), row
