"""Malformed plan files and workbooks: a clear one-line error, bounded, nothing changed.

Bounds (enforced by the child process's limits below and by
relm_desktop.exchange.xlsx.guard.Limits): each refusal within 10 s of CPU and
500 MB of address space (issue #15's bound for any workbook up to 50 MB);
workbooks over 50 MB on disk, 300 MB unpacked, a 150-fold inflating part or
a <dimension> over 100,000 rows are refused before parsing, and a sheet's
extent is checked from its cells before it is read (test_hostile_workbooks.py).
"""

from __future__ import annotations

import hashlib
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.security.malformed import RELM_KINDS, SCHEDULE_KINDS, XLSX_FILE_KINDS

CPU_SECONDS = 10
ADDRESS_SPACE = 500 << 20


def run_bounded(
    code: str, *args: str, cpu: int = CPU_SECONDS, address_space: int = ADDRESS_SPACE
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child limited to ``cpu`` seconds of CPU and ``address_space`` bytes."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limits,
    )


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


OPEN_PLAN = """
import sys
from pathlib import Path
from relm_desktop.cli import main
sys.exit(main(["check", sys.argv[1]]))
"""

CHECK_XLSX = """
import sys
from pathlib import Path
from relm_desktop.exchange.xlsx.guard import UnsafeWorkbookError, check_workbook
try:
    check_workbook(Path(sys.argv[1]))
except UnsafeWorkbookError as exc:
    print(exc, file=sys.stderr)
    sys.exit(2)
print("accepted")
"""


@pytest.mark.parametrize("kind", list(RELM_KINDS))
def test_malformed_plan_is_refused_cleanly(tmp_path: Path, kind: str) -> None:
    path = RELM_KINDS[kind](tmp_path)
    before = digest(path)
    started = time.monotonic()
    done = run_bounded(OPEN_PLAN, str(path))
    assert done.returncode == 2, (kind, done.stdout, done.stderr[-500:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 30
    assert digest(path) == before


@pytest.mark.parametrize("kind", list(XLSX_FILE_KINDS))
def test_malformed_workbook_file_is_refused_before_parsing(tmp_path: Path, kind: str) -> None:
    make: Callable[[Path], Path] = XLSX_FILE_KINDS[kind]
    path = make(tmp_path)
    before = digest(path)
    done = run_bounded(CHECK_XLSX, str(path))
    assert done.returncode == 2, (kind, done.stdout, done.stderr[-500:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], done.stderr
    assert digest(path) == before


IMPORT = """
import sys
from relm_desktop.cli import main
sys.exit(main(["import", sys.argv[1], sys.argv[2]]))
"""


@pytest.mark.parametrize("kind", list(SCHEDULE_KINDS))
def test_bad_schedule_in_a_workbook_is_refused_whole(
    tmp_path: Path, empty_plan: Path, kind: str
) -> None:
    import shutil

    make, expected = SCHEDULE_KINDS[kind]
    workbook = make(tmp_path)
    plan = tmp_path / "plan.relm"
    shutil.copy(empty_plan, plan)
    before_plan, before_book = digest(plan), digest(workbook)
    done = run_bounded(IMPORT, str(plan), str(workbook))
    assert done.returncode == 2, (kind, done.stdout[-500:], done.stderr[-500:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and workbook.name in lines[0], done.stderr
    assert expected in lines[0], lines[0][:500]
    assert "Traceback" not in done.stderr
    assert digest(plan) == before_plan and digest(workbook) == before_book


def test_at_least_25_kinds_of_bad_input() -> None:
    assert len(RELM_KINDS) + len(XLSX_FILE_KINDS) + len(SCHEDULE_KINDS) >= 25
