"""Timing drawn, not written: coloured cells under a header of dates, days or weeks.

The "Gantt chart in Excel" layout has no start or finish column: the columns
right of the task names are a calendar (typed dates; day numbers under month
names; ``Week 3``, ``KW 12``, ``2. Woche``, ``S4``; ``Semana 30/04`` without a year) and
each task's bar is the
run of filled (or written-in) cells on its row. :func:`find_timeline` reads
the calendar, :func:`bar_cells` the filled cells; a bar's first and last
column give the task's start and finish. Week numbers need a date for week 1:
a date above the table (``Project start: 2024-01-08``); without one only the
bar's length is known.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from relm_desktop.exchange.dates import SERIAL_RANGE, DateError, from_serial, parse_date
from relm_desktop.exchange.xlsx.read import Grid

_WEEK = re.compile(
    r"^(?:(?:week|wk|w|kw|cw|semaine|sem|semana|settimana|sett|woche|s)\.?\s*(\d{1,2})"
    r"|(\d{1,2})\s*\.?\s*(?:woche|week|semaine|semana|settimana|wk|kw|w))$",
    re.I,
)
#: A column labelled by the day it starts, without a year: ``30/04``, ``Semana 07/05``.
_DAY_MONTH = re.compile(
    r"^(?:(?:week|wk|kw|semaine|sem|semana|settimana|woche)\.?\s*(?:of|du|de|vom)?\s*)?"
    r"(\d{1,2})[./](\d{1,2})\.?$",
    re.I,
)
_SOLID = re.compile(rb'<(?:\w+:)?patternFill\b[^>]*patternType="solid"')
_FG = re.compile(rb"<(?:\w+:)?fgColor\b([^>]*)/?>")
_FILL = re.compile(rb"<(?:\w+:)?fill\b.*?</(?:\w+:)?fill>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bs="(\d+)"')
_CELL_S_FIRST = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bs="(\d+)"[^>]*?\br="([A-Z]+)(\d+)"')
_BORDER = re.compile(rb"<(?:\w+:)?border\b.*?</(?:\w+:)?border>", re.S)
_BOX_EDGE = re.compile(rb'<(?:\w+:)?(?:top|bottom)\b[^>]*\bstyle="(?:medium|thick|double)"')
_MIN_RUN = 5  # calendar columns in a row before it counts as a timeline


@dataclass(slots=True)
class Timeline:
    """Calendar columns: column → its first day (``days`` long), or a week number."""

    row: int  # 0-based row of the calendar labels
    days: int  # 1 for day columns, 7 for week columns
    dates: dict[int, date] = field(default_factory=dict)
    #: Without a date to anchor it: column → step number (a day or a week, see ``days``).
    weeks: dict[int, int] = field(default_factory=dict)

    @property
    def columns(self) -> list[int]:
        return sorted(self.dates or self.weeks)


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_serial(value) if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1] else None
    return None


def _week(value: object) -> int | None:
    match = _WEEK.match(str(value).strip()) if isinstance(value, str) else None
    return int(match.group(1) or match.group(2)) if match else None


def _day_numbers(values: list[object], first_col: int) -> list[int]:
    """Columns of consecutive day-of-month numbers (wrapping to 1 at a month's end)."""
    best: list[int] = []
    run: list[int] = []
    last = 0
    for col, value in enumerate(values):
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else 0
        ok = col > first_col and number == int(number) and 1 <= number <= 31
        if ok and run and (number == last + 1 or (number == 1 and last >= 28)):
            run.append(col)
        elif ok:
            run = [col]
        else:
            run = []
        last = int(number) if ok else 0
        if len(run) > len(best):
            best = list(run)
    return best


def _day_month_steps(values: list[object], first_col: int) -> Timeline | None:
    """Columns labelled day/month without a year: steps counted from the first label.

    Only the labels' distances are known (the year is not written), so the calendar
    counts days or weeks from its first column, like week numbers without an anchor.
    """
    days: dict[int, int] = {}
    last = None
    worded = False  # "Semana 30/04": the label says each column is a week
    for col, value in enumerate(values):
        match = _DAY_MONTH.match(value.strip()) if isinstance(value, str) else None
        if col <= first_col or not match:
            continue
        worded = worded or not str(value).strip()[0].isdigit()
        try:
            day = date(2001, int(match.group(2)), int(match.group(1))).toordinal()
        except ValueError:
            return None
        while last is not None and day <= last:  # the year turned
            day += 365
        days[col], last = day, day
    run = _runs(sorted(days))
    if len(run) < _MIN_RUN:
        return None
    first = days[run[0]]
    weekly = worded or all((days[c] - first) % 7 == 0 for c in run)
    step = 7 if weekly else 1
    return Timeline(0, step, weeks={c: round((days[c] - first) / step) + 1 for c in run})


def _runs(cols: list[int]) -> list[int]:
    """The longest run of columns without a gap of more than one."""
    best: list[int] = []
    run: list[int] = []
    for col in cols:
        if run and col - run[-1] > 2:
            run = []
        run.append(col)
        if len(run) > len(best):
            best = list(run)
    return best


def _anchor(grid: Grid, before: int) -> date | None:
    """The one date written above the table (project start), if there is one."""
    found = [
        d
        for r in range(min(before, len(grid.rows)))
        for value in grid.rows[r]
        if (d := _as_date(value)) is not None
    ]
    if not found:
        texts = [v for r in range(min(before, len(grid.rows))) for v in grid.rows[r]]
        for value in texts:
            if isinstance(value, str) and any(ch.isdigit() for ch in value):
                try:
                    found.append(parse_date(value))
                except DateError:
                    continue
    return min(found) if found else None


def find_timeline(grid: Grid, header: int, first_col: int, above: int = 3) -> Timeline | None:
    """The calendar in the rows around ``header``, right of column ``first_col``; then,
    nearest first, in the rows further up (to ``above`` rows over the header)."""
    near = range(max(header - 3, 0), min(header + 3, len(grid.rows)))
    far = range(header - 4, max(header - above, 0) - 1, -1)
    for row in itertools.chain(near, far):
        values = grid.rows[row]
        dated = {c: d for c, v in enumerate(values) if c > first_col and (d := _as_date(v))}
        run = _runs(sorted(dated))
        if len(run) >= _MIN_RUN:
            steps = {(dated[b] - dated[a]).days for a, b in itertools.pairwise(run)}
            days = 7 if steps == {7} else 1
            return Timeline(row, days, {c: dated[c] for c in run})
        days_of_month = _day_numbers(values, first_col)
        if len(days_of_month) >= _MIN_RUN * 2:  # 17, 18 … 31, 1, 2: days, month above
            return Timeline(row, 1, weeks={c: i + 1 for i, c in enumerate(days_of_month)})
        labelled = _day_month_steps(values, first_col)
        if labelled is not None:
            labelled.row = row
            return labelled
        weeks = {c: w for c, v in enumerate(values) if c > first_col and (w := _week(v))}
        run = _runs(sorted(weeks))
        if len(run) >= _MIN_RUN:
            numbers = [weeks[c] for c in run]
            timeline = Timeline(row, 7)
            anchor = _anchor(grid, min(header, row))
            if anchor is not None and numbers == sorted(numbers):
                week1 = anchor - timedelta(days=anchor.weekday())
                timeline.dates = {c: week1 + timedelta(weeks=weeks[c] - numbers[0]) for c in run}
            else:  # "1. Woche" restarting each month: the columns count the weeks
                timeline.weeks = {c: i + 1 for i, c in enumerate(run)}
                if anchor is not None:
                    week1 = anchor - timedelta(days=anchor.weekday())
                    timeline.dates = {c: week1 + timedelta(weeks=i) for i, c in enumerate(run)}
                    timeline.weeks = {}
            return timeline
    return None


def _filled_styles(styles: bytes) -> tuple[set[int], set[int]]:
    """Style ids whose fill is a solid colour other than white, and those only boxed."""
    fills = []
    for block in _FILL.finditer(styles):
        body = block.group(0)
        solid = _SOLID.search(body) is not None
        colour = _FG.search(body)
        attrs = colour.group(1) if colour else b""
        white = (
            b'rgb="FFFFFFFF"' in attrs
            or b'rgb="FFFFFF"' in attrs
            or (b'theme="0"' in attrs and b"tint=" not in attrs)
        )
        fills.append(solid and not white)
    # A bar may be drawn as a box: thick or coloured edges (a sheet's grid is thin and
    # plain, and a grid on every row is dropped as shading by the reader anyway).
    boxes = [bool(_BOX_EDGE.search(block.group(0))) for block in _BORDER.finditer(styles)]
    start = styles.find(b"<cellXfs")
    end = styles.find(b"</cellXfs>", start)
    if start < 0:
        return set(), set()
    filled: set[int] = set()
    boxed_only: set[int] = set()
    for index, xf in enumerate(_XF.finditer(styles, start, end if end > 0 else len(styles))):
        fill = re.search(rb'\bfillId="(\d+)"', xf.group(1))
        border = re.search(rb'\bborderId="(\d+)"', xf.group(1))
        coloured = fill is not None and _flag(fills, int(fill.group(1)))
        boxed = border is not None and _flag(boxes, int(border.group(1)))
        if coloured:
            filled.add(index)
        elif boxed:
            boxed_only.add(index)
    return filled, boxed_only


def _flag(flags: list[bool], index: int) -> bool:
    return index < len(flags) and flags[index]


def _column_index(letters: bytes) -> int:
    value = 0
    for ch in letters:
        value = value * 26 + ch - 64
    return value - 1


def bar_cells(sheet_xml: bytes, styles: bytes, columns: set[int]) -> dict[int, set[int]]:
    """Row → the timeline ``columns`` whose cell is filled with a colour (0-based).

    A cell boxed by thick edges counts too, unless nearly every uncoloured cell there
    is boxed: then the edges are the sheet's grid, not bars.
    """
    filled, boxed = _filled_styles(styles)
    bars: dict[int, set[int]] = {}
    boxes: dict[int, set[int]] = {}
    if not filled and not boxed:
        return bars
    cells = 0
    for pattern, order in ((_CELL, (0, 1, 2)), (_CELL_S_FIRST, (1, 2, 0))):
        for match in pattern.finditer(sheet_xml):
            letters, row, style = (match.group(i + 1) for i in order)
            col = _column_index(letters)
            if col not in columns:
                continue
            cells += 1
            found = bars if int(style) in filled else boxes if int(style) in boxed else None
            if found is not None:
                found.setdefault(int(row) - 1, set()).add(col)
    coloured = sum(map(len, bars.values()))
    if sum(map(len, boxes.values())) < 0.9 * (cells - coloured):
        for row, cols in boxes.items():
            bars.setdefault(row, set()).update(cols)
    return bars
