"""Opening, creating and copying plan files.

A plan is one SQLite file. Every check that could refuse a file runs on a
read-only connection first (``store.sqlite_file``, which needs no SQLAlchemy; its
names are re-exported here), so a refused file is never touched; only then is a
read-write engine made (foreign keys on, WAL, full sync).

A path is always a file name, never put raw into a URL or URI: read-write
connections get the path itself (an engine ``creator``), read-only ones an
SQLite URI with every reserved byte %-escaped, so ``q?x=1.relm``,
``hash#frag.relm`` or ``pct%41.relm`` name themselves and no other file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from relm_desktop.store import audit as _audit  # noqa: F401  (registers the audit hook)
from relm_desktop.store import sqlite_file
from relm_desktop.store.errors import (
    BrokenReferencesError,
    PlanFileError,
    PlanReadOnlyError,
    shown,
)
from relm_desktop.store.migrate import head_revision, upgrade_engine
from relm_desktop.store.sqlite_file import (
    FOREIGN_KEYS,
    SIDE_FILES,
    SQLITE_MAGIC,
    FileCheck,
    ForeignKey,
    connect_readonly,
    drop_failed_side_files,
    inspect_file,
    reference_queries,
    side_file,
    unshareable,
    why_unwritable,
)
from relm_desktop.store.versions import Versions, committed

PLAN_SUFFIX = ".relm"


def backup_path(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.schema-{revision}.{stamp}.bak{PLAN_SUFFIX}")


def copy_plan(source: Path, target: Path) -> None:
    """Copy a (possibly open, WAL-mode) plan consistently with SQLite's backup API."""
    src = connect_readonly(source)
    try:
        # Made exclusively under a random name (never a link planted at a
        # predictable one), then renamed over the target in one step.
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except BaseException:
        src.close()
        raise
    os.close(fd)
    tmp = Path(name)
    try:
        dst = sqlite3.connect(tmp)  # a plain path, never a URI; an empty file is an empty database
        try:
            src.backup(dst)
        finally:
            dst.close()
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half copy behind
        Path(f"{tmp}-journal").unlink(missing_ok=True)
        raise
    finally:
        src.close()


def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed edit survives power loss too, at ~1 ms per user action.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def make_engine(url_or_path: str | Path) -> Engine:
    """An engine for a plan file path or any SQLAlchemy URL (e.g. PostgreSQL later).

    A path is handed to sqlite3 as it is (never parsed as a URL); a ``str``
    holding ``://`` is a URL.
    """
    if isinstance(url_or_path, str) and "://" in url_or_path:
        engine = create_engine(url_or_path)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _on_connect)
        return engine
    name = str(Path(url_or_path).absolute())
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(name, timeout=5, check_same_thread=False),
        poolclass=QueuePool,  # "sqlite://" alone would mean one in-memory connection per thread
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def _readonly_engine(path: Path) -> Engine:
    return create_engine("sqlite://", creator=lambda: connect_readonly(path), poolclass=QueuePool)


class PlanStore:
    """An open plan: the engine plus the one way to run a transaction on it."""

    def __init__(self, engine: Engine, path: Path | None = None, *, readonly: bool = False):
        self.engine = engine
        self.path = path
        self.readonly = readonly
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: A server plan: its URL without password, its session tag, row versions
        #: as last read (store.server, store.versions); all None for a file.
        self.url: str | None = None
        self.tag: str | None = None
        self.versions: Versions | None = None
        self.readonly_why = "opened read-only"

    @contextmanager
    def transaction(self, source: str = "gui") -> Iterator[Session]:
        """One user action: commit on success, roll back on any exception.

        ``source`` (gui, cli, import, undo, redo…) is recorded in the audit trail.
        """
        if self.readonly:
            raise PlanFileError(self.path or self.url or "plan", self.readonly_why)
        session = self._sessions()
        session.info["source"] = source
        if self.versions is not None:
            session.info["versions"] = self.versions
        try:
            yield session
            session.commit()
            if self.versions is not None:
                committed(session, self.versions)
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def rehearsal(self, source: str = "gui") -> Iterator[Session]:
        """A transaction that is always rolled back, allowed on a read-only store too.

        For a server plan's dry run: the writes, audit rows and row-version checks
        happen as in ``transaction``, inside the server's own transaction, which no
        other session sees and which is never committed (nor is its change notice
        sent). Id sequences still advance, as they do for any rolled-back insert.
        """
        session = self._sessions()
        session.info["source"] = source
        if self.versions is not None:
            session.info["versions"] = self.versions
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; never commits."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def remove_plan_file(path: Path) -> None:
    """Delete a plan this process just created and its side files (a failed ``new``)."""
    for name in (path, *(side_file(path, suffix) for suffix in SIDE_FILES)):
        with suppress(OSError):
            name.unlink()


