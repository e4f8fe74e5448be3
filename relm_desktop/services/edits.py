"""Generic edits of any entity: create, update, delete and restore.

Each function runs inside the caller's transaction and returns a ``Change``
that says what happened and carries what an undo needs (old values, or every
row a delete removed, cascades included), and, in ``Change.changes``, every
row it touched by kind (``services.changes.OpChanges``) for the views.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relm_desktop.domain.base import Base, EnumText, table_of
from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.models import ENTITIES
from relm_desktop.services.changes import NOTHING, OpChanges
from relm_desktop.store import audit

#: table name → list of full rows (dicts), in insertion order.
RowSet = dict[str, list[dict[str, Any]]]


class EditError(ValueError):
    """An edit was refused; the message names the entity, the field and the problem."""


@dataclass(frozen=True, slots=True)
class Change:
    """What one edit did: undo data, and ``changes``, every row it touched.

    ``changes`` is worked out from the rest when not given: the rows created
    or updated, or every row a delete removed or nulled a reference of.
    """

    entity: str
    ids: tuple[int, ...]
    action: ChangeAction
    fields: frozenset[str] = frozenset()
    before: Mapping[str, Any] = field(default_factory=dict)  # update: old values
    after: Mapping[str, Any] = field(default_factory=dict)  # update: new values
    removed: RowSet = field(default_factory=dict)  # delete: every row removed
    nulled: tuple[tuple[str, int, str, int], ...] = ()  # delete: (table, id, column, old)
    changes: OpChanges = NOTHING

    def __post_init__(self) -> None:
        if not self.changes:
            object.__setattr__(self, "changes", self._touched())

    def _touched(self) -> OpChanges:
        if self.action is ChangeAction.CREATE:
            return OpChanges.of(created={self.entity: self.ids})
        if self.action is ChangeAction.UPDATE:
            return OpChanges.of(updated={self.entity: self.ids} if self.fields else {})
        return OpChanges.of(deleted=_row_ids(self.removed), updated=_nulled_ids(self.nulled))


@dataclass(frozen=True, slots=True)
class Batch:
    """Several edits made in one transaction, in the order they were made."""

    parts: tuple[Change, ...]

    @property
    def changes(self) -> OpChanges:
        """Every row the parts touched."""
        merged = NOTHING
        for part in self.parts:
            merged = merged | part.changes
        return merged

    def targets(self) -> list[tuple[str, tuple[int, ...]]]:
        """(entity, ids) of each part that made rows, in order: what an undo deletes."""
        return [
            (part.entity, part.ids)
            for part in self.parts
            if part.action is ChangeAction.CREATE and part.ids
        ]


def _row_ids(found: RowSet) -> dict[str, list[int]]:
    return {table: [row["id"] for row in rows if "id" in row] for table, rows in found.items()}


def _nulled_ids(nulled: tuple[tuple[str, int, str, int], ...]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for table, ident, _column, _old in nulled:
        out.setdefault(table, []).append(ident)
    return out


def model(entity: str) -> type[Base]:
    try:
        return ENTITIES[entity]
    except KeyError:
        raise EditError(f"unknown entity {entity!r}") from None


def _table(entity: str) -> Table:
    return table_of(model(entity))


RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("task", "percent_complete"): (0, 100),
    ("task", "duration"): (0, 10_000),
    ("risk", "probability"): (1, 5),
    ("risk", "impact"): (1, 5),
    ("team", "capacity"): (1, 10_000),
}
REQUIRED_TEXT = {"name", "title", "action"}


def coerce(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check field names, types and ranges; return the values ready to store."""
    table = _table(entity)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in table.c or key == "id":
            raise EditError(f"{entity} has no editable field {key!r}")
        column = table.c[key]
        if value is None:
            if not column.nullable:
                raise EditError(f"{entity} {key} cannot be empty")
            out[key] = None
            continue
        ctype = column.type
        try:
            if isinstance(ctype, EnumText):
                value = ctype.enum_cls(value)
            elif column.type.python_type is bool:
                value = bool(value)
            elif column.type.python_type is int and not isinstance(value, int):
                value = int(value)
            elif column.type.python_type is date and isinstance(value, str):
                value = date.fromisoformat(value)
            elif column.type.python_type is str and not isinstance(value, str):
                value = str(value)
        except (ValueError, TypeError, NotImplementedError) as exc:
            raise EditError(f"{entity} {key}: {value!r} is not valid ({exc})") from exc
        if isinstance(value, bool) and column.type.python_type is int:
            raise EditError(f"{entity} {key}: expected a number")
        bounds = RANGES.get((entity, key))
        if bounds and not bounds[0] <= value <= bounds[1]:
            raise EditError(f"{entity} {key} must be between {bounds[0]} and {bounds[1]}")
        if key in REQUIRED_TEXT and isinstance(value, str) and not value.strip():
            raise EditError(f"{entity} {key} cannot be empty")
        length = getattr(column.type, "length", None)
        if isinstance(value, str) and length and len(value) > length and key != "body":
            raise EditError(f"{entity} {key} is longer than {length} characters")
        out[key] = value
    return out


