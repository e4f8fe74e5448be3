"""GanttProject resource vacations: RELM teams have no days off of their own, so each
vacation is named in the import summary (with the tasks it overlaps), never dropped
silently and never turned into a holiday of the whole plan."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.exchange.gan import read_gan
from relm_desktop.exchange.xlsx.model import Severity
from tests.interchange.conftest import GAN

HOUSE = GAN / "ganttproject__HouseBuildingSample_v3.3.3309.gan"
VACATION = '<vacation start="2009-02-02" end="2009-02-09" resourceid="1"/>'


def _vacation_warnings(path: Path) -> list[str]:
    plan = read_gan(path)
    return [
        p.message
        for p in plan.parsed.problems
        if "vacation" in p.message and p.severity is Severity.WARNING
    ]


def test_each_real_file_with_vacations_names_them() -> None:
    assert _vacation_warnings(HOUSE) == [
        "vacation of Jack House (2009-02-02 to 2009-02-09) not kept: a RELM team has no "
        "days off of its own, so its tasks keep their dates"
    ]
    assert _vacation_warnings(GAN / "ts-ganttproject-parser__resource-with-vacation.gan") == [
        "vacation of John Doe (2024-01-01 to 2024-02-01) not kept: a RELM team has no "
        "days off of its own, so its tasks keep their dates"
    ]
    # An empty <vacations> says nothing.
    assert _vacation_warnings(GAN / "ganttproject-2.1.1-copy__HouseBuildingSample_v1.12.gan") == []


def test_a_vacation_over_its_resources_work_names_those_tasks(tmp_path: Path) -> None:
    # Jack House's days off moved onto his work. The first period ends on the first day
    # of Furniture selection and Equipment planning (5 days from Mon 17 June); the second
    # is the last day of Create draft of architecture (10 days from Mon 27 May).
    # Pre-design (10 to 14 June) falls between them.
    text = HOUSE.read_text("utf-8")
    assert text.count(VACATION) == 1
    moved = tmp_path / "house.gan"
    moved.write_text(
        text.replace(
            VACATION,
            '<vacation start="2024-06-15" end="2024-06-17" resourceid="1"/>'
            '<vacation start="2024-06-07" end="2024-06-07" resourceid="1"/>',
        ),
        "utf-8",
    )
    assert _vacation_warnings(moved) == [
        "vacation of Jack House (2024-06-07, 2024-06-15 to 2024-06-17) not kept: a RELM team "
        "has no days off of its own, so its tasks keep their dates; it overlaps "
        "'Create draft of architecture', 'Furniture selection', 'Equipment planning'"
    ]


def test_the_import_says_so_and_keeps_the_plan_calendar_as_the_file_has_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "house.relm"
    assert main(["import", str(plan), str(HOUSE)]) == 0
    out = capsys.readouterr().out
    assert "warning: Resources: vacation of Jack House (2009-02-02 to 2009-02-09)" in out
    with sqlite3.connect(plan) as db:
        teams = {name for (name,) in db.execute("SELECT name FROM team")}
        days_off = {date.fromisoformat(d) for (d,) in db.execute("SELECT day FROM calendar_day")}
    assert "Jack House" in teams
    assert not {d for d in days_off if date(2009, 2, 2) <= d <= date(2009, 2, 9)}
