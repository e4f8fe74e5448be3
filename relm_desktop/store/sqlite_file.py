"""The plan file as SQLite sees it, without SQLAlchemy: look, refuse, read.

The checks that protect users before anything reads a plan (SQLite magic,
triggers and views, the schema revision) and every reference of the rows,
on a plain ``sqlite3`` read-only connection, so ``relm schedule`` can read a
plan without importing SQLAlchemy (about 0.2 s of start-up).
``store.database`` builds the read-write store on top of this module and
re-exports its names.

A path is always a file name, never put raw into a URI: read-only
connections get an SQLite URI with every reserved byte %-escaped, so
``q?x=1.relm``, ``hash#frag.relm`` or ``pct%41.relm`` name themselves and no
other file.

The foreign keys and the columns of each table are written out here rather
than read from the entities (which would import SQLAlchemy);
``tests/store/test_sqlite_file.py`` checks they equal the entities' own, so a
new column or reference cannot be left out.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from relm_desktop.store.errors import (
    BrokenReferencesError,
    NewerSchemaError,
    NotAPlanError,
    PlanFileError,
    PlanReadOnlyError,
    UnsafePlanError,
    shown,
)
from relm_desktop.store.migrate import known_revisions

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
# SQLite's answers when it cannot make the WAL index beside the file (read-only
# folder or media, full disk): the file itself may be sound.
_UNSHAREABLE = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_FULL")
_SHM_SIZE = 32768  # one WAL-index region: a -shm smaller than this was never set up


class ForeignKey(NamedTuple):
    """One reference the entities declare: ``table.column`` → ``parent.parent_column``."""

    table: str
    column: str
    parent: str
    parent_column: str
    required: bool  # NOT NULL: an empty reference is a problem too
    row_key: str  # how a problem names the row: "id", or "rowid" in link tables


# Every foreign key of the entities, in the order of the metadata's sorted
# tables and, within a table, of the columns (problems are listed in this order).
FOREIGN_KEYS: tuple[ForeignKey, ...] = (
    ForeignKey("calendar_day", "calendar_id", "calendar", "id", True, "id"),
    ForeignKey("feature_flag", "release_id", "release", "id", True, "id"),
    ForeignKey("freeze_environment", "environment_id", "environment", "id", True, "rowid"),
    ForeignKey("freeze_environment", "freeze_id", "freeze_window", "id", True, "rowid"),
    ForeignKey("gate", "release_id", "release", "id", True, "id"),
    ForeignKey("pack_record", "release_id", "release", "id", False, "id"),
    ForeignKey("phase", "release_id", "release", "id", True, "id"),
    ForeignKey("plan_info", "calendar_id", "calendar", "id", False, "id"),
    ForeignKey("release_environment", "environment_id", "environment", "id", True, "rowid"),
    ForeignKey("release_environment", "release_id", "release", "id", True, "rowid"),
    ForeignKey("review", "release_id", "release", "id", True, "id"),
    ForeignKey("rollback_plan", "release_id", "release", "id", True, "id"),
    ForeignKey("rollout_wave", "release_id", "release", "id", True, "id"),
    ForeignKey("scope_item", "release_id", "release", "id", True, "id"),
    ForeignKey("stakeholder_role", "release_id", "release", "id", True, "id"),
    ForeignKey("stakeholder_role", "stakeholder_id", "stakeholder", "id", True, "id"),
    ForeignKey("review_action", "review_id", "review", "id", True, "id"),
    ForeignKey("task", "environment_id", "environment", "id", False, "id"),
    ForeignKey("task", "parent_id", "task", "id", False, "id"),
    ForeignKey("task", "phase_id", "phase", "id", False, "id"),
    ForeignKey("task", "release_id", "release", "id", True, "id"),
    ForeignKey("task", "team_id", "team", "id", False, "id"),
    ForeignKey("dependency", "predecessor_id", "task", "id", True, "id"),
    ForeignKey("dependency", "successor_id", "task", "id", True, "id"),
    ForeignKey("risk", "release_id", "release", "id", False, "id"),
    ForeignKey("risk", "task_id", "task", "id", False, "id"),
)

# The columns of every table a whole plan is read from (``services.records.load_plan``:
# all but the audit trail), in that order: a file lacking one is refused the same
# way whichever path reads it.
PLAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "plan_info": (
        "id", "name", "start", "author", "calendar_id", "baseline_saved_at", "last_pack_at",
        "status_date", "horizon",
    ),
    "calendar": ("id", "name", "workdays", "country", "subdivision"),
    "calendar_day": ("id", "calendar_id", "day", "name"),
    "release": (
        "id", "name", "version", "release_kind", "status", "objective", "start",
        "target_golive", "rollout_strategy", "owner", "rag", "rag_note", "position",
    ),
    "phase": ("id", "release_id", "name", "position"),
    "task": (
        "id", "release_id", "phase_id", "name", "wbs", "position", "duration",
        "constraint_type", "constraint_date", "percent_complete", "actual_start",
        "actual_finish", "team_id", "environment_id", "is_golive", "notes",
        "baseline_start", "baseline_finish", "parent_id", "outside_start", "outside_day_end",
        "outside_finish",
    ),
    "dependency": ("id", "predecessor_id", "successor_id", "type", "lag"),
    "team": ("id", "name", "is_supplier", "contact", "capacity"),
    "environment": ("id", "name", "position", "is_production"),
    "release_environment": ("release_id", "environment_id"),
    "freeze_window": ("id", "name", "start", "finish", "reason"),
    "freeze_environment": ("freeze_id", "environment_id"),
    "scope_item": ("id", "release_id", "key", "title", "item_kind", "size", "status"),
    "risk": (
        "id", "release_id", "task_id", "title", "description", "probability", "impact",
        "owner", "mitigation", "contingency", "status", "review_date",
    ),
    "gate": (
        "id", "release_id", "name", "category", "status", "evidence", "approver",
        "decided_on", "waiver_reason", "position",
    ),
    "rollback_plan": (
        "id", "release_id", "triggers", "steps", "estimated_minutes", "owner", "rehearsed",
    ),
    "review": (
        "id", "release_id", "held_on", "outcome", "incidents", "went_well", "went_badly",
    ),
    "review_action": ("id", "review_id", "action", "owner", "due", "done"),
    "stakeholder": ("id", "name", "title", "email", "receives_pack"),
    "stakeholder_role": ("id", "stakeholder_id", "release_id", "raci"),
    "rollout_wave": ("id", "release_id", "name", "audience", "percentage", "day", "position"),
    "feature_flag": ("id", "release_id", "name", "description", "default_on"),
    "template": ("id", "name", "description", "body", "version"),
    "pack_record": ("id", "release_id", "preset", "built_at", "status_date", "shown"),
}  # fmt: skip

# (rows of) SQL text with one ``?`` for the limit → rows of (row key, column value)
Execute = Callable[[str, tuple[Any, ...]], Iterable[Sequence[Any]]]


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What a read-only look at a plan file found."""

    revision: str | None
    needs_migration: bool


