"""Reading back a workbook RELM exported (possibly edited by Excel or LibreOffice).

Columns are found by their header text, so reordered or extra columns do no
harm. Every problem is reported with sheet, row and column; nothing is
guessed. Rows hidden (e.g. by a filter) are skipped and reported, and never
proposed for removal.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from relm_desktop.domain.models import ENTITIES
from relm_desktop.exchange.dates import DateError, DateOrder, parse_date
from relm_desktop.exchange.durations import DurationError, parse_duration
from relm_desktop.exchange.predecessors import PredecessorError, parse_predecessors
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.exchange.xlsx.convert import (
    FALSE_WORDS,
    SLOW,
    TRUE_WORDS,
    fast_converter,
    fast_links,
)
from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.model import (
    ImportedRow,
    LinkRef,
    ParsedImport,
    Problem,
    Severity,
)
from relm_desktop.exchange.xlsx.read import Grid, Workbook

#: Up to this many links, edits in the read-only Dependencies sheet are reported.
DEPENDENCY_CHECK_ROWS = 3000
_EMPTY_TEXT = frozenset({lay.Kind.TEXT, lay.Kind.REF})


def is_native(book: Workbook) -> bool:
    """True for a workbook written by RELM's export (its README sheet says so)."""
    if lay.README not in book.sheet_names or lay.TASKS.name not in book.sheet_names:
        return False
    grid = book.grid(lay.README)
    return str(grid.cell(0, 0)).strip() == lay.FORMAT_NAME


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip() if value is not None else ""


def _readme_facts(grid: Grid) -> dict[str, str]:
    facts: dict[str, str] = {}
    for row in grid.rows[:12]:
        if len(row) > 1 and isinstance(row[0], str) and row[0].strip():
            facts[row[0].strip()] = _text(row[1])
    return facts


class _Cells:
    """Converts one row's cells, collecting problems with their location."""

    def __init__(
        self, parsed: ParsedImport, sheet: str, row: int, order: DateOrder | None = None
    ) -> None:
        self.parsed = parsed
        self.sheet = sheet
        self.row = row
        self.order = order
        self.ok = True

    def problem(self, col: int, header: str, message: str, severity: Severity) -> None:
        where = f"{column_letter(col)} ({header})"
        self.parsed.problems.append(Problem(self.sheet, self.row, where, message, severity))
        if severity is Severity.ERROR:
            self.ok = False

    # Any: a cell as calamine reads it, converted by int()/float()/the parsers, whose
    # failures are reported; the result is a record value of the column's type.
    def convert(self, column: lay.Column, col: int, value: Any) -> Any:
        kind = column.kind
        # Fast paths for what calamine hands back from our own export.
        if value == "" or value is None:
            if kind in _EMPTY_TEXT:
                return ""
            return () if kind is lay.Kind.LIST else None
        if kind is lay.Kind.TEXT and type(value) is str:
            return value.strip()
        if kind is lay.Kind.DATE and type(value) is date:
            return value
        is_number = kind is lay.Kind.INT or kind is lay.Kind.ID
        if is_number and type(value) is float and value.is_integer():
            return int(value)
        empty = value is None or (isinstance(value, str) and not value.strip())
        try:
            if column.field == "duration":
                return None if empty else parse_duration(value)
            if kind is lay.Kind.ID or kind is lay.Kind.INT:
                if empty:
                    return None
                if isinstance(value, str):
                    text = value.strip().rstrip("%").strip()
                    if not re.fullmatch(r"[-+]?\d+(?:\.0*)?", text):
                        raise ValueError(f"{value!r} is not a whole number")
                    value = text
                number = float(value) if not isinstance(value, int | float) else value
                if isinstance(value, bool) or not float(number).is_integer():
                    raise ValueError(f"{value!r} is not a whole number")
                return int(number)
            if kind is lay.Kind.DATE:
                return None if empty else parse_date(value, self.order)
            if kind is lay.Kind.ENUM:
                assert column.enum is not None
                return None if empty else column.enum.parse(_text(value))
            if kind is lay.Kind.BOOL:
                text = _text(value).lower()
                if text in TRUE_WORDS:
                    return True
                if text in FALSE_WORDS:
                    return False
                raise ValueError(f"{value!r} is not yes or no")
            if kind is lay.Kind.LIST:
                return tuple(part.strip() for part in _text(value).split(";") if part.strip())
            return _text(value)
        except (ValueError, DateError, DurationError) as exc:
            self.problem(col, column.header, str(exc), Severity.ERROR)
            return None


