"""Copies between a plan file and a server plan, and an offline copy's bookkeeping.

``publish`` puts a file's rows on an empty server database; ``take_offline_copy``
writes a server plan into a new file that remembers its origin (URL without
password, a copy id, the sync generation, the last change it holds) and every
row as it was then (the base of the next sync's field-by-field merge). Both read
one consistent snapshot and write the target in one transaction (a file under a
temporary name renamed into place), so an interruption leaves no half copy.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import Base, table_of
from relm_desktop.store.database import PlanStore, create_plan_file, remove_plan_file
from relm_desktop.store.errors import PlanFileError
from relm_desktop.store.migrate import upgrade
from relm_desktop.store.server import make_server_engine, public_url, session_tag
from relm_desktop.store.tables import LOCAL_ONLY, SYNC_BASE, SYNC_CONFLICT, SYNC_ORIGIN

Row = dict[str, Any]
CHUNK = 2000


def plan_tables() -> list[Table]:
    """The plan's own tables, parents first (bookkeeping of one side left out)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL_ONLY]


def merged_tables() -> list[Table]:
    """What a sync merges: the plan's tables but the audit trail (each side keeps its own)."""
    return [t for t in plan_tables() if t.name != ChangeRecord.__tablename__]


def plain(value: object) -> Any:
    """A column value as JSON holds it: how base, local and server values are compared."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_key(table: Table, row: Mapping[str, Any]) -> Any:
    """A row's identity: its id, or all its values in a link table."""
    if "id" in table.c:
        return row["id"]
    return tuple(plain(row[c.name]) for c in table.columns)


def read_rows(con: Connection, table: Table) -> list[Row]:
    order = [table.c.id] if "id" in table.c else list(table.columns)
    return [dict(r) for r in con.execute(select(table).order_by(*order)).mappings()]


def copy_rows(source: Connection, target: Connection, tables: Iterable[Table]) -> None:
    for table in tables:
        rows = read_rows(source, table)
        for start in range(0, len(rows), CHUNK):
            target.execute(insert(table), rows[start : start + CHUNK])
    if target.dialect.name == "postgresql":
        reset_sequences(target)


def reset_sequences(con: Connection) -> None:
    """After rows were inserted with their ids, the next id follows the largest."""
    for table in plan_tables():
        if "id" not in table.c:
            continue
        con.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
            f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
        )


@dataclass(frozen=True)
class Origin:
    """Where an offline copy came from and how far it has been synced."""

    url: str
    copy_id: str
    generation: int
    watermark: int  # the server's last change record the copy holds
    taken_at: str

    @property
    def label(self) -> str:
        return f"{self.url} (change {self.watermark}, {self.taken_at})"


def read_origin(con: Connection) -> Origin | None:
    values = {k: v for k, v in con.execute(select(SYNC_ORIGIN.c.key, SYNC_ORIGIN.c.value))}
    if "url" not in values:
        return None
    return Origin(
        values["url"],
        values["copy_id"],
        int(values["generation"]),
        int(values["watermark"]),
        values.get("taken_at", ""),
    )


def read_base(con: Connection) -> dict[str, dict[Any, Row]]:
    """The rows as they were when the copy was taken, by table and row key."""
    out: dict[str, dict[Any, Row]] = {}
    for entity, _row_id, data in con.execute(select(SYNC_BASE)):
        row = json.loads(data)
        table = Base.metadata.tables[entity]
        out.setdefault(entity, {})[row_key(table, row)] = row
    return out


def read_conflicts(con: Connection) -> list[Row]:
    return [
        dict(r) for r in con.execute(select(SYNC_CONFLICT).order_by(SYNC_CONFLICT.c.id)).mappings()
    ]


def _write_bookkeeping(
    con: Connection, origin: Origin, conflicts: Sequence[Mapping[str, Any]]
) -> None:
    con.execute(delete(SYNC_ORIGIN))
    con.execute(
        insert(SYNC_ORIGIN),
        [
            {"key": "url", "value": origin.url},
            {"key": "copy_id", "value": origin.copy_id},
            {"key": "generation", "value": str(origin.generation)},
            {"key": "watermark", "value": str(origin.watermark)},
            {"key": "taken_at", "value": origin.taken_at},
        ],
    )
    base = []
    for table in merged_tables():
        for number, row in enumerate(read_rows(con, table)):
            ident = row["id"] if "id" in table.c else number
            base.append(
                {
                    "entity": table.name,
                    "row_id": ident,
                    "data": json.dumps({k: plain(v) for k, v in row.items()}),
                }
            )
    con.execute(delete(SYNC_BASE))
    for start in range(0, len(base), CHUNK):
        con.execute(insert(SYNC_BASE), base[start : start + CHUNK])
    con.execute(delete(SYNC_CONFLICT))
    if conflicts:
        con.execute(
            insert(SYNC_CONFLICT), [{k: v for k, v in c.items() if k != "id"} for c in conflicts]
        )


def publish(path: Path, location: str) -> int:
    """Put the plan file ``path`` on an empty server database; returns the rows copied.

    Schema and rows go in one transaction: a failure leaves the database empty.
    """
    from relm_desktop.store.database import open_plan_file

    store, _ = open_plan_file(Path(path), readonly=True)
    engine = make_server_engine(location, session_tag())
    try:
        with store.engine.connect() as source, engine.begin() as target:
            if target.exec_driver_sql("SELECT to_regclass('public.alembic_version')").scalar():
                raise PlanFileError(public_url(location), "already holds a plan")
            upgrade(target)
            copy_rows(source, target, plan_tables())
            return sum(
                int(source.execute(select(func.count()).select_from(t)).scalar() or 0)
                for t in plan_tables()
            )
    finally:
        store.close()
        engine.dispose()


def take_offline_copy(
    location: str,
    path: Path,
    *,
    copy_id: str | None = None,
    generation: int = 0,
    conflicts: Sequence[Mapping[str, Any]] = (),
    replace: bool = False,
) -> Origin:
    """Write the server plan into the file ``path`` (a new one, or ``replace`` an older
    copy of it) in one step: a temporary file renamed over the target when complete."""
    path = Path(path)
    if path.exists() and not replace:
        raise PlanFileError(path, "already exists; choose another name")
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    engine = make_server_engine(location, session_tag())
    store: PlanStore | None = None
    try:
        store = create_plan_file(tmp)
        with engine.connect() as source, store.engine.begin() as target:
            # One snapshot of the server: rows and watermark agree.
            source.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            watermark = source.execute(select(func.max(table_of(ChangeRecord).c.id))).scalar()
            copy_rows(source, target, plan_tables())
            origin = Origin(
                public_url(location),
                copy_id or uuid.uuid4().hex,
                generation,
                int(watermark or 0),
                datetime.now().isoformat(timespec="seconds"),
            )
            _write_bookkeeping(target, origin, conflicts)
        store.close()
        store = None
        tmp.replace(path)
    except BaseException:
        if store is not None:
            store.close()
        remove_plan_file(tmp)
        raise
    finally:
        engine.dispose()
    return origin


__all__ = [
    "Origin",
    "copy_rows",
    "merged_tables",
    "plain",
    "plan_tables",
    "publish",
    "read_base",
    "read_conflicts",
    "read_origin",
    "read_rows",
    "row_key",
    "take_offline_copy",
]
