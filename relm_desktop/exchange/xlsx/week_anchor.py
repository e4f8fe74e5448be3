"""Timing given as week or period numbers: found, anchored to a date, turned into dates.

Sheets write ``Start Week 3`` / ``End Week 5``, ``W3``, ``KW 12``, ``Sprint 4`` or
``P2`` instead of dates, or draw bars under ``Week 1 … Week 14``. The numbers
count from a date: one written above the table (a project start), else the date
the user gives for week 1 (``relm import --week-one``, the GUI's "Week 1 starts
on…"). Without either the import asks (a ``WeekQuestion``) rather than
guessing. Periods and sprints last as long as the sheet states (``Sprint length:
2 weeks``); a length it does not state is asked for too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from relm_desktop.exchange.dates import SERIAL_RANGE, DateError, from_serial, parse_date
from relm_desktop.exchange.xlsx.columns import fold
from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.model import Problem, Severity
from relm_desktop.exchange.xlsx.week_question import WeekAnchor, WeekQuestion

if TYPE_CHECKING:
    from relm_desktop.exchange.xlsx.foreign import Layout
    from relm_desktop.exchange.xlsx.read import Grid

_UNITS = {
    "week": ("week", "weeks", "wk", "wks", "w", "kw", "cw", "woche", "wochen", "semaine",
             "semaines", "sem", "semana", "semanas", "settimana", "settimane", "sett", "week#"),
    "period": ("period", "periods", "periode", "perioden", "periodo", "periodos", "per", "p"),
    "sprint": ("sprint", "sprints", "iteration", "iterations", "iter", "it"),
}  # fmt: skip
_WORD_UNIT = {word: unit for unit, words in _UNITS.items() for word in words}
_WORD_UNIT["s"] = ""  # "S4": a sprint under "Start Sprint", a semaine under "Semaine"
_ALL_WORDS = "|".join(sorted(map(re.escape, _WORD_UNIT), key=len, reverse=True))
#: ``W3``, ``Week 3``, ``KW12``, ``Sprint 4``, ``P2``, ``3. Woche``, ``week 3 of 14``.
_LABELLED = re.compile(
    rf"^(?:({_ALL_WORDS})\.?\s*#?\s*(\d{{1,3}})|(\d{{1,3}})\s*\.?\s*({_ALL_WORDS}))"
    r"(?:\s*(?:of|/|von|de|sur)\s*\d{1,3})?$",
    re.I,
)
_LENGTH_LABEL = re.compile(
    r"\b(sprint|period|periode|periodo|iteration)s?\b.*\b(length|duration|dauer|laenge|"
    r"lange|duree|duracion|durata|lengte)\b|\b(sprint|period|iteration)\s*(length|len)\b",
    re.I,
)
_LENGTH_VALUE = re.compile(r"^(\d{1,2})\s*(weeks?|wks?|w|wochen|semaines?|semanas?|days?|d)?$")
_LENGTH_SENTENCE = re.compile(
    r"\b(\d{1,2})\s*[- ]?\s*(week|wk|day)s?\s*[- ]?\s*(?:long\s+)?(sprint|period|iteration)s?\b"
    r"|\b(sprint|period|iteration)s?\s+(?:are|is|of|last|lasts|=|:)\s*(\d{1,2})\s*[- ]?\s*"
    r"(week|wk|day)s?\b",
    re.I,
)
_LARGEST = 520  # ten years of weeks: a larger "number of weeks" is something else


@dataclass(frozen=True, slots=True)
class _Numbered:
    field: str
    column: int
    header: str
    unit: str
    numbers: dict[int, int]  # row → number


def _label(value: object) -> tuple[int, str | None] | None:
    """A cell's week or period number and the unit it names (None: a bare number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (int(value), None) if value == int(value) and 0 < value <= _LARGEST else None
    text = str(value).strip()
    if text.isdigit():
        return (int(text), None) if 0 < int(text) <= _LARGEST else None
    match = _LABELLED.match(text)
    if match is None:
        return None
    word = (match.group(1) or match.group(4)).lower()
    number = int(match.group(2) or match.group(3))
    return (number, _WORD_UNIT[word] or None) if 0 < number <= _LARGEST else None


def header_unit(header: str) -> str | None:
    """The unit a header names: ``Start Week`` → week, ``End Sprint`` → sprint."""
    for word in fold(header).replace("(", " ").replace(")", " ").split():
        if _WORD_UNIT.get(word) and word not in ("p", "w", "it", "per"):
            return _WORD_UNIT[word]
    return None


