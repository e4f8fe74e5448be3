"""Deleting a task inside a finish-to-start chain re-joins the chain and says so.

The delete, the join and their undo are one step each; redo makes the same link again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.domain.enums import DependencyType
from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import LEFT, activate, incoming, node_of, stored, undo_redo

FS = DependencyType.FS


def test_deleting_a_middle_task_rejoins_the_chain_and_undo_restores_all(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    before = stored(chain_path)
    view = view_of(win)
    activate(qtbot, win)
    index = view.model.index_of(node_of(win, ids["Build"]).key, 0)
    qtbot.mouseClick(view.tree.viewport(), LEFT, pos=view.tree.visualRect(index).center())
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    settle(qtbot, win)

    message = "Deleted 'Build'; linked 'Design' → 'Test' to keep the chain"
    assert win.statusBar().currentMessage() == message
    after = stored(chain_path)
    assert ids["Build"] not in {t.id for t in after.tasks}
    assert incoming(chain_path, ids["Test"]) == {(ids["Design"], FS, 0)}
    joined = {k.id for k in after.links} - {k.id for k in before.links}
    stack = win.document.undo_stack  # type: ignore[union-attr]
    assert stack.count() == 1

    undo_redo(qtbot, win, "z")
    restored = stored(chain_path)
    assert sorted(restored.tasks) == sorted(before.tasks)
    assert sorted(restored.links) == sorted(before.links)
    assert node_of(win, ids["Build"]).name == "Build"

    undo_redo(qtbot, win, "y")
    again = stored(chain_path)
    assert {k.id for k in again.links} - {k.id for k in before.links} == joined
    assert win.statusBar().currentMessage() == message
