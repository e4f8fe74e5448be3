"""``relm`` commands on a plan a window holds: writers are refused, readers still work.

``relm import`` and ``relm export … .pdf`` (which records the pack in the plan)
used to write into a plan another instance held, whose view then went stale.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from relm_desktop.cli import main
from relm_desktop.store.audit import current_host, current_user
from relm_desktop.store.lock import lock_path

pytestmark = pytest.mark.sqlite_only("the lock beside a plan file; server plans have row versions")

HOLDER = """
import sys
from pathlib import Path
from relm_desktop.services.plan import PlanService
service = PlanService.open(Path(sys.argv[1]), lock=True)
print("holding", flush=True)
sys.stdin.readline()
service.close()
"""


def relm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relm_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def digest(plan: Path) -> str:
    """The plan's bytes, its write-ahead log included."""
    sha = hashlib.sha256()
    for part in (plan, plan.with_name(plan.name + "-wal")):
        if part.exists():
            sha.update(part.read_bytes())
    return sha.hexdigest()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("held")
    plan = folder / "demo.relm"
    assert main(["demo", str(plan), "--start", "2027-01-04"]) == 0
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Task", "Duration", "Start"])
    ws.append(["Dress rehearsal", "2d", datetime(2027, 3, 1)])
    workbook = folder / "rehearsal.xlsx"
    book.save(workbook)
    return plan, workbook


@pytest.fixture(scope="module")
def held(files: tuple[Path, Path]) -> Iterator[tuple[Path, Path, int]]:
    plan, workbook = files
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(plan)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        yield plan, workbook, proc.pid
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["import", "{plan}", "{workbook}"], id="import"),
        pytest.param(["import", "{plan}", "{workbook}", "--release", "R1"], id="import-release"),
        pytest.param(["export", "{plan}", "{out}.pdf"], id="export-pdf"),
        pytest.param(["export", "{plan}", "{out}.pdf", "--preset", "executive"], id="pdf-exec"),
    ],
)
def test_writing_commands_refuse_a_held_plan(
    held: tuple[Path, Path, int], tmp_path: Path, command: list[str]
) -> None:
    plan, workbook, pid = held
    before = digest(plan)
    args = [a.format(plan=plan, workbook=workbook, out=tmp_path / "pack") for a in command]
    done = relm(*args)
    assert done.returncode == 2, done
    assert done.stderr == (
        f"relm: {plan}: open in another RELM Desktop by {current_user()} on "
        f"{current_host()} (process {pid})\n"
    )
    assert digest(plan) == before
    assert not (tmp_path / "pack.pdf").exists()


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["schedule", "{plan}"], id="schedule"),
        pytest.param(["schedule", "{plan}", "--csv"], id="schedule-csv"),
        pytest.param(["check", "{plan}"], id="check"),
        pytest.param(["export", "{plan}", "{out}.xlsx"], id="export-xlsx"),
        pytest.param(["import", "{plan}", "{workbook}", "--dry-run"], id="import-dry-run"),
    ],
)
def test_reading_commands_work_on_a_held_plan(
    held: tuple[Path, Path, int], tmp_path: Path, command: list[str]
) -> None:
    plan, workbook, _pid = held
    before = digest(plan)
    args = [a.format(plan=plan, workbook=workbook, out=tmp_path / "out") for a in command]
    done = relm(*args)
    assert done.returncode == 0, done
    assert done.stderr == ""
    assert digest(plan) == before
    if args[-1].endswith(".xlsx") and args[0] == "export":
        assert Path(args[-1]).stat().st_size > 0


def test_a_writing_command_leaves_no_lock_behind(tmp_path: Path, files: tuple[Path, Path]) -> None:
    plan = tmp_path / "free.relm"
    assert main(["new", str(plan)]) == 0
    done = relm("import", plan, files[1])
    assert done.returncode == 0, done
    assert "added" in done.stdout
    assert not lock_path(plan).exists()
