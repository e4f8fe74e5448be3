"""Publishing a plan, offline copies and syncing them back, field by field.

A sync is a three-way merge per row and field: the copy's base (every row as it
was when taken), the copy now, the server now. A field changed only in the copy
goes up; one changed only on the server stays; one changed on both sides to
different values is a conflict: the server's value stays, the copy's value is
kept in the conflict list (``relm sync`` prints it, the app's Problems panel
offers both). Rows made in the copy get fresh server ids (references follow).

All server writes are one transaction that also records the sync as applied
(copy id, generation), and the copy is then rewritten from the server in one
rename: interrupted anywhere, both sides stay consistent, and running the sync
again finishes it without applying anything twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, and_, delete, func, insert, select
from sqlalchemy.orm import Session

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import table_of
from relm_desktop.services import edits
from relm_desktop.services.edits import EditError
from relm_desktop.store import audit
from relm_desktop.store.database import PlanStore, copy_plan, open_plan_file
from relm_desktop.store.errors import PlanFileError, shown
from relm_desktop.store.lock import CLI_WAIT, PlanLock
from relm_desktop.store.server import (
    announce_everything,
    is_server_location,
    open_server_store,
    public_url,
)
from relm_desktop.store.sync import (
    Origin,
    merged_tables,
    plain,
    publish,
    read_base,
    read_conflicts,
    read_origin,
    read_rows,
    row_key,
    take_offline_copy,
)
from relm_desktop.store.tables import SYNC_APPLIED, SYNC_CONFLICT

if TYPE_CHECKING:
    from relm_desktop.services.plan import PlanService

Row = dict[str, Any]
#: Called with the step a sync reached ("merged" before the server commit,
#: "applied" after it, before the copy is rewritten): progress, and where tests cut.
Stage = Callable[[str], None]
DELETED = "(deleted)"


@dataclass(frozen=True)
class Conflict:
    entity: str
    row_id: int
    field: str
    label: str
    server: str | None
    local: str | None

    def line(self) -> str:
        return (
            f"{self.label} (#{self.row_id}) {self.field}: "
            f"server {shown(self.server or '—', 60)}, local {shown(self.local or '—', 60)}"
        )


@dataclass
class SyncReport:
    """What one sync did: fields and rows sent up, server changes brought down, conflicts."""

    sent_fields: int = 0
    created: int = 0
    deleted: int = 0
    pulled: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    replayed: bool = False  # a sync interrupted after the server commit, finished now
    origin: str = ""

    def summary(self) -> str:
        again = " (finishing an interrupted sync)" if self.replayed else ""
        return (
            f"synced with {self.origin}{again}: {self.sent_fields} fields, "
            f"{self.created} new and {self.deleted} deleted rows sent; "
            f"{self.pulled} server changes brought down; {len(self.conflicts)} conflicts"
        )


# -- copy ------------------------------------------------------------------------------
def copy_location(source: str | Path, target: str | Path) -> str:
    """``relm copy``: file → server (publish), server → file (offline copy), file → file."""
    src_server, dst_server = is_server_location(source), is_server_location(target)
    if src_server and dst_server:
        raise EditError("copy a server plan to a file first, then publish that file")
    if dst_server:
        rows = publish(Path(source), str(target))
        return f"published {source} to {public_url(str(target))} ({rows} rows)"
    if src_server:
        origin = take_offline_copy(str(source), Path(target))
        return f"offline copy of {origin.url} written to {target} (up to change {origin.watermark})"
    if Path(target).exists():
        raise PlanFileError(Path(target), "already exists; choose another name")
    copy_plan(Path(source), Path(target))
    return f"copied {source} to {target}"


def origin_of(path: Path) -> Origin | None:
    """Where the plan file ``path`` was copied from (None: not an offline copy)."""
    store, _ = open_plan_file(Path(path), readonly=True)
    try:
        with store.engine.connect() as con:
            return read_origin(con)
    finally:
        store.close()


# -- sync ------------------------------------------------------------------------------
def sync_offline_copy(path: Path, *, stage: Stage | None = None) -> SyncReport:
    """Send the copy's edits up, bring the server's down, rewrite the copy; see the module."""
    path = Path(path)
    lock = PlanLock(path, source="cli")
    lock.acquire(wait=CLI_WAIT)
    try:
        store, _ = open_plan_file(path)
        try:
            with store.engine.connect() as con:
                origin = read_origin(con)
                if origin is None:
                    raise PlanFileError(path, "is not an offline copy of a server plan")
                base = read_base(con)
                local = {t.name: read_rows(con, t) for t in merged_tables()}
                kept = read_conflicts(con)
                local_audit = _audit_since(con, origin.watermark)
        finally:
            store.close()
        server = open_server_store(origin.url)
        try:
            if server.readonly:
                raise PlanFileError(origin.url, server.readonly_why)
            report, conflicts = _apply(server, origin, base, local, local_audit, stage)
        finally:
            server.close()
        if stage is not None:
            stage("applied")
        still = [c for c in kept if not _same_conflict(c, conflicts)]
        take_offline_copy(
            origin.url,
            path,
            copy_id=origin.copy_id,
            generation=origin.generation + 1,
            conflicts=[*still, *(_conflict_row(c) for c in conflicts)],
            replace=True,
        )
        report.conflicts = conflicts
        return report
    finally:
        lock.release()


def _same_conflict(row: Mapping[str, Any], new: list[Conflict]) -> bool:
    return any(
        (c.entity, c.row_id, c.field) == (row["entity"], row["row_id"], row["field"]) for c in new
    )


def _conflict_row(conflict: Conflict) -> Row:
    return {**asdict(conflict), "at": datetime.now().replace(microsecond=0)}


def _audit_since(con: Connection, watermark: int) -> list[Row]:
    table = table_of(ChangeRecord)
    rows = con.execute(select(table).where(table.c.id > watermark).order_by(table.c.id))
    return [dict(r) for r in rows.mappings()]


def _apply(
    server: PlanStore,
    origin: Origin,
    base: dict[str, dict[Any, Row]],
    local: dict[str, list[Row]],
    local_audit: list[Row],
    stage: Stage | None,
) -> tuple[SyncReport, list[Conflict]]:
    with server.transaction("sync") as session:
        con = session.connection()
        con.exec_driver_sql("SELECT pg_advisory_xact_lock(74220)")  # one sync at a time
        done = con.execute(
            select(SYNC_APPLIED.c.outcome).where(
                and_(
                    SYNC_APPLIED.c.copy_id == origin.copy_id,
                    SYNC_APPLIED.c.generation == origin.generation,
                )
            )
        ).scalar()
        if done is not None:  # the server has this sync: only the copy is left to rewrite
            session.rollback()
            return _report_from(json.loads(done), origin, replayed=True)
        assert server.versions is not None
        server.versions.read(con)
        session.info["audit"] = False  # the copy's own audit rows go up instead
        announce_everything(con)  # they do not name every row the merge writes
        merge = _Merge(session, base, local)
        merge.run()
        pulled = con.execute(
            select(func.count()).where(table_of(ChangeRecord).c.id > origin.watermark)
        ).scalar()
        _send_audit(con, local_audit, merge.ids)
        report = SyncReport(
            sent_fields=merge.sent_fields,
            created=merge.created,
            deleted=merge.deleted,
            pulled=int(pulled or 0),
            origin=origin.url,
        )
        outcome = {**asdict(report), "conflicts": [asdict(c) for c in merge.conflicts]}
        stamp = audit.stamp(session)
        con.execute(
            insert(SYNC_APPLIED).values(
                copy_id=origin.copy_id,
                generation=origin.generation,
                at=stamp["at"],
                user=stamp["user"],
                host=stamp["host"],
                outcome=json.dumps(outcome),
            )
        )
        if stage is not None:
            stage("merged")
    return report, merge.conflicts


def _report_from(
    outcome: dict[str, Any], origin: Origin, *, replayed: bool
) -> tuple[SyncReport, list[Conflict]]:
    conflicts = [Conflict(**c) for c in outcome.pop("conflicts")]
    outcome.update(replayed=replayed, origin=origin.url)
    return SyncReport(**outcome), conflicts


def _send_audit(con: Connection, rows: list[Row], ids: dict[tuple[str, int], int]) -> None:
    """The copy's audit rows, on the server as they were made offline (source offline)."""
    if not rows:
        return
    out = []
    for row in rows:
        row = {k: v for k, v in row.items() if k != "id"}
        key = (row["entity"], row["entity_id"])
        row["entity_id"] = ids.get(key, row["entity_id"])
        row["source"] = "offline"
        out.append(row)
    con.execute(insert(table_of(ChangeRecord)), out)


