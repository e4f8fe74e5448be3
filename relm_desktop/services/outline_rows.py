"""Where tasks sit, and writing it: the places an outline gesture changes, undo and redo.

``OutlineEdit`` is what every gesture of ``services.outline``, ``services.clipboard``
and ``services.release_edits`` returns; ``undo_edit`` and ``redo_edit`` put back
ids, positions, parents and links exactly. Places are written in bulk (a paste
shifts thousands of positions in a large release); the audit trail gets a row
per field of each task whose release, phase or parent changed, a row per row
created or removed, and one row for the positions that merely shifted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import table_of
from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.models import Dependency, Phase, Release, Task
from relm_desktop.domain.text import plural
from relm_desktop.services.changes import OpChanges
from relm_desktop.store import audit

_TASK = table_of(Task)
_PHASE = table_of(Phase)
_CHANGES = table_of(ChangeRecord)


class Place(NamedTuple):
    """Where one task sits."""

    release_id: int
    phase_id: int | None
    parent_id: int | None
    position: int


@dataclass(frozen=True, slots=True)
class OutlineEdit:
    """What one outline gesture did: enough to undo and redo it exactly.

    ``before``/``after`` hold the place of every existing task that moved;
    ``created`` the full rows the gesture made (tasks, then links) and
    ``phases_before``/``phases_after`` phase positions that changed.
    """

    description: str
    before: Mapping[int, Place] = field(default_factory=dict)
    after: Mapping[int, Place] = field(default_factory=dict)
    created: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    phases_before: Mapping[int, int] = field(default_factory=dict)
    phases_after: Mapping[int, int] = field(default_factory=dict)
    #: Ids a GUI selects afterwards (the moved or pasted top-level tasks).
    selection: tuple[int, ...] = ()

    @property
    def changes(self) -> OpChanges:
        """The rows touched, for the views (both directions touch the same rows)."""
        created = {table: [row["id"] for row in rows] for table, rows in self.created.items()}
        updated: dict[str, Iterable[int]] = {"task": self.after}
        if self.phases_after:
            updated["phase"] = self.phases_after
        return OpChanges.of(created=created, updated=updated)


def write_places(
    session: Session, places: Mapping[int, Place], previous: Mapping[int, Place]
) -> None:
    """Put tasks at ``places`` in bulk and record it (``previous``: where they were)."""
    if not places:
        return
    session.flush()
    if _on_file(session):
        _write_places_through_driver(session, places, previous)
    else:
        session.execute(
            update(_TASK)
            .where(_TASK.c.id == bindparam("tid"))
            .values(
                release_id=bindparam("r"),
                phase_id=bindparam("ph"),
                parent_id=bindparam("pa"),
                position=bindparam("po"),
            ),
            [
                {"tid": i, "r": p.release_id, "ph": p.phase_id, "pa": p.parent_id, "po": p.position}
                for i, p in places.items()
            ],
            execution_options={"synchronize_session": False},
        )
    session.expire_all()  # loaded tasks must not keep their old places
    if not audit.enabled(session):
        return
    shared = audit.stamp(session)
    action = audit.forced_action(session) or ChangeAction.UPDATE
    rows = []
    moved = [i for i, p in places.items() if i in previous and previous[i][:3] != p[:3]]
    names = _names(session, moved)
    for ident in moved:
        old, new = previous[ident], places[ident]
        for name in ("release_id", "phase_id", "parent_id"):
            if getattr(old, name) != getattr(new, name):
                label = f"task '{names.get(ident, ident)}'"
                rows.append(
                    audit.audit_row(
                        shared,
                        action,
                        "task",
                        ident,
                        label,
                        name,
                        getattr(old, name),
                        getattr(new, name),
                    )
                )
    shifted = sum(1 for i in places if i in previous) - len(moved)
    if shifted:
        label = f"{plural(shifted, 'task')} renumbered in outline order"
        rows.append(audit.audit_row(shared, action, "task", None, label, "position"))
    insert_many(session, _CHANGES, rows)


def _on_file(session: Session) -> bool:
    """Whether ``session`` writes a plan file (SQLite): then bulk statements go
    through the driver. A server's statements go through SQLAlchemy, whose
    execution hooks name the rows written in its change notices (``store.notices``)."""
    return session.get_bind().dialect.name == "sqlite"


def _write_places_through_driver(
    session: Session, places: Mapping[int, Place], previous: Mapping[int, Place]
) -> None:
    """``places`` written by the driver's ``executemany``, as the same UPDATEs.

    SQLAlchemy's per-row parameter handling cost twice the UPDATEs themselves
    (~3,000 rows renumbered by a paste: ~11 ms, now ~3). A row that only
    shifted sets its position alone: SQLite rewrites the entries of every
    index on a column SET (release, phase, parent), changed or not.
    """
    shifted: list[tuple[int, int]] = []
    moved: list[tuple[int | None, ...]] = []
    for ident, place in places.items():
        old = previous.get(ident)
        if old is not None and old[:3] == place[:3]:
            shifted.append((place.position, ident))
        else:
            moved.append((*place, ident))
    connection = session.connection()
    if shifted:
        connection.exec_driver_sql("UPDATE task SET position = ? WHERE id = ?", shifted)
    if moved:
        connection.exec_driver_sql(
            "UPDATE task SET release_id = ?, phase_id = ?, parent_id = ?, position = ?"
            " WHERE id = ?",
            moved,
        )


def insert_many(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """``session.execute(insert(table), rows)`` (every row with the same keys), the same
    rows stored; on a plan file through the driver's ``executemany``.

    The values get the column types' own conversions for SQLite (dates as
    text, enums by value), so the file holds what SQLAlchemy would have
    written; what SQLAlchemy adds is per-row parameter handling: ~9 ms of the
    ~12 ms of 1,200 audit rows (a paste of 500 tasks and their links).
    """
    if not rows:
        return
    if not _on_file(session):
        session.execute(insert(table), [dict(r) for r in rows])
        return
    dialect = session.get_bind().dialect
    names = list(rows[0])
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(table.c[n].name) for n in names)})"
        f" VALUES ({', '.join('?' for _ in names)})"
    )
    converted = [
        (k, process)
        for k, name in enumerate(names)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    # Each value converted once: the audit rows of one statement share their time
    # and action, pasted tasks their enums (1,200 calls of the datetime's cost ~1.5 ms).
    memos: list[dict[tuple[type, Any], Any]] = [{} for _ in converted]
    params: list[tuple[Any, ...]] = []
    for row in rows:
        values = [row[name] for name in names]
        for (k, process), memo in zip(converted, memos, strict=True):
            value = values[k]
            key = (type(value), value)
            done = memo.get(key, memo)
            if done is memo:
                done = memo[key] = process(value)
            values[k] = done
        params.append(tuple(values))
    session.connection().exec_driver_sql(sql, params)


def _names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    found = session.execute(select(_TASK.c.id, _TASK.c.name).where(_TASK.c.id.in_(ids)))
    return {row.id: row.name for row in found}


def phase_positions(session: Session, positions: Mapping[int, int]) -> None:
    if positions:
        session.execute(
            update(_PHASE).where(_PHASE.c.id == bindparam("pid")).values(position=bindparam("po")),
            [{"pid": i, "po": p} for i, p in positions.items()],
            execution_options={"synchronize_session": False},
        )


def undo_edit(session: Session, edit: OutlineEdit) -> None:
    """Put everything back as it was before ``edit``: created rows go, places come back."""
    remove_rows(session, edit.created)
    write_places(session, edit.before, edit.after)
    phase_positions(session, edit.phases_before)


def redo_edit(session: Session, edit: OutlineEdit) -> None:
    """Do ``edit`` again: created rows come back with their ids, places as it left them."""
    insert_rows(session, edit.created)
    write_places(session, edit.after, edit.before)
    phase_positions(session, edit.phases_after)


#: Tables in the order rows may be inserted (a later one refers to an earlier one).
INSERT_ORDER = ("release", "phase", "task", "dependency")


def insert_rows(session: Session, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Insert full rows (a task's parent before it), recording each in the audit trail."""
    session.flush()
    for name in INSERT_ORDER:
        found = rows.get(name)
        if found:
            ordered = parents_first(found) if name == "task" else list(found)
            insert_many(session, table_of(_ENTITY[name]), ordered)
    log_rows(session, rows, ChangeAction.CREATE)