def _header_columns(grid: Grid, spec: lay.SheetSpec, parsed: ParsedImport) -> dict[str, int]:
    headers = {str(v).strip().lower(): i for i, v in enumerate(grid.rows[0] if grid.rows else [])}
    columns: dict[str, int] = {}
    for column in spec.columns:
        index = headers.get(column.header.lower())
        if index is not None:
            columns[column.field] = index
        elif column.editable or column.kind is lay.Kind.ID:
            parsed.problems.append(
                Problem(
                    spec.name,
                    1,
                    None,
                    f"column '{column.header}' is missing; its values are kept as they are",
                    Severity.WARNING,
                )
            )
    parsed.columns[spec.name] = columns
    return columns


def _column_values(body: list[list[Any]], col: int) -> list[Any]:
    try:
        return list(map(itemgetter(col), body))
    except IndexError:  # a ragged grid: missing cells read as empty
        return [values[col] if col < len(values) else "" for values in body]


def _read_sheet(
    grid: Grid, spec: lay.SheetSpec, parsed: ParsedImport, order: DateOrder | None = None
) -> list[ImportedRow]:
    columns = _header_columns(grid, spec, parsed)
    seen: dict[int, int] = {}
    out: list[ImportedRow] = []
    wanted = [
        (c, columns[c.field])
        for c in spec.columns
        if c.field in columns and (c.editable or c.kind is lay.Kind.ID)
    ]
    table = ENTITIES[spec.entity].__table__.c
    required = {c.key for c in table if not c.nullable}
    fields = [c.field for c, _col in wanted]
    missing = grid.missing_cached
    missing_rows = {r for r, _c in missing}
    body = grid.rows[1:]
    # Column by column with the fast converters; SLOW marks a cell for the general path.
    by_column = [fast_converter(c)(_column_values(body, col)) for c, col in wanted]
    fast = zip(*by_column, strict=True) if by_column else [()] * len(body)
    pred_col = columns.get("predecessors") if spec.entity == "task" else None
    preds = _column_values(body, pred_col) if pred_col is not None else None
    quick_links = list(map(fast_links, preds)) if preds is not None else None
    ids = by_column[fields.index("id")] if "id" in fields else [None] * len(body)
    # Required columns holding an empty value (or one the general path reads) need the
    # "keep the value" rule below; the others are skipped row after row.
    kept_when_empty = [
        f
        for f, converted in zip(fields, by_column, strict=True)
        if f in required and f != "id" and (None in converted or SLOW in converted)
    ]
    for index, (values, converted) in enumerate(zip(body, fast, strict=True), start=1):
        if ids[index - 1] is None and values.count("") + values.count(None) == len(values):
            continue  # an empty row
        row_number = index + 1
        cells = _Cells(parsed, spec.name, row_number, order)
        if SLOW in converted or index in missing_rows:
            record = _convert_row(cells, wanted, values, index, missing)
        else:
            record = dict(zip(fields, converted, strict=True))
        ident = record.pop("id", None)
        # An empty cell of a column that cannot be empty keeps the value (or the default).
        for name in kept_when_empty:
            if record.get(name, 0) is None:
                del record[name]
        key = (
            f"{spec.entity}:{ident}"
            if ident is not None
            else f"{spec.entity}:{spec.name}!{row_number}"
        )
        if index in grid.hidden_rows:
            parsed.hidden_keys.add(key)
            parsed.problems.append(
                Problem(
                    spec.name,
                    row_number,
                    None,
                    "hidden row skipped (show it to import it)",
                    Severity.INFO,
                )
            )
            continue
        if ident is not None:
            if ident in seen:
                cells.problem(
                    columns["id"], "ID", f"ID {ident} is also on row {seen[ident]}", Severity.ERROR
                )
            seen[ident] = row_number
        if quick_links is not None and preds is not None and pred_col is not None:
            links = quick_links[index - 1]
            if links is None:
                links = _links(cells, pred_col, preds[index - 1])
            parsed.links[key] = links
        record.pop("predecessors", None)
        if spec is lay.FREEZES and record.get("environments"):
            record["environments"] = tuple(sorted(record["environments"]))
        if spec is lay.PLAN and record.get("workdays"):
            record["workdays"] = _weekdays(cells, columns["workdays"], record["workdays"])
        elif spec is lay.PLAN:
            record.pop("workdays", None)  # empty: the working week stays as it is
        label = (
            "Plan settings"
            if spec is lay.PLAN
            else str(
                record.get("name")
                or record.get("title")
                or record.get("stakeholder")
                or record.get("day")
                or key
            )
        )
        out.append(ImportedRow(spec.entity, spec.name, row_number, key, ident, record, label))
    if spec is lay.TASKS:
        _computed_cells(grid, columns, body, out, parsed)
        _outside_starts(columns, body, out, parsed)
    return out


