"""Finding the schedule in a workbook somebody else made: sheet, header row, columns.

The result is a :class:`ColumnMapping` (which the user may confirm or change)
plus the grid; :mod:`.rows` then turns the rows into tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from pathlib import Path

from relm_desktop.exchange.dates import (
    SERIAL_RANGE,
    AmbiguousDateError,
    DateError,
    YearError,
    parse_date,
)
from relm_desktop.exchange.durations import DurationError, parse_duration
from relm_desktop.exchange.predecessors import (
    PredecessorError,
    expand_letter_ranges,
    parse_predecessors,
)
from relm_desktop.exchange.xlsx.columns import FIELD_LABELS, WEAK, assign, detect_header, fold
from relm_desktop.exchange.xlsx.convert import squashed
from relm_desktop.exchange.xlsx.gantt_bars import Timeline, bar_cells, find_timeline
from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.model import ColumnMapping, NoScheduleError, Problem, Severity
from relm_desktop.exchange.xlsx.read import Grid, Workbook
from relm_desktop.exchange.xlsx.week_anchor import anchor_calendar, anchor_numbers
from relm_desktop.exchange.xlsx.week_question import WeekAnchor, WeekQuestion

_DATE_FIELDS = ("start", "finish", "actual_start", "actual_finish")


@dataclass(slots=True)
class Layout:
    """A sheet with its mapping: where data starts and which columns each field spans."""

    grid: Grid
    mapping: ColumnMapping
    data_start: int  # 0-based first data row
    spans: dict[str, list[int]]  # field → columns (more than one under a merged header)
    problems: list[Problem]
    timeline: Timeline | None = None  # calendar columns whose filled cells are the bars
    bars: dict[int, set[int]] = default(default_factory=dict)  # row → filled calendar columns
    #: Week or period numbers the sheet gives no date for: asked before importing.
    week_question: WeekQuestion | None = None


def header_texts(grid: Grid, row: int) -> tuple[str, ...]:
    values = grid.rows[row] if row < len(grid.rows) else []
    return tuple(str(v).strip() if isinstance(v, str) else "" for v in values)


def _data_rows(grid: Grid, start: int, columns: dict[str, int]) -> int:
    cols = set(columns.values())
    return sum(
        1
        for r in range(start, len(grid.rows))
        if sum(1 for c in cols if grid.cell(r, c) not in ("", None)) >= 2
    )


def _header_end(grid: Grid, row: int) -> int:
    """Last row of a header block: merged header cells may reach down several rows."""
    end = row
    for r0, _c0, r1, _c1 in grid.merged:
        if r0 == row and r1 - r0 <= 3:
            end = max(end, r1)
    return end


def _guess_name_column(grid: Grid, header: int, columns: dict[str, int]) -> int | None:
    """For a header naming dates or durations but no task column: the column of names."""
    best, best_count = None, 0
    used = set(columns.values())
    for col in range(max((len(r) for r in grid.rows), default=0)):
        if col in used or col in grid.hidden_columns:
            continue
        count = sum(
            1
            for r in range(header + 1, min(len(grid.rows), header + 200))
            if isinstance(value := grid.cell(r, col), str) and len(value.strip()) > 2
        )
        if count > best_count:
            best, best_count = col, count
    return best if best_count >= 3 else None


def _candidates(book: Workbook) -> list[tuple[int, int, Grid, int, dict[str, int], list[Problem]]]:
    found = []
    for name in book.sheet_names:
        if not book.visible.get(name, True):
            continue
        grid = book.grid(name)
        notes: list[Problem] = []
        header = detect_header(grid.rows, hidden_columns=grid.hidden_columns)
        guess = (header.row, header.columns) if header else _headless(grid, notes)
        weight = 0
        if guess is None:
            guess = _drawn(grid)
            weight = 2  # a calendar stands for start and finish
        if guess is None and (turned := _turned(grid)) is not None:
            grid, guess = turned, _drawn(turned)
            notes.append(
                Problem(
                    grid.name,
                    None,
                    None,
                    "read sideways: the tasks head the columns and the calendar runs down "
                    "column A (rows here are the sheet's columns)",
                    Severity.INFO,
                )
            )
        if guess is None:
            continue
        row, columns = guess
        rows = _data_rows(grid, _header_end(grid, row) + 1, columns)
        found.append((len(columns) + weight, rows, grid, row, columns, notes))
    return found


@dataclass(slots=True)
class _Sideways(Grid):
    """A sheet turned a quarter: its columns are the rows read (a Gantt drawn sideways)."""


def _turned(grid: Grid) -> Grid | None:
    """``grid`` turned, when its first column runs a calendar down the rows (week1,
    week2 … or dates) under a first row of task names; else None."""
    width = max((len(r) for r in grid.rows), default=0)
    if not 2 < width <= 500 or len(grid.rows) < 6:
        return None
    names = [v for v in grid.rows[0][1:] if isinstance(v, str) and v.strip()]
    column = [[grid.cell(r, 0) for r in range(len(grid.rows))]]
    if len(names) < 2 or find_timeline(Grid(grid.name, column), 0, 0) is None:
        return None
    rows = [[grid.cell(r, c) for r in range(len(grid.rows))] for c in range(width)]
    return _Sideways(
        grid.name,
        rows,
        grid.visible,
        hidden_rows=grid.hidden_columns,
        hidden_columns=grid.hidden_rows,
        merged=[(c0, r0, c1, r1) for r0, c0, r1, c1 in grid.merged],
        missing_cached=frozenset((c, r) for r, c in grid.missing_cached),
        indents={(c, r): n for (r, c), n in grid.indents.items()},
    )


def _nearest(book: Workbook) -> str:
    """The row that came closest to a header, and what it lacked: what to fix."""
    best: tuple[int, str, int, dict[str, int]] | None = None
    for name in book.sheet_names:
        if not book.visible.get(name, True):
            continue
        grid = book.grid(name)
        for row in range(min(len(grid.rows), 40)):
            columns = assign(header_texts(grid, row), grid.hidden_columns)
            if columns and (best is None or len(columns) > len(best[3])):
                best = (len(columns), name, row, columns)
    if best is None:
        return "; no row of any sheet names a column RELM knows"
    _count, sheet, row, columns = best
    named = ", ".join(
        f"{header_texts(book.grid(sheet), row)[c]!r} as {FIELD_LABELS[f].lower()}"
        for f, c in sorted(columns.items(), key=lambda item: item[1])
    )
    lacks = (
        "a task name column"
        if "name" not in columns
        else "a start, finish, duration or predecessor column (or a calendar of bars)"
    )
    return f"; the nearest is sheet {sheet!r} row {row + 1}, read as {named}, which lacks {lacks}"


def _drawn(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """A header naming the task column above or beside a calendar of bars."""
    for row in range(min(len(grid.rows), 40)):
        columns = assign(header_texts(grid, row), grid.hidden_columns)
        # The calendar may sit some rows up, over a legend ("Tätigkeiten" under "KW 50").
        if "name" in columns and find_timeline(grid, row, columns["name"], above=10):
            return row, columns
    for row in range(min(len(grid.rows), 40)):
        columns = assign(header_texts(grid, row), grid.hidden_columns)
        if "name" in columns:
            continue
        timeline = find_timeline(grid, row, -1)
        if timeline is None or timeline.row != row:
            continue
        # No header over the names: the text column left of the calendar holding most.
        left = [c for c in range(timeline.columns[0]) if c not in columns.values()]
        name_col = _guess_name_column(grid, row, {f"x{c}": c for c in columns.values()})
        if name_col is not None and name_col in left:
            columns["name"] = name_col
            return row, columns
    return None


def _headless(grid: Grid, notes: list[Problem]) -> tuple[int, dict[str, int]] | None:
    for row in range(min(len(grid.rows), 40)):
        columns = assign(header_texts(grid, row), grid.hidden_columns)
        if len({"start", "finish", "duration"} & set(columns)) >= 2 and "name" not in columns:
            name_col = _guess_name_column(grid, row, columns)
            if name_col is not None:
                columns["name"] = name_col
                notes.append(
                    Problem(
                        grid.name,
                        row + 1,
                        column_letter(name_col),
                        "no header names the task column; this column's text is taken as task "
                        "names",
                        Severity.WARNING,
                    )
                )
                return row, columns
    return None


def choose_layout(
    book: Workbook, mapping: ColumnMapping | None = None, anchor: WeekAnchor | None = None
) -> Layout:
    """The sheet holding the schedule and its mapping (``mapping`` overrides the guess);
    ``anchor`` dates week or period numbers the sheet gives no date for."""
    problems: list[Problem] = []
    if mapping is not None:
        if mapping.sheet not in book.sheet_names:
            raise NoScheduleError(
                f"no schedule found in {book.path}: the mapping names "
                f"sheet {mapping.sheet!r}, which is not in the workbook"
            )
        grid = book.grid(mapping.sheet)
        row, columns = mapping.header_row - 1, dict(mapping.columns)
    else:
        found = _candidates(book)
        if not found:
            raise NoScheduleError(
                f"no schedule found in {book.path}: no sheet has a header row naming a "
                "task column (Task, Activity, Name, Vorgang, Tâche, Tarea…) together with a "
                "start, finish, duration or predecessor column" + _nearest(book)
            )
        found.sort(key=lambda f: (f[1] > 0, f[0], f[1]), reverse=True)  # empty tables last
        _fields, _rows, grid, row, columns, notes = found[0]
        problems.extend(notes)
        others = [f[2].name for f in found[1:] if f[1]]
        if others:
            problems.append(
                Problem(
                    grid.name,
                    None,
                    None,
                    f"read this sheet; other sheets that look like schedules: {', '.join(others)} "
                    "(choose another in the column mapping)",
                    Severity.INFO,
                )
            )
    if mapping is None and "phase" not in columns and "name" in columns:
        group = _group_column(grid, row, columns)
        if group is not None:
            columns["phase"] = group
            problems.append(
                Problem(
                    grid.name,
                    row + 1,
                    column_letter(group),
                    "its header names no field, but it groups the rows (each value on one "
                    "run of rows): read as the phase",
                    Severity.INFO,
                )
            )
    headers = header_texts(grid, row)
    result = ColumnMapping(grid.name, row + 1, columns, headers)
    spans = _spans(grid, row, columns)
    layout = Layout(grid, result, _header_end(grid, row) + 1, spans, problems)
    anchor_numbers(layout, table_rows(layout), anchor)
    if mapping is None:  # an explicit mapping is obeyed as it stands
        _check_columns(layout)
    if "name" in columns and not {"start", "finish"} & set(layout.spans):
        _read_bars(book, layout, anchor)
    return layout


def _group_column(grid: Grid, row: int, columns: dict[str, int]) -> int | None:
    """An unnamed column left of the task names whose text values each fill one run of
    rows (``ms``: milestone1, milestone1, milestone2 …): the rows' group, as a person
    reads it."""
    used = set(columns.values())
    for col in range(columns["name"]):
        if (
            col in used
            or col in grid.hidden_columns
            or header_texts(grid, row)[col : col + 1] == ("",)
        ):
            continue
        values = [grid.cell(r, col) for r in range(row + 1, min(len(grid.rows), row + 2000))]
        values = [v.strip() for v in values if isinstance(v, str) and v.strip()]
        runs = [v for i, v in enumerate(values) if i == 0 or values[i - 1] != v]
        if 2 <= len(runs) == len(set(runs)) and len(values) >= 2 * len(runs):
            return col
    return None


def _read_bars(book: Workbook, layout: Layout, anchor: WeekAnchor | None) -> None:
    grid = layout.grid
    timeline = find_timeline(
        grid, layout.mapping.header_row - 1, layout.mapping.columns["name"], above=10
    )
    if timeline is None:
        return
    layout.data_start = max(layout.data_start, timeline.row + 1)
    calendar = set(timeline.columns)
    sheet, styles = book.parts(grid.name)
    if isinstance(grid, _Sideways):  # the sheet's cells, turned as the grid is
        bars: dict[int, set[int]] = {}
        for r, cols in bar_cells(sheet, styles, set(range(len(grid.rows)))).items():
            for c in cols if r in calendar else ():
                bars.setdefault(c, set()).add(r)
    else:
        bars = bar_cells(sheet, styles, calendar)
    rows = len(grid.rows) - layout.data_start
    if rows >= 5:  # a column coloured on (nearly) every row is shading (weekends), not a bar
        counts = {c: sum(1 for cols in bars.values() if c in cols) for c in calendar}
        shading = {c for c, n in counts.items() if n >= 0.9 * rows}
        bars = {r: cols - shading for r, cols in bars.items() if cols - shading}
    for r in range(layout.data_start, len(grid.rows)):  # text written into the bar's cells
        written = {c for c in calendar if grid.cell(r, c) not in ("", None)}
        if written:  # an X is a bar even in a shaded (holiday) column
            bars.setdefault(r, set()).update(written)
    layout.timeline, layout.bars = timeline, bars
    anchor_calendar(layout, anchor)
    first, last = timeline.columns[0], timeline.columns[-1]
    what = "dates" if timeline.dates else "week numbers with no date for week 1"
    layout.problems.append(
        Problem(
            grid.name,
            timeline.row + 1,
            f"{column_letter(first)}–{column_letter(last)}",
            f"a calendar of {what}: each task's filled cells under it are read as its bar"
            + ("" if timeline.dates else " (its length; its start needs a date for week 1)"),
            Severity.INFO,
        )
    )


def _spans(grid: Grid, row: int, columns: dict[str, int]) -> dict[str, list[int]]:
    spans = {field: [col] for field, col in columns.items()}
    # The widest merged range over the header row starting at each column, in one pass
    # (a sheet may repeat one range 100,000 times), cut to the columns the grid has.
    width = max((len(r) for r in grid.rows), default=0)
    widest: dict[int, int] = {}
    for r0, c0, r1, c1 in grid.merged:
        if r0 <= row <= r1 and c1 > c0:
            widest[c0] = max(widest.get(c0, c0), min(c1, width - 1))
    used = set(columns.values())
    for field, col in columns.items():
        if col in widest:
            spans[field] = [c for c in range(col, widest[col] + 1) if c == col or c not in used]
    ids = spans.get("id", [])
    if ids and "wbs" not in spans:
        # An "ID" column of 1, 1.1, 1.2, 2 … (Excel keeps 1.1 as a number) is the WBS.
        values = [grid.cell(r, ids[0]) for r in range(row + 1, min(len(grid.rows), row + 500))]
        filled = [v for v in values if v not in ("", None)]
        dotted = [v for v in filled if "." in str(v).strip().removesuffix(".0")]
        if dotted and len(dotted) * 3 >= len(filled) and all(map(_outline_like, filled)):
            spans["wbs"] = spans.pop("id")
    name_cols = spans.get("name", [])
    if len(name_cols) > 1 and "wbs" not in spans:
        # A merged "Task" header over an outline-number column and a name column.
        for col in name_cols:
            values = [grid.cell(r, col) for r in range(row + 1, len(grid.rows))]
            filled = [v for v in values if v not in ("", None)]
            if filled and sum(1 for v in filled if _outline_like(v)) >= 0.8 * len(filled):
                spans["wbs"] = [col]
                spans["name"] = [c for c in name_cols if c != col]
                break
    return spans


#: Blank rows that end the table: what follows is a legend, totals or notes.
TABLE_GAP = 3


def table_rows(layout: Layout) -> list[int]:
    """The data rows down to the first run of :data:`TABLE_GAP` blank rows."""
    watched = [c for cols in layout.spans.values() for c in cols]
    rows: list[int] = []
    blank = 0
    for r in range(layout.data_start, len(layout.grid.rows)):
        if all(layout.grid.cell(r, c) in ("", None) for c in watched):
            blank += 1
            continue
        if blank >= TABLE_GAP and rows:
            break
        blank = 0
        rows.append(r)
    return rows


def _number(value: object) -> float:
    """A progress value: a number or numeric text (``50 %``); ValueError otherwise."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float(str(value).strip().rstrip("%").strip().replace(",", "."))


