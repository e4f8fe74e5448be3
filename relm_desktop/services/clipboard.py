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

from sqlalchemy import Result, insert, select
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.models import Dependency, Environment, Task, Team
from relm_desktop.domain.text import plural
from relm_desktop.services.edits import EditError
from relm_desktop.services.outline import Anchor, Forest, after_anchor, releases_of
from relm_desktop.services.outline_rows import OutlineEdit, Place, log_rows, write_places

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
    forest = Forest(session, releases_of(session, ids))
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
    last in that phase; after a release row: last in its last phase. The new
    rows are placed first (under stand-in ids), then inserted where they go,
    a level of the outline per statement, so only the rows after them move.
    """
    if not copied.tasks:
        raise EditError("nothing to paste: copy or cut tasks first")
    forest = Forest(session, releases_of(session, (), anchor))
    owner, index, phase = after_anchor(session, forest, anchor)
    stand_in = {task["id"]: -1 - k for k, task in enumerate(copied.tasks)}
    for task in copied.tasks:
        parent = task["parent_id"]
        forest.add(stand_in[task["id"]], task["name"], stand_in.get(parent) if parent else None)
    forest.attach([stand_in[r] for r in copied.roots], owner, index, phase)
    placed = forest.changed()
    after = {i: p for i, p in placed.items() if i > 0}
    before = {i: Place(*forest.old[i]) for i in after}
    write_places(session, after, before)  # room for the new rows first
    new, task_rows = _insert_tasks(session, copied, {i: placed[stand_in[i]] for i in stand_in})
    link_rows: list[dict[str, Any]] = []
    if copied.links:
        link_values = [
            link
            | {
                "predecessor_id": new[link["predecessor_id"]],
                "successor_id": new[link["successor_id"]],
            }
            for link in copied.links
        ]
        made = session.execute(insert(_LINK).returning(*_LINK.c), link_values)
        link_rows = sorted(_dicts(made), key=_by_id)
    # The rows as stored, from RETURNING: reading them back took ~10 ms more.
    created = {"task": sorted(task_rows, key=_by_id), "dependency": link_rows}
    log_rows(session, created, ChangeAction.CREATE)
    roots = [new[r] for r in copied.roots]
    what = f"'{copied.tasks[0]['name']}'" if len(roots) == 1 else plural(len(roots), "task")
    extra = f" ({plural(len(copied), 'task')} in all)" if len(copied) > len(roots) else ""
    return OutlineEdit(f"Paste {what}{extra}", before, after, created, selection=tuple(roots))


def _insert_tasks(
    session: Session, copied: Copied, places: dict[int, Place]
) -> tuple[dict[int, int], list[dict[str, Any]]]:
    """Insert the copied tasks at ``places`` (by source id); source id -> new id, and
    the rows as stored.

    A level of the outline per statement, parents first. RETURNING gives the new
    ids with the (unique) positions they were put at: asking SQLite for them in
    the order of the rows makes it insert row by row, about ten times slower.
    """
    teams = set(session.scalars(select(table_of(Team).c.id)))
    environments = set(session.scalars(select(table_of(Environment).c.id)))
    depth: dict[int, int] = {}
    for task in copied.tasks:  # outline order: a parent before its children
        parent = task["parent_id"]
        depth[task["id"]] = depth[parent] + 1 if parent is not None else 0
    new: dict[int, int] = {}
    stored: list[dict[str, Any]] = []
    for level in range(max(depth.values()) + 1):
        values = []
        for task in copied.tasks:
            if depth[task["id"]] != level:
                continue
            place = places[task["id"]]
            values.append(
                {name: task[name] for name in COPIED_FIELDS}
                | {
                    "release_id": place.release_id,
                    "phase_id": place.phase_id,
                    "parent_id": new[task["parent_id"]] if level else None,
                    "position": place.position,
                    "team_id": task["team_id"] if task["team_id"] in teams else None,
                    "environment_id": (
                        task["environment_id"] if task["environment_id"] in environments else None
                    ),
                }
            )
        made = session.execute(insert(_TASK).returning(*_TASK.c), values)
        at = {row["position"]: row for row in _dicts(made)}
        stored.extend(at.values())
        for task in copied.tasks:
            if depth[task["id"]] == level:
                new[task["id"]] = at[places[task["id"]].position]["id"]
    return new, stored


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


def _dicts(result: Result[Any]) -> list[dict[str, Any]]:
    """The rows as dicts: zipped with the keys read once, not a mapping per row
    (``dict(mapping)`` asked each row for its keys: ~3 ms for 500 tasks)."""
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]


def _by_id(row: dict[str, Any]) -> int:
    return int(row["id"])


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


__all__ = ["COPIED_FIELDS", "Copied", "as_text", "copy_tasks", "duplicate", "paste"]