def create(session: Session, entity: str, values: Mapping[str, Any]) -> Change:
    """Add one row; returns its id in ``Change.ids``."""
    cls = model(entity)
    obj = cls(**coerce(entity, values))
    session.add(obj)
    _flush(session, entity)
    return Change(entity, (obj.id,), ChangeAction.CREATE, frozenset(values))


def update(session: Session, entity: str, ident: int, values: Mapping[str, Any]) -> Change:
    """Change fields of one row; the Change holds old and new values of what changed."""
    cls = model(entity)
    obj = session.get(cls, ident)
    if obj is None:
        raise EditError(f"{entity} #{ident} does not exist")
    clean = coerce(entity, values)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in clean.items():
        old = getattr(obj, key)
        if old != value:
            before[key] = old
            after[key] = value
            setattr(obj, key, value)
    _flush(session, entity)
    return Change(
        entity, (ident,), ChangeAction.UPDATE, frozenset(after), before=before, after=after
    )


def _dependents(
    session: Session,
    table: Table,
    ids: set[int],
    removed: RowSet,
    nulled: list[tuple[str, int, str, int]],
) -> None:
    """Collect rows that a delete of ``ids`` from ``table`` cascades to or nulls."""
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table or fk.parent.table is not other:
                continue
            col = fk.parent
            found = session.execute(select(other).where(col.in_(ids))).mappings().all()
            if not found:
                continue
            if fk.ondelete == "SET NULL":
                nulled.extend((other.name, r["id"], col.key, r[col.key]) for r in found)
                continue
            bucket = removed.setdefault(other.name, [])
            known = {tuple(sorted(r.items())) for r in bucket}
            fresh = [dict(r) for r in found if tuple(sorted(r.items())) not in known]
            bucket.extend(fresh)
            if "id" in other.c and fresh:
                _dependents(session, other, {r["id"] for r in fresh}, removed, nulled)


def delete(session: Session, entity: str, ids: tuple[int, ...] | list[int]) -> Change:
    """Delete rows and everything that cascades from them; the Change can restore it all."""
    table = _table(entity)
    id_set = set(ids)
    rows = [
        dict(r) for r in session.execute(select(table).where(table.c.id.in_(id_set))).mappings()
    ]
    if len(rows) != len(id_set):
        missing = id_set - {r["id"] for r in rows}
        raise EditError(f"{entity} #{min(missing)} does not exist")
    removed: RowSet = {table.name: rows}
    nulled: list[tuple[str, int, str, int]] = []
    _dependents(session, table, id_set, removed, nulled)
    cls = model(entity)
    for ident in ids:
        obj = session.get(cls, ident)
        if obj is not None:
            session.delete(obj)  # through the ORM so the audit trail sees it
    _flush(session, entity)
    return Change(entity, tuple(ids), ChangeAction.DELETE, removed=removed, nulled=tuple(nulled))


def restore(session: Session, change: Change) -> Change:
    """Put back what ``delete`` removed, with the same ids (the undo of a delete)."""
    session.flush()
    order = [t for t in Base.metadata.sorted_tables if t.name in change.removed]
    for table in order:
        session.execute(insert(table), change.removed[table.name])
    for table_name, ident, column, value in change.nulled:
        table = Base.metadata.tables[table_name]
        session.execute(sql_update(table).where(table.c.id == ident).values({column: value}))
    for row in change.removed.get(change.entity, []):
        audit.record(
            session,
            action=ChangeAction.CREATE,
            entity=change.entity,
            entity_id=row.get("id"),
            label=f"{model(change.entity).kind} '{_row_label(row)}' restored",
        )
    return Change(
        change.entity,
        change.ids,
        ChangeAction.CREATE,
        changes=OpChanges.of(created=_row_ids(change.removed), updated=_nulled_ids(change.nulled)),
    )


def delete_many(session: Session, targets: Sequence[tuple[str, Sequence[int]]]) -> Batch:
    """Delete each (entity, ids) in turn; ``restore_many`` puts everything back."""
    return Batch(tuple(delete(session, entity, tuple(ids)) for entity, ids in targets if ids))


def restore_many(session: Session, batch: Batch) -> Batch:
    """Undo of ``delete_many``: restore its deletes, the last first, with the same ids."""
    return Batch(tuple(restore(session, change) for change in reversed(batch.parts)))


def _flush(session: Session, entity: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise EditError(f"{entity}: {friendly_integrity_error(reason)}") from exc


def friendly_integrity_error(reason: str) -> str:
    """A database constraint failure in words a user can act on."""
    if "UNIQUE" in reason:
        return f"an entry with the same value already exists ({reason.split(':')[-1].strip()})"
    if "FOREIGN KEY" in reason:
        return "refers to something that does not exist"
    if "CHECK" in reason:
        return f"a value is out of range ({reason.split(':')[-1].strip()})"
    return reason


def _row_label(row: Mapping[str, Any]) -> str:
    return str(row.get("name") or row.get("title") or row.get("id"))
