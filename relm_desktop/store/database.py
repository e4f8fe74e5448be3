"""Opening, creating and copying plan files.

A plan is one SQLite file. Every check that could refuse a file runs on a
read-only connection first, so a refused file is never touched; only then is a
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
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from relm_desktop.store import audit as _audit  # noqa: F401  (registers the audit hook)
from relm_desktop.store.errors import (
    BrokenReferencesError,
    NewerSchemaError,
    NotAPlanError,
    PlanFileError,
    PlanReadOnlyError,
    UnsafePlanError,
    shown,
)
from relm_desktop.store.migrate import head_revision, known_revisions, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
PLAN_SUFFIX = ".relm"
SIDE_FILES = ("-wal", "-shm", "-journal")
# SQLite's answers when it cannot make the WAL index beside the file (read-only
# folder or media, full disk): the file itself may be sound.
_UNSHAREABLE = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_FULL")
_SHM_SIZE = 32768  # one WAL-index region: a -shm smaller than this was never set up


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What a read-only look at a plan file found."""

    revision: str | None
    needs_migration: bool


def side_file(path: Path, suffix: str) -> Path:
    """``plan.relm`` → ``plan.relm-wal`` (SQLite's names for its companion files)."""
    return path.with_name(path.name + suffix)


def _uri(path: Path, **params: str) -> str:
    """An SQLite URI for exactly ``path``: %, ?, # and the like %-escaped, not read as syntax."""
    name = quote(os.fsencode(path.absolute()).replace(b"\\", b"/"), safe="/:")
    if not name.startswith("/"):
        name = "/" + name  # a Windows drive letter: file:/C:/…
    return f"file:{name}?" + "&".join(f"{key}={value}" for key, value in params.items())


def _unshareable(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_UNSHAREABLE)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; immutable where SQLite cannot make the WAL index.

    On read-only media, in a folder the user cannot write, or on a full disk
    a WAL plan cannot get its -shm file, and ``mode=ro`` fails although the
    file is sound. Nothing can be writing the file there, so it is opened
    immutable, unless its -wal holds changes that immutable would not see.
    """
    before = {suffix: side_file(path, suffix).exists() for suffix in ("-wal", "-shm")}
    con = sqlite3.connect(_uri(path, mode="ro"), uri=True, timeout=5, check_same_thread=False)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.Error as exc:
        con.close()
        if not _unshareable(exc):
            raise
    _drop_failed_side_files(path, before)
    wal = side_file(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PlanReadOnlyError(
            path,
            f"cannot be read here: its recent changes in {wal.name} need a writable folder "
            f"({why_unwritable(path)})",
        )
    return sqlite3.connect(
        _uri(path, mode="ro", immutable="1"), uri=True, timeout=5, check_same_thread=False
    )


def _drop_failed_side_files(path: Path, existed: dict[str, bool]) -> None:
    """Remove the empty -wal and unset -shm a failed open left (they were not there before)."""
    for suffix, limit in (("-wal", 1), ("-shm", _SHM_SIZE)):
        side = side_file(path, suffix)
        with suppress(OSError):
            if not existed[suffix] and side.stat().st_size < limit:
                side.unlink()


def why_unwritable(path: Path) -> str:
    """Why a file cannot be written where it is, in a few words."""
    folder = path.absolute().parent
    with suppress(OSError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "read-only file system"
        space = os.statvfs(folder)
        if space.f_bavail * space.f_frsize < 256 * 1024:  # not even room for a WAL index
            return "the disk is full"
    if not os.access(folder, os.W_OK) or not os.access(path, os.W_OK):
        return "no permission to write here"
    return "the file cannot be written here"


def inspect_file(path: Path) -> FileCheck:
    """Check that ``path`` is a plan this version can open, without changing it.

    Raises a PlanFileError subclass naming the file and the problem.
    """
    if not path.exists():
        raise PlanFileError(path, "no such file")
    if not path.is_file():
        raise PlanFileError(path, "not a file")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise PlanFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if header != SQLITE_MAGIC:
        raise NotAPlanError(path, "not a RELM plan file (not an SQLite database)")
    try:
        con = _connect_readonly(path)
        try:
            objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
            tables = {name for kind, name in objects if kind == "table"}
            unsafe = sorted(
                f"{kind} {shown(name)}" for kind, name in objects if kind in ("trigger", "view")
            )
            versions: list[Any] = []
            if "alembic_version" in tables:
                versions = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotAPlanError(path, f"damaged or unreadable database ({exc})") from exc
    if "plan_info" not in tables or not versions:
        raise NotAPlanError(path, "an SQLite database, but not a RELM plan file")
    if unsafe:
        raise UnsafePlanError(
            path, f"refused: the file contains objects RELM never writes ({', '.join(unsafe)})"
        )
    if len(versions) > 1:
        # Alembic would upgrade from either row: which schema the tables have is unknown.
        raise NotAPlanError(path, f"damaged: it names {len(versions)} schema revisions, not one")
    revision = versions[0]
    revisions = known_revisions()
    if revision not in revisions:
        raise NewerSchemaError(
            path,
            f"written by a newer version of RELM Desktop (schema {shown(revision)}); "
            "please upgrade RELM Desktop to open it",
        )
    return FileCheck(revision=revision, needs_migration=revision != revisions[-1])


def backup_path(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.schema-{revision}.{stamp}.bak{PLAN_SUFFIX}")


def copy_plan(source: Path, target: Path) -> None:
    """Copy a (possibly open, WAL-mode) plan consistently with SQLite's backup API."""
    src = _connect_readonly(source)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        dst = sqlite3.connect(tmp)  # a plain path, never a URI
        try:
            src.backup(dst)
        finally:
            dst.close()
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half copy behind
        raise
    finally:
        src.close()


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
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
    return create_engine("sqlite://", creator=lambda: _connect_readonly(path), poolclass=QueuePool)


