"""store/sqlite_file.py: the plan file's checks without SQLAlchemy.

Its foreign keys and columns are written out (importing the entities would cost
the start-up it exists to save); these tests hold them equal to the entities',
so a new reference or column cannot be forgotten by `relm schedule`.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from relm_desktop.domain.models import Base
from relm_desktop.store import database, sqlite_file
from relm_desktop.store.database import create_plan_file, declared_foreign_keys
from relm_desktop.store.sqlite_file import (
    FOREIGN_KEYS,
    PLAN_COLUMNS,
    check_columns,
    connect_readonly,
    dangling_references,
    reference_queries,
)
from relm_desktop.store.tables import LOCAL_ONLY

pytestmark = pytest.mark.sqlite_only("store/sqlite_file.py reads plan files with sqlite3 alone")


def test_foreign_keys_are_the_entities_own_in_their_order() -> None:
    assert declared_foreign_keys() == FOREIGN_KEYS


def test_both_paths_run_the_same_reference_queries() -> None:
    assert reference_queries(FOREIGN_KEYS) == database._reference_queries()


def test_plan_columns_are_the_entities_own() -> None:
    declared = {
        table.name: tuple(column.name for column in table.columns)
        for table in Base.metadata.sorted_tables
        # the audit trail and the server/sync bookkeeping: not part of reading a plan
        if table.name != "change_record" and table.name not in LOCAL_ONLY
    }
    assert declared == PLAN_COLUMNS


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.relm"
    create_plan_file(path).close()
    return path


def test_a_new_plan_has_every_column_and_no_dangling_reference(plan: Path) -> None:
    con = connect_readonly(plan)
    try:
        check_columns(con)
        assert dangling_references(con.execute) == []
    finally:
        con.close()


def test_a_dangling_reference_is_named(plan: Path) -> None:
    con = sqlite3.connect(plan)
    with con:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("INSERT INTO phase (id, release_id, name, position) VALUES (7, 42, 'P', 0)")
    con.close()
    ro = connect_readonly(plan)
    try:
        problems = dangling_references(ro.execute)
    finally:
        ro.close()
    assert problems == ["phase row 7 refers to a missing release (release_id 42)"]


def test_the_light_module_imports_no_sqlalchemy() -> None:
    code = (
        "import sys, relm_desktop.store.sqlite_file\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr


def test_database_re_exports_the_light_names() -> None:
    for name in ("inspect_file", "side_file", "why_unwritable", "FileCheck", "SQLITE_MAGIC"):
        assert getattr(database, name) is getattr(sqlite_file, name)
