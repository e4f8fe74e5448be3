"""Optimistic concurrency on a shared plan: a version per row, checked at every write.

A store shared on a server keeps the version of every row as its window last
read it (``Versions``). Each ORM flush then bumps the version of the rows it
updates or deletes, in the same transaction, and refuses the write if the row's
version moved since that read: someone else changed it. The refusal names who
and when, the transaction rolls back, and the window reloads the plan instead
of overwriting what it has not seen. Two writers racing on one row serialize on
the version row's lock (PostgreSQL), so the second one is refused, never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, ScalarSelect, and_, event, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import Base, table_of
from relm_desktop.store import audit
from relm_desktop.store.errors import PlanFileError
from relm_desktop.store.tables import ROW_VERSION

Key = tuple[str, int]


class StaleEditError(PlanFileError):
    """A row was changed by someone else since this window read it."""

    def __init__(self, where: str, what: str, user: str, host: str, at: datetime | None) -> None:
        when = at.isoformat(sep=" ", timespec="seconds") if at else "just now"
        super().__init__(
            where,
            f"{what} was changed by {user} on {host} at {when}; "
            "the plan was reloaded, nothing was overwritten",
        )
        self.user = user
        self.host = host
        self.at = at


@dataclass
class Versions:
    """Row versions as last read (absent: never written through RELM on the server = 0)."""

    where: str
    seen: dict[Key, int] = field(default_factory=dict)

    def read(self, connection: Connection) -> None:
        """Take every row's current version (before the plan itself is read)."""
        rows = connection.execute(
            select(ROW_VERSION.c.entity, ROW_VERSION.c.row_id, ROW_VERSION.c.version)
        )
        self.seen = {(entity, row_id): version for entity, row_id, version in rows}

    def take(self, entity: str, found: Mapping[int, int | None]) -> None:
        """Take the versions read beside some rows of ``entity`` (``version_column``)."""
        for row_id, version in found.items():
            if version is None:  # never written through RELM on the server: version 0
                self.seen.pop((entity, row_id), None)
            else:
                self.seen[(entity, row_id)] = version


def version_column(entity: str, row_id: ColumnElement[int]) -> ScalarSelect[int]:
    """The version of the row whose id is ``row_id`` (NULL if none), to read beside the
    row in the same statement: row and version then come from one snapshot."""
    return (
        select(ROW_VERSION.c.version)
        .where(and_(ROW_VERSION.c.entity == entity, ROW_VERSION.c.row_id == row_id))
        .scalar_subquery()
    )


def _touched(session: Session) -> list[tuple[Base, bool]]:
    """ORM rows this flush changed or deleted (not created: a new row has no rival)."""
    out: list[tuple[Base, bool]] = []
    for obj in session.dirty:
        if (
            isinstance(obj, Base)
            and not isinstance(obj, ChangeRecord)
            and session.is_modified(obj, include_collections=False)
        ):
            out.append((obj, False))
    out.extend(
        (obj, True)
        for obj in session.deleted
        if isinstance(obj, Base) and not isinstance(obj, ChangeRecord)
    )
    return out


def _key(obj: Base) -> Key | None:
    ident = inspect(obj).identity
    if not ident or len(ident) != 1 or not isinstance(ident[0], int):
        return None
    return (type(obj).__tablename__, ident[0])


def _check_and_bump(session: Session, versions: Versions) -> None:
    bumped: dict[Key, int] = session.info.setdefault("bumped", {})
    con = session.connection()
    postgres = con.dialect.name == "postgresql"
    stamp = audit.stamp(session)
    for obj, _deleted in _touched(session):
        key = _key(obj)
        if key is None:
            continue
        expected = bumped.get(key, versions.seen.get(key, 0))
        values = {
            "version": expected + 1,
            "user": stamp["user"],
            "host": stamp["host"],
            "at": stamp["at"],
        }
        if expected == 0:
            _insert_first(con, key, values, postgres, versions.where, obj.describe())
        else:
            # One round trip: the bump happens only if nobody moved the version since
            # our read. A rival holding the row waits here until we end, then finds
            # the version moved and is refused (PostgreSQL re-checks the WHERE).
            done = con.execute(
                update(ROW_VERSION)
                .where(
                    and_(
                        ROW_VERSION.c.entity == key[0],
                        ROW_VERSION.c.row_id == key[1],
                        ROW_VERSION.c.version == expected,
                    )
                )
                .values(values)
            )
            if done.rowcount != 1:
                raise _stale(con, key, versions.where, obj.describe())
        bumped[key] = expected + 1


def _stale(con: Connection, key: Key, where: str, what: str) -> StaleEditError:
    """The refusal, naming who wrote the row's current version and when."""
    row = (
        con.execute(
            select(ROW_VERSION).where(
                and_(ROW_VERSION.c.entity == key[0], ROW_VERSION.c.row_id == key[1])
            )
        )
        .mappings()
        .first()
    )
    who = dict(row) if row else _last_writer(con, key)
    return StaleEditError(
        where,
        what,
        str(who.get("user", "someone")),
        str(who.get("host", "another computer")),
        who.get("at"),
    )


def _insert_first(
    con: Connection, key: Key, values: dict[str, Any], postgres: bool, where: str, what: str
) -> None:
    """The first version of a row; a version already there (a rival's) makes ours stale."""
    if postgres:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        made = con.execute(
            pg_insert(ROW_VERSION)
            .values(entity=key[0], row_id=key[1], **values)
            .on_conflict_do_nothing()
            .returning(ROW_VERSION.c.version)
        ).first()
        if made is None:
            raise _stale(con, key, where, what)
        return
    from sqlalchemy import insert

    con.execute(insert(ROW_VERSION).values(entity=key[0], row_id=key[1], **values))


def _last_writer(con: Connection, key: Key) -> dict[str, Any]:
    table = table_of(ChangeRecord)
    row = (
        con.execute(
            select(table.c.user, table.c.host, table.c.at)
            .where(and_(table.c.entity == key[0], table.c.entity_id == key[1]))
            .order_by(table.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else {}


@event.listens_for(Session, "before_flush")
def _versions_before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    versions = session.info.get("versions")
    if isinstance(versions, Versions):
        _check_and_bump(session, versions)


def committed(session: Session, versions: Versions) -> None:
    """After a commit: this window's own writes are now the versions it has seen."""
    versions.seen.update(session.info.get("bumped", {}))


__all__ = ["StaleEditError", "Versions", "committed", "version_column"]
