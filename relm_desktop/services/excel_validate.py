"""Checks an imported workbook against the plan's own rules before any preview.

The parsers know spreadsheets; the entity rules (lengths, ranges, required
text) live in services.edits.coerce. Running every imported value through it
here turns a would-be database error into a problem located by sheet, row and
column, and finds circular predecessors, so an import fails whole and clearly.

Values that would break the plan later are refused here too, whichever reader
produced them (the fast paths hand real date cells and plain lags over
unparsed): dates outside ``domain.limits``, lags beyond ``MAX_LAG`` and a chain
of links longer than ``MAX_CHAIN`` working days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement

from relm_desktop.domain.base import table_of
from relm_desktop.domain.limits import (
    DATE_RANGE_TEXT,
    FIRST_DATE,
    LAST_DATE,
    MAX_CHAIN,
    MAX_DURATION,
    MAX_LAG,
)
from relm_desktop.domain.models import ENTITIES
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.model import (
    ImportedRow,
    LinkRef,
    ParsedImport,
    Problem,
    Severity,
)
from relm_desktop.exchange.xlsx.read import Workbook
from relm_desktop.scheduling.cycles import cycle_order, cyclic_components, topological_order
from relm_desktop.services.edits import RANGES, REQUIRED_TEXT, EditError, coerce

# The columns a foreign sheet fills a field from, in order: a start becomes a
# constraint date; a duration may be counted from the start to the finish.
_FOREIGN_SOURCE = {"constraint_date": ("start",), "duration": ("duration", "finish")}


def validate_parsed(parsed: ParsedImport) -> None:
    """Append to ``parsed.problems`` every value the plan would refuse, and every cycle."""
    columns = _Columns(parsed)
    for entity, rows in parsed.rows.items():
        if entity not in ENTITIES:
            continue
        suspect = _suspect_checker(entity)
        for row in rows:
            values = row.values
            for field in suspect(values):  # only fields a cheap test flags go to coerce
                value = values[field]
                if field == "parent_id" and str(value).startswith("row:"):
                    continue  # a foreign summary row, resolved when the rows are applied
                if isinstance(value, date) and not FIRST_DATE <= value <= LAST_DATE:
                    message = (
                        f"{value.isoformat()} is outside the dates a plan can hold "
                        f"({DATE_RANGE_TEXT})"
                    )
                else:
                    try:
                        coerce(entity, {field: value})
                        continue
                    except EditError as exc:
                        message = str(exc).removeprefix(f"{entity} ")
                parsed.problems.append(
                    Problem(
                        row.sheet, row.row, columns.name(row.sheet, field), message, Severity.ERROR
                    )
                )
    _duplicates(parsed)
    _dangling(parsed, columns)
    _lags(parsed, columns)
    _cycles(parsed, columns)


class _Columns:
    """Names a field's cell column the way the reader does: letter and header.

    A foreign sheet's mapping says where each field came from. A RELM workbook
    is found by header, so the letter is looked up in the sheet's header row,
    read again only when a problem needs it (the readers' fast paths keep no
    positions).
    """

    def __init__(self, parsed: ParsedImport) -> None:
        self.parsed = parsed
        self._headers: dict[str, list[str]] = {}

    def name(self, sheet: str, field: str) -> str:
        mapping = self.parsed.mapping
        if not self.parsed.native and mapping is not None:
            found = [mapping.columns.get(f) for f in _FOREIGN_SOURCE.get(field, (field,))]
            col = next((c for c in found if c is not None), None)
            if col is None:
                return field.replace("_", " ")
            header = mapping.headers[col] if col < len(mapping.headers) else ""
            return f"{column_letter(col)} ({header})" if header else column_letter(col)
        spec = lay.BY_NAME.get(sheet)
        column = next((c for c in spec.columns if c.field == field), None) if spec else None
        if column is None:
            return field.replace("_", " ")
        headers = self._header_row(sheet)
        if column.header.lower() in headers:
            return f"{column_letter(headers.index(column.header.lower()))} ({column.header})"
        return column.header

    def _header_row(self, sheet: str) -> list[str]:
        if sheet not in self._headers:
            try:
                with Workbook(Path(self.parsed.path)) as book:
                    rows = book.grid(sheet).rows
                header = rows[0] if rows else []
            except Exception:  # the file is gone or unreadable now: name the header only
                header = []
            self._headers[sheet] = [str(v).strip().lower() for v in header]
        return self._headers[sheet]


def _suspect_checker(entity: str) -> Callable[[dict[str, Any]], list[str]]:
    """A fast test naming the table's fields of a row (not its id) that coerce might refuse.

    Calling coerce on every cell costs ~0.5 s at 10,000 rows; most cells are
    fine, so only text over its column's length, numbers outside their range,
    empty required text and values of an unexpected type are checked fully.
    """
    table = table_of(ENTITIES[entity])
    lengths = {
        c.key: length
        for c in table.columns
        if isinstance(length := getattr(c.type, "length", None), int)
    }
    ranges = {f: b for (e, f), b in RANGES.items() if e == entity}
    dates = frozenset(c.key for c in table.columns if _python_type(c) is date)
    types: dict[str, type] = {}
    for column in table.columns:
        try:
            types[column.key] = column.type.python_type
        except NotImplementedError:
            types[column.key] = object

    # A plain set: membership in the table's column collection costs ~0.5 µs a test.
    known = frozenset(c.key for c in table.columns) - {"id"}

    def suspect(values: dict[str, Any]) -> list[str]:
        out = []
        for field, value in values.items():
            if value is None or field not in known:
                continue
            if isinstance(value, str):
                limit = lengths.get(field)
                if (limit and len(value) > limit) or (field in REQUIRED_TEXT and not value.strip()):
                    out.append(field)
                elif types.get(field) not in (str, object):
                    out.append(field)  # text where a number, date or flag belongs
            elif field in ranges:
                low, high = ranges[field]
                if not isinstance(value, int) or not low <= value <= high:
                    out.append(field)
            elif field in dates and (
                not isinstance(value, date) or not FIRST_DATE <= value <= LAST_DATE
            ):
                out.append(field)
        return out

    return suspect


def _python_type(column: ColumnElement[Any]) -> type:
    try:
        return column.type.python_type
    except NotImplementedError:
        return object


def _duplicates(parsed: ParsedImport) -> None:
    """Two rows with one id cannot both be matched back or linked to."""
    for rows in parsed.rows.values():
        seen: dict[str, ImportedRow] = {}
        for row in rows:
            if row.key in seen:
                first = seen[row.key]
                parsed.problems.append(
                    Problem(
                        row.sheet,
                        row.row,
                        "ID",
                        f"the ID of this row is also used by row {first.row}; "
                        "give each row its own ID",
                        Severity.ERROR,
                    )
                )
            else:
                seen[row.key] = row


def _dangling(parsed: ParsedImport, columns: _Columns) -> None:
    """In someone else's workbook every predecessor must be a row that is imported."""
    if parsed.native:
        return  # our own workbooks may point at tasks of the plan outside the export
    tasks = {row.key: row for row in parsed.rows.get("task", [])}
    for key, refs in parsed.links.items():
        row = tasks.get(key)
        for ref in refs:
            if ref.predecessor not in tasks and row is not None:
                parsed.problems.append(
                    Problem(
                        row.sheet,
                        row.row,
                        columns.name(row.sheet, "predecessors"),
                        f"predecessor {_where(ref.predecessor)} is a row that is not imported "
                        "(skipped, hidden or not a task)",
                        Severity.ERROR,
                    )
                )


