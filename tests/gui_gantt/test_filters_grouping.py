"""View ▸ Filter and Group By, picked from the menu: the rows shown change, the plan never."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.filters import is_late
from relm_desktop.layout.timeline import Node, RowKind
from tests.gui.gui_helpers import bar_point, read_task, settle, task_node, view_of
from tests.gui_gantt.helpers import answer_picker, pick, shown_names

LEFT = Qt.MouseButton.LeftButton


def name_editor(tree: QWidget) -> QLineEdit | None:
    found = [e for e in tree.findChildren(QLineEdit) if shiboken6.isValid(e) and e.isVisible()]
    return found[0] if found else None


def shown(win: MainWindow) -> list[Node]:
    layout = view_of(win).chart.row_layout
    assert layout is not None
    return [layout.node_at(r) for r in range(len(layout))]


def shown_tasks(win: MainWindow) -> list[Node]:
    return [n for n in shown(win) if n.kind is RowKind.TASK]


def plan_tasks(win: MainWindow) -> list[Node]:
    snapshot = win.document.snapshot  # type: ignore[union-attr]
    assert snapshot is not None
    return [n for n in snapshot.timeline.nodes if n.kind is RowKind.TASK]


def table_names(win: MainWindow) -> list[str]:
    model = view_of(win).model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_each_filter_shows_its_tasks_under_their_release_and_phase(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    view = view_of(opened)
    status = view.status_date
    everything = plan_tasks(opened)
    before = demo_path.read_bytes()
    for item, keep in (
        ("Critical Tasks", lambda n: n.critical),
        ("Late Tasks", lambda n: is_late(n, status)),
        ("Milestones", lambda n: n.milestone),
    ):
        pick(qtbot, opened, "Filter", item)
        tasks = shown_tasks(opened)
        assert [n.id for n in tasks] == [n.id for n in everything if keep(n)], item
        assert 0 < len(tasks) < len(everything)
        # Every row's parent shows above it: the release and phase of each task.
        rows = shown(opened)
        for position, node in enumerate(rows):
            if node.parent >= 0:
                parent = view.model.timeline.nodes[node.parent]  # type: ignore[union-attr]
                assert parent in rows[:position]
        assert table_names(opened) == shown_names(view.chart)  # table and chart agree
        assert view.filter_bar.isVisible()
        assert f"{len(tasks)} of {len(everything)} tasks" in view.filter_bar.count.text()
    assert opened.actions_by_id["relm.view.filter.milestones"].isChecked()
    # The bar's button shows everything again, and the menu says so.
    qtbot.mouseClick(view.filter_bar.clear, LEFT)
    assert len(shown_tasks(opened)) == len(everything)
    assert not view.filter_bar.isVisible()
    assert opened.actions_by_id["relm.view.filter.all"].isChecked()
    # Only the view changed: no undo step, the file as it was.
    assert opened.document.undo_stack.count() == 0  # type: ignore[union-attr]
    assert demo_path.read_bytes() == before


def test_filter_by_team_and_environment_asks_which(qtbot: Any, opened: MainWindow) -> None:
    snapshot = opened.document.snapshot  # type: ignore[union-attr]
    assert snapshot is not None
    ops = next(t.id for t in snapshot.data.teams if t.name == "Operations")
    production = next(e.id for e in snapshot.data.environments if e.name == "Production")
    answer_picker("Operations")
    pick(qtbot, opened, "Filter", "By Team…")
    tasks = shown_tasks(opened)
    assert tasks and all(n.task.team_id == ops for n in tasks)
    assert len(tasks) == sum(1 for n in plan_tasks(opened) if n.task.team_id == ops)
    assert "Tasks of Operations" in view_of(opened).filter_bar.label.text()

    answer_picker("No environment")
    pick(qtbot, opened, "Filter", "By Environment…")
    assert all(n.task.environment_id is None for n in shown_tasks(opened))
    answer_picker("Production")
    pick(qtbot, opened, "Filter", "By Environment…")
    tasks = shown_tasks(opened)
    assert tasks and all(n.task.environment_id == production for n in tasks)

    # Cancelling the picker keeps the filter shown, and its menu item ticked.
    answer_picker(None)
    pick(qtbot, opened, "Filter", "By Team…")
    assert [n.id for n in shown_tasks(opened)] == [n.id for n in tasks]
    assert opened.actions_by_id["relm.view.filter.environment"].isChecked()


def test_group_by_team_heads_groups_and_puts_no_team_last(qtbot: Any, opened: MainWindow) -> None:
    snapshot = opened.document.snapshot  # type: ignore[union-attr]
    assert snapshot is not None
    teams = {t.id: t.name for t in snapshot.data.teams}
    pick(qtbot, opened, "Group By", "Team")
    rows = shown(opened)
    heads = [n for n in rows if n.kind is RowKind.GROUP]
    assert [h.name for h in heads] == [*sorted(teams.values(), key=str.casefold), "No team"]
    assert rows[0].kind is RowKind.GROUP
    group = rows[0]
    for node in rows[1:]:
        if node.kind is RowKind.GROUP:
            group = node
            continue
        assert node.task.team_id == (group.id or None)
        assert node.start is not None and group.start is not None and group.finish is not None
        assert group.start <= node.start and node.finish <= group.finish  # type: ignore[operator]
    assert len([n for n in rows if n.kind is RowKind.TASK]) == len(plan_tasks(opened))
    assert "Grouped by team" in view_of(opened).filter_bar.label.text()
    # A group heading is read-only.
    view = view_of(opened)
    head = view.model.index_of(heads[0].key)
    assert not view.model.flags(head) & Qt.ItemFlag.ItemIsEditable

    pick(qtbot, opened, "Group By", "Environment")
    heads = [n for n in shown(opened) if n.kind is RowKind.GROUP]
    assert heads[-1].name == "No environment"
    pick(qtbot, opened, "Group By", "Release and Phase")
    assert shown(opened)[0].kind is RowKind.RELEASE


def test_grouped_rows_fold_edit_and_drag_like_the_plan_s_own(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    view = view_of(opened)
    pick(qtbot, opened, "Group By", "Team")
    # Fold the first group with the keyboard, as in the plain tree.
    first = shown(opened)[0]
    view.tree.setFocus()
    view.tree.setCurrentIndex(view.model.index_of(first.key))
    qtbot.keyClick(view.tree, Qt.Key.Key_Left)
    assert shown(opened)[1].kind is RowKind.GROUP
    qtbot.keyClick(view.tree, Qt.Key.Key_Right)
    assert shown(opened)[1].kind is RowKind.TASK

    # Rename a task in its grouped row: one undoable edit, in the file.
    node = task_node(opened, "Hypercare", "Customer")
    index = view.model.index_of(node.key)
    view.tree.scrollTo(index)
    qtbot.mouseClick(view.tree.viewport(), LEFT, pos=view.tree.visualRect(index).center())
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: name_editor(view.tree) is not None)
    editor = name_editor(view.tree)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Hypercare week")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).name == "Hypercare week"
    assert shown(opened)[0].kind is RowKind.GROUP  # still grouped after the reschedule
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).name == "Hypercare"
    qtbot.keyClick(view.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).name == "Hypercare week"

    # Drag its bar a week later in the grouped chart.
    node = task_node(opened, "Hypercare week", "Customer")
    chart = view.chart
    start = bar_point(opened, node)
    week = round(7 * chart.scale.px_per_day)
    viewport = chart.viewport()
    qtbot.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    qtbot.mouseMove(viewport, start + QPoint(week // 2, 0))
    qtbot.mouseMove(viewport, start + QPoint(week, 0))
    qtbot.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start + QPoint(week, 0))
    settle(qtbot, opened)
    assert node.start is not None
    assert read_task(demo_path, node.id).constraint_date == node.start.fromordinal(
        node.start.toordinal() + 7
    )
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).constraint_date is None