def _outside_starts(
    columns: dict[str, int], body: list[list[Any]], rows: list[ImportedRow], parsed: ParsedImport
) -> None:
    """The grey dates that links to tasks outside the workbook (a one-release export's
    links to other releases) leave behind: the Not before of each task with a
    predecessor outside (the Start in a workbook from before that column), and the
    Needed by of each with a successor outside."""
    keys = {row.key for row in rows}
    start = columns.get("outside_start", columns.get("start"))
    # Not before is kept wherever it is shown (a task made from another workbook keeps it
    # without a link); a workbook from before that column: the Start of a task held.
    anywhere = "outside_start" in columns
    needed = columns.get("needed_by")
    for row in rows:
        values = body[row.row - 2]
        refs = parsed.links.get(row.key, ())
        outside = anywhere or not all(ref.predecessor in keys for ref in refs)
        if start is not None and outside and (day := _shown_date(values, start)) is not None:
            cell = values[start]
            # 17:00, the day's end: a time of day, or a serial's fraction from another reader.
            at_end = cell.hour >= 12 if isinstance(cell, datetime) else _late_fraction(cell)
            parsed.shown_starts[row.key] = (day, at_end)
        if needed is not None and (day := _shown_date(values, needed)) is not None:
            parsed.needed_by[row.key] = day


def _late_fraction(cell: object) -> bool:
    return isinstance(cell, float) and cell % 1 >= 0.5


def _shown_date(values: list[Any], col: int) -> date | None:
    """A grey date cell as written (or re-saved); None when empty or not a date."""
    shown = values[col] if col < len(values) else None
    if shown in ("", None):
        return None
    try:
        return parse_date(shown)
    except DateError:
        return None


