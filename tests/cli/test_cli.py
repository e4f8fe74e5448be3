"""The `relm` command line: sub-commands, output, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from relm_desktop import __version__
from relm_desktop.cli import main
from relm_desktop.store.database import create_plan_file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def relm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relm_desktop", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def demo(module_plan_location: Path | str) -> Path | str:
    """The demo portfolio in a file and on the server."""
    assert main(["demo", str(module_plan_location), "--start", "2027-01-04"]) == 0
    return module_plan_location


def test_version() -> None:
    done = relm("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"relm {__version__}"


def test_new_creates_an_empty_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.relm"
    assert main(["new", str(path), "--start", "2027-02-01", "--country", "FR"]) == 0
    assert "created" in capsys.readouterr().out
    assert main(["check", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_new_refuses_unknown_country(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "x.relm"), "--country", "XX"]) == 2
    err = capsys.readouterr().err.strip()
    assert "unknown country" in err and "\n" not in err
    assert not (tmp_path / "x.relm").exists()


def test_schedule_csv(demo: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", str(demo), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) >= 80
    assert set(rows[0]) == {
        "release",
        "task",
        "start",
        "finish",
        "total_float",
        "critical",
        "overdue",
    }
    for row in rows:
        start, finish = date.fromisoformat(row["start"]), date.fromisoformat(row["finish"])
        assert start <= finish
        assert row["critical"] in ("yes", "no")
    milestones = [r for r in rows if r["task"] in ("Go-live", "Code freeze", "CAB approval")]
    assert milestones and all(r["start"] == r["finish"] for r in milestones)
    assert any(r["critical"] == "yes" for r in rows)


def test_schedule_table_lists_conflicts(
    demo: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schedule", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "Conflicts (" in out
    assert "[freeze]" in out and "Quarter-end change freeze" in out


@pytest.mark.sqlite_only("the file's bytes")
def test_schedule_does_not_change_the_file(demo: Path) -> None:
    before = digest(demo)
    assert main(["schedule", str(demo)]) == 0
    assert digest(demo) == before


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "no such file"),
        ("noise", "not an SQLite database"),
        ("other", "not a RELM plan"),
        ("newer", "newer version"),
        ("corrupt", "damaged"),
    ],
)
def test_bad_files_give_one_line_and_exit_2_and_stay_unchanged(
    tmp_path: Path, setup: str, expected: str
) -> None:
    path = tmp_path / "bad.relm"
    if setup == "noise":
        path.write_bytes(b"\x00garbage" * 100)
    elif setup == "other":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.close()
    elif setup == "newer":
        create_plan_file(path).close()
        con = sqlite3.connect(path)
        with con:
            con.execute("UPDATE alembic_version SET version_num = 'ffff'")
        con.close()
    elif setup == "corrupt":
        create_plan_file(path).close()
        data = bytearray(path.read_bytes())
        data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page after the header
        path.write_bytes(bytes(data))
    before = digest(path) if path.exists() else None
    for command in (["check", str(path)], ["schedule", str(path)]):
        done = relm(*command)
        assert done.returncode == 2, done
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert str(path) in lines[0] and expected in lines[0]
    assert (digest(path) if path.exists() else None) == before


def test_unknown_export_format(demo: Path | str, tmp_path: Path) -> None:
    done = relm("export", str(demo), str(tmp_path / "out.doc"))
    assert done.returncode == 2
    assert "cannot export .doc" in done.stderr and "\n" not in done.stderr.strip()


@pytest.mark.sqlite_only("the file's bytes; tests/server/test_cli_urls.py: a database's plan")
def test_demo_refuses_to_overwrite(demo: Path) -> None:
    before = digest(demo)
    done = relm("demo", str(demo))
    assert done.returncode == 2 and "already exists" in done.stderr
    assert digest(demo) == before
