"""`relm import` of week numbers without a date (#19 item 4) and what moved (item 1).

A sheet of week or period numbers with nothing to count them from is refused
in one line, exit 2, naming the file, the columns and the option that answers
it, with the plan unchanged; ``--week-one`` (and ``--period-weeks``) date it.
A dry run lists the tasks the plan moves off the file's dates, and why.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.services.plan import PlanService
from tests.exchange.foreign.helpers import book

WEEKS = [
    ["Team plan"],
    [],
    ["Task", "Start Week", "End Week"],
    ["Design", 1, 2],
    ["Build", 3, 8],
    ["Launch", 14, 14],
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "p.relm"
    assert main(["new", str(path), "--start", "2026-01-05"]) == 0
    return path


def test_week_numbers_without_a_date_are_refused_in_one_line(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = book(tmp_path / "weeks.xlsx", WEEKS)
    before = _digest(plan)
    capsys.readouterr()
    for extra in ([], ["--dry-run"]):
        assert main(["import", str(plan), str(sheet), *extra]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            f"relm: {sheet}: Columns Start Week and End Week (B–C on sheet 'Plan') hold week "
            "numbers 1–14 but the sheet has no date they count from; give --week-one "
            "YYYY-MM-DD (the day week 1 starts); plan unchanged\n"
        )
    assert _digest(plan) == before


def test_week_one_dates_the_import(plan: Path, tmp_path: Path) -> None:
    sheet = book(tmp_path / "weeks.xlsx", WEEKS)
    assert main(["import", str(plan), str(sheet), "--week-one", "2026-01-05"]) == 0
    service = PlanService.open(plan, readonly=True)  # what the file holds, reopened
    try:
        data, result = service.schedule()
        by_name = {t.name: t for t in data.tasks}
        build = result.tasks[by_name["Build"].id]
        assert (build.start, build.finish) == (date(2026, 1, 19), date(2026, 2, 27))
        assert result.tasks[by_name["Launch"].id].start == date(2026, 4, 6)
    finally:
        service.close()


def test_sprints_of_unstated_length_name_both_options(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = book(
        tmp_path / "sprints.xlsx",
        [["Task", "Start Sprint", "End Sprint"], ["Login", "Sprint 1", "Sprint 2"]],
    )
    capsys.readouterr()
    assert main(["import", str(plan), str(sheet), "--week-one", "2026-01-05"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no length of a sprint; give --period-weeks N (weeks in a sprint)" in err
    assert "--week-one" not in err  # that one was given
    args = ["import", str(plan), str(sheet), "--week-one", "2026-01-05", "--period-weeks", "2"]
    assert main(args) == 0


def test_a_dry_run_lists_what_moved_and_why(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = book(
        tmp_path / "linked.xlsx",
        [
            ["ID", "Task", "Start", "Finish", "Predecessors"],
            [1, "Design", date(2026, 1, 5), date(2026, 1, 9), ""],
            [2, "Build", date(2026, 1, 7), date(2026, 1, 16), "1"],
            [3, "Review", date(2026, 1, 10), date(2026, 1, 14), ""],
        ],
    )
    before = _digest(plan)
    capsys.readouterr()
    assert main(["import", str(plan), str(sheet), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        "info: Plan: 2 tasks of 3 moved off the dates the file gives (listed with the reason)"
        in lines
    )
    assert (
        "info: Plan row 3: moved: 'Build' starts 3 working days later, Mon 2026-01-12 instead "
        "of Wed 2026-01-07: its predecessor 'Design' finishes Fri 2026-01-09"
    ) in lines
    assert (
        "info: Plan row 4: moved: 'Review' starts on the next working day, Mon 2026-01-12 "
        "instead of Sat 2026-01-10: Sat 2026-01-10 is not a working day (the plan works Mon–Fri)"
    ) in lines
    assert lines[-1].endswith("plan unchanged")
    assert _digest(plan) == before


def test_a_dry_run_where_nothing_moves_says_so_once(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = book(tmp_path / "weeks.xlsx", WEEKS)
    capsys.readouterr()
    assert main(["import", str(plan), str(sheet), "--dry-run", "--week-one", "2026-01-05"]) == 0
    out = capsys.readouterr().out
    assert "info: Plan: nothing moved: all 3 dated tasks keep the dates the file gives" in out
    assert ": moved:" not in out
