"""Copy, paste and duplicate tasks with their subtrees and the links among them.

A copy is plain data (``Copied``), read in one query per table, so it can be
pasted after the copied tasks changed or went. Pasted tasks keep their names
(as MS Project's do) and their structure; links between two copied tasks
come along, links to tasks outside the copy do not. A cut is pasted by
``services.outline.move_after`` instead: the tasks move, keeping ids and links.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.models import Dependency, Environment, Task, Team
from relm_desktop.domain.text import plural
from relm_desktop.services.edits import EditError
from relm_desktop.services.outline import Anchor, Forest, after_anchor
from relm_desktop.services.outline_rows import OutlineEdit, log_rows, write_places

_TASK = table_of(Task)
_LINK = table_of(Dependency)

#: What a copy carries of each task: the work, not its history (actuals, baseline).
COPIED_FIELDS = (
    "name",
    "duration",
    "constraint_type",
    "constraint_date",
    "percent_complete",
    "team_id",
    "environment_id",
    "notes",
)


@dataclass(frozen=True, slots=True)
class Copied:
    """Tasks copied with their subtrees, in outline order, and the links among them.

    ``tasks`` rows hold ``COPIED_FIELDS`` plus the source ``id`` and ``parent_id``
    (None for a top-level task of the copy); ``links`` rows refer to source ids.
    """

    tasks: tuple[dict[str, Any], ...]
    links: tuple[dict[str, Any], ...]

    @property
    def roots(self) -> tuple[int, ...]:
        return tuple(t["id"] for t in self.tasks if t["parent_id"] is None)

    def __len__(self) -> int:
        return len(self.tasks)


def copy_tasks(session: Session, ids: Sequence[int]) -> Copied:
    """The selected tasks with their subtrees (a selected task inside another counts once)."""
    forest = Forest(session)
    roots = forest.roots(ids)
    order = [ident for root in roots for ident in forest.subtree(root)]
    taken = set(order)
    columns = [_TASK.c.id, *(_TASK.c[name] for name in COPIED_FIELDS)]
    rows: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(order):
        for row in session.execute(select(*columns).where(_TASK.c.id.in_(chunk))).mappings():
            rows[row["id"]] = dict(row)
    tasks = []
    for ident in order:
        parent = forest.parent[ident]
        tasks.append(rows[ident] | {"parent_id": parent if ident not in roots else None})
    links: list[dict[str, Any]] = []
    for chunk in _chunks(order):
        found = session.execute(
            select(_LINK.c.predecessor_id, _LINK.c.successor_id, _LINK.c.type, _LINK.c.lag)
            .where(_LINK.c.successor_id.in_(chunk))
            .order_by(_LINK.c.id)
        ).mappings()
        links.extend(dict(link) for link in found if link["predecessor_id"] in taken)
    return Copied(tuple(tasks), tuple(links))


def paste(session: Session, copied: Copied, anchor: Anchor) -> OutlineEdit:
    """New tasks from ``copied`` right after the anchor row, at its level; one transaction.

    After a task: its siblings next (its phase and parent); after a phase row:
    last in that phase; after a release row: last in its last phase.
    """
    if not copied.tasks:
        raise EditError("nothing to paste: copy or cut tasks first")
    forest = Forest(session)
    owner, index, phase = after_anchor(session, forest, anchor)
    release = owner[1] if owner[0] == "release" else forest.release[owner[1]]
    teams = set(session.scalars(select(table_of(Team).c.id)))
    environments = set(session.scalars(select(table_of(Environment).c.id)))
    values = [
        {name: task[name] for name in COPIED_FIELDS}
        | {
            "release_id": release,
            "phase_id": phase,
            "position": 0,
            "team_id": task["team_id"] if task["team_id"] in teams else None,
            "environment_id": (
                task["environment_id"] if task["environment_id"] in environments else None
            ),
        }
        for task in copied.tasks
    ]
    made = session.execute(
        insert(_TASK).returning(_TASK.c.id, sort_by_parameter_order=True), values
    ).scalars()
    new = dict(zip((t["id"] for t in copied.tasks), made, strict=True))
    link_ids: list[int] = []
    if copied.links:
        link_values = [
            link
            | {
                "predecessor_id": new[link["predecessor_id"]],
                "successor_id": new[link["successor_id"]],
            }
            for link in copied.links
        ]
        link_ids = list(
            session.execute(
                insert(_LINK).returning(_LINK.c.id, sort_by_parameter_order=True), link_values
            ).scalars()
        )
    for task in copied.tasks:
        parent = task["parent_id"]
        forest.add(new[task["id"]], task["name"], new[parent] if parent is not None else None)
    roots = [new[r] for r in copied.roots]
    forest.attach(roots, owner, index, phase)
    after = {i: p for i, p in forest.places().items() if forest.old.get(i) != p}
    before = {i: forest.old[i] for i in after if i in forest.old}
    write_places(session, after, before)
    created = {
        "task": _rows(session, _TASK, list(new.values())),
        "dependency": _rows(session, _LINK, link_ids),
    }
    log_rows(session, created, ChangeAction.CREATE)
    what = f"'{copied.tasks[0]['name']}'" if len(roots) == 1 else plural(len(roots), "task")
    extra = f" ({plural(len(copied), 'task')} in all)" if len(copied) > len(roots) else ""
    return OutlineEdit(f"Paste {what}{extra}", before, after, created, selection=tuple(roots))


def duplicate(session: Session, ids: Sequence[int]) -> OutlineEdit:
    """Copies of the tasks (with subtrees and inner links) right after the last of them."""
    copied = copy_tasks(session, ids)
    edit = paste(session, copied, ("task", copied.roots[-1]))
    return OutlineEdit(
        edit.description.replace("Paste", "Duplicate", 1),
        edit.before,
        edit.after,
        edit.created,
        selection=edit.selection,
    )


def as_text(rows: Iterable[tuple[str, int, date | None, date | None]]) -> str:
    """Rows as tab-separated text (name, duration, start, finish), as spreadsheets paste it."""
    lines = []
    for name, duration, start, finish in rows:
        cells = [
            " ".join(name.split()),
            str(duration),
            start.isoformat() if start else "",
            finish.isoformat() if finish else "",
        ]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n" if lines else ""


def _rows(session: Session, table: Any, ids: list[int]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        found = session.execute(select(table).where(table.c.id.in_(chunk)).order_by(table.c.id))
        out.extend(dict(row) for row in found.mappings())
    return out


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


__all__ = ["COPIED_FIELDS", "Copied", "as_text", "copy_tasks", "duplicate", "paste"]
