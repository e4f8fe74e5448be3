"""The export's Gantt sheet: one row per task, one coloured cell per day or week.

Days when the plan spans up to ~16 weeks, else weeks. Critical tasks are red,
others blue, milestones a diamond; a legend and the years head the sheet,
above the day or week row. The sheet is a picture: import ignores it.
Task names get the same formula guard and length limit as every other sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import xlsxwriter

from relm_desktop.domain.records import TaskRecord
from relm_desktop.exchange.xlsx.fastrows import ColumnStyle, FastRows, column_cells, style
from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.safety import cut_warning
from relm_desktop.scheduling.model import TaskSchedule

SHEET = "Gantt"
_DAY_LIMIT = 112  # calendar days shown one per column before switching to weeks
_MAX_COLUMNS = 530
_FIRST = 3  # columns before the time scale: ID, Task, Start
_HEAD = 2  # rows above the tasks: legend and years, then days or weeks


def write_gantt(
    book: xlsxwriter.Workbook,
    tasks: Sequence[TaskRecord],
    schedule: dict[int, TaskSchedule],
    tick: Callable[[int], None],
    fast: FastRows,
    warnings: list[str] | None = None,
) -> None:
    """Add the Gantt sheet for ``tasks`` with their ``schedule`` (by task id)."""
    ws = book.add_worksheet(SHEET)
    head = book.add_format(
        {
            "bold": True,
            "font_size": 9,
            "bg_color": "#1F4E79",
            "font_color": "#FFFFFF",
            "align": "center",
            "border": 1,
        }
    )
    weekend = book.add_format({"font_size": 8, "bg_color": "#D9D9D9", "align": "center"})
    day_fmt = book.add_format({"font_size": 8, "align": "center", "bg_color": "#DDEBF7"})
    bar = book.add_format({"bg_color": "#4472C4"})
    critical = book.add_format({"bg_color": "#C00000"})
    milestone = book.add_format({"font_color": "#000000", "bold": True, "align": "center"})
    text = book.add_format({"font_size": 9})
    quoted = book.add_format({"font_size": 9, "quote_prefix": True})
    date_fmt = book.add_format({"font_size": 9, "num_format": "yyyy-mm-dd"})
    year_fmt = book.add_format({"bold": True, "font_size": 9, "left": 1})
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 2, 11)
    ws.write_rich_string(
        0,
        1,
        "Legend:  ",
        book.add_format({"font_color": "#4472C4", "bold": True}),
        "■ task  ",
        book.add_format({"font_color": "#C00000", "bold": True}),
        "■ critical  ",
        book.add_format({"bold": True}),
        "◆ milestone",
        text,
    )
    ws.write_string(_HEAD - 1, 0, "ID", head)
    ws.write_string(_HEAD - 1, 1, "Task", head)
    ws.write_string(_HEAD - 1, 2, "Start", head)
    ws.set_landscape()
    ws.set_paper(9)  # A4, as the data sheets
    ws.fit_to_pages(0, 1)
    ws.repeat_rows(0, _HEAD - 1)
    dated = [t for t in tasks if t.id in schedule]
    if not dated:
        ws.write_string(_HEAD, 1, "No schedule: schedule the plan to see the chart.", text)
        tick(len(tasks))
        return
    first = min(schedule[t.id].start for t in dated)
    last = max(schedule[t.id].finish for t in dated)
    weekly = (last - first).days > _DAY_LIMIT
    origin = first - timedelta(days=first.weekday()) if weekly else first
    step = 7 if weekly else 1
    columns = min((last - origin).days // step + 1, _MAX_COLUMNS)
    ws.set_column(_FIRST, _FIRST + columns - 1, 3.2 if weekly else 2.6)
    year = None
    for index in range(columns):
        day = origin + timedelta(days=index * step)
        label = day.strftime("%d.%m") if weekly else str(day.day)
        fmt = weekend if not weekly and day.weekday() >= 5 else day_fmt
        ws.write_string(_HEAD - 1, _FIRST + index, label, fmt)
        if day.year != year:  # the year over its first day or week
            year = day.year
            ws.write_string(0, _FIRST + index, str(year), year_fmt)
    ws.freeze_panes(_HEAD, _FIRST)
    sheet = len(book.worksheets())
    fast.header(sheet, _FIRST + columns)
    numbers = [str(row) for row in range(_HEAD + 1, len(dated) + _HEAD + 1)]
    plain, dates = style(text), style(date_fmt)
    fixed = ColumnStyle(plain, style(quoted), plain, dates, plain)
    cut: list[str] = []
    ids = column_cells(0, [t.id for t in dated], numbers, fixed)
    names = column_cells(1, [t.name for t in dated], numbers, fixed, cut)
    if cut and warnings is not None:
        warnings.append(cut_warning(SHEET, cut))
    starts = column_cells(2, [schedule[t.id].start for t in dated], numbers, fixed)
    letters = [column_letter(_FIRST + col) for col in range(columns)]
    bar_style, critical_style, diamond = style(bar), style(critical), style(milestone)
    for row, task in enumerate(dated, start=1):
        s = schedule[task.id]
        r = numbers[row - 1]
        a = _column(origin, s.start, step)
        b = _column(origin, s.finish, step)
        last_col = 2
        if task.duration == 0:
            cells = ""
            if 0 <= a < columns:
                cells = f'<c r="{letters[a]}{r}"{diamond} t="inlineStr"><is><t>◆</t></is></c>'
                last_col = _FIRST + a
        else:
            fmt = critical_style if s.critical else bar_style
            low, high = max(a, 0), min(b, columns - 1)
            cells = "".join([f'<c r="{letter}{r}"{fmt}/>' for letter in letters[low : high + 1]])
            if low <= high:
                last_col = _FIRST + high
        index = row - 1
        xml = f'<row r="{r}">{ids[index]}{names[index]}{starts[index]}{cells}</row>'
        fast.add_xml(sheet, row + _HEAD - 1, xml, last_col)
        tick(1)
    tick(len(tasks) - len(dated))


def _column(origin: date, day: date, step: int) -> int:
    return (day - origin).days // step