class _Merge:
    """The three-way merge of one sync, in one server session."""

    def __init__(
        self, session: Session, base: dict[str, dict[Any, Row]], local: dict[str, list[Row]]
    ) -> None:
        self.session = session
        self.con = session.connection()
        self.base = base
        self.local = local
        self.ids: dict[tuple[str, int], int] = {}  # (table, id in the copy) → id on the server
        self.conflicts: list[Conflict] = []
        self.sent_fields = self.created = self.deleted = 0
        self.tables = merged_tables()

    def run(self) -> None:
        deferred: list[tuple[str, int, str, int]] = []
        for table in self.tables:
            self._create(table, deferred)
        for table_name, local_id, column, ref in deferred:
            made = self.ids[(table_name, local_id)]
            edits.update(self.session, table_name, made, {column: self._ref(table_name, ref)})
        for table in self.tables:
            if "id" in table.c:
                self._update(table)
        for table in reversed(self.tables):
            self._delete(table)

    # references ---------------------------------------------------------------------
    def _refs(self, table: Table) -> dict[str, str]:
        return {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}

    def _ref(self, parent: str, value: Any) -> Any:
        return self.ids.get((parent, value), value) if value is not None else None

    def _remapped(self, table: Table, row: Row) -> Row:
        refs = self._refs(table)
        return {k: self._ref(refs[k], v) if k in refs else v for k, v in row.items()}

    def _server_rows(self, table: Table) -> dict[Any, Row]:
        return {row_key(table, r): r for r in read_rows(self.con, table)}

    # the three kinds of change --------------------------------------------------------
    def _create(self, table: Table, deferred: list[tuple[str, int, str, int]]) -> None:
        base = self.base.get(table.name, {})
        made = [r for r in self.local[table.name] if row_key(table, r) not in base]
        if "id" not in table.c:  # a link: both ends must still be there
            server = self._server_rows(table)
            for row in made:
                row = self._remapped(table, row)
                if row_key(table, row) not in server and self._ends_exist(table, row):
                    self.con.execute(insert(table).values(row))
                    self.created += 1
            return
        refs = self._refs(table)
        for row in made:
            values = self._remapped(table, {k: v for k, v in row.items() if k != "id"})
            for column, parent in refs.items():
                ref = row[column]
                later = parent == table.name and ref is not None and ref not in base
                if later and (parent, ref) not in self.ids:
                    values[column] = None  # its parent is made later in this table
                    deferred.append((table.name, row["id"], column, ref))
            change = edits.create(self.session, table.name, values)
            self.ids[(table.name, row["id"])] = change.ids[0]
            self.created += 1

    def _ends_exist(self, table: Table, row: Row) -> bool:
        for fk in table.foreign_keys:
            parent = fk.column.table
            found = self.con.execute(
                select(func.count()).where(fk.column == row[fk.parent.name]).select_from(parent)
            ).scalar()
            if not found:
                return False
        return True

    def _update(self, table: Table) -> None:
        base = self.base.get(table.name, {})
        server = self._server_rows(table)
        for row in self.local[table.name]:
            old = base.get(row["id"])
            if old is None:
                continue
            mine = {k: v for k, v in row.items() if k != "id" and plain(v) != old.get(k)}
            if not mine:
                continue
            theirs = server.get(row["id"])
            label = _label(table.name, theirs or row)
            if theirs is None:
                for key, value in mine.items():
                    self._conflict(table.name, row["id"], key, label, DELETED, value)
                continue
            send: dict[str, Any] = {}
            for key, value in mine.items():
                there = plain(theirs[key])
                if there != old.get(key) and there != plain(value):
                    self._conflict(table.name, row["id"], key, label, theirs[key], value)
                elif there != plain(value):
                    send[key] = self._remapped(table, {key: value})[key]
            if send:
                edits.update(self.session, table.name, row["id"], send)
                self.sent_fields += len(send)

    def _delete(self, table: Table) -> None:
        base = self.base.get(table.name, {})
        if not base:
            return
        here = {row_key(table, r) for r in self.local[table.name]}
        gone = [key for key in base if key not in here]
        if not gone:
            return
        server = self._server_rows(table)
        for key in gone:
            theirs = server.get(key)
            if theirs is None:
                continue  # deleted there too, or with its parent
            if "id" not in table.c:
                self.con.execute(
                    delete(table).where(and_(*(c == theirs[c.name] for c in table.columns)))
                )
                self.deleted += 1
                continue
            changed = [k for k, v in theirs.items() if plain(v) != base[key].get(k)]
            if changed:  # edited on the server meanwhile: kept, and said so
                self._conflict(
                    table.name, key, "(row)", _label(table.name, theirs), "changed", DELETED
                )
                continue
            if self.session.get(edits.model(table.name), key) is not None:
                edits.delete(self.session, table.name, [key])
                self.deleted += 1

    def _conflict(
        self, entity: str, row_id: int, name: str, label: str, server: Any, local: Any
    ) -> None:
        self.conflicts.append(
            Conflict(entity, row_id, name, label, audit.as_text(server), audit.as_text(local))
        )


