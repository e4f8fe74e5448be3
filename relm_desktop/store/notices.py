"""Change notices on a server plan: which rows each commit wrote, for the other windows.

The schema's trigger (migration 0005) notifies ``relm_plan`` with the writer's
tag (its ``application_name``) at a transaction's first audit row. A RELM
session adds, right before it commits, one notice naming the rows the
transaction wrote: ``tag\\ntask:4,9 release:2 task:*`` (``*`` after a kind:
every row of it; a lone ``*``: anything). Like every NOTIFY it is delivered
only if the transaction commits. The other windows then read just those rows
(``services.live``) instead of the whole plan.

What names rows: audit rows (every create, update and delete through RELM,
``store.audit``) name theirs; an UPDATE or DELETE names the rows its primary
key picks, or every row of its kind when it picks them otherwise (a bulk
renumbering); an insert into a table without ids (an association) names that
whole kind.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Delete, Engine, Insert, Table, Update, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList

#: The channel the schema's trigger notifies on every committed change (migration 0005).
CHANNEL = "relm_plan"
_ALL = "*"
#: PostgreSQL refuses a payload of 8,000 bytes or more; a longer list says "anything".
_PAYLOAD_LIMIT = 7900
#: Bookkeeping no window shows (versions, an offline copy's state).
_UNSHOWN = frozenset({"row_version", "sync_origin", "sync_base", "sync_conflict", "sync_applied"})
#: Where a connection gathers the rows its open transaction wrote (``Connection.info``).
_KEY = "relm_named"
#: A pooled connection idle this long is pinged before use (a dropped link is replaced);
#: one busy with edits is not: a ping per transaction was one more round trip per edit.
IDLE_PING = 30.0

Named = dict[str, set[int] | None]


def rows_payload(tag: str, named: Mapping[str, Iterable[int] | None]) -> str:
    """The notice naming ``named`` rows (``None``: every row of that kind)."""
    if _ALL in named:
        return f"{tag}\n{_ALL}"
    parts = [
        f"{entity}:{_ALL}" if ids is None else f"{entity}:{','.join(map(str, sorted(ids)))}"
        for entity, ids in sorted(named.items())
    ]
    payload = f"{tag}\n{' '.join(parts)}"
    return payload if len(payload.encode()) < _PAYLOAD_LIMIT else f"{tag}\n{_ALL}"


def announce(engine: Engine, tag: str) -> None:
    """Make ``engine``'s transactions name the rows they write, and ping idle links only."""
    event.listen(engine, "after_execute", _gather)
    event.listen(engine, "commit", lambda connection: _send(connection, tag))
    event.listen(engine, "rollback", lambda connection: connection.info.pop(_KEY, None))
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", _checked_out)


def announce_everything(connection: Connection) -> None:
    """Tell the other windows this transaction's changes are not all named by its audit
    rows (a sync's merge): they read the whole plan again once it commits."""
    if connection.dialect.name == "postgresql":
        connection.info.setdefault(_KEY, {})[_ALL] = None


def _send(connection: Connection, tag: str) -> None:
    named: Named | None = connection.info.pop(_KEY, None)
    if not named:
        return
    from psycopg import sql

    # The notice and the COMMIT in one round trip (a query without parameters may
    # hold two statements); the driver's own commit then finds nothing left to do.
    # The raw cursor: no statement events. A failed COMMIT raises here, in commit.
    query = sql.SQL("SELECT pg_notify({}, {}); COMMIT").format(
        sql.Literal(CHANNEL), sql.Literal(rows_payload(tag, named))
    )
    cursor = connection.connection.cursor()
    try:
        cursor.execute(query)
    finally:
        cursor.close()