def _weekdays(cells: _Cells, col: int, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """``Mon; Tue`` → the canonical names in week order; anything else is an error."""
    known = {day.lower(): day for day in lay.WEEKDAYS}
    days = []
    for name in names:
        day = known.get(name.strip()[:3].lower())
        if day is None:
            cells.problem(
                col, "Working days", f"{name!r} is not a weekday (Mon … Sun)", Severity.ERROR
            )
            return None
        days.append(day)
    return tuple(sorted(set(days), key=lay.WEEKDAYS.index))


def _computed_cells(
    grid: Grid,
    columns: dict[str, int],
    body: list[list[Any]],
    rows: list[ImportedRow],
    parsed: ParsedImport,
) -> None:
    """Report an edited calculated cell (WBS, Start, Finish, Total float, Critical, Needed
    by, Not before) as ignored.

    The hidden Check column sums what the export wrote; a row whose cells no longer
    match it had one of them changed (the plan itself may have moved on since).
    """
    check = columns.get("check")
    if check is None:
        return
    sums = _column_values(body, check)
    by_field = {c.field: c for c in lay.TASKS.columns}
    # (place in the check, column, sheet column) of each checked column the sheet has.
    present = [
        (i, by_field[field], columns[field])
        for i, field in enumerate(lay.CHECKED)
        if field in columns
    ]
    values = {col: _column_values(body, col) for _, _, col in present}
    for row in rows:
        index = row.row - 2
        written = str(sums[index] or "").strip()
        for i, column, col in present:
            mark = written[2 * i : 2 * i + 2]
            if len(mark) < 2 or lay.computed_check([values[col][index]]) == mark:
                continue  # unchecked (an older export), or as written
            parsed.problems.append(
                Problem(
                    lay.TASKS.name,
                    row.row,
                    f"{column_letter(col)} ({column.header})",
                    f"calculated cell {column_letter(col)}{row.row} was edited: ignored on "
                    "import (change Duration, Predecessors or Constraint to move the task)",
                    Severity.WARNING,
                )
            )


def _convert_row(
    cells: _Cells,
    wanted: list[tuple[lay.Column, int]],
    values: list[Any],
    index: int,
    missing: frozenset[tuple[int, int]],
) -> dict[str, Any]:
    """The general path for one row: every cell converted, every problem reported."""
    width = len(values)
    record: dict[str, Any] = {}
    for column, col in wanted:
        if missing and (index, col) in missing:
            cells.problem(
                col,
                column.header,
                "a formula without a calculated value; read as empty (type the value instead)",
                Severity.WARNING,
            )
        record[column.field] = cells.convert(column, col, values[col] if col < width else "")
    return record


def _links(cells: _Cells, col: int, value: object) -> list[LinkRef]:
    fast = fast_links(value)
    if fast is not None:
        return fast
    try:
        items = parse_predecessors(value)
    except PredecessorError as exc:
        cells.problem(col, "Predecessors", str(exc), Severity.ERROR)
        return []
    links = []
    for item in items:
        if not item.ref.isdigit():
            cells.problem(
                col,
                "Predecessors",
                f"{item.ref!r} is not a task ID (use the ID column's numbers)",
                Severity.ERROR,
            )
            continue
        links.append(LinkRef(f"task:{int(item.ref)}", item.type, item.lag))
    return links


def read_native(book: Workbook, path: str, order: DateOrder | None = None) -> ParsedImport:
    """Parse every editable sheet of a RELM workbook (``order``: of ambiguous text dates)."""
    parsed = ParsedImport(path=path, native=True)
    facts = _readme_facts(book.grid(lay.README))
    parsed.plan_name = facts.get("Plan")
    covered = facts.get("Releases", "all")
    if covered and covered != "all":
        parsed.all_releases = False
        parsed.releases_covered = tuple(p.strip() for p in covered.split(";") if p.strip())
    for spec in lay.SHEETS:
        if not spec.entity:
            continue
        if spec.name not in book.sheet_names:
            # Absent from ``rows``: the merge then neither adds, changes nor removes any.
            parsed.problems.append(
                Problem(
                    spec.name,
                    None,
                    None,
                    "sheet is missing: nothing is removed from it; its rows are kept as they are",
                    Severity.WARNING,
                )
            )
            continue
        grid = book.grid(spec.name)
        parsed.rows[spec.entity] = _read_sheet(grid, spec, parsed, order)
        if spec is lay.PLAN:
            parsed.plan_finish = _plan_finish(grid)
    _stakeholders(parsed)
    # Reading the whole listing costs as much as the Tasks sheet: only check smaller plans.
    name = lay.DEPENDENCIES.name
    if name in book.sheet_names and book.row_count(name) <= DEPENDENCY_CHECK_ROWS:
        _check_dependency_sheet(book.grid(lay.DEPENDENCIES.name), parsed)
    return parsed


def _plan_finish(grid: Grid) -> date | None:
    """The Plan sheet's grey "Plan finish": read for a brand-new plan only, never refused."""
    header = lay.PLAN.column("finish").header.lower()
    titles = [str(v).strip().lower() for v in (grid.rows[0] if grid.rows else [])]
    if header not in titles or len(grid.rows) < 2:
        return None
    value = grid.cell(1, titles.index(header))
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_date(value)
    except DateError:
        return None


def _stakeholders(parsed: ParsedImport) -> None:
    """Stakeholder details come with their roles; one stakeholder row per name."""
    if "stakeholder_role" not in parsed.rows:
        return
    people: dict[str, ImportedRow] = {}
    for role in parsed.rows["stakeholder_role"]:
        name = role.values.get("stakeholder") or ""
        details = {f: role.values.pop(f, None) for f in ("title", "email", "receives_pack")}
        if name and name not in people:
            values = {"name": name, **{k: v for k, v in details.items() if v is not None}}
            people[name] = ImportedRow(
                "stakeholder", role.sheet, role.row, f"stakeholder:{name}", None, values, name
            )
    parsed.rows["stakeholder"] = list(people.values())


def _check_dependency_sheet(grid: Grid, parsed: ParsedImport) -> None:
    """Warn when someone edited the read-only Dependencies sheet instead of Predecessors."""
    from_tasks = {
        (ref.predecessor, key, ref.type, ref.lag)
        for key, refs in parsed.links.items()
        for ref in refs
    }
    headers = [str(v).strip().lower() for v in (grid.rows[0] if grid.rows else [])]
    try:
        cp, cs = headers.index("predecessor id"), headers.index("successor id")
        ct, cl = headers.index("type"), headers.index("lag (days)")
    except ValueError:
        return
    for index in range(1, len(grid.rows)):
        # Any: int() reads numbers and numeric text; whatever else the cells hold fails
        # there and is caught below.
        p: Any
        s: Any
        lag: Any
        p, s, t, lag = (grid.cell(index, c) for c in (cp, cs, ct, cl))
        if p in ("", None) or index in grid.hidden_rows:
            continue
        try:
            link = (f"task:{int(p)}", f"task:{int(s)}", str(t).strip().upper(), int(lag or 0))
        except (TypeError, ValueError):
            link = None
        if link not in from_tasks and (link is None or link[1] not in parsed.hidden_keys):
            parsed.problems.append(
                Problem(
                    lay.DEPENDENCIES.name,
                    index + 1,
                    None,
                    "this sheet is for reading only; the link differs from the Predecessors column "
                    "of Tasks, which is what is imported",
                    Severity.WARNING,
                )
            )