def _label(entity: str, row: Mapping[str, Any]) -> str:
    name = row.get("name") or row.get("title")
    kind = edits.model(entity).kind or entity
    return f"{kind} '{name}'" if name else f"{kind} #{row.get('id')}"


# -- conflicts in the copy -------------------------------------------------------------
def conflicts_of(store: PlanStore) -> list[Conflict]:
    """The conflicts an offline copy keeps (empty for any other plan)."""
    with store.engine.connect() as con:
        return [
            Conflict(r["entity"], r["row_id"], r["field"], r["label"], r["server"], r["local"])
            for r in read_conflicts(con)
        ]


def conflict_rows(store: PlanStore) -> list[Row]:
    with store.engine.connect() as con:
        return read_conflicts(con)


def drop_conflict(session: Session, conflict_id: int) -> Row:
    """Remove one conflict from the list (inside the caller's transaction); its row back."""
    row = (
        session.execute(select(SYNC_CONFLICT).where(SYNC_CONFLICT.c.id == conflict_id))
        .mappings()
        .first()
    )
    if row is None:
        raise EditError(f"conflict #{conflict_id} is already resolved")
    session.execute(delete(SYNC_CONFLICT).where(SYNC_CONFLICT.c.id == conflict_id))
    return dict(row)


def put_conflict(session: Session, row: Mapping[str, Any]) -> None:
    """Undo of ``drop_conflict``: the conflict back with its id."""
    session.execute(insert(SYNC_CONFLICT).values(dict(row)))