def create_plan_file(path: Path) -> PlanStore:
    """Create an empty schema at head in a new file (the caller fills plan_info)."""
    if path.exists():
        raise PlanFileError(path, "already exists")
    engine = make_engine(path)
    try:
        upgrade_engine(engine)
    except BaseException:
        engine.dispose()
        remove_plan_file(path)  # a full disk leaves no .relm, -wal or -shm behind
        raise
    return PlanStore(engine, path)


def _writable_engine(path: Path) -> Engine:
    """A read-write engine, connected once now: a plan that cannot be written here
    (read-only media or folder, full disk) is refused in one line, not at the first edit."""
    existed = {suffix: side_file(path, suffix).exists() for suffix in ("-wal", "-shm")}
    engine = make_engine(path)
    try:
        with engine.connect() as con:
            con.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        engine.dispose()
        orig = getattr(exc, "orig", exc)
        if isinstance(orig, sqlite3.Error) and unshareable(orig):
            drop_failed_side_files(path, existed)
            raise PlanReadOnlyError(
                path, f"cannot be written here ({why_unwritable(path)}); open it read-only"
            ) from None
        raise
    if not os.access(path, os.W_OK):
        engine.dispose()
        raise PlanReadOnlyError(
            path, f"cannot be written here ({why_unwritable(path)}); open it read-only"
        )
    return engine


@contextmanager
def _restorable(path: Path) -> Iterator[None]:
    """Keep byte-exact copies of ``path`` (and its -wal) while the body runs; on any
    failure put those bytes back and drop the side files the failed attempt left."""
    keep = [
        (name, name.with_name(f".{name.name}.before-upgrade"))
        for name in (path, side_file(path, "-wal"))
        if name.exists()
    ]
    try:
        for name, copy in keep:
            shutil.copyfile(name, copy)
    except OSError as exc:
        for _, copy in keep:
            copy.unlink(missing_ok=True)
        raise PlanFileError(
            path, f"cannot keep a copy before the schema upgrade ({exc.strerror or exc})"
        ) from None
    try:
        yield
    except BaseException:
        for suffix in SIDE_FILES:
            side_file(path, suffix).unlink(missing_ok=True)
        for name, copy in keep:
            os.replace(copy, name)
        raise
    for _, copy in keep:
        copy.unlink(missing_ok=True)


def open_plan_file(path: Path, *, readonly: bool = False) -> tuple[PlanStore, Path | None]:
    """Open a plan, migrating an older schema after a backup copy.

    Returns the store and the backup written (None when no migration ran).
    A failed upgrade leaves the file exactly as it was, byte for byte.
    """
    path = Path(path)
    check = inspect_file(path)
    backup: Path | None = None
    if check.needs_migration:
        if readonly:
            raise PlanFileError(path, "needs a schema upgrade and cannot be opened read-only")
        assert check.revision is not None
        backup = backup_path(path, check.revision)
        try:
            with _restorable(path):
                copy_plan(path, backup)
                engine = _writable_engine(path)
                try:
                    upgrade_engine(engine)
                except BaseException:
                    engine.dispose()  # closed before the bytes are put back
                    raise
        except PlanFileError:
            raise
        except Exception as exc:
            raise PlanFileError(
                path, f"schema upgrade failed ({shown(exc, 200)}); file restored"
            ) from exc
        return PlanStore(engine, path), backup
    if readonly:
        return PlanStore(_readonly_engine(path), path, readonly=True), None
    return PlanStore(_writable_engine(path), path), None


def declared_foreign_keys() -> tuple[ForeignKey, ...]:
    """Every foreign key the entities declare, in the metadata's table order and each
    table's column order (``sqlite_file.FOREIGN_KEYS`` must equal it)."""
    from relm_desktop.domain.models import Base

    keys = []
    for table in Base.metadata.sorted_tables:
        row_key = "id" if "id" in table.c else "rowid"
        # A set: sorted so that messages come in the same order every run.
        for fk in sorted(table.foreign_key_constraints, key=lambda fk: tuple(fk.column_keys)):
            (element,) = fk.elements  # one column each: the problems name one value
            required = not element.parent.nullable
            keys.append(
                ForeignKey(
                    table.name,
                    element.parent.name,
                    fk.referred_table.name,
                    element.column.name,
                    required,
                    row_key,
                )
            )
    return tuple(keys)


