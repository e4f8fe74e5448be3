"""The main window hosts every view and the History panel; undo and redo reach the audit trail."""

from __future__ import annotations

from typing import Any

from relm_desktop.domain.enums import ChangeAction
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.history import HistoryFilter, change_log
from tests.gui.gui_helpers import settle, task_node


def test_all_views_are_tabs(opened: MainWindow) -> None:
    titles = [opened.tabs.tabText(i) for i in range(opened.tabs.count())]
    assert titles == ["Timeline", "Dependencies", "Risks", "Readiness", "Release calendar"]


def test_undo_and_redo_are_logged_and_shown_in_history(qtbot: Any, opened: MainWindow) -> None:
    node = task_node(opened, "Build features")
    document = opened.document
    assert document is not None
    assert document.update("task", node.id, {"duration": 25}, "Change duration")
    settle(qtbot, opened)
    document.undo_stack.undo()
    settle(qtbot, opened)
    document.undo_stack.redo()
    settle(qtbot, opened)
    log = change_log(document.service, HistoryFilter(entity="task", entity_id=node.id))
    actions = [(r.action, r.field, r.new) for r in log[:3]]
    assert actions == [
        (ChangeAction.REDO, "duration", "25"),
        (ChangeAction.UNDO, "duration", "20"),
        (ChangeAction.UPDATE, "duration", "25"),
    ]
    opened.history_dock.raise_()
    opened.select_keys([(RowKind.TASK, node.id)])
    opened.history.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: opened.history.model.rowCount() >= 4)
    assert opened.history.model.index(0, 2).data().startswith("Redo")