def remove_rows(session: Session, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Delete rows ``insert_rows`` made (links first), recording each."""
    session.flush()
    for name in reversed(INSERT_ORDER):
        table = table_of(_ENTITY[name])
        ids = [r["id"] for r in rows.get(name, ())]
        for start in range(0, len(ids), 500):
            session.execute(delete(table).where(table.c.id.in_(ids[start : start + 500])))
    session.expire_all()
    log_rows(session, rows, ChangeAction.DELETE)


def log_rows(
    session: Session, rows: Mapping[str, Sequence[Mapping[str, Any]]], action: ChangeAction
) -> None:
    """An audit row per row created or removed (bulk statements pass the flush hook by)."""
    if not audit.enabled(session):
        return
    shared = audit.stamp(session)
    action = audit.forced_action(session) or action
    log = [
        audit.audit_row(shared, action, name, r["id"], _row_label(name, r))
        for name in INSERT_ORDER
        for r in rows.get(name, ())
    ]
    insert_many(session, _CHANGES, log)


def parents_first(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Task rows ordered so a parent among them comes before its children."""
    by_id = {r["id"]: r for r in rows}
    out: list[Mapping[str, Any]] = []
    done: set[int] = set()

    def visit(row: Mapping[str, Any]) -> None:
        chain = []
        while row["id"] not in done:
            chain.append(row)
            done.add(row["id"])
            parent = by_id.get(row.get("parent_id"))
            if parent is None:
                break
            row = parent
        out.extend(reversed(chain))

    for row in rows:
        visit(row)
    return out


def _row_label(name: str, row: Mapping[str, Any]) -> str:
    if name == "dependency":
        return f"dependency #{row['id']}"
    return f"{name} '{row.get('name', row['id'])}'"


_ENTITY: dict[str, type[Any]] = {
    "release": Release,
    "phase": Phase,
    "task": Task,
    "dependency": Dependency,
}


__all__ = [
    "OutlineEdit",
    "Place",
    "insert_many",
    "insert_rows",
    "log_rows",
    "parents_first",
    "redo_edit",
    "remove_rows",
    "undo_edit",
    "write_places",
]
