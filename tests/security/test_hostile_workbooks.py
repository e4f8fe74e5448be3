"""Small hostile workbooks (issue #15 item 4): refused or read within 10 s and 500 MB.

Each workbook is written by hand (tests/security/hostile.py, HOSTILE_KINDS) and
imported with ``relm import PLAN FILE`` in a child process bounded by
RLIMIT_CPU and RLIMIT_AS: it exits 2 with one stderr line naming the file, the
plan unchanged, or it imports.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from relm_desktop.exchange.xlsx.guard import Limits, UnsafeWorkbookError, scan_shared_strings
from tests.security.hostile import HOSTILE_KINDS, hostile_far_corner
from tests.security.test_malformed_files import (
    ADDRESS_SPACE,
    CPU_SECONDS,
    IMPORT,
    digest,
    run_bounded,
)


@pytest.mark.parametrize("kind", list(HOSTILE_KINDS))
def test_hostile_workbook_is_refused_or_read_within_bounds(
    tmp_path: Path, empty_plan: Path, kind: str
) -> None:
    make, refusal = HOSTILE_KINDS[kind]
    workbook = make(tmp_path)
    assert workbook.stat().st_size < 50 * 2**20
    plan = tmp_path / "plan.relm"
    shutil.copy(empty_plan, plan)
    before_plan, before_book = digest(plan), digest(workbook)
    started = time.monotonic()
    done = run_bounded(IMPORT, str(plan), str(workbook))
    assert (CPU_SECONDS, ADDRESS_SPACE) == (10, 500 << 20)  # issue #15's bound
    elapsed = time.monotonic() - started
    assert "Traceback" not in done.stderr, done.stderr[-800:]
    if refusal is None:
        assert done.returncode == 0, (kind, done.stdout[-300:], done.stderr[-500:])
        assert digest(plan) != before_plan
    else:
        assert done.returncode == 2, (kind, done.returncode, done.stderr[-500:])
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and str(workbook) in lines[0], done.stderr[-500:]
        assert refusal in lines[0], lines[0][:500]
        assert digest(plan) == before_plan
    assert digest(workbook) == before_book
    assert elapsed < 60  # wall clock on a shared machine; CPU is bounded by the limit


def test_far_corner_is_refused_in_process_before_calamine(tmp_path: Path) -> None:
    from relm_desktop.exchange.xlsx.parse import read_xlsx
    from relm_desktop.exchange.xlsx.read import WorkbookError

    with pytest.raises(WorkbookError, match=r"100,000 rows × 16,384 columns"):
        read_xlsx(hostile_far_corner(tmp_path))


def test_shared_strings_are_counted_before_calamine_reads_them(tmp_path: Path) -> None:
    import io

    part = b"<sst>" + b"<si><t>ab</t></si>" * 11 + b"</sst>"
    limits = Limits(max_shared_strings=10)
    with pytest.raises(UnsafeWorkbookError, match="more than 10 shared strings"):
        scan_shared_strings(lambda: io.BytesIO(part), "x.xlsx", limits)
    assert scan_shared_strings(lambda: io.BytesIO(part), "x.xlsx", Limits()) == len(
        b"<si><t>ab</t></si>"
    ) + len(b"</sst>")
