"""Where a task sits in its release: insert a new task right after another one.

A new task goes where a coordinator building a work breakdown expects it:
after a leaf task, right below it at its level (the same parent); after a
summary task, right under the summary as its first child. Either way it is
the next row in stored order, which is also the outline's depth-first order.

Tasks of a release are ordered by ``position`` (then id). Inserting renumbers
the release's tasks 0, 1, 2… around the new one, in the caller's transaction,
so the order is dense and unambiguous afterwards. The renumbering is a bulk
statement (no audit row per shifted task); the new task's own create is
audited as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.models import Task
from relm_desktop.services import edits
from relm_desktop.services.edits import Change, EditError

_TASK: Table = table_of(Task)


def insert_task(session: Session, after: int | None, values: Mapping[str, Any]) -> Change:
    """Create a task right after task ``after`` (its release and phase), or last if None.

    With ``after`` given, the new task takes that task's release and phase
    whatever ``values`` says, and its parent: the anchor itself when the anchor
    is a summary task (the new task is its first child), else the anchor's
    parent. With ``after=None`` ``values`` must name the release and the task
    is appended at its end. Returns the create ``Change``.
    """
    clean = dict(values)
    if after is not None:
        anchor = session.get(Task, after)
        if anchor is None:
            raise EditError(f"task #{after} does not exist")
        clean["release_id"] = anchor.release_id
        clean["phase_id"] = anchor.phase_id
        clean["parent_id"] = after if _is_summary(session, anchor) else anchor.parent_id
    release_id = clean.get("release_id")
    if release_id is None:
        raise EditError("task needs a release")
    order = session.execute(
        select(_TASK.c.id, _TASK.c.position)
        .where(_TASK.c.release_id == release_id)
        .order_by(_TASK.c.position, _TASK.c.id)
    ).all()
    ids = [row.id for row in order]
    slot = ids.index(after) + 1 if after is not None else len(ids)
    moves = [
        {"task_id": ident, "new_position": index + (index >= slot)}
        for index, (ident, position) in enumerate(order)
        if position != index + (index >= slot)
    ]
    if moves:
        session.execute(
            update(_TASK)
            .where(_TASK.c.id == bindparam("task_id"))
            .values(position=bindparam("new_position")),
            moves,
        )
        session.expire_all()  # loaded tasks (the anchor) must not keep stale positions
    clean["position"] = slot
    return edits.create(session, "task", clean)


def _is_summary(session: Session, task: Task) -> bool:
    """Whether ``task`` has subtasks (children in its own phase, as the outline counts them)."""
    child = session.execute(
        select(_TASK.c.id)
        .where(
            _TASK.c.parent_id == task.id,
            _TASK.c.release_id == task.release_id,
            _TASK.c.phase_id.is_not_distinct_from(task.phase_id),
        )
        .limit(1)
    ).first()
    return child is not None


__all__ = ["insert_task"]