def _lags(parsed: ParsedImport, columns: _Columns) -> None:
    """A lag beyond MAX_LAG working days, on the row of the task it leads to."""
    tasks = {row.key: row for row in parsed.rows.get("task", [])}
    for key, refs in parsed.links.items():
        row = tasks.get(key)
        for ref in refs:
            if row is not None and not -MAX_LAG <= ref.lag <= MAX_LAG:
                parsed.problems.append(
                    Problem(
                        row.sheet,
                        row.row,
                        columns.name(row.sheet, "predecessors"),
                        f"the lag after predecessor {_where(ref.predecessor)} is {ref.lag:+,} "
                        f"days, beyond {MAX_LAG:,} working days either way",
                        Severity.ERROR,
                    )
                )


def _cycles(parsed: ParsedImport, columns: _Columns) -> None:
    tasks: dict[str, ImportedRow] = {row.key: row for row in parsed.rows.get("task", [])}
    keys = sorted(tasks)
    index = {key: i for i, key in enumerate(keys)}
    successors: list[list[int]] = [[] for _ in keys]
    for key, refs in parsed.links.items():
        if key not in index:
            continue
        for ref in refs:
            if ref.predecessor in index:
                successors[index[ref.predecessor]].append(index[key])
    order = topological_order(len(keys), successors)
    if len(order) == len(keys):
        # Acyclic (the usual case): Kahn's order is cheaper than finding components.
        _chain_length(parsed, columns, keys, index, order)
        return
    for component in cyclic_components(range(len(keys)), successors):
        start = min(component, key=lambda i: tasks[keys[i]].row)
        members = [tasks[keys[i]] for i in cycle_order(component, successors, start)]
        names = " → ".join(_short(r.label or r.key) for r in [*members, members[0]])
        first = members[0]
        parsed.problems.append(
            Problem(
                first.sheet,
                first.row,
                "predecessors",
                f"circular predecessors: {names}",
                Severity.ERROR,
            )
        )