def _numbered(layout: Layout, rows: list[int]) -> list[_Numbered]:
    """Start and finish columns holding week or period numbers rather than dates."""
    found = []
    for field in ("start", "finish"):
        col = layout.spans.get(field, [None])[0]
        if col is None:
            continue
        header = layout.mapping.headers[col] if col < len(layout.mapping.headers) else ""
        values = {r: layout.grid.cell(r, col) for r in rows}
        values = {r: v for r, v in values.items() if v not in ("", None)}
        labels = {r: label for r, v in values.items() if (label := _label(v)) is not None}
        if not values or len(labels) < 0.8 * len(values):
            continue
        named = [unit for _n, unit in labels.values() if unit]
        unit = header_unit(header) or (max(set(named), key=named.count) if named else None)
        unit = unit or _block_unit(layout, rows)
        if unit is None:  # bare numbers under a plain "Start": days? weeks? not guessed
            continue
        numbers = {r: n for r, (n, _u) in labels.items()}
        found.append(_Numbered(field, col, header, unit, numbers))
    return found


def _block_unit(layout: Layout, rows: list[int]) -> str | None:
    """The unit the header block names beside the columns ("Week Number" over the
    calendar of Microsoft's Gantt project planner, whose PLAN START counts weeks)."""
    header = layout.mapping.header_row - 1
    found = {
        unit
        for r in range(max(header - 2, 0), min(rows, default=header + 1))
        for value in layout.grid.rows[r]
        if isinstance(value, str) and (unit := header_unit(value))
    }
    return "week" if "week" in found else next(iter(found), None)


def sheet_anchor(grid: Grid, before: int) -> tuple[date, str] | None:
    """The earliest date written above row ``before`` (a project start) and its cell."""
    found: list[tuple[date, str]] = []
    for r in range(min(before, len(grid.rows))):
        for c, value in enumerate(grid.rows[r]):
            day = _as_date(value)
            if day is not None:
                found.append((day, f"{column_letter(c)}{r + 1}"))
    return min(found) if found else None


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return from_serial(value) if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1] else None
    if isinstance(value, str) and sum(ch.isdigit() for ch in value) >= 4:
        text = value.split(":", 1)[-1] if ":" in value else value  # "Project start: 5.1.2026"
        try:
            return parse_date(text.strip())
        except DateError:
            return None
    return None


def stated_length(grid: Grid) -> int | None:
    """Weeks in a period or sprint as the sheet states it (``Sprint length | 2 weeks``)."""
    for r, row in enumerate(grid.rows[:200]):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            text = " ".join(fold(value).split())
            sentence = _LENGTH_SENTENCE.search(text)
            if sentence:
                number = int(sentence.group(1) or sentence.group(5))
                unit = (sentence.group(2) or sentence.group(6)).lower()
                return _weeks(number, "day" if unit == "day" else "week")
            if _LENGTH_LABEL.search(text):
                days = "day" in text or "tage" in text or "jours" in text
                for after in row[c + 1 : c + 4]:
                    weeks = _length_value(after, "day" if days else "week")
                    if weeks:
                        return weeks
                below = grid.cell(r + 1, c)
                weeks = _length_value(below, "day" if days else "week")
                if weeks:
                    return weeks
    return None


def _length_value(value: object, unit: str) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _weeks(int(value), unit) if value == int(value) else None
    match = _LENGTH_VALUE.match(fold(value)) if isinstance(value, str) else None
    if match is None:
        return None
    word = match.group(2) or ""
    return _weeks(int(match.group(1)), "day" if word.startswith("d") else unit)


def _weeks(number: int, unit: str) -> int | None:
    """Whole weeks: 14 days is 2 weeks; 10 days is two working weeks; others are not weeks."""
    if unit == "week":
        return number if 0 < number <= 52 else None
    if number % 7 == 0 and number:
        return number // 7
    return number // 5 if number % 5 == 0 and number else None


class _Counter:
    """Turns numbers into the first and last working day of their week or period."""

    def __init__(self, week_one: date, weeks: int, base: int, iso_year: int | None) -> None:
        self.week_one, self.weeks, self.base, self.iso_year = week_one, weeks, base, iso_year

    def start(self, number: int) -> date:
        if self.iso_year is not None and self.weeks == 1:
            try:
                return date.fromisocalendar(self.iso_year, number, 1)
            except ValueError:  # week 53 of a year with 52: the week after week 52
                return date.fromisocalendar(self.iso_year, 52, 1) + timedelta(weeks=1)
        return self.week_one + timedelta(weeks=self.weeks * (number - self.base))

    def finish(self, number: int) -> date:
        last = self.start(number) + timedelta(weeks=self.weeks, days=-1)
        while last.weekday() >= 5:  # the period's last weekday
            last -= timedelta(days=1)
        return last


def _counter(
    smallest: int,
    unit: str,
    weeks: int,
    answer: WeekAnchor | None,
    found: tuple[date, str] | None,
) -> tuple[_Counter, str] | None:
    """How numbers map to dates, and the words that say from what."""
    if answer is not None and answer.week_one is not None:
        return _Counter(answer.week_one, weeks, 1, None), f"{unit} 1 given as {answer.week_one}"
    if found is None:
        return None
    day, where = found
    iso_year, iso_week, _ = day.isocalendar()
    if weeks == 1 and smallest == iso_week and smallest != 1:
        # KW 10 … 24 with a start in calendar week 10: the numbers are calendar weeks.
        return _Counter(day, 1, smallest, iso_year), f"calendar weeks of {iso_year} ({where})"
    return _Counter(day, weeks, 1, None), f"{unit} 1 starting {day} ({where})"


