"""A full disk and read-only media: one line and exit 2, never a traceback or a half file.

A small tmpfs is mounted in a private mount namespace (``unshare -rm``: any
user where unprivileged user namespaces are allowed, no root needed), filled
up or remounted read-only, and ``relm`` is run against plans on it. A sound
plan there opens read-only: check, schedule and exports work, and writers are
told in one line that the plan is read-only here.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from relm_desktop.cli import main

# Runs inside the namespace: mounts the tmpfs, then does the steps in order.
DRIVER = r"""
import hashlib, json, os, shutil, subprocess, sys
from pathlib import Path

disk, size, out, steps = Path(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], check=True)
results = []
fillers = []
for step in steps:
    kind, args = step[0], [a.format(disk=disk, out=out) for a in step[1:]]
    if kind == "copy":
        shutil.copyfile(args[0], args[1])
    elif kind == "fill":  # 4 KiB files until the disk is full
        try:
            while True:
                name = disk / f"filler-{len(fillers)}"
                fillers.append(name)
                with open(name, "wb") as fh:
                    fh.write(b"\0" * 4096)
        except OSError:
            pass
    elif kind == "free":  # give back this many 4 KiB pages
        for _ in range(int(args[0])):
            fillers.pop().unlink(missing_ok=True)
    elif kind == "readonly":
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    elif kind == "digest":
        results.append(hashlib.sha256(Path(args[0]).read_bytes()).hexdigest())
    elif kind == "ls":
        results.append(sorted(n for n in os.listdir(disk) if not n.startswith("filler-")))
    elif kind == "relm":
        done = subprocess.run(
            [sys.executable, "-m", "relm_desktop", *args], capture_output=True, text=True
        )
        results.append([done.returncode, done.stdout, done.stderr])
print(json.dumps(results))
"""


@cache
def _namespaces_work() -> bool:
    try:
        done = subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def on_small_disk(tmp_path: Path, size: str, steps: list[list[str]]) -> list[Any]:
    if not _namespaces_work():
        pytest.skip("needs `unshare -rm` (user and mount namespaces) to mount a small tmpfs")
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            "unshare",
            "-rm",
            sys.executable,
            "-c",
            DRIVER,
            str(disk),
            size,
            str(out),
            json.dumps(steps),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout))


def one_line(result: list[Any], *expected: str) -> str:
    code, _out, err = result
    assert code == 2, result
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for text in expected:
        assert text in lines[0], lines[0]
    return str(lines[0])


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plans")
    demo, empty, book = folder / "demo.relm", folder / "empty.relm", folder / "demo.xlsx"
    assert main(["demo", str(demo), "--start", "2027-01-04"]) == 0
    assert main(["new", str(empty)]) == 0
    assert main(["export", str(demo), str(book)]) == 0
    return {"demo": demo, "empty": empty, "book": book}


@pytest.mark.parametrize("size", ["1m", "64k", "160k"])
def test_new_on_a_full_disk_leaves_nothing_behind(tmp_path: Path, size: str) -> None:
    steps = [["fill"]] if size == "1m" else []
    new = ["relm", "new", "{disk}/new.relm"]
    demo = ["relm", "demo", "{disk}/demo.relm"]
    results = on_small_disk(tmp_path, size, [*steps, new, ["ls"], demo, ["ls"]])
    one_line(results[0], "new.relm")
    assert results[1] == []
    one_line(results[2], "demo.relm")
    assert results[3] == []


@pytest.mark.parametrize("medium", ["full", "readonly"])
def test_sound_plan_on_full_or_readonly_disk_opens_readonly(
    tmp_path: Path, plans: dict[str, Path], medium: str
) -> None:
    block = ["fill"] if medium == "full" else ["readonly"]
    plan = "{disk}/plan.relm"
    results = on_small_disk(
        tmp_path,
        "1m",
        [
            ["copy", str(plans["demo"]), plan],
            block,
            ["digest", plan],
            ["relm", "check", plan],
            ["relm", "schedule", plan, "--csv"],
            ["relm", "export", plan, "{out}/plan.xlsx"],
            ["relm", "export", plan, "{out}/plan.pdf"],
            ["relm", "import", plan, str(plans["book"])],
            ["relm", "import", plan, str(plans["book"]), "--dry-run"],
            ["digest", plan],
            ["ls"],
        ],
    )
    before, check, schedule, xlsx, pdf, write, dry, after, listing = results
    for result in (check, schedule, xlsx, dry):
        assert result[0] == 0, result
    assert "ok" in check[1]
    assert len(schedule[1].splitlines()) > 80
    assert (tmp_path / "out" / "plan.xlsx").stat().st_size > 0
    # The pack is built and said not to be recorded in the plan (that would write).
    assert pdf[0] == 0, pdf
    assert (tmp_path / "out" / "plan.pdf").read_bytes().startswith(b"%PDF")
    note = pdf[2].strip().splitlines()
    assert len(note) == 1 and "not recorded" in note[0] and "plan.relm" in note[0], pdf
    line = one_line(write, "plan.relm").lower()
    assert "read-only" in line or "no space" in line or "full" in line, line
    assert before == after
    assert listing == ["plan.relm"]  # no -wal or -shm left by the failed opens


def test_disk_filling_up_during_an_import_gives_one_line_and_keeps_the_plan(
    tmp_path: Path, plans: dict[str, Path]
) -> None:
    plan = "{disk}/plan.relm"
    results = on_small_disk(
        tmp_path,
        "1m",
        [
            ["copy", str(plans["empty"]), plan],
            ["fill"],
            ["free", "12"],  # room for the lock and WAL index, not for the rows
            ["digest", plan],
            ["relm", "import", plan, str(plans["book"])],
            ["digest", plan],
            ["relm", "check", plan],
        ],
    )
    before, write, after, check = results
    line = one_line(write, "plan.relm")
    assert "full" in line
    assert before == after
    assert check[0] == 0, check


def test_copy_of_a_plan_failing_leaves_no_part_file(
    tmp_path: Path, plans: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from relm_desktop.store.database import copy_plan

    def no_space(self: Path, target: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "replace", no_space)
    with pytest.raises(OSError, match="No space"):
        copy_plan(plans["demo"], tmp_path / "copy.relm")
    assert list(tmp_path.iterdir()) == []


def test_failed_create_removes_the_file_and_its_side_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relm_desktop.store import database, migrate

    real_upgrade = migrate.upgrade

    def upgrade_then_fail(connection: Any, revision: str = "head") -> None:
        real_upgrade(connection, revision)  # tables written, -wal and -shm made
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade", upgrade_then_fail)
    with pytest.raises(sqlite3.OperationalError):
        database.create_plan_file(tmp_path / "new.relm")
    assert list(tmp_path.iterdir()) == []


def test_new_failing_after_the_schema_removes_the_half_made_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from relm_desktop.store.database import PlanStore

    def full(self: PlanStore, source: str = "gui") -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(PlanStore, "transaction", full)  # filling in plan_info fails
    path = tmp_path / "new.relm"
    assert main(["new", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(path) in err and "full" in err, err
    assert list(tmp_path.iterdir()) == []