def _chain_length(
    parsed: ParsedImport,
    columns: _Columns,
    keys: list[str],
    index: dict[str, int],
    order: list[int],
) -> None:
    """Refuse a chain of links longer than MAX_CHAIN working days: it cannot fit in any plan.

    Working days from the start of a chain's first task, by the links' rules
    (FS, SS, FF, SF and lags) on the imported durations; the first task found
    past the bound is named, on its duration cell. Durations and lags beyond
    their own bounds count as those bounds: they are reported on their cells.
    """
    tasks = {row.key: row for row in parsed.rows.get("task", [])}
    rows = [tasks[key] for key in keys]
    durations = [_days(row.values.get("duration")) for row in rows]
    waits = sum(min(r.lag, MAX_LAG) for refs in parsed.links.values() for r in refs if r.lag > 0)
    if sum(durations) + waits <= MAX_CHAIN:
        return  # no chain can be longer than all the work and waiting together
    # Plain FS predecessors, and the few others with their link.
    plain: list[list[int]] = [[] for _ in keys]
    linked: dict[int, list[tuple[int, LinkRef]]] = {}
    for key, refs in parsed.links.items():
        k = index.get(key)
        if k is None:
            continue
        for ref in refs:
            p = index.get(ref.predecessor)
            if p is None:
                continue
            if ref.type == "FS" and not ref.lag:
                plain[k].append(p)
            else:
                linked.setdefault(k, []).append((p, ref))
    start = [0] * len(rows)
    finish = [0] * len(rows)
    for i in order:
        d = durations[i]
        s = 0
        for p in plain[i]:
            f = finish[p]
            if f > s:
                s = f
        for p, ref in linked.get(i, ()):  # few: lags and other types
            kind, lag = ref.type, max(-MAX_LAG, min(ref.lag, MAX_LAG))
            if kind == "FS":
                c = finish[p] + lag
            elif kind == "SS":
                c = start[p] + lag
            elif kind == "FF":
                c = finish[p] + lag - d
            else:  # SF
                c = start[p] + lag - d
            if c > s:
                s = c
        start[i] = s
        finish[i] = f = s + d
        if f > MAX_CHAIN:
            row = rows[i]
            parsed.problems.append(
                Problem(
                    row.sheet,
                    row.row,
                    columns.name(row.sheet, "duration"),
                    f"with its chain of predecessors this task ends {f:,} working days after "
                    f"the chain starts; no plan holds more than {MAX_CHAIN:,} "
                    f"({DATE_RANGE_TEXT}): shorten durations or lags",
                    Severity.ERROR,
                )
            )
            return


def _days(duration: object) -> int:
    """A duration as the chain counts it: whole days, at most MAX_DURATION."""
    if type(duration) is not int or duration <= 0:
        return 0
    return duration if duration <= MAX_DURATION else MAX_DURATION


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(key: str) -> str:
    """``row:7`` → ``row 7`` (foreign rows are keyed by their spreadsheet row), ``task:12`` → 12."""
    if key.startswith("row:"):
        return key.replace("row:", "row ")
    return key.removeprefix("task:") if key.startswith("task:") else repr(key)
