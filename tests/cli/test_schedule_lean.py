"""`relm schedule` reads plans with sqlite3 alone (services/schedule_lean.py).

Its input to the scheduler, and so every line it prints, equals what the full
path (PlanService: SQLAlchemy, every row as records) gives; files the full path
refuses it refuses in the same line; what it does not read the same way goes the
full way.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from relm_desktop.cli import _list_schedule, main
from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling.model import LinkInput
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.plan import PlanService
from relm_desktop.services.schedule_lean import read_lean, scheduled_full, scheduled_plan
from relm_desktop.services.scheduling import schedule_input

pytestmark = pytest.mark.sqlite_only("relm schedule's sqlite3-only fast path for plan files")

OLD_PLAN = Path(__file__).parent.parent / "data" / "plans" / "plan-rev0001.relm"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lean") / "demo.relm"
    assert main(["demo", str(path), "--start", "2027-01-04"]) == 0
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 tasks: German public holidays and days off, freeze windows on some
    environments, constraints of every kind, actual starts, a cycle, two go-lives."""
    data = random_plan(600, seed=11)
    tasks = list(data.tasks)
    for i in range(3, len(tasks), 37):  # recorded progress pins some starts
        tasks[i] = tasks[i]._replace(actual_start=data.project_start + timedelta(days=i % 50))
    tasks[5] = tasks[5]._replace(
        constraint=ConstraintType.MUST_START_ON, constraint_date=date(2027, 3, 1)
    )
    first, second = tasks[10].id, tasks[11].id
    cycle = (
        LinkInput(10**6, first, second, DependencyType.FS, 0),
        LinkInput(10**6 + 1, second, first, DependencyType.SS, 2),
    )
    data = replace(data, tasks=tuple(tasks), links=(*data.links, *cycle))
    assert data.freezes and data.teams and data.environments and data.calendar.holidays
    path = tmp_path_factory.mktemp("lean") / "generated.relm"
    write_schedule_input(path, data, country="DE").close()
    con = sqlite3.connect(path)
    with con:  # a second go-live in release 1: the first in task order counts
        con.execute("UPDATE task SET is_golive = 1 WHERE id = ?", (tasks[1].id,))
    con.close()
    return path


def listing(plan: Path, *, full: bool, csv: bool) -> str:
    out = io.StringIO()
    _list_schedule((scheduled_full if full else scheduled_plan)(plan), csv, out)
    return out.getvalue()


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_lean_path_equals_the_full_path(which: str, request: pytest.FixtureRequest) -> None:
    plan: Path = request.getfixturevalue(which)
    lean = read_lean(plan)
    assert lean is not None, "the lean path was not taken"
    service = PlanService.open(plan, readonly=True)
    try:
        full_input = schedule_input(service.load())
    finally:
        service.close()
    assert lean[0] == full_input
    assert scheduled_plan(plan) == scheduled_full(plan)
    for csv in (False, True):
        assert listing(plan, full=False, csv=csv) == listing(plan, full=True, csv=csv)


def test_generated_plan_exercises_what_it_should(generated: Path) -> None:
    lean = read_lean(generated)
    assert lean is not None
    data = lean[0]
    assert any(t.actual_start for t in data.tasks) and any(t.constraint for t in data.tasks)
    assert any(f.environment_ids for f in data.freezes)
    assert {link.type for link in data.links} > {DependencyType.FS}
    text = listing(generated, full=False, csv=False)
    assert "Cycles (1)" in text and "[freeze]" in text


def test_schedule_command_prints_the_same_as_the_full_path(
    generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for csv in (False, True):
        capsys.readouterr()
        assert main(["schedule", str(generated), *(["--csv"] if csv else [])]) == 0
        assert capsys.readouterr().out == listing(generated, full=True, csv=csv)


def relm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relm_desktop", *args], capture_output=True, text=True, timeout=120
    )


def edited(source: Path, target: Path, *sql: str) -> Path:
    shutil.copyfile(source, target)
    con = sqlite3.connect(target)
    with con:
        for statement in sql:
            con.execute(statement)
    con.close()
    return target


BROKEN = {
    "dangling reference": (
        ("PRAGMA foreign_keys = OFF", "UPDATE dependency SET successor_id = 999999 WHERE id = 1"),
        "refers to a missing task (successor_id 999999)",
    ),
    "trigger": (
        ("CREATE TRIGGER t AFTER INSERT ON task BEGIN SELECT 1; END",),
        "objects RELM never writes (trigger t)",
    ),
    "newer schema": (
        ("UPDATE alembic_version SET version_num = 'ffff'",),
        "written by a newer version",
    ),
    "missing column": (("ALTER TABLE risk DROP COLUMN contingency",), "no such column"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_broken_files_are_refused_in_one_line(demo: Path, tmp_path: Path, kind: str) -> None:
    sql, expected = BROKEN[kind]
    plan = edited(demo, tmp_path / "broken.relm", *sql)
    before = plan.read_bytes()
    with pytest.raises(Exception) as lean:
        read_lean(plan)  # refused by the lean path itself, not by falling back
    with pytest.raises(Exception) as full:
        scheduled_full(plan)
    same = getattr(full.value, "orig", full.value)  # SQLAlchemy wraps SQLite's errors
    assert type(lean.value) is type(same) and str(lean.value) == str(same)
    assert expected in str(lean.value)
    for csv in ([], ["--csv"]):
        done = relm("schedule", str(plan), *csv)
        assert done.returncode == 2 and done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and str(plan) in lines[0] and expected in lines[0], done.stderr
    assert plan.read_bytes() == before


def test_missing_column_named_as_the_full_path_names_it(demo: Path, tmp_path: Path) -> None:
    plan = edited(demo, tmp_path / "edited.relm", "ALTER TABLE task DROP COLUMN notes")
    with pytest.raises(sqlite3.OperationalError, match=r"^no such column: task\.notes$"):
        read_lean(plan)


def test_a_plan_needing_an_upgrade_goes_the_full_way(tmp_path: Path) -> None:
    plan = tmp_path / "old.relm"
    shutil.copyfile(OLD_PLAN, plan)
    assert read_lean(plan) is None
    done = relm("schedule", str(plan))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"relm: {plan}: needs a schema upgrade and cannot be opened read-only"
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE task SET position = 2.5 WHERE id = (SELECT min(id) FROM task)",
        "UPDATE task SET constraint_date = 20270301 WHERE id = (SELECT min(id) FROM task)",
        "UPDATE plan_info SET start = 'soon'",
    ],
)
def test_values_read_differently_go_the_full_way(demo: Path, tmp_path: Path, sql: str) -> None:
    plan = edited(demo, tmp_path / "odd.relm", sql)
    assert read_lean(plan) is None
    try:
        expected: object = scheduled_full(plan)
    except Exception as exc:  # the full path's own failure, whatever it is
        expected = type(exc)
    try:
        got: object = scheduled_plan(plan)
    except Exception as exc:
        got = type(exc)
    assert got == expected


def test_an_empty_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "empty.relm"
    assert main(["new", str(plan), "--start", "2027-02-01"]) == 0
    assert read_lean(plan) is not None
    assert scheduled_plan(plan) == scheduled_full(plan)
    capsys.readouterr()
    assert main(["schedule", str(plan)]) == 0
    assert "0 tasks; plan finishes None" in capsys.readouterr().out
