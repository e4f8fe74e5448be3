"""WorkCalendar: working days, the working-day index and its lazily grown tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relm_desktop.scheduling.calendar import WorkCalendar

MON = date(2027, 1, 4)
EPIPHANY = date(2027, 1, 6)  # a Wednesday


def test_default_is_monday_to_friday() -> None:
    cal = WorkCalendar()
    assert [cal.is_working(MON + timedelta(days=k)) for k in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_holidays_are_not_working() -> None:
    cal = WorkCalendar(holidays=frozenset({EPIPHANY}))
    assert not cal.is_working(EPIPHANY)
    assert cal.next_working(EPIPHANY) == date(2027, 1, 7)
    assert cal.prev_working(EPIPHANY) == date(2027, 1, 5)


def test_next_and_prev_working_over_a_weekend() -> None:
    cal = WorkCalendar()
    saturday = date(2027, 1, 9)
    assert cal.next_working(saturday) == date(2027, 1, 11)
    assert cal.prev_working(saturday) == date(2027, 1, 8)
    assert cal.next_working(MON) == MON
    assert cal.prev_working(MON) == MON


def test_index_counts_working_days_and_round_trips() -> None:
    cal = WorkCalendar(holidays=frozenset({EPIPHANY}))
    i = cal.to_index(MON)
    assert cal.to_index(date(2027, 1, 5)) == i + 1
    assert cal.to_index(date(2027, 1, 7)) == i + 2  # Wednesday is a holiday
    assert cal.to_index(date(2027, 1, 11)) == i + 4
    for k in range(-400, 400):
        assert cal.to_index(cal.to_date(i + k)) == i + k


def test_non_working_day_maps_to_next_working_day_index() -> None:
    cal = WorkCalendar(holidays=frozenset({EPIPHANY}))
    assert cal.to_index(EPIPHANY) == cal.to_index(date(2027, 1, 7))
    assert cal.to_index(date(2027, 1, 9)) == cal.to_index(date(2027, 1, 11))
    assert cal.to_index(date(2027, 1, 10)) == cal.to_index(date(2027, 1, 11))


def test_add_working_days_both_ways() -> None:
    cal = WorkCalendar(holidays=frozenset({EPIPHANY}))
    assert cal.add_working_days(MON, 0) == MON
    assert cal.add_working_days(MON, 2) == date(2027, 1, 7)
    assert cal.add_working_days(MON, 5) == date(2027, 1, 12)
    assert cal.add_working_days(date(2027, 1, 12), -5) == MON
    # From a non-working day: first move to the next working day.
    assert cal.add_working_days(date(2027, 1, 9), 0) == date(2027, 1, 11)
    assert cal.add_working_days(date(2027, 1, 9), 1) == date(2027, 1, 12)


def test_working_days_between_is_half_open() -> None:
    cal = WorkCalendar(holidays=frozenset({EPIPHANY}))
    assert cal.working_days_between(MON, MON) == 0
    assert cal.working_days_between(MON, date(2027, 1, 11)) == 4
    assert cal.working_days_between(date(2027, 1, 11), MON) == -4


def test_custom_week_sunday_to_thursday() -> None:
    cal = WorkCalendar(workdays=frozenset({6, 0, 1, 2, 3}))
    friday = date(2027, 1, 8)
    assert not cal.is_working(friday)
    assert cal.next_working(friday) == date(2027, 1, 10)  # Sunday
    assert cal.add_working_days(date(2027, 1, 7), 1) == date(2027, 1, 10)


def test_no_working_weekday_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one working weekday"):
        WorkCalendar(workdays=frozenset())
    with pytest.raises(ValueError, match="0 \\(Monday\\)"):
        WorkCalendar(workdays=frozenset({7}))


def test_tables_grow_far_in_both_directions() -> None:
    cal = WorkCalendar()
    i = cal.to_index(MON)
    far = cal.to_date(i + 5 * 260 * 10)  # ~50 years later
    assert far.year >= 2075
    assert cal.to_index(far) == i + 5 * 260 * 10
    early = date(1990, 1, 1)  # before the internal origin
    assert cal.to_date(cal.to_index(early)) == early
    assert cal.working_days_between(early, date(1990, 1, 8)) == 5


def test_dates_bulk_matches_to_date() -> None:
    cal = WorkCalendar(holidays=frozenset({EPIPHANY}))
    i = cal.to_index(MON)
    assert cal.dates(i - 3, i + 3) == [cal.to_date(k) for k in range(i - 3, i + 4)]
    assert cal.dates(i, i - 1) == []


def test_brute_force_agrees_over_years_with_holidays() -> None:
    off = frozenset(date(2027, 1, 1) + timedelta(days=k) for k in range(0, 1500, 37))
    cal = WorkCalendar(holidays=off)
    day = date(2026, 12, 1)
    index = cal.to_index(day)
    for _ in range(1600):
        assert cal.to_index(day) == index
        working = day.weekday() < 5 and day not in off
        assert cal.is_working(day) == working
        if working:
            assert cal.to_date(index) == day
            index += 1
        day += timedelta(days=1)


def test_value_semantics() -> None:
    a = WorkCalendar(holidays=frozenset({EPIPHANY}))
    b = WorkCalendar(holidays=[EPIPHANY])  # any iterable
    assert a == b and hash(a) == hash(b)
    assert a != WorkCalendar()
    assert a.workdays == frozenset(range(5))
    assert a.holidays == frozenset({EPIPHANY})


def test_far_dates_use_arithmetic_and_agree() -> None:
    off = frozenset({EPIPHANY, date(9000, 1, 2), date(9000, 1, 7)})
    cal = WorkCalendar(holidays=off)
    near = cal.to_index(MON)
    far_day = date(9000, 1, 6)  # a Monday; Thu 2 and Tue 7 are holidays
    far = cal.to_index(far_day)
    assert cal.to_date(far) == far_day
    assert cal.to_date(far + 1) == date(9000, 1, 8)
    assert cal.to_index(date(9000, 1, 7)) == far + 1
    assert cal.to_date(far - 1) == date(9000, 1, 3)
    assert cal.to_date(far - 2) == date(9000, 1, 1)
    assert cal.dates(far - 1, far + 1) == [date(9000, 1, 3), far_day, date(9000, 1, 8)]
    assert cal.working_days_between(MON, far_day) == far - near
    # The tables did not grow to cover seven thousand years.
    assert cal.to_date(near) == MON
    assert len(cal._tables[1]) < 100_000
