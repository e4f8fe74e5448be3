"""Values that would break a plan later: refused at import by cell, survived when stored.

Bounds (relm_desktop.domain.limits): dates 1900-01-01 … 2199-12-31, durations
and lags 10,000 working days, a chain of links 78,000 working days. An import
past one exits 2 with one stderr line naming sheet, row and column and leaves
the plan unchanged; a plan holding such values anyway (written through the
store) schedules, exports and opens, with the culprit task named.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import update

from relm_desktop.cli import main
from relm_desktop.domain.enums import ConstraintType
from relm_desktop.domain.limits import FIRST_DATE, LAST_DATE, MAX_DURATION
from relm_desktop.domain.models import FreezeWindow, Task
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import ConflictKind
from relm_desktop.services import edits
from relm_desktop.services.plan import PlanService

START = date(2027, 1, 4)
CHAIN = 400
CHAIN_DAYS = 10_000


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A demo plan and the app's own export of it, made once."""
    folder = tmp_path_factory.mktemp("bounds")
    plan, book = folder / "demo.relm", folder / "demo.xlsx"
    assert main(["demo", str(plan), "--start", START.isoformat()]) == 0
    assert main(["export", str(plan), str(book)]) == 0
    return plan, book


def edited(book: Path, target: Path, sheet: str, header: str, value: Any, row: int = 3) -> str:
    """Copy the export with one cell changed; returns the cell's letter and header."""
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    col = headers.index(header) + 1
    ws.cell(row=row, column=col, value=value)
    wb.save(target)
    return f"column {openpyxl.utils.get_column_letter(col)} ({header})"


def run_import(plan: Path, book: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["import", str(plan), str(book)])
    return code, capsys.readouterr().err.splitlines()


NATIVE_CASES = {
    "lag": ("Tasks", "Predecessors", "1FS+99999999999999999999d", "lag"),
    "lag within the export's notation": ("Tasks", "Predecessors", "1FS+999999999d", "lag"),
    "duration": ("Tasks", "Duration (days)", 10**9, "between 0 and 10000"),
    "constraint date 9999-12-31": (
        "Tasks",
        "Constraint date",
        datetime(9999, 12, 31),
        "9999-12-31 is outside",
    ),
    "actual start year 1": ("Tasks", "Actual start", "0001-01-01", "the year 1 is not"),
    "actual start before 1900": ("Tasks", "Actual start", "1899-12-29", "the year 1899 is not"),
    "release start": ("Releases", "Start", datetime(9999, 12, 31), "9999-12-31 is outside"),
}