# -- picking a side of a conflict: one transaction each way (undoable) -------------------
@dataclass(frozen=True)
class Resolution:
    """A conflict taken off the list, and the edit that kept the local value (if any)."""

    conflict: Row
    change: edits.Change | None


def conflict_list(service: PlanService) -> list[Row]:
    """The conflicts the plan keeps (an offline copy after a sync; else none)."""
    return conflict_rows(service.store)


def resolve_conflict(service: PlanService, conflict_id: int, *, keep_local: bool) -> Resolution:
    """Keep the server's value (drop the conflict) or the local one (write it back, so
    the next sync sends it up); one transaction."""
    with service.store.transaction(service.source) as session:
        row = drop_conflict(session, conflict_id)
        change = None
        if keep_local and row["field"] == "(row)":
            change = edits.delete(session, row["entity"], [row["row_id"]])
        elif keep_local and row["server"] != DELETED:
            value = _typed(row["entity"], row["field"], row["local"])
            change = edits.update(session, row["entity"], row["row_id"], {row["field"]: value})
    return Resolution(row, change)


def unresolve_conflict(service: PlanService, resolution: Resolution) -> None:
    """Undo of ``resolve_conflict``: the value as it was and the conflict listed again."""
    with service.store.transaction(service.source) as session:
        change = resolution.change
        if change is not None and change.removed:
            edits.restore(session, change)
        elif change is not None and change.before:
            edits.update(session, change.entity, change.ids[0], change.before)
        put_conflict(session, resolution.conflict)


def _typed(entity: str, name: str, text: str | None) -> Any:
    """A value kept as audit text, back in its column's type."""
    if text is None:
        return None
    column = table_of(edits.model(entity)).c[name]
    kind = column.type.python_type
    if kind is bool:
        return text == "yes"
    if kind is datetime:
        return datetime.fromisoformat(text)
    return text


def with_password(location: str, password: str) -> str:
    """``location`` with ``password`` in it, for one connection (never stored so)."""
    if not password:
        return location
    from sqlalchemy.engine import URL, make_url

    url = make_url(location)
    full = URL.create(
        url.drivername, url.username, password, url.host, url.port, url.database, url.query
    )
    return full.render_as_string(hide_password=False)