def _outline_like(value: object) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) > 0
    text = str(value).strip()
    return bool(text) and all(part.isdigit() for part in text.split("."))


def cell(layout: Layout, row: int, field: str) -> object:
    """The first non-empty value of ``field`` on ``row`` (across a merged header's columns)."""
    for col in layout.spans.get(field, ()):
        value = layout.grid.cell(row, col)
        if value not in ("", None):
            return value
    return ""


def _check_columns(layout: Layout) -> None:
    """Unmap a column when most of its values are not what its header promises."""
    checks: dict[str, Callable[[object], object]] = {  # the parsers fold white space
        "duration": parse_duration,
        "predecessors": lambda v: parse_predecessors(
            expand_letter_ranges(squashed(v)) if isinstance(v, str) else v
        ),
        **{f: parse_date for f in _DATE_FIELDS},
    }
    percent = layout.spans.get("percent_complete", [None])[0]
    if percent is not None and percent < len(layout.mapping.headers):
        header = fold(layout.mapping.headers[percent])
        if header in WEAK["percent_complete"]:  # a Status column: progress only if numbers
            checks["percent_complete"] = _number
    grid = layout.grid
    table = table_rows(layout)
    held = layout.week_question is not None and not layout.week_question.calendar
    for field, check in checks.items():
        if field not in layout.spans or (held and field in _DATE_FIELDS):
            continue  # week numbers waiting for their anchor are not dropped
        values = [cell(layout, r, field) for r in table if r not in grid.hidden_rows]
        values = [v for v in values if v not in ("", None)]
        if not values:
            continue
        bad = []
        for value in values:
            try:
                check(value)
            except (AmbiguousDateError, YearError):
                # A date all right: the order is asked for later, or its year is refused
                # naming its cell when the rows are read (never a column silently dropped).
                pass
            except (DateError, DurationError, PredecessorError, ValueError):
                bad.append(value)
        if len(bad) * 2 > len(values):
            col = layout.spans[field][0]
            header = layout.mapping.headers[col] if col < len(layout.mapping.headers) else ""
            small_numbers = field in _DATE_FIELDS and all(
                isinstance(v, int | float) and v < SERIAL_RANGE[0] for v in bad
            )
            why = "numbers, not dates" if small_numbers else f"no {FIELD_LABELS[field].lower()}"
            examples = ", ".join(repr(v) for v in bad[:3])
            layout.problems.append(
                Problem(
                    grid.name,
                    layout.mapping.header_row,
                    f"{column_letter(col)} ({header})",
                    f"holds {why} (e.g. {examples}); column ignored — map it in the column "
                    "mapping if it means something else",
                    Severity.WARNING,
                )
            )
            del layout.spans[field]
            layout.mapping.columns.pop(field, None)


def open_layout(path: Path, mapping: ColumnMapping | None = None) -> tuple[Workbook, Layout]:
    book = Workbook(path)
    try:
        return book, choose_layout(book, mapping)
    except BaseException:
        book.close()
        raise
