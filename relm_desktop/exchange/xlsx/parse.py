"""Reading any .xlsx schedule: RELM's own export, or a workbook somebody else made."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from relm_desktop.exchange.dates import DateOrder
from relm_desktop.exchange.xlsx.foreign import choose_layout
from relm_desktop.exchange.xlsx.guard import UnsafeWorkbookError, check_workbook
from relm_desktop.exchange.xlsx.model import ColumnMapping, ParsedImport
from relm_desktop.exchange.xlsx.native import is_native, read_native
from relm_desktop.exchange.xlsx.read import Workbook, WorkbookError
from relm_desktop.exchange.xlsx.rows import RowReader, weekdays_between
from relm_desktop.exchange.xlsx.week_question import WeekAnchor
from relm_desktop.gcpause import gc_paused


def read_xlsx(
    path: Path,
    *,
    mapping: ColumnMapping | None = None,
    date_order: DateOrder | None = None,
    workdays: Callable[[date, date], int] = weekdays_between,
    anchor: WeekAnchor | None = None,
) -> ParsedImport:
    """Parse and validate a workbook; problems are listed, never raised.

    Raises :class:`~relm_desktop.exchange.xlsx.read.WorkbookError` for a file
    that is not a readable workbook and
    :class:`~relm_desktop.exchange.xlsx.model.NoScheduleError` when no sheet
    holds a schedule. ``mapping`` forces a foreign reading with those columns;
    ``workdays(first, last)`` counts working days (inclusive) for durations
    derived from dates; ``anchor`` dates week or period numbers the sheet does not.
    """
    path = Path(path)
    try:
        check_workbook(path)
    except UnsafeWorkbookError as exc:
        raise WorkbookError(str(exc)) from None
    with gc_paused(), Workbook(path) as book:
        if mapping is None and is_native(book):
            return read_native(book, str(path), date_order)
        layout = choose_layout(book, mapping, anchor)
        parsed = ParsedImport(path=str(path), native=False, mapping=layout.mapping)
        parsed.week_question = layout.week_question
        parsed.problems.extend(layout.problems)
        reader = RowReader(layout, parsed, date_order, workdays)
        reader.read()
        reader.build()
        return parsed