def _driver_sql(connection: Connection) -> Callable[[str, tuple[Any, ...]], Any]:
    """``exec_driver_sql`` for the checks' SQLite-style text; on a server ``?`` becomes
    psycopg's ``%s`` and a link table's ``rowid`` PostgreSQL's ``ctid``."""
    if connection.dialect.name == "sqlite":
        return connection.exec_driver_sql

    def run(sql: str, params: tuple[Any, ...]) -> Any:
        sql = sql.replace("?", "%s").replace('"rowid"', "ctid").replace("c.rowid", "c.ctid")
        return connection.exec_driver_sql(sql, params)

    return run


@cache
def _reference_queries() -> tuple[tuple[str, str, str, str], ...]:
    return reference_queries(declared_foreign_keys())


def dangling_references(connection: Connection, limit: int = 20) -> list[str]:
    """Rows whose reference points at no row (or is empty where one is required).

    Walks every foreign key the entities declare, whether or not the file's own
    schema still does (SQLite's foreign_key_check only sees the latter, and a
    file edited outside RELM may have lost them): one indexed LEFT JOIN each.
    """
    return sqlite_file.dangling_references(_driver_sql(connection), limit, _reference_queries())


@cache
def _value_queries() -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    """Per column stored as an enum's value: table, column, the values RELM knows,
    and the query for rows holding any other (one scan each; LIMIT ? last)."""
    from relm_desktop.domain.base import EnumText
    from relm_desktop.domain.models import Base

    queries = []
    for table in Base.metadata.sorted_tables:
        row_key = "id" if "id" in table.c else "rowid"
        for column in table.columns:
            if isinstance(column.type, EnumText):
                known = tuple(member.value for member in column.type.enum_cls)
                marks = ", ".join("?" * len(known))
                queries.append(
                    (
                        table.name,
                        column.name,
                        known,
                        f'SELECT "{row_key}", "{column.name}" FROM "{table.name}" '
                        f'WHERE "{column.name}" IS NOT NULL AND "{column.name}" NOT IN ({marks}) '
                        "LIMIT ?",
                    )
                )
    return tuple(queries)


def unknown_values(connection: Connection, limit: int = 20) -> list[str]:
    """Rows holding a value no RELM enum has (a status or type written by another tool):
    reading them would fail half-way, like a missing reference."""
    problems: list[str] = []
    for table, column, known, sql in _value_queries():
        for ident, value in _driver_sql(connection)(sql, (*known, limit - len(problems))):
            problems.append(
                f"{table} row {shown(ident)} has {column} {shown(repr(value))} "
                f"(not one of {', '.join(known)})"
            )
            if len(problems) >= limit:
                return problems
    return problems


def check_references(connection: Connection) -> None:
    """Refuse to hand out a plan whose rows refer to missing rows or hold values RELM
    does not know (schedule and exports would fail half-way on them):
    BrokenReferencesError naming the first few."""
    sqlite_file.check_references(_driver_sql(connection), _reference_queries())
    odd = unknown_values(connection, 4)
    if odd:
        more = "; …" if len(odd) > 3 else ""
        raise BrokenReferencesError(
            f"rows hold values RELM does not know ({'; '.join(odd[:3])}{more}); "
            "it was edited outside RELM: `relm check` lists them"
        )


def integrity_problems(store: PlanStore) -> list[str]:
    """SQLite's integrity check and every reference; empty when the file is sound."""
    problems: list[str] = []
    with store.engine.connect() as con:
        if con.dialect.name == "sqlite":  # a server checks its own pages
            result = [row[0] for row in con.exec_driver_sql("PRAGMA integrity_check")]
            if result != ["ok"]:
                problems.extend(shown(line, 200) for line in result)
        problems.extend(dangling_references(con))
        problems.extend(unknown_values(con))
    return problems


def schema_revision(store: PlanStore) -> str | None:
    with store.engine.connect() as con:
        row = con.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


__all__ = [
    "FOREIGN_KEYS",
    "PLAN_SUFFIX",
    "SIDE_FILES",
    "SQLITE_MAGIC",
    "FileCheck",
    "PlanStore",
    "check_references",
    "copy_plan",
    "create_plan_file",
    "dangling_references",
    "declared_foreign_keys",
    "head_revision",
    "inspect_file",
    "integrity_problems",
    "make_engine",
    "open_plan_file",
    "remove_plan_file",
    "schema_revision",
    "side_file",
    "why_unwritable",
]
