"""Opening, creating and copying plan files.

A plan is one SQLite file. Every check that could refuse a file runs on a
read-only connection first, so a refused file is never touched; only then is a
read-write engine made (foreign keys on, WAL, full sync).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from relm_desktop.store import audit as _audit  # noqa: F401  (registers the audit hook)
from relm_desktop.store.errors import (
    NewerSchemaError,
    NotAPlanError,
    PlanFileError,
    UnsafePlanError,
)
from relm_desktop.store.migrate import head_revision, known_revisions, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
PLAN_SUFFIX = ".relm"


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What a read-only look at a plan file found."""

    revision: str | None
    needs_migration: bool


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)


def inspect_file(path: Path) -> FileCheck:
    """Check that ``path`` is a plan this version can open, without changing it.

    Raises a PlanFileError subclass naming the file and the problem.
    """
    if not path.exists():
        raise PlanFileError(path, "no such file")
    if not path.is_file():
        raise PlanFileError(path, "not a file")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise NotAPlanError(path, "not a RELM plan file (not an SQLite database)")
    try:
        con = _readonly(path)
        try:
            objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
            tables = {name for kind, name in objects if kind == "table"}
            unsafe = sorted(
                f"{kind} {name}" for kind, name in objects if kind in ("trigger", "view")
            )
            revision = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotAPlanError(path, f"damaged or unreadable database ({exc})") from exc
    if "plan_info" not in tables or revision is None:
        raise NotAPlanError(path, "an SQLite database, but not a RELM plan file")
    if unsafe:
        raise UnsafePlanError(
            path, f"refused: the file contains objects RELM never writes ({', '.join(unsafe)})"
        )
    revisions = known_revisions()
    if revision not in revisions:
        raise NewerSchemaError(
            path,
            f"written by a newer version of RELM Desktop (schema {revision}); "
            "please upgrade RELM Desktop to open it",
        )
    return FileCheck(revision=revision, needs_migration=revision != revisions[-1])


def backup_path(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.schema-{revision}.{stamp}.bak{PLAN_SUFFIX}")


def copy_plan(source: Path, target: Path) -> None:
    """Copy a (possibly open, WAL-mode) plan consistently with SQLite's backup API."""
    src = _readonly(source)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    tmp.replace(target)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed edit survives power loss too, at ~1 ms per user action.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def make_engine(url_or_path: str | Path) -> Engine:
    """An engine for a plan file path or any SQLAlchemy URL (e.g. PostgreSQL later)."""
    url = str(url_or_path)
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
    return engine


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


def create_plan_file(path: Path) -> PlanStore:
    """Create an empty schema at head in a new file (the caller fills plan_info)."""
    if path.exists():
        raise PlanFileError(path, "already exists")
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            upgrade(connection)
    except Exception:
        engine.dispose()
        path.unlink(missing_ok=True)
        raise
    return PlanStore(engine, path)


def open_plan_file(path: Path, *, readonly: bool = False) -> tuple[PlanStore, Path | None]:
    """Open a plan, migrating an older schema after a backup copy.

    Returns the store and the backup written (None when no migration ran).
    """
    path = Path(path)
    check = inspect_file(path)
    backup: Path | None = None
    if check.needs_migration:
        if readonly:
            raise PlanFileError(path, "needs a schema upgrade and cannot be opened read-only")
        assert check.revision is not None
        backup = backup_path(path, check.revision)
        copy_plan(path, backup)
        engine = make_engine(path)
        try:
            with engine.begin() as connection:
                upgrade(connection)
        except Exception as exc:
            engine.dispose()
            shutil.copyfile(backup, path)  # the backup is the file as it was
            raise PlanFileError(path, f"schema upgrade failed ({exc}); file restored") from exc
        return PlanStore(engine, path), backup
    if readonly:
        engine = create_engine(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true")
        return PlanStore(engine, path, readonly=True), None
    return PlanStore(make_engine(path), path), None


def integrity_problems(store: PlanStore) -> list[str]:
    """SQLite's own integrity and foreign-key checks; empty when the file is sound."""
    problems: list[str] = []
    with store.engine.connect() as con:
        result = [row[0] for row in con.exec_driver_sql("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.extend(result)
        for table, rowid, parent, _fk in con.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} refers to a missing {parent}")
    return problems


def schema_revision(store: PlanStore) -> str | None:
    with store.engine.connect() as con:
        row = con.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


__all__ = [
    "PLAN_SUFFIX",
    "PlanStore",
    "copy_plan",
    "create_plan_file",
    "head_revision",
    "inspect_file",
    "integrity_problems",
    "make_engine",
    "open_plan_file",
    "schema_revision",
]
