"""#19 items 3, 5, 6: placeholders, table ends, dates against durations, dates as written."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from relm_desktop.exchange.dates import DateError, DateOrder, YearError, parse_date
from relm_desktop.services import excel
from tests.exchange.foreign.helpers import book, names, task


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Mit 05.10.16", date(2016, 10, 5)),
        ("Sat 01.01.22", date(2022, 1, 1)),
        ("dimanche 1 décembre 2024", date(2024, 12, 1)),
        ("26-02-2020/ 10:20", date(2020, 2, 26)),
        ("13-02-2024", date(2024, 2, 13)),
        ("1 de enero de 2027", date(2027, 1, 1)),
        ("3 março 2025", date(2025, 3, 3)),
        ("12 maggio 2025", date(2025, 5, 12)),
        ("7 mei 2025", date(2025, 5, 7)),
        ("Mar 4, 2027", date(2027, 3, 4)),  # March, not mardi
    ],
)
def test_dates_people_write(text: str, day: date) -> None:
    assert parse_date(text, DateOrder.DAY_FIRST) == day


@pytest.mark.parametrize("text", ["1403-05-01", "01.01.1850"])
def test_years_of_another_calendar_are_refused(text: str) -> None:
    with pytest.raises(YearError, match="year"):
        parse_date(text)


def test_placeholders_warn_keep_notes_and_the_table_ends_at_blank_rows(tmp_path: Path) -> None:
    path = book(
        tmp_path / "tba.xlsx",
        [
            ["Task", "Start", "Finish", "Duration"],
            ["Design", datetime(2026, 3, 2), datetime(2026, 3, 6), 5],
            ["Build", "tba", "n/a", "TBD"],
            ["Test", "?", "En cours", 3],
            ["Jalali", "1403-05-01", "", 2],
            ["Review", datetime(2026, 3, 9), datetime(2026, 3, 10), 2],
            ["Sign-off", datetime(2026, 3, 11), datetime(2026, 3, 11), 1],
            ["Release", datetime(2026, 3, 12), datetime(2026, 3, 12), 1],
            [],
            [],
            [],
            ["Legend", "blue = done", "", ""],
            ["Total", 3, "", 10],
        ],
    )
    parsed = excel.read_workbook(path)
    assert names(parsed) == ["Design", "Build", "Test", "Jalali", "Review", "Sign-off", "Release"]
    assert "Start: tba" in str(task(parsed, "Build")["notes"])
    assert "Finish: En cours" in str(task(parsed, "Test")["notes"])
    errors = [str(p) for p in parsed.errors]
    assert errors == [
        "Plan row 5 column B (Start): '1403-05-01': the year 1403 is not a year of the "
        "Gregorian calendar a schedule uses (another calendar, or a typo); not read"
    ]
    text = " | ".join(str(p) for p in parsed.problems)
    assert "row 3 column B (Start): 'tba' is not a start; kept in the task's notes" in text
    assert "the table ends at 3 blank rows; 2 rows below it (from 'Legend')" in text


def test_both_dates_win_over_duration_and_one_day_is_not_a_milestone(tmp_path: Path) -> None:
    path = book(
        tmp_path / "dates.xlsx",
        [
            ["Task", "Start", "End", "Duration (days)", "Type"],
            ["Same day", datetime(2026, 3, 4), datetime(2026, 3, 4), "", ""],
            ["Calendar week", datetime(2026, 3, 2), datetime(2026, 3, 8), 7, ""],
            ["Zero", datetime(2026, 3, 9), datetime(2026, 3, 9), 0, ""],
            ["Go-live", datetime(2026, 3, 10), datetime(2026, 3, 12), "", "Milestone"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert task(parsed, "Same day")["duration"] == 1
    assert task(parsed, "Calendar week")["duration"] == 5
    assert task(parsed, "Zero")["duration"] == 0
    assert task(parsed, "Go-live")["duration"] == 0
    text = " | ".join(str(p) for p in parsed.problems)
    assert "Duration differs from the working days between start and finish" in text


def test_a_problem_on_many_rows_is_one_line(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Task", "Start", "Duration"]]
    rows += [[f"T{i}", "TBD" if i < 3 else datetime(2026, 3, 2 + i), 2] for i in range(8)]
    parsed = excel.read_workbook(book(tmp_path / "many.xlsx", rows))
    lines = [str(p) for p in parsed.problems if "is not a start" in p.message]
    assert lines == [
        "Plan row 2 column B (Start): 'TBD' is not a start; kept in the task's notes"
        " — 3 rows like this (rows 2, 3, 4…)"
    ]


def test_not_a_date_is_still_a_date_error() -> None:
    with pytest.raises(DateError):
        parse_date("Lun. 2")
