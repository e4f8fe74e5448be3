"""Schema upgrades and what a plan file says about itself are not trusted blindly.

A failed upgrade puts the exact original bytes back; two ``alembic_version``
rows are refused; a revision read from the file is shown short and escaped;
rows whose references point at nothing are found by ``relm check`` even when
the file no longer declares its foreign keys, and schedule and exports refuse
them in one line instead of crashing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from relm_desktop.services.demo import build_demo
from relm_desktop.store import database, migrate
from relm_desktop.store.database import create_plan_file, inspect_file, open_plan_file
from relm_desktop.store.errors import NewerSchemaError, NotAPlanError, PlanFileError
from relm_desktop.store.migrate import known_revisions

pytestmark = pytest.mark.sqlite_only("a file's bytes put back and sqlite_master edited by hand")

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def relm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relm_desktop", *args], capture_output=True, text=True, timeout=120
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


# -- a failed upgrade ----------------------------------------------------------------------
def test_failed_upgrade_restores_the_original_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.relm"
    shutil.copyfile(PLANS / "plan-rev0001.relm", path)
    before = digest(path)
    real_upgrade = migrate.upgrade

    def upgrade_then_fail(connection: Any, revision: str = "head") -> None:
        real_upgrade(connection, revision)  # SQLite DDL commits as it goes: real writes
        raise RuntimeError("migration step failed")

    monkeypatch.setattr(migrate, "upgrade", upgrade_then_fail)
    with pytest.raises(PlanFileError, match=r"schema upgrade failed.*file restored"):
        open_plan_file(path)
    assert digest(path) == before
    leftovers = {p.name for p in tmp_path.iterdir()} - {path.name}
    assert all(".bak" in name for name in leftovers), leftovers  # no -wal, -shm or copies
    assert inspect_file(path).revision == known_revisions()[0]

    monkeypatch.undo()  # the upgrade works once the fault is gone
    store, backup = open_plan_file(path)
    store.close()
    assert backup is not None and inspect_file(backup).revision == known_revisions()[0]


# -- what the file says about itself --------------------------------------------------------
def test_two_schema_revision_rows_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.relm"
    create_plan_file(path).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO alembic_version VALUES (?)", (known_revisions()[0],))
    con.close()
    before = digest(path)
    with pytest.raises(NotAPlanError, match="2 schema revisions"):
        open_plan_file(path)
    assert digest(path) == before


@pytest.mark.parametrize(
    "revision",
    [
        "\x1b[2J\x1b[31mpwned\nrelm: all good\n" + "A" * 1_000_000,
        "\u202eevil",
        "x" * 200,
    ],
)
def test_revision_from_the_file_is_shown_short_and_escaped(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "future.relm"
    create_plan_file(path).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.close()
    with pytest.raises(NewerSchemaError) as caught:
        open_plan_file(path)
    message = str(caught.value)
    assert message.isprintable(), message
    assert len(message) < len(str(path)) + 200
    done = relm("check", str(path))
    line = one_line(done)
    assert line.isprintable() and "newer version" in line


# -- references ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dangling(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo plan edited outside RELM: its task table lost its foreign keys (as a
    hand-rebuilt table would), then a task was pointed at a release and a team that do not exist."""
    path = tmp_path_factory.mktemp("dangling") / "edited.relm"
    build_demo(path).close()
    con = sqlite3.connect(path)
    (sql,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'task'").fetchone()
    stripped = re.sub(r",\s*CONSTRAINT \w+ FOREIGN KEY[^,]*(?=,|\s*\)$)", "", sql)
    assert "FOREIGN KEY" not in stripped and stripped.endswith(")")
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'task'", (stripped,))
    con.commit()
    con.close()
    con = sqlite3.connect(path)  # a new connection reads the new schema
    with con:
        (task,) = con.execute("SELECT min(id) FROM task").fetchone()
        con.execute("UPDATE task SET release_id = 9999, team_id = 8888 WHERE id = ?", (task,))
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []  # SQLite sees nothing
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    return path


def test_check_finds_every_dangling_reference(dangling: Path) -> None:
    line = one_line(relm("check", str(dangling)))
    assert str(dangling) in line
    assert "task row 1 refers to a missing release (release_id 9999)" in line
    store, _ = open_plan_file(dangling, readonly=True)
    try:
        problems = database.integrity_problems(store)
    finally:
        store.close()
    assert sorted(problems) == [
        "task row 1 refers to a missing release (release_id 9999)",
        "task row 1 refers to a missing team (team_id 8888)",
    ]


@pytest.mark.parametrize("command", ["schedule", "export.xlsx", "export.pdf"])
def test_schedule_and_exports_refuse_dangling_rows_in_one_line(
    dangling: Path, tmp_path: Path, command: str
) -> None:
    before = digest(dangling)
    if command == "schedule":
        done = relm("schedule", str(dangling))
    else:
        done = relm("export", str(dangling), str(tmp_path / f"out.{command.split('.')[1]}"))
    line = one_line(done)
    assert str(dangling) in line and "task row 1 refers to a missing release" in line
    assert digest(dangling) == before
    assert not list(tmp_path.glob("out.*"))


# -- values -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def odd_values(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo plan where another tool wrote enum names instead of RELM's stored values."""
    path = tmp_path_factory.mktemp("values") / "edited.relm"
    build_demo(path).close()
    con = sqlite3.connect(path)
    with con:  # commits; the close below checkpoints, so the file's bytes are final
        (task,) = con.execute("SELECT min(id) FROM task WHERE duration > 0").fetchone()
        con.execute(
            "UPDATE task SET constraint_type = 'START_NO_EARLIER_THAN', "
            "constraint_date = '2027-03-01' WHERE id = ?",
            (task,),
        )
        (risk,) = con.execute("SELECT min(id) FROM risk").fetchone()
        con.execute("UPDATE risk SET status = 'Open\x1b[31m' WHERE id = ?", (risk,))
    con.close()
    return path


def test_check_lists_values_relm_does_not_know(odd_values: Path) -> None:
    line = one_line(relm("check", str(odd_values)))
    assert "constraint_type 'START_NO_EARLIER_THAN' (not one of snet, fnlt, mso)" in line
    assert "status 'Open\\x1b[31m'" in line and line.isprintable()  # escaped, never raw


@pytest.mark.parametrize("command", ["schedule", "export.xlsx", "export.pdf"])
def test_schedule_and_exports_refuse_unknown_values_in_one_line(
    odd_values: Path, tmp_path: Path, command: str
) -> None:
    before = digest(odd_values)
    if command == "schedule":
        done = relm("schedule", str(odd_values))
    else:
        done = relm("export", str(odd_values), str(tmp_path / f"out.{command.split('.')[1]}"))
    line = one_line(done)
    assert str(odd_values) in line and "values RELM does not know" in line
    assert "constraint_type 'START_NO_EARLIER_THAN'" in line
    assert digest(odd_values) == before
    assert not list(tmp_path.glob("out.*"))
