"""Creating many rows of one entity at once, for the Excel import, audited like single edits.

Applying a 10,000-task import through ORM objects and one unit-of-work flush
took ~8 s, nearly all of it SQLAlchemy's bookkeeping per object. A bulk INSERT
with RETURNING gives the same rows and ids; the CREATE audit rows the flush hook
(``store.audit``) would have written are written here in the same form.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import EnumText
from relm_desktop.domain.enums import ChangeAction
from relm_desktop.services import edits
from relm_desktop.services.edits import Change, EditError
from relm_desktop.store import audit


def create_many(session: Session, entity: str, batch: list[dict[str, Any]]) -> list[int]:
    """Create many rows in one bulk INSERT, with the audit rows a flush would write.

    An ORM object per row and a unit-of-work flush cost ~0.3 ms a row (about 7 s
    for 10,000 tasks and 15,000 links); the bulk INSERT skips both. The audit
    hook only sees flushed objects, so the CREATE rows it would have written for
    these are written here, the same way.
    """
    model = edits.model(entity)
    table = cast(Table, model.__table__)
    rows = coerce_many(entity, batch)
    # One key set for all rows (a missing field takes its column's default, as the ORM
    # would have it), so one statement covers the batch.
    defaults = {c.key: c.default for c in table.columns if c.key != "id"}
    if not all(isinstance(d, ScalarElementColumnDefault | None) for d in defaults.values()):
        return _create_with_orm(session, entity, model, rows)  # a computed default: the ORM's
    keys = {key for row in rows for key in row}
    fill = {k: getattr(d, "arg", None) for k, d in defaults.items()}
    filled = [{k: row.get(k, fill[k]) for k in keys} for row in rows]
    session.flush()  # anything pending goes first, as it would have in one flush
    try:
        ids = _insert(session, table, filled) if filled else []
    except IntegrityError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise EditError(f"{entity}: {edits.friendly_integrity_error(reason)}") from exc
    if ids:
        _audit_created(session, model, rows, ids)
    return ids


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows``; their new ids, in order.

    SQLAlchemy cannot batch an ordered INSERT … RETURNING on SQLite and sends one
    statement a row (~0.5 s for 10,000 tasks and 15,000 links); a plain executemany
    takes a tenth of that. SQLite gives each new row an id above every id in the
    table, and this transaction holds the write lock, so the rows above the old
    maximum are these, in order. Other databases (a sequence shared with other
    sessions) keep RETURNING.
    """
    if session.get_bind().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows))
    before = session.scalar(select(func.max(table.c.id))) or 0
    insert_rows(session, table, rows)
    newer = table.c.id > before
    found = session.execute(select(func.count(), func.min(table.c.id)).where(newer)).one()
    if found[0] != len(rows):  # not expected: another writer inside our transaction
        raise EditError(f"{table.name}: {len(rows)} rows inserted but {found[0]} found")
    last = session.scalar(select(func.max(table.c.id)))
    if last is not None and last - found[1] + 1 == len(rows):
        return list(range(found[1], last + 1))  # consecutive, as SQLite numbers them
    return list(session.scalars(select(table.c.id).where(newer).order_by(table.c.id)))


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (all with the same keys) in one executemany.

    On SQLite the values go to the driver as tuples, each converted by its
    column type's own bind processor: SQLAlchemy's per-row parameter handling
    cost more than the insert itself (~0.2 s for 25,000 task, link and audit
    rows). Elsewhere SQLAlchemy's executemany.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=list(rows[0]))
    names = list(compiled.positiontup or ())
    if sorted(names) != sorted(rows[0]):  # not a plain column list: SQLAlchemy's way
        session.execute(insert(table), rows)
        return
    columns: list[list[Any]] = []
    for name in names:  # column by column: one processor call per value, no per-row tuple work
        values = [row[name] for row in rows]
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(values if process is None else [process(v) for v in values])
    session.connection().exec_driver_sql(str(compiled), list(zip(*columns, strict=True)))


@dataclass(frozen=True, slots=True)
class _Column:
    """What ``edits.coerce`` checks of one column, looked up once."""

    nullable: bool
    python_type: type[Any]
    members: dict[str, StrEnum] | None  # an EnumText column's members by value
    bounds: tuple[int, int] | None
    required: bool
    length: int | None


@cache
def _columns(entity: str) -> dict[str, _Column]:
    table = cast(Table, edits.model(entity).__table__)
    out: dict[str, _Column] = {}
    for column in table.columns:
        if column.key == "id":
            continue
        ctype = column.type
        length = getattr(ctype, "length", None)
        out[column.key] = _Column(
            bool(column.nullable),
            str if isinstance(ctype, EnumText) else ctype.python_type,
            {m.value: m for m in ctype.enum_cls} if isinstance(ctype, EnumText) else None,
            edits.RANGES.get((entity, column.key)),
            column.key in edits.REQUIRED_TEXT,
            length if length and column.key != "body" else None,
        )
    return out