class PlanStore:
    """An open plan: the engine plus the one way to run a transaction on it."""

    def __init__(self, engine: Engine, path: Path | None = None, *, readonly: bool = False):
        self.engine = engine
        self.path = path
        self.readonly = readonly
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self, source: str = "gui") -> Iterator[Session]:
        """One user action: commit on success, roll back on any exception.

        ``source`` (gui, cli, import, undo, redo…) is recorded in the audit trail.
        """
        if self.readonly:
            raise PlanFileError(self.path or "plan", "opened read-only")
        session = self._sessions()
        session.info["source"] = source
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
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
        with engine.begin() as connection:
            upgrade(connection)
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
        if isinstance(orig, sqlite3.Error) and _unshareable(orig):
            _drop_failed_side_files(path, existed)
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
                    with engine.begin() as connection:
                        upgrade(connection)
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


@cache
def _reference_queries() -> tuple[tuple[str, str, str, bool, str], ...]:
    """(child, parent, columns, required, SQL) for every foreign key the entities declare."""
    from relm_desktop.domain.models import Base

    queries = []
    for table in Base.metadata.sorted_tables:
        key = "c.id" if "id" in table.c else "c.rowid"
        # A set: sorted so that messages come in the same order every run.
        for fk in sorted(table.foreign_key_constraints, key=lambda fk: fk.column_keys):
            pairs = [(e.parent.name, e.column.name) for e in fk.elements]
            cols = ", ".join(child for child, _ in pairs)
            join = " AND ".join(f'p."{parent}" = c."{child}"' for child, parent in pairs)
            present = " AND ".join(f'c."{child}" IS NOT NULL' for child, _ in pairs)
            required = not all(column.nullable for column in fk.columns)
            empty = " OR ".join(f'c."{child}" IS NULL' for child, _ in pairs)
            missing = f'({present} AND p."{pairs[0][1]}" IS NULL)'
            where = f"{missing} OR ({empty})" if required else missing
            sql = (
                f"SELECT {key}, {', '.join(f'c.{child}' for child, _ in pairs)} "
                f'FROM "{table.name}" AS c LEFT JOIN "{fk.referred_table.name}" AS p '
                f"ON {join} WHERE {where} LIMIT ?"
            )
            queries.append((table.name, fk.referred_table.name, cols, required, sql))
    return tuple(queries)


def dangling_references(connection: Connection, limit: int = 20) -> list[str]:
    """Rows whose reference points at no row (or is empty where one is required).

    Walks every foreign key the entities declare, whether or not the file's own
    schema still does (SQLite's foreign_key_check only sees the latter, and a
    file edited outside RELM may have lost them): one indexed LEFT JOIN each.
    """
    problems: list[str] = []
    for child, parent, cols, _required, sql in _reference_queries():
        for ident, *values in connection.exec_driver_sql(sql, (limit - len(problems),)):
            if any(value is None for value in values):
                problems.append(f"{child} row {shown(ident)} has no {parent} ({cols} is empty)")
            else:
                shown_values = ", ".join(shown(v) for v in values)
                problems.append(
                    f"{child} row {shown(ident)} refers to a missing {parent} "
                    f"({cols} {shown_values})"
                )
            if len(problems) >= limit:
                return problems
    return problems


def check_references(connection: Connection) -> None:
    """Refuse to hand out a plan whose rows refer to missing rows (schedule and exports
    would fail half-way on them): BrokenReferencesError naming the first few."""
    broken = dangling_references(connection, limit=4)
    if broken:
        more = "; …" if len(broken) > 3 else ""
        raise BrokenReferencesError(
            f"rows refer to missing rows ({'; '.join(broken[:3])}{more}); "
            "it was edited outside RELM: `relm check` lists them"
        )


def integrity_problems(store: PlanStore) -> list[str]:
    """SQLite's integrity check and every reference; empty when the file is sound."""
    problems: list[str] = []
    with store.engine.connect() as con:
        result = [row[0] for row in con.exec_driver_sql("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.extend(shown(line, 200) for line in result)
        problems.extend(dangling_references(con))
    return problems


def schema_revision(store: PlanStore) -> str | None:
    with store.engine.connect() as con:
        row = con.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


__all__ = [
    "PLAN_SUFFIX",
    "PlanStore",
    "check_references",
    "copy_plan",
    "create_plan_file",
    "dangling_references",
    "head_revision",
    "inspect_file",
    "integrity_problems",
    "make_engine",
    "open_plan_file",
    "remove_plan_file",
    "schema_revision",
]
