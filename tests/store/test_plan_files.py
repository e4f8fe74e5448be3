"""Opening, refusing, migrating and creating plan files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from relm_desktop.domain.models import Base, Dependency, Gate, Risk, Task
from relm_desktop.store.database import (
    create_plan_file,
    inspect_file,
    integrity_problems,
    open_plan_file,
    schema_revision,
)
from relm_desktop.store.errors import NewerSchemaError, NotAPlanError, UnsafePlanError
from relm_desktop.store.migrate import head_revision, known_revisions, upgrade

pytestmark = pytest.mark.sqlite_only("checked-in .relm files, their backups, SQLite's schema")

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.relm'}")
    with engine.begin() as connection:
        upgrade(connection)
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_new_file_is_at_head_and_sound(tmp_path: Path) -> None:
    store = create_plan_file(tmp_path / "new.relm")
    try:
        assert schema_revision(store) == head_revision()
        assert integrity_problems(store) == []
        with store.engine.connect() as con:
            assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()


@pytest.mark.parametrize("revision", known_revisions()[:-1])
def test_every_older_revision_migrates_with_backup_and_keeps_rows(
    tmp_path: Path, revision: str
) -> None:
    source = PLANS / f"plan-rev{revision}.relm"
    assert source.exists(), f"check in a plan written at revision {revision}"
    path = tmp_path / "old.relm"
    shutil.copyfile(source, path)
    before = digest(path)
    store, backup = open_plan_file(path)
    try:
        assert backup is not None and backup.exists()
        assert digest(backup) == before or inspect_file(backup).revision == revision
        assert inspect_file(backup).revision == revision
        assert schema_revision(store) == head_revision()
        with store.reading() as session:
            assert [t.name for t in session.scalars(select(Task).order_by(Task.id))] == [
                "Build",
                "Deploy",
                "Go-live",
            ]
            assert session.scalar(select(Risk.title)) == "Late supplier"
            assert session.scalar(select(Gate.status)) == "passed"
            # A migration that rebuilds the task table must not cascade into links.
            assert session.scalar(select(func.count()).select_from(Dependency)) == 2
        assert integrity_problems(store) == []
    finally:
        store.close()


def test_newer_schema_is_refused_byte_for_byte_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.relm"
    create_plan_file(path).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()
    before = digest(path)
    with pytest.raises(NewerSchemaError, match="newer version of RELM Desktop"):
        open_plan_file(path)
    assert digest(path) == before
    assert not list(tmp_path.glob("*.bak.relm"))


def test_random_bytes_are_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "noise.relm"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(NotAPlanError, match="not an SQLite database"):
        open_plan_file(path)


def test_another_applications_database_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "other.relm"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.close()
    before = digest(path)
    with pytest.raises(NotAPlanError, match="not a RELM plan"):
        open_plan_file(path)
    assert digest(path) == before


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TRIGGER sneaky AFTER INSERT ON task BEGIN DELETE FROM risk; END",
        "CREATE VIEW everything AS SELECT * FROM task",
    ],
)
def test_triggers_and_views_are_refused(tmp_path: Path, ddl: str) -> None:
    path = tmp_path / "tampered.relm"
    create_plan_file(path).close()
    con = sqlite3.connect(path)
    con.execute(ddl)
    con.close()
    before = digest(path)
    with pytest.raises(UnsafePlanError, match="refused"):
        open_plan_file(path)
    assert digest(path) == before


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotAPlanError.__mro__[1], match="no such file"):
        open_plan_file(tmp_path / "absent.relm")


def test_readonly_open_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.relm"
    create_plan_file(path).close()
    store, _ = open_plan_file(path, readonly=True)
    try:
        with pytest.raises(Exception, match="read-only"), store.transaction():
            pass
    finally:
        store.close()


def test_revision_chain_read_from_files_matches_alembic() -> None:
    from relm_desktop.store.migrate import script

    walked = [rev.revision for rev in reversed(list(script().walk_revisions()))]
    assert list(known_revisions()) == walked
    assert known_revisions()[-1] == head_revision()