def _gather(
    connection: Connection,
    clause: object,
    multiparams: Any,
    params: Any,
    _options: object,
    _result: object,
) -> None:
    if not isinstance(clause, Insert | Update | Delete):
        return
    table = clause.table
    if not isinstance(table, Table) or table.name in _UNSHOWN:
        return
    batch: list[Mapping[str, Any]] = list(multiparams) if multiparams else [params or {}]
    named: Named = connection.info.setdefault(_KEY, {})
    if table.name == "change_record":
        for row in batch:
            entity, ident = row.get("entity"), row.get("entity_id")
            if not isinstance(entity, str):  # values built into the SQL: say anything
                named[_ALL] = None
                return
            _name(named, entity, ident if isinstance(ident, int) else None)
    elif isinstance(clause, Insert):
        if "id" not in table.c:  # a row with an id is named by its audit row
            named[table.name] = None
    else:
        for ident in _picked(clause, table, batch):
            _name(named, table.name, ident)


def _name(named: Named, entity: str, ident: int | None) -> None:
    if ident is None:
        named[entity] = None
    elif (ids := named.setdefault(entity, set())) is not None:
        ids.add(ident)


def _picked(
    clause: Update | Delete, table: Table, batch: list[Mapping[str, Any]]
) -> list[int | None]:
    """The ids an UPDATE or DELETE picks by its primary key; [None] if it picks otherwise."""
    where = clause.whereclause
    terms = (
        list(where.clauses)
        if isinstance(where, BooleanClauseList) and where.operator is operators.and_
        else [where]
    )
    for term in terms:
        if (
            isinstance(term, BinaryExpression)
            and term.left is table.c.get("id")
            and isinstance(term.right, BindParameter)
        ):
            key, bound = term.right.key, term.right.value
            out: list[int | None] = []
            for row in batch:
                value = row.get(key, bound)
                values = value if isinstance(value, list | tuple | set) else [value]
                out.extend(v if isinstance(v, int) else None for v in values)
            return out
    return [None]


def _checked_in(_dbapi: object, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _checked_out(dbapi: Any, record: Any, _proxy: object) -> None:
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < IDLE_PING:
        return
    try:
        cursor = dbapi.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi.rollback()
    except Exception as exc:  # the server went away meanwhile: the pool connects afresh
        raise DisconnectionError(str(exc)) from exc


@dataclass(frozen=True)
class News:
    """What other sessions committed since the last look.

    ``rows`` names the rows changed by kind (``None``: every row of that kind);
    ``everything`` is set when some commit did not name its rows (another
    program, a sync), and then the whole plan must be read again.
    """

    tags: tuple[str, ...] = ()
    rows: Mapping[str, frozenset[int] | None] = field(default_factory=dict)
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.tags or self.rows or self.everything)

    def __or__(self, other: News) -> News:
        """Both, as news held back and news come since."""
        rows: dict[str, frozenset[int] | None] = dict(self.rows)
        for kind, ids in other.rows.items():
            mine = rows.get(kind, frozenset())
            rows[kind] = None if ids is None or mine is None else mine | ids
        return News(self.tags + other.tags, rows, self.everything or other.everything)


def parse_notices(payloads: Iterable[str], own_tag: str) -> News:
    """Read a batch of notices: each commit's trigger notice (its tag alone) and the
    one naming its rows (a transaction's notices arrive together). A RELM session
    names the rows of every commit it makes; a tag that named none in this batch
    (another program, or a batch cut mid-commit) makes the news ``everything``."""
    tags: list[str] = []
    rows: Named = {}
    naming: set[str] = set()
    everything = False
    for payload in payloads:
        tag, newline, named = payload.partition("\n")
        if tag == own_tag:
            continue
        if not newline:
            tags.append(tag)
            continue
        naming.add(tag)
        for part in named.split():
            entity, _colon, ids = part.partition(":")
            if part == _ALL or not entity:
                everything = True
            elif ids == _ALL:
                rows[entity] = None
            elif (known := rows.setdefault(entity, set())) is not None:
                known.update(int(i) for i in ids.split(",") if i)
    everything |= not naming.issuperset(tags)
    return News(
        tuple(tags),
        {k: None if v is None else frozenset(v) for k, v in rows.items()},
        everything,
    )


__all__ = [
    "CHANNEL",
    "IDLE_PING",
    "News",
    "announce",
    "announce_everything",
    "parse_notices",
    "rows_payload",
]