def side_file(path: Path, suffix: str) -> Path:
    """``plan.relm`` → ``plan.relm-wal`` (SQLite's names for its companion files)."""
    return path.with_name(path.name + suffix)


def sqlite_uri(path: Path, **params: str) -> str:
    """An SQLite URI for exactly ``path``: %, ?, # and the like %-escaped, not read as syntax."""
    name = quote(os.fsencode(path.absolute()).replace(b"\\", b"/"), safe="/:")
    if not name.startswith("/"):
        name = "/" + name  # a Windows drive letter: file:/C:/…
    return f"file:{name}?" + "&".join(f"{key}={value}" for key, value in params.items())


def unshareable(exc: sqlite3.Error) -> bool:
    """SQLite could not make or use the WAL index beside the file."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_UNSHAREABLE)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; immutable where SQLite cannot make the WAL index.

    On read-only media, in a folder the user cannot write, or on a full disk
    a WAL plan cannot get its -shm file, and ``mode=ro`` fails although the
    file is sound. Nothing can be writing the file there, so it is opened
    immutable, unless its -wal holds changes that immutable would not see.
    """
    before = {suffix: side_file(path, suffix).exists() for suffix in ("-wal", "-shm")}
    con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, timeout=5, check_same_thread=False)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.Error as exc:
        con.close()
        if not unshareable(exc):
            raise
    drop_failed_side_files(path, before)
    wal = side_file(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PlanReadOnlyError(
            path,
            f"cannot be read here: its recent changes in {wal.name} need a writable folder "
            f"({why_unwritable(path)})",
        )
    return sqlite3.connect(
        sqlite_uri(path, mode="ro", immutable="1"), uri=True, timeout=5, check_same_thread=False
    )


def drop_failed_side_files(path: Path, existed: dict[str, bool]) -> None:
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
        con = connect_readonly(path)
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


def reference_queries(
    keys: Iterable[ForeignKey],
) -> tuple[tuple[str, str, str, str], ...]:
    """(child, parent, column, SQL) per foreign key: one indexed LEFT JOIN each, selecting
    the row key and the reference of rows that point at no row (or are empty where
    required), with one ``?`` for a row limit."""
    queries = []
    for key in keys:
        child, parent = f'c."{key.column}"', f'p."{key.parent_column}"'
        missing = f"({child} IS NOT NULL AND {parent} IS NULL)"
        where = f"{missing} OR ({child} IS NULL)" if key.required else missing
        sql = (
            f"SELECT c.{key.row_key}, c.{key.column} "
            f'FROM "{key.table}" AS c LEFT JOIN "{key.parent}" AS p '
            f"ON {parent} = {child} WHERE {where} LIMIT ?"
        )
        queries.append((key.table, key.parent, key.column, sql))
    return tuple(queries)


_QUERIES = reference_queries(FOREIGN_KEYS)


def dangling_references(
    execute: Execute, limit: int = 20, queries: Sequence[tuple[str, str, str, str]] = _QUERIES
) -> list[str]:
    """Rows whose reference points at no row (or is empty where one is required).

    Walks every foreign key the entities declare, whether or not the file's own
    schema still does (SQLite's foreign_key_check only sees the latter, and a
    file edited outside RELM may have lost them). ``execute`` runs SQL with
    parameters: ``sqlite3.Connection.execute`` or SQLAlchemy's ``exec_driver_sql``.
    """
    problems: list[str] = []
    for child, parent, column, sql in queries:
        for ident, value in execute(sql, (limit - len(problems),)):
            if value is None:
                problems.append(f"{child} row {shown(ident)} has no {parent} ({column} is empty)")
            else:
                problems.append(
                    f"{child} row {shown(ident)} refers to a missing {parent} "
                    f"({column} {shown(value)})"
                )
            if len(problems) >= limit:
                return problems
    return problems


def check_references(
    execute: Execute, queries: Sequence[tuple[str, str, str, str]] = _QUERIES
) -> None:
    """Refuse to hand out a plan whose rows refer to missing rows (schedule and exports
    would fail half-way on them): BrokenReferencesError naming the first few."""
    broken = dangling_references(execute, 4, queries)
    if broken:
        more = "; …" if len(broken) > 3 else ""
        raise BrokenReferencesError(
            f"rows refer to missing rows ({'; '.join(broken[:3])}{more}); "
            "it was edited outside RELM: `relm check` lists them"
        )


def check_columns(con: sqlite3.Connection) -> None:
    """Every column a whole plan is read from is there: a file missing one (edited
    outside RELM) fails here with SQLite's own words, e.g. ``no such column: task.notes``,
    as it would when every row is read."""
    for table, columns in PLAN_COLUMNS.items():
        con.execute(f"SELECT {', '.join(f'{table}.{c}' for c in columns)} FROM {table} LIMIT 0")


__all__ = [
    "FOREIGN_KEYS",
    "PLAN_COLUMNS",
    "SIDE_FILES",
    "SQLITE_MAGIC",
    "FileCheck",
    "ForeignKey",
    "check_columns",
    "check_references",
    "connect_readonly",
    "dangling_references",
    "inspect_file",
    "reference_queries",
    "side_file",
    "sqlite_uri",
    "why_unwritable",
]