@pytest.mark.parametrize("case", NATIVE_CASES)
def test_import_refuses_a_value_past_its_bound_naming_the_cell(
    case: str,
    exported: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet, header, value, why = NATIVE_CASES[case]
    plan = tmp_path / "plan.relm"
    plan.write_bytes(exported[0].read_bytes())
    before = digest(plan)
    column = edited(exported[1], tmp_path / "in.xlsx", sheet, header, value)
    code, err = run_import(plan, tmp_path / "in.xlsx", capsys)
    assert code == 2
    assert len(err) == 1, err
    assert f"{sheet} row 3 {column}" in err[0] and why in err[0], err[0]
    assert "Traceback" not in err[0]
    assert digest(plan) == before


def foreign_book(path: Path, rows: list[list[Any]]) -> None:
    """A hand-made schedule: ID, name, duration, start, predecessors."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Plan"
    ws.append(["ID", "Task Name", "Duration", "Start", "Predecessors"])
    for row in rows:
        ws.append(row)
    wb.save(path)


FOREIGN_CASES: dict[str, tuple[dict[str, Any], str, str]] = {
    "lag": ({"E4": "2FS+99999999999999999999d"}, "row 4 column E (Predecessors)", "lag"),
    "start 9999-12-31 as text": ({"D2": "9999-12-31"}, "row 2 column D (Start)", "9999-12-31"),
    "start 9999-12-31 as a date": (
        {"D2": datetime(9999, 12, 31)},
        "row 2 column D (Start)",
        "9999-12-31",
    ),
    "start before 1900": ({"D2": "1850-03-01"}, "row 2 column D (Start)", "1850-03-01"),
    "duration": ({"C3": 10**9}, "row 3 column C (Duration)", "between 0 and 10000"),
}


@pytest.mark.parametrize("case", FOREIGN_CASES)
def test_foreign_import_refuses_a_value_past_its_bound_naming_the_cell(
    case: str, exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells, where, why = FOREIGN_CASES[case]
    plan = tmp_path / "plan.relm"
    plan.write_bytes(exported[0].read_bytes())
    before = digest(plan)
    book = tmp_path / "schedule.xlsx"
    foreign_book(
        book,
        [
            [1, "Design", "5d", datetime(2027, 1, 4), None],
            [2, "Build", "10d", None, "1"],
            [3, "Ship", "1d", None, "2"],
        ],
    )
    wb = openpyxl.load_workbook(book)
    for ref, value in cells.items():
        wb["Plan"][ref] = value
    wb.save(book)
    code, err = run_import(plan, book, capsys)
    assert code == 2 and len(err) == 1, err
    assert f"Plan {where}" in err[0] and why in err[0], err[0]
    assert digest(plan) == before


def test_a_duration_counted_to_a_far_finish_names_the_finish_cell(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.relm"
    plan.write_bytes(exported[0].read_bytes())
    before = digest(plan)
    book = tmp_path / "dates.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Plan"
    ws.append(["ID", "Task Name", "Start", "Finish"])
    ws.append([1, "Design", datetime(2027, 1, 4), datetime(2027, 1, 8)])
    ws.append([2, "Build", datetime(2027, 1, 11), datetime(9999, 12, 31)])
    ws.append([3, "Ship", datetime(2027, 1, 18), datetime(2027, 1, 18)])
    wb.save(book)
    code, err = run_import(plan, book, capsys)
    assert code == 2 and len(err) == 1, err
    assert "Plan row 3 column D (Finish)" in err[0], err[0]
    assert digest(plan) == before


def test_the_calendar_counts_to_the_ends_of_python_dates() -> None:
    # A first lookup far off used to build its table into year 10000.
    assert WorkCalendar().to_index(date.max) > WorkCalendar().to_index(date.min)
    assert WorkCalendar().working_days_between(date.min, date.max) > 2_000_000
    assert WorkCalendar().to_date(WorkCalendar().to_index(date.max)) == date(9999, 12, 31)


def test_a_chain_that_no_plan_can_hold_is_refused_at_import(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 400 chained 10,000-day tasks: each value within its bound, the chain 4 million days.
    plan = tmp_path / "plan.relm"
    plan.write_bytes(exported[0].read_bytes())
    before = digest(plan)
    book = tmp_path / "chain.xlsx"
    foreign_book(
        book,
        [
            [i, f"Step {i}", f"{CHAIN_DAYS}d", *([START, None] if i == 1 else [None, str(i - 1)])]
            for i in range(1, CHAIN + 1)
        ],
    )
    code, err = run_import(plan, book, capsys)
    assert code == 2 and len(err) == 1, err
    assert err[0].count(" row ") == 1, err[0]  # that one problem only
    # The 8th task is the first to end past 78,000 working days.
    assert "Plan row 9 column C (Duration)" in err[0] and "78,000" in err[0], err[0]
    assert digest(plan) == before


def test_the_duration_bound_is_the_one_every_edit_enforces() -> None:
    assert edits.RANGES[("task", "duration")] == (0, MAX_DURATION)


# -- plans that hold such values anyway (written through the store) -------------------------
def chained_plan(path: Path, count: int = CHAIN, days: int = CHAIN_DAYS) -> Path:
    """``count`` tasks of ``days`` working days, each after the one before."""
    service = PlanService.new(path, name="Chain", start=START, source="cli")
    release = service.create("release", {"name": "R1", "version": "1.0"}).ids[0]

    def build(session: Any) -> None:
        ids = [
            edits.create(
                session,
                "task",
                {"release_id": release, "name": f"Step {i}", "duration": days, "position": i},
            ).ids[0]
            for i in range(1, count + 1)
        ]
        for a, b in pairwise(ids):
            edits.create(session, "dependency", {"predecessor_id": a, "successor_id": b})

    service.run(build)
    service.close()
    return path


def far_plan(path: Path) -> Path:
    """Stored values far outside the range: a constraint date, go-live, freeze, a huge duration."""
    # With a country: holidays are looked up for the years the plan spans.
    service = PlanService.new(path, name="Far", start=START, country="DE", source="cli")
    release = service.create(
        "release", {"name": "R1", "version": "1.0", "target_golive": date(9999, 12, 31)}
    ).ids[0]
    service.create("task", {"release_id": release, "name": "Normal", "duration": 5})
    far = {
        "release_id": release,
        "name": "Far away",
        "duration": 10,
        "constraint_type": ConstraintType.START_NO_EARLIER_THAN,
        "constraint_date": date(9999, 12, 20),
    }
    service.create("task", far)
    huge = service.create("task", {"release_id": release, "name": "Huge", "duration": 1}).ids[0]
    service.create("task", {"release_id": release, "name": "Early", "duration": 3})

    def hostile(session: Any) -> None:
        # Past every bound an edit enforces, as another tool could have written it.
        session.execute(update(Task).where(Task.id == huge).values(duration=10**9))
        session.execute(update(Task).where(Task.name == "Early").values(actual_start=date(1, 1, 1)))
        session.add(FreezeWindow(name="Far freeze", start=date(9999, 12, 1), finish=date.max))

    service.run(hostile)
    service.close()
    return path


def far_start_plan(path: Path) -> Path:
    """A plan starting on 9999-12-31 (the first date Python cannot add a day to)."""
    service = PlanService.new(path, name="Late", start=date.max, country="DE", source="cli")
    release = service.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    service.create("task", {"release_id": release, "name": "Late start", "duration": 5})
    service.close()
    return path


PLANS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "400 chained 10,000-day tasks": (chained_plan, "'Step 5' would finish after 2199-12-31"),
    "far-off stored dates and a huge duration": (far_plan, "'Huge' would finish after"),
    "a plan starting 9999-12-31": (far_start_plan, "'Late start' would finish after"),
}


@pytest.fixture(params=list(PLANS))
def stored(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    build, culprit = PLANS[request.param]
    return build(tmp_path / "plan.relm"), culprit


def test_schedule_names_the_culprit_and_keeps_dates_in_range(
    stored: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    plan, culprit = stored
    capsys.readouterr()
    assert main(["schedule", str(plan)]) == 0
    out = capsys.readouterr().out
    assert culprit in out and "[date_range]" in out
    service = PlanService.open(plan, readonly=True)
    try:
        _, result = service.schedule()
    finally:
        service.close()
    days = [d for s in result.tasks.values() for d in (s.start, s.finish, s.late_start)]
    assert min(days) >= FIRST_DATE and max(days) <= LAST_DATE
    assert result.finish is not None and result.finish <= LAST_DATE
    kinds = [c for c in result.conflicts if c.kind is ConflictKind.DATE_RANGE]
    assert any(culprit in c.message and c.task_ids for c in kinds)


def test_far_off_stored_values_are_each_named(tmp_path: Path) -> None:
    plan = far_plan(tmp_path / "far.relm")
    service = PlanService.open(plan, readonly=True)
    try:
        data, result = service.schedule()
    finally:
        service.close()
    messages = [c.message for c in result.conflicts if c.kind is ConflictKind.DATE_RANGE]
    names = {t.id: t.name for t in data.tasks}
    assert any("'Far away' has the constraint date 9999-12-20" in m for m in messages)
    assert any("'Early' has the actual start 0001-01-01" in m for m in messages)
    assert any("Release 'R1': its target go-live 9999-12-31" in m for m in messages)
    assert any("Freeze window 'Far freeze'" in m for m in messages)
    late = next(c for c in result.conflicts if "'Huge' would finish" in c.message)
    assert names[late.task_ids[0]] == "Huge"


@pytest.mark.parametrize("extension", [".xlsx", ".pdf"])
def test_exports_of_such_a_plan_work(
    stored: tuple[Path, str], extension: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, _ = stored
    out = plan.with_suffix(extension)
    capsys.readouterr()
    code = main(["export", str(plan), str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert out.stat().st_size > 0 and "Traceback" not in err
