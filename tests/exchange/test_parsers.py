"""Durations, dates, predecessor notation and header synonyms."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relm_desktop.exchange.dates import (
    AmbiguousDateError,
    DateError,
    DateOrder,
    parse_date,
    slash_order,
)
from relm_desktop.exchange.durations import DurationError, parse_duration
from relm_desktop.exchange.predecessors import (
    Predecessor,
    PredecessorError,
    expand_letter_ranges,
    format_predecessors,
    parse_predecessors,
)
from relm_desktop.exchange.xlsx.columns import detect_header, duration_unit, match_field


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (5, 5),
        (5.0, 5),
        ("5", 5),
        ("5d", 5),
        ("5 d", 5),
        ("2w", 10),
        ("3 days", 3),
        ("1 day", 1),
        ("0", 0),
        ("0d", 0),
        ("1.5d", 2),
        ("2,5 Tage", 3),
        ("1 semaine", 5),
        ("4 jours", 4),
        ("3 días", 3),
        ("1 mo", 20),
        ("5d?", 5),
        ("2 wks", 10),
    ],
)
def test_durations(text: object, days: int) -> None:
    assert parse_duration(text) == days


def test_duration_unit_from_header_and_errors() -> None:
    assert parse_duration(3, unit_days=5) == 15
    assert duration_unit("Duration (weeks)") == 5 and duration_unit("Dauer [Tage]") == 1
    for bad in ("soon", "-2d", "5 parsecs", True):
        with pytest.raises(DurationError):
            parse_duration(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2027, 3, 4, 0, 0), date(2027, 3, 4)),
        (date(2027, 3, 4), date(2027, 3, 4)),
        (46450, date(2027, 3, 4)),
        ("46450", date(2027, 3, 4)),
        ("2027-03-04", date(2027, 3, 4)),
        ("04.03.2027", date(2027, 3, 4)),
        ("4.3.27", date(2027, 3, 4)),
        ("13/03/2027", date(2027, 3, 13)),
        ("03/13/2027", date(2027, 3, 13)),
        ("4 March 2027", date(2027, 3, 4)),
        ("Mar 4, 2027", date(2027, 3, 4)),
        ("4. März 2027", date(2027, 3, 4)),
    ],
)
def test_dates(value: object, expected: date) -> None:
    assert parse_date(value) == expected


def test_ambiguous_dates_are_asked_not_guessed() -> None:
    with pytest.raises(AmbiguousDateError):
        parse_date("04/03/2027")
    assert parse_date("04/03/2027", DateOrder.DAY_FIRST) == date(2027, 3, 4)
    assert parse_date("04/03/2027", DateOrder.MONTH_FIRST) == date(2027, 4, 3)
    assert slash_order(["04/03/2027", "25/03/2027"]) is DateOrder.DAY_FIRST
    assert slash_order(["04/03/2027", "03/25/2027"]) is DateOrder.MONTH_FIRST
    assert slash_order(["04/03/2027", "05/06/2027"]) is None
    with pytest.raises(DateError):
        slash_order(["25/03/2027", "03/25/2027"])
    for bad in ("31.02.2027", "tomorrow", 12, True):
        with pytest.raises(DateError):
            parse_date(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", [("3", "FS", 0)]),
        ("3FS", [("3", "FS", 0)]),
        ("3SS+2d", [("3", "SS", 2)]),
        ("5FF-1d", [("5", "FF", -1)]),
        ("7SF+1w", [("7", "SF", 5)]),
        ("2fs", [("2", "FS", 0)]),
        ("2;3;4", [("2", "FS", 0), ("3", "FS", 0), ("4", "FS", 0)]),
        ("1.2.3FF+2 days, 4", [("1.2.3", "FF", 2), ("4", "FS", 0)]),
        ("4EA+2d", [("4", "FS", 2)]),
        ("A, B", [("A", "FS", 0), ("B", "FS", 0)]),
        ("AFS-1d", [("A", "FS", -1)]),
        ("", []),
        ("-", []),
        (None, []),
        (7.0, [("7", "FS", 0)]),
    ],
)
def test_predecessor_notation(text: object, expected: list[tuple[str, str, int]]) -> None:
    assert parse_predecessors(text) == [Predecessor(*item) for item in expected]


def test_predecessor_errors_ranges_and_format() -> None:
    for bad in ("3XX", "3FS+2%", "=A3+7", "<>"):
        with pytest.raises(PredecessorError):
            parse_predecessors(bad)
    assert expand_letter_ranges("G - I, K", ["G", "H", "I", "J", "K"]) == "G, H, I, K"
    assert format_predecessors([(3, "FS", 0), (4, "SS", 2), (5, "FF", -1)]) == "3; 4SS+2d; 5FF-1d"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Task Name", "name"),
        ("Activity", "name"),
        ("Vorgang", "name"),
        ("Tâche", "name"),
        ("Tarea", "name"),
        ("Start Date", "start"),
        ("Beginn", "start"),
        ("Début", "start"),
        ("Inicio", "start"),
        ("End", "finish"),
        ("Due", "finish"),
        ("Ende", "finish"),
        ("Fin", "finish"),
        ("Duration (Days)", "duration"),
        ("Dauer", "duration"),
        ("Durée estimée [jours]", "duration"),
        ("Duración", "duration"),
        ("Predecessors", "predecessors"),
        ("Depends On", "predecessors"),
        ("Vorgänger", "predecessors"),
        ("Prédécesseurs", "predecessors"),
        ("Predecesoras", "predecessors"),
        ("Owner", "team"),
        ("Resource Names", "team"),
        ("% Complete", "percent_complete"),
        ("Progress", "percent_complete"),
        ("WBS", "wbs"),
        ("Outline Level", "outline_level"),
    ],
)
def test_header_synonyms(header: str, field: str) -> None:
    found = match_field(header)
    assert found is not None and found[0] == field


def test_header_row_detection_skips_title_rows() -> None:
    rows = [
        ["Project plan", "", ""],
        ["", "", ""],
        ["Task", "Start", "Finish"],
        ["Build", "2027-01-04", "2027-01-08"],
    ]
    guess = detect_header(rows)
    assert guess is not None and guess.row == 2
    assert guess.columns == {"name": 0, "start": 1, "finish": 2}
    assert detect_header([["Feature", "v1.0"], ["x", "✓"]]) is None