def coerce_many(entity: str, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``edits.coerce`` of every row, ~5× faster at 10,000 rows.

    A value already of its column's type that passes the column's checks is
    kept as it is, which is what ``edits.coerce`` returns for it; any other row
    (a value to convert, or one it refuses) goes through ``edits.coerce`` itself,
    so the result and the messages are the same.
    """
    columns = _columns(entity)
    out: list[dict[str, Any]] = []
    for values in batch:
        row = _coerce_fast(columns, values)
        out.append(row if row is not None else edits.coerce(entity, values))
    return out


def _coerce_fast(columns: dict[str, _Column], values: dict[str, Any]) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    for key, value in values.items():
        column = columns.get(key)
        if column is None:
            return None
        if value is None:
            if not column.nullable:
                return None
        elif column.members is not None:
            value = column.members.get(value) if isinstance(value, str) else None
            if value is None:
                return None
        elif type(value) is not column.python_type:
            return None  # bool for int, datetime for date, text for a date: edits.coerce's
        elif column.bounds is not None and not column.bounds[0] <= value <= column.bounds[1]:
            return None
        elif type(value) is str:
            if column.required and not value.strip():
                return None
            if column.length is not None and len(value) > column.length:
                return None
        row[key] = value
    return row


def _create_with_orm(
    session: Session, entity: str, model: type[Any], rows: list[dict[str, Any]]
) -> list[int]:
    objects = [model(**values) for values in rows]
    session.add_all(objects)
    try:
        session.flush()
    except IntegrityError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise EditError(f"{entity}: {edits.friendly_integrity_error(reason)}") from exc
    return [obj.id for obj in objects]


class _NewRow:
    """Stands in for a created row when describing it (the model's ``describe`` reads only
    its kind, id and name or title)."""

    def __init__(self, kind: str, values: dict[str, Any], ident: int) -> None:
        self.__dict__.update(values)
        self.kind = kind
        self.id = ident


def _audit_created(
    session: Session, model: type[Any], rows: list[dict[str, Any]], ids: list[int]
) -> None:
    """The CREATE rows ``store.audit`` writes for objects a flush creates."""
    if not audit.enabled(session):
        return
    shared = audit.stamp(session)
    action = audit.forced_action(session) or ChangeAction.CREATE
    entity = model.__tablename__
    records = [
        audit.audit_row(
            shared, action, entity, ident, model.describe(_NewRow(model.kind, row, ident))
        )
        for row, ident in zip(rows, ids, strict=True)
    ]
    insert_rows(session, cast(Table, ChangeRecord.__table__), records)


#: SQLite's default limit of bound parameters is 999 (older builds): ids go in chunks.
_CHUNK = 900


def update_many(
    session: Session, entity: str, updates: list[tuple[int, dict[str, Any]]]
) -> list[Change]:
    """Change fields of many rows in a few statements, audited as a flush would audit them.

    The same result as ``edits.update`` row by row (one ``Change`` per row, with old and
    new values of what changed), without an ORM object and a flush per row: 1,000 rows
    of a returned workbook took ~0.7 s that way.
    """
    model: Any = edits.model(entity)  # Any: describe() is called on a stand-in row below
    table = cast(Table, model.__table__)
    clean = [(ident, edits.coerce(entity, values)) for ident, values in updates]
    fields = sorted({key for _ident, values in clean for key in values})
    wanted = [c for c in ("name", "title") if c in table.c and c not in fields]
    current: dict[int, dict[str, Any]] = {}
    ids = [ident for ident, _values in clean]
    columns = [getattr(model, f) for f in (*fields, *wanted)]
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        for row in session.execute(select(model.id, *columns).where(model.id.in_(chunk))):
            current[row[0]] = dict(zip((*fields, *wanted), row[1:], strict=True))
    session.flush()  # anything pending goes first, as it would have in one flush
    changes: list[Change] = []
    batch: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    audited = audit.enabled(session)
    shared = audit.stamp(session) if audited else {}
    action = (audit.forced_action(session) if audited else None) or ChangeAction.UPDATE
    for ident, values in clean:
        if ident not in current:
            raise EditError(f"{entity} #{ident} does not exist")
        old = current[ident]
        before = {k: old[k] for k, v in values.items() if old[k] != v}
        after = {k: values[k] for k in before}
        changes.append(
            Change(entity, (ident,), ChangeAction.UPDATE, frozenset(after), before, after)
        )
        if not after:
            continue
        batch.append({"id": ident, **after})
        if audited:
            label = model.describe(_NewRow(model.kind, {**old, **after}, ident))
            records.extend(
                audit.audit_row(shared, action, entity, ident, label, key, before[key], new)
                for key, new in after.items()
                if key not in model.audit_ignore
                and audit.as_text(before[key]) != audit.as_text(new)
            )
    try:
        for keys, rows in _by_keys(batch).items():
            # Bound names apart from the column names, which SQLAlchemy reserves in a SET.
            statement = (
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values({key: bindparam(f"new_{key}") for key in keys})
            )
            session.execute(
                statement,
                [{"row_id": r["id"], **{f"new_{k}": r[k] for k in keys}} for r in rows],
            )
    except IntegrityError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise EditError(f"{entity}: {edits.friendly_integrity_error(reason)}") from exc
    if records:
        session.execute(insert(cast(Table, ChangeRecord.__table__)), records)
    session.expire_all()  # ORM objects loaded before hold the old values
    return changes


def _by_keys(batch: list[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    out: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in batch:
        out.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    return out
