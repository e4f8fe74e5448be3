"""``--status-date`` on ``relm schedule`` and ``relm export`` (issue #20 item 2)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.services.plan import PlanService
from tests.reports.pdf_tools import flat, pdftotext


@pytest.fixture
def demo(plan_location: Path | str) -> Path | str:
    """The demo portfolio in a file and on the server."""
    assert main(["demo", str(plan_location), "--start", "2026-01-05"]) == 0
    return plan_location


def overdue(path: Path | str, capsys: pytest.CaptureFixture[str], *flags: str) -> set[str]:
    capsys.readouterr()
    assert main(["schedule", str(path), "--csv", *flags]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    for row in rows:
        if row["overdue"] == "yes":
            assert date.fromisoformat(row["finish"]) < date.fromisoformat(flags[-1])
    return {row["task"] for row in rows if row["overdue"] == "yes"}


def test_schedule_flags_overdue_work_as_of_the_status_date(
    demo: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    early = overdue(demo, capsys, "--status-date", "2026-01-06")
    later = overdue(demo, capsys, "--status-date", "2026-03-02")
    assert early == set()
    assert later and "Login Hotfix" not in later  # task names, not releases
    # Without the flag the plan's own status date is used.
    service = PlanService.open(demo)
    try:
        info = service.load().info
        assert info is not None
        service.update("plan_info", info.id, {"status_date": date(2026, 3, 2)})
    finally:
        service.close()
    capsys.readouterr()
    assert main(["schedule", str(demo)]) == 0
    assert "as of 2026-03-02" in capsys.readouterr().out


def test_export_prints_the_status_date_on_the_cover(
    demo: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack.pdf"
    argv = ["export", str(demo), str(out), "--preset", "executive", "--status-date", "2026-04-01"]
    assert main(argv) == 0
    text = flat(pdftotext(out))
    assert "STATUS AS OF" in text and "01 Apr 2026" in text
    with pytest.raises(SystemExit) as bad:
        main(["schedule", str(demo), "--status-date", "2026-13-01"])
    assert bad.value.code == 2
    assert "'2026-13-01' is not a date" in capsys.readouterr().err
