"""Every expected failure of ``relm`` is one line naming the file, exit 2, no traceback.

Workbooks that calamine cannot read, hostile ``--mapping`` files (a FIFO
among them: refused, not waited on) and plans SQLAlchemy chokes on.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from relm_desktop.cli import main


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def relm(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relm_desktop", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).resolve().parents[2],
    )


def one_line(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    demo, empty, book = folder / "demo.relm", folder / "empty.relm", folder / "demo.xlsx"
    assert main(["demo", str(demo), "--start", "2027-01-04"]) == 0
    assert main(["new", str(empty)]) == 0
    assert main(["export", str(demo), str(book)]) == 0
    return {"demo": demo, "empty": empty, "book": book}


# -- workbooks calamine cannot read -----------------------------------------------------------
SHEET = "xl/worksheets/sheet1.xml"
BREAKS: dict[str, Callable[[bytes], bytes]] = {
    "truncated sheet xml": lambda d: d[: len(d) // 2],
    "shared string out of range": lambda d: d.replace(b"<v>", b"<v>99999"),
    "invalid utf-8 in sheet": lambda d: d.replace(b"<row", b"\xff\xfe<row", 1),
}


@pytest.mark.parametrize("kind", list(BREAKS))
def test_workbook_calamine_cannot_read_is_one_line(
    files: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(files["book"]) as src, zipfile.ZipFile(bad, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            out.writestr(name, BREAKS[kind](data) if name == SHEET else data)
    before = digest(files["empty"])
    for extra in ([], ["--dry-run"]):
        one_line(relm("import", str(files["empty"]), str(bad), *extra), str(bad), "workbook")
    assert digest(files["empty"]) == before


# -- hostile --mapping files --------------------------------------------------------------
MAPPINGS: dict[str, bytes] = {
    "a list": b'["sheet", 1]',
    "a number": b"42",
    "not json": b"{sheet: Tasks",
    "not utf-8": b'{"sheet": "\xff\xfe"}',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    "columns a list": b'{"columns": ["A", "B"]}',
    "column a formula": b'{"columns": {"name": "=CMD()"}}',
    "column a float": b'{"columns": {"name": 1.5}}',
    "column negative": b'{"columns": {"name": -4}}',
    "column beyond XFD": b'{"columns": {"name": "ZZZZ"}}',
    "header_row text": b'{"columns": {"name": "A"}, "header_row": "one"}',
    "header_row zero": b'{"columns": {"name": "A"}, "header_row": 0}',
    "header_row huge": b'{"columns": {"name": "A"}, "header_row": 1' + b"0" * 5000 + b"}",
    "header_row true": b'{"columns": {"name": "A"}, "header_row": true}',
    "sheet a dict": b'{"columns": {"name": "A"}, "sheet": {}}',
    "date_order odd": b'{"date_order": "ymd"}',
    "date_order a list": b'{"date_order": ["dmy"]}',
    "too large": b'{"sheet": "' + b"x" * 200_000 + b'"}',
}


@pytest.mark.parametrize("kind", list(MAPPINGS))
def test_hostile_mapping_file_is_one_line(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_bytes(MAPPINGS[kind])
    before = digest(files["empty"])
    args = ["import", str(files["empty"]), str(files["book"]), "--mapping", str(mapping)]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(mapping) in err, err
    assert "mapping file" in err and err.isprintable() and len(err) < 400, err
    assert digest(files["empty"]) == before


@pytest.mark.parametrize("kind", ["fifo", "directory", "missing"])
def test_mapping_that_is_no_regular_file_is_refused_without_waiting(
    files: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    mapping = tmp_path / "mapping.json"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        os.mkfifo(mapping)
    elif kind == "directory":
        mapping.mkdir()
    done = relm(
        "import", str(files["empty"]), str(files["book"]), "--mapping", str(mapping), timeout=60
    )
    line = one_line(done, str(mapping), "mapping file")
    if kind == "fifo":  # refused for what it is, not for the nothing read from it
        assert "not a regular file" in line, line


# -- plans SQLAlchemy chokes on -------------------------------------------------------------
def test_plan_missing_a_column_is_one_line(files: dict[str, Path], tmp_path: Path) -> None:
    plan = tmp_path / "edited.relm"
    plan.write_bytes(files["demo"].read_bytes())
    con = sqlite3.connect(plan)
    con.execute("ALTER TABLE task DROP COLUMN notes")
    con.close()
    before = digest(plan)
    for command in (["schedule", str(plan)], ["export", str(plan), str(tmp_path / "x.xlsx")]):
        one_line(relm(*command), str(plan), "no such column")
    assert digest(plan) == before
    assert not (tmp_path / "x.xlsx").exists()
