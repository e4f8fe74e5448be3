"""The write transaction of an import, and its rehearsal: the same apply, rolled back.

A dry run and the merge preview rehearse: they apply the rows with the very
code a real import runs, then roll the transaction back, so whatever apply
would refuse is refused there, located by sheet, row and column.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from relm_desktop.exchange.merge import MergePreview
from relm_desktop.exchange.xlsx.model import ParsedImport, Problem
from relm_desktop.services.edits import EditError
from relm_desktop.services.excel_apply import apply_rows
from relm_desktop.services.excel_refusal import RowRefusedError
from relm_desktop.services.import_moves import move_notes
from relm_desktop.services.plan import PlanService
from relm_desktop.store import server
from relm_desktop.store.database import PlanStore, create_plan_file
from relm_desktop.store.sync import copy_rows, plan_tables

#: How long an import waits for another writer's transaction to end (ms).
IMPORT_WAIT_MS = 60_000
#: The PostgreSQL advisory lock an import holds (any number; one per database).
IMPORT_LOCK_KEY = 0x52454C4D  # "RELM"


@contextmanager
def import_transaction(service: PlanService, parsed: ParsedImport) -> Iterator[Session]:
    """One write transaction holding the plan's write lock from its first statement.

    By default pysqlite starts a transaction at the first write, so the plan
    read before it (the merge preview) could be stale by the time it commits:
    two concurrent imports each added the same release. ``BEGIN IMMEDIATE``
    makes a second importer wait here, then read what the first committed.
    """
    try:
        with service.store.transaction("import") as session:
            connection = session.connection()
            if connection.dialect.name == "sqlite":
                busy = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                # Another import may hold the write lock for its whole apply.
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {IMPORT_WAIT_MS}")
                try:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                finally:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(busy or 0)}")
            elif connection.dialect.name == "postgresql":
                # No write lock to take up front: a lock of the plan's database held
                # to the transaction's end makes importers queue the same way (each
                # statement after it reads what the one before committed).
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {IMPORT_WAIT_MS}")
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK_KEY})")
            yield session
    except EditError as exc:
        name = Path(parsed.path).name
        raise EditError(str(exc) if name in str(exc) else f"{parsed.path}: {exc}") from exc


class _RehearsedError(Exception):
    """Raised at the end of a rehearsal so its transaction rolls back."""


def rehearse(
    service: PlanService, preview: MergePreview, accepted: Collection[str]
) -> list[Problem]:
    """Apply ``accepted`` with the very code of ``apply_merge``, then roll it all back.

    Returns what apply refused, as problems located by sheet, row and column, or
    else what moved off the file's dates (:mod:`.import_moves`, severity info). A
    plan opened read-only (a dry run beside a running app) is rehearsed on a copy
    in memory, the same way; on a server, in a server transaction never committed.
    """
    rows = [r for r in preview.rows if r.key in accepted]
    problems: list[Problem] = []
    try:
        with _rehearsal(service, preview.parsed) as session:
            try:
                changes = apply_rows(session, preview, rows)
                # Scheduled with the rows in: which tasks leave the file's dates, and why.
                problems.extend(move_notes(session, preview, rows, changes))
            except RowRefusedError as exc:
                problems.append(Problem(exc.sheet, exc.row, exc.column, exc.why))
            except EditError as exc:
                problems.append(Problem(Path(preview.parsed.path).name, None, None, str(exc)))
            raise _RehearsedError
    except _RehearsedError:
        pass
    return problems


@contextmanager
def _rehearsal(service: PlanService, parsed: ParsedImport) -> Iterator[Session]:
    if not service.store.readonly:
        with import_transaction(service, parsed) as session:
            yield session
        return
    if service.store.url is not None:
        # A server plan: the server's own transaction, never committed; a role
        # that may not write cannot even rehearse there, so it gets a copy.
        if server.can_write(service.store.engine):
            with service.store.rehearsal("import") as session:
                yield session
            return
        with tempfile.TemporaryDirectory(prefix="relm-rehearsal-") as folder:
            store = _file_copy(service.store, Path(folder) / "rehearsal.relm")
            try:
                with store.transaction("import") as session:
                    yield session
            finally:
                store.close()
        return
    store = _memory_copy(service.store)
    try:
        with store.transaction("import") as session:
            yield session
    finally:
        store.close()


def _file_copy(source: PlanStore, path: Path) -> PlanStore:
    """A server plan's rows, ids and all, in a new scratch file."""
    store = create_plan_file(path)
    with source.engine.connect() as con, store.engine.begin() as target:
        con.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        copy_rows(con, target, plan_tables())
    return store


def _memory_copy(store: PlanStore) -> PlanStore:
    """The plan copied into memory with SQLite's backup API (a few ms per MB)."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    source = store.engine.raw_connection()
    try:
        driver = source.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.backup(copy)
    finally:
        source.close()
    copy.execute("PRAGMA foreign_keys = ON")
    engine = create_engine("sqlite://", creator=lambda: copy, poolclass=StaticPool)
    return PlanStore(engine)
