"""Property-based tests of the cell parsers: predecessors, durations and dates.

Each parser either returns a well-formed value or raises its own ValueError
subclass with a message; it never crashes on arbitrary input, and what the
export writes parses back to the same value.
"""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from relm_desktop.exchange.dates import (
    SERIAL_RANGE,
    DateError,
    DateOrder,
    from_serial,
    parse_date,
    to_serial,
)
from relm_desktop.exchange.durations import DurationError, format_duration, parse_duration
from relm_desktop.exchange.predecessors import (
    PredecessorError,
    format_predecessors,
    parse_predecessors,
)

TYPES = st.sampled_from(["FS", "SS", "FF", "SF"])
REFS = st.one_of(
    st.integers(1, 99_999).map(str), st.from_regex(r"\A[1-9][0-9]{0,2}(\.[1-9][0-9]{0,2}){1,3}\Z")
)
ANYTHING = st.one_of(
    st.text(max_size=60),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
CELL_DATES = st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(REFS, TYPES, st.integers(-60, 60)), min_size=1, max_size=8))
def test_predecessors_round_trip(items: list[tuple[str, str, int]]) -> None:
    parsed = parse_predecessors(format_predecessors(items))
    assert [(p.ref, p.type, p.lag) for p in parsed] == items


@settings(max_examples=400, deadline=None)
@given(ANYTHING)
@example("²")  # str.isdigit() is true for superscripts, int() is not: found by hypothesis
def test_predecessors_never_crash(value: object) -> None:
    try:
        parsed = parse_predecessors(value)
    except PredecessorError as exc:
        assert str(exc)
        return
    for item in parsed:
        assert item.ref and item.type in {"FS", "SS", "FF", "SF"}
        assert isinstance(item.lag, int)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10_000))
def test_durations_round_trip(days: int) -> None:
    assert parse_duration(format_duration(days)) == days
    assert parse_duration(f"{days}d") == days
    assert parse_duration(f"{days} days") == days


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 500), st.sampled_from(["w", "wk", "weeks"]))
def test_weeks_are_five_working_days(weeks: int, unit: str) -> None:
    assert parse_duration(f"{weeks}{unit}") == 5 * weeks


@settings(max_examples=400, deadline=None)
@given(ANYTHING)
def test_durations_never_crash_and_are_never_negative(value: object) -> None:
    try:
        days = parse_duration(value)
    except DurationError as exc:
        assert str(exc)
        return
    assert isinstance(days, int) and days >= 0


@settings(max_examples=400, deadline=None)
@given(CELL_DATES)
def test_dates_parse_in_every_written_form(day: date) -> None:
    assert parse_date(day) == day
    assert parse_date(datetime(day.year, day.month, day.day, 13, 5)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}.{day.month:02d}.{day.year}") == day
    slashed = f"{day.day:02d}/{day.month:02d}/{day.year}"
    assert parse_date(slashed, DateOrder.DAY_FIRST) == day
    us = f"{day.month:02d}/{day.day:02d}/{day.year}"
    assert parse_date(us, DateOrder.MONTH_FIRST) == day
    assert from_serial(to_serial(day)) == day
    # Bare numbers count as date serials only in a plausible range (1954–2119),
    # so a stray "5" in a date column is reported, not read as 5 January 1900.
    if SERIAL_RANGE[0] <= to_serial(day) <= SERIAL_RANGE[1]:
        assert parse_date(float(to_serial(day))) == day


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(1950, 2100))
def test_ambiguous_slash_dates_are_asked_not_guessed(a: int, b: int, year: int) -> None:
    text = f"{a:02d}/{b:02d}/{year}"
    if a == b:
        assert parse_date(text) == date(year, a, a)
        return
    try:
        parse_date(text)
    except DateError as exc:
        assert "day/month" in str(exc)
    else:
        raise AssertionError(f"{text} was guessed")


@settings(max_examples=400, deadline=None)
@given(ANYTHING)
def test_dates_never_crash(value: object) -> None:
    try:
        day = parse_date(value)
    except DateError as exc:
        assert str(exc)
        return
    assert isinstance(day, date)
