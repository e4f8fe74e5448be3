"""#19 item 4: start and finish given as week or period numbers, dated against an anchor.

The anchor is a date written above the table, else the date the user gives for
week 1; without either the import asks (``parsed.week_question``) instead of
guessing, and the rows keep their columns so the answer can date them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from relm_desktop.exchange.xlsx.week_question import WeekAnchor
from relm_desktop.services import excel
from tests.exchange.foreign.helpers import book, task

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus" / "foreign"
WEEKS = [
    ["Task", "Start Week", "End Week"],
    ["Design", 1, 2],
    ["Build", 3, 8],
    ["Test", 9, 12],
    ["Launch", 14, 14],
]


def test_week_numbers_without_a_date_ask_naming_columns_and_numbers(tmp_path: Path) -> None:
    parsed = excel.read_workbook(book(tmp_path / "w.xlsx", [["Team plan"], [], *WEEKS]))
    question = parsed.week_question
    assert question is not None
    assert str(question) == (
        "Columns Start Week and End Week (B–C on sheet 'Plan') hold week numbers 1–14 "
        "but the sheet has no date they count from"
    )
    assert question.needs_date and not question.needs_length
    assert "--week-one" in question.option_hint()
    # The columns stay mapped (the answer dates them) and no row is dropped meanwhile.
    assert parsed.mapping is not None and {"start", "finish"} <= set(parsed.mapping.columns)
    assert len(parsed.rows["task"]) == 4


def test_the_date_given_for_week_one_dates_starts_and_finishes(tmp_path: Path) -> None:
    path = book(tmp_path / "w.xlsx", [["Team plan"], [], *WEEKS])
    parsed = excel.read_workbook(path, anchor=WeekAnchor(date(2026, 1, 5)))
    assert parsed.week_question is None and not parsed.errors
    build = task(parsed, "Build")  # weeks 3–8: Monday of week 3 to Friday of week 8
    assert build["constraint_date"] == date(2026, 1, 19)
    assert build["duration"] == 30
    assert task(parsed, "Launch")["duration"] == 5
    stated = {t.values["name"]: parsed.stated_dates[t.key] for t in parsed.rows["task"]}
    assert stated["Build"] == (date(2026, 1, 19), date(2026, 2, 27))
    assert any("week 1 given as 2026-01-05" in p.message for p in parsed.problems)


def test_a_project_start_above_the_table_is_week_one(tmp_path: Path) -> None:
    rows = [["Project start", date(2026, 3, 2)], [], *WEEKS]
    parsed = excel.read_workbook(book(tmp_path / "w.xlsx", rows))
    assert parsed.week_question is None
    assert parsed.stated_dates["row:4"] == (date(2026, 3, 2), date(2026, 3, 13))  # Design
    assert any("(B1)" in p.message for p in parsed.problems)  # says where the anchor is


def test_calendar_week_numbers_count_from_the_year_of_a_start_in_that_week(
    tmp_path: Path,
) -> None:
    rows = [
        ["Start", date(2026, 3, 4)],  # a Wednesday of calendar week 10
        [],
        ["Vorgang", "KW Start", "KW Ende"],
        ["Konzept", "KW 10", "KW 11"],
        ["Umsetzung", "KW 12", "KW 15"],
    ]
    parsed = excel.read_workbook(book(tmp_path / "kw.xlsx", rows))
    assert parsed.week_question is None
    assert task(parsed, "Umsetzung")["constraint_date"] == date(2026, 3, 16)  # Monday of KW 12
    assert parsed.stated_dates["row:5"][1] == date(2026, 4, 10)  # Friday of KW 15


def test_sprints_last_as_long_as_the_sheet_says(tmp_path: Path) -> None:
    rows = [
        ["Sprint 1 starts", date(2026, 1, 5)],
        ["Sprint length", "2 weeks"],
        [],
        ["Task", "Start Sprint", "End Sprint"],
        ["Login", "Sprint 1", "Sprint 1"],
        ["Search", "Sprint 2", "Sprint 3"],
    ]
    parsed = excel.read_workbook(book(tmp_path / "s.xlsx", rows))
    assert parsed.week_question is None
    assert parsed.stated_dates["row:6"] == (date(2026, 1, 19), date(2026, 2, 13))
    assert any("sprint numbers 1–3 of 2 weeks" in p.message for p in parsed.problems)


def test_sprints_of_no_stated_length_ask_for_it(tmp_path: Path) -> None:
    rows = [
        ["Task", "Start Sprint", "End Sprint"],
        ["Login", "S1", "S1"],
        ["Search", "Sprint 2", "Sprint 3"],
    ]
    path = book(tmp_path / "s.xlsx", rows)
    question = excel.read_workbook(path).week_question
    assert question is not None and question.needs_length and question.needs_date
    assert "no length of a sprint" in str(question)
    assert "--period-weeks" in question.option_hint()
    answered = excel.read_workbook(path, anchor=WeekAnchor(date(2026, 1, 5), 3))
    assert answered.week_question is None
    assert answered.stated_dates["row:3"] == (date(2026, 1, 26), date(2026, 3, 6))


@pytest.mark.parametrize("header", ["Start", "Begin"])
def test_bare_numbers_under_a_plain_header_are_not_taken_for_weeks(
    tmp_path: Path, header: str
) -> None:
    rows = [["Task", header, "Duration"], ["A", 1, 3], ["B", 4, 2], ["C", 6, 1]]
    parsed = excel.read_workbook(book(tmp_path / "n.xlsx", rows))
    assert parsed.week_question is None
    assert any("numbers, not dates" in p.message for p in parsed.problems)


def test_a_drawn_calendar_of_weeks_with_no_date_is_dated_by_week_one() -> None:
    # A real workbook: "Task / Week 1 … Week 14" with filled cells, no date anywhere.
    path = CORPUS / "gvsu-cis641-teamkim__Gantt.xlsx"
    question = excel.read_workbook(path).week_question
    assert question is not None and question.calendar
    assert str(question) == (
        "The calendar B–O on sheet 'Sheet1' counts week numbers 1–14 but the sheet has "
        "no date they count from"
    )
    parsed = excel.read_workbook(path, anchor=WeekAnchor(date(2021, 8, 30)))
    assert parsed.week_question is None
    paint = next(t for t in parsed.rows["task"] if t.values["name"] == "Car paint configuration")
    # Filled under Week 4 to Week 6: Monday of week 4 to Friday of week 6.
    assert parsed.stated_dates[paint.key] == (date(2021, 9, 20), date(2021, 10, 8))
    assert paint.values["duration"] == 15


def test_a_planner_counting_plan_start_in_weeks_is_dated_from_its_calendar_band() -> None:
    # A real workbook (Microsoft's Gantt project planner, filled in): PLAN START and
    # PLAN DURATION are bare week numbers beside a "Week Number" calendar dated 2017-04-03.
    path = CORPUS.parent / "xlsx" / "cyipt__gantt_project_planner.xlsx"
    parsed = excel.read_workbook(path)
    assert parsed.week_question is None
    barriers = task(parsed, "Classification of barriers")  # PLAN START 2, DURATION 4
    assert (barriers["constraint_date"], barriers["duration"]) == (date(2017, 4, 10), 20)
    assert any("week 1 starting 2017-04-03 (H4)" in p.message for p in parsed.problems)
