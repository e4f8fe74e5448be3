"""Creating many rows of one entity at once, for the Excel import, audited like single edits.

Applying a 10,000-task import through ORM objects and one unit-of-work flush
took ~8 s, nearly all of it SQLAlchemy's bookkeeping per object. A bulk INSERT
with RETURNING gives the same rows and ids; the CREATE audit rows the flush hook
(``store.audit``) would have written are written here in the same form.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from relm_desktop.domain.audit import ChangeRecord
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
    rows = [edits.coerce(entity, values) for values in batch]
    # One key set for all rows (a missing field takes its column's default, as the ORM
    # would have it), so one statement covers the batch.
    defaults = {c.key: c.default for c in table.columns if c.key != "id"}
    if not all(isinstance(d, ScalarElementColumnDefault | None) for d in defaults.values()):
        return _create_with_orm(session, entity, model, rows)  # a computed default: the ORM's
    keys = {key for row in rows for key in row}
    fill = {k: getattr(d, "arg", None) for k, d in defaults.items()}
    filled = [{k: row.get(k, fill[k]) for k in keys} for row in rows]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    session.flush()  # anything pending goes first, as it would have in one flush
    try:
        ids = list(session.scalars(statement, filled)) if filled else []
    except IntegrityError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise EditError(f"{entity}: {edits.friendly_integrity_error(reason)}") from exc
    if ids:
        _audit_created(session, model, rows, ids)
    return ids


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
    session.execute(insert(cast(Table, ChangeRecord.__table__)), records)


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