def anchor_numbers(layout: Layout, rows: list[int], answer: WeekAnchor | None) -> None:
    """Week or period numbers in the start and finish columns become dates in the grid.

    Without an anchor (on the sheet or in ``answer``) the layout gets a
    :class:`WeekQuestion` and the cells are left as they are.
    """
    columns = _numbered(layout, rows)
    if not columns:
        return
    grid = layout.grid
    unit = columns[0].unit
    weeks = 1 if unit == "week" else (answer.period_weeks if answer else None)
    weeks = weeks or (stated_length(grid) if unit != "week" else 1)
    numbers = [n for column in columns for n in column.numbers.values()]
    name_cols = layout.spans.get("name", [])
    named = [r for r in rows if any(grid.cell(r, c) not in ("", None) for c in name_cols)]
    # Above the first task: a project start, or the dated band over a calendar.
    found = sheet_anchor(grid, min(named or rows)) if rows else None
    counter = _counter(min(numbers), unit, weeks or 1, answer, found)
    if counter is None or weeks is None:
        letters = "–".join(dict.fromkeys(column_letter(c.column) for c in columns))
        layout.week_question = WeekQuestion(
            grid.name,
            tuple(c.header for c in columns),
            letters,
            unit,
            min(numbers),
            max(numbers),
            calendar=False,
            needs_date=counter is None,
            needs_length=weeks is None,
            found_date=found[0] if found else None,
        )
        return
    count, source = counter
    for column in columns:
        to_date = count.start if column.field == "start" else count.finish
        for r, number in column.numbers.items():
            grid.rows[r][column.column] = to_date(number)
    if len(columns) == 1 and columns[0].field == "start" and "finish" not in layout.spans:
        _durations_in_periods(layout, rows, weeks)
    names = " and ".join(c.header or column_letter(c.column) for c in columns)
    length = "" if weeks == 1 else f" of {weeks} weeks"
    layout.problems.append(
        Problem(
            grid.name,
            layout.mapping.header_row,
            "–".join(dict.fromkeys(column_letter(c.column) for c in columns)),
            f"{names} {'hold' if len(columns) > 1 else 'holds'} {unit} numbers "
            f"{min(numbers)}–{max(numbers)}{length}: read as "
            f"dates, {source}",
            Severity.INFO,
        )
    )


def _durations_in_periods(layout: Layout, rows: list[int], weeks: int) -> None:
    """Beside a start in weeks, a bare Duration counts the same weeks (``PLAN DURATION 2``)."""
    col = layout.spans.get("duration", [None])[0]
    if col is None:
        return
    header = layout.mapping.headers[col] if col < len(layout.mapping.headers) else ""
    if re.search(r"\b(days?|d|tage?|jours?|dias?|giorni)\b", fold(header)) or header_unit(header):
        return  # the header names its unit; the duration reader follows it
    for r in rows:
        value = layout.grid.cell(r, col)
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            layout.grid.rows[r][col] = f"{value * weeks:g}w"


def anchor_calendar(layout: Layout, answer: WeekAnchor | None) -> None:
    """Bars under numbered week columns with no date: dated by ``answer``, else asked."""
    timeline = layout.timeline
    if timeline is None or timeline.dates or timeline.days != 7 or not timeline.weeks:
        return
    grid = layout.grid
    columns = sorted(timeline.weeks)
    labels = [_label(grid.cell(timeline.row, c)) for c in columns]
    numbers = [label[0] if label else 0 for label in labels]
    if not all(numbers) or numbers != sorted(set(numbers)):
        numbers = [timeline.weeks[c] for c in columns]  # "1. Woche" restarting: count columns
    if answer is None or answer.week_one is None:
        letters = f"{column_letter(columns[0])}–{column_letter(columns[-1])}"
        layout.week_question = WeekQuestion(
            grid.name,
            (str(grid.cell(timeline.row, columns[0])).strip(),),
            letters,
            "week",
            numbers[0],
            numbers[-1],
            calendar=True,
            needs_date=True,
            needs_length=False,
        )
        return
    counter = _Counter(answer.week_one, 1, 1, None)
    timeline.dates = {c: counter.start(n) for c, n in zip(columns, numbers, strict=True)}
    timeline.weeks = {}
    layout.problems.append(
        Problem(
            grid.name,
            timeline.row + 1,
            f"{column_letter(columns[0])}–{column_letter(columns[-1])}",
            f"week numbers {numbers[0]}–{numbers[-1]} of the calendar read as dates, "
            f"week 1 given as {answer.week_one}",
            Severity.INFO,
        )
    )
