"""New Task inserts right below the selected task, in the table and in the file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from relm_desktop.domain.models import Task
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import settle, task_node, view_of


def file_order(win: MainWindow, release: int) -> list[int]:
    """Task ids of ``release`` in the order the plan file keeps them."""
    assert win.document is not None
    with win.document.service.store.reading() as session:
        return list(
            session.scalars(
                select(Task.id).where(Task.release_id == release).order_by(Task.position, Task.id)
            )
        )


def new_task_id(win: MainWindow, before: set[int]) -> int:
    assert win.document is not None and win.document.snapshot is not None
    ids = {t.id for t in win.document.snapshot.data.tasks} - before
    assert len(ids) == 1
    return ids.pop()


def test_new_task_lands_below_the_selected_one_and_survives_undo_redo(
    qtbot: Any, opened: MainWindow
) -> None:
    view = view_of(opened)
    anchor = task_node(opened, "Hypercare", "Customer")
    release = anchor.record.release_id
    view.select_keys([anchor.key])
    assert opened.document is not None and opened.document.snapshot is not None
    before = {t.id for t in opened.document.snapshot.data.tasks}

    opened.actions_by_id["relm.task.new"].trigger()
    settle(qtbot, opened)
    ident = new_task_id(opened, before)
    model = view.model
    anchor_row = model.row_of_key(anchor.key)
    assert anchor_row is not None
    assert model.row_of_key((RowKind.TASK, ident)) == anchor_row + 1
    order = file_order(opened, release)
    assert order[order.index(anchor.id) + 1] == ident
    new = task_node(opened, "New task", "Customer")
    assert (new.record.phase_id, new.record.release_id) == (anchor.record.phase_id, release)

    opened.actions_by_id["relm.edit.undo"].trigger()
    settle(qtbot, opened)
    assert ident not in file_order(opened, release)
    assert model.row_of_key((RowKind.TASK, ident)) is None

    opened.actions_by_id["relm.edit.redo"].trigger()
    settle(qtbot, opened)
    assert file_order(opened, release) == order  # same id, same place
    assert model.row_of_key((RowKind.TASK, ident)) == model.row_of_key(anchor.key) + 1  # type: ignore[operator]
