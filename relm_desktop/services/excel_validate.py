"""Checks an imported workbook against the plan's own rules before any preview.

The parsers know spreadsheets; the entity rules (lengths, ranges, required
text) live in services.edits.coerce. Running every imported value through it
here turns a would-be database error into a problem located by sheet and row,
and finds circular predecessors, so an import fails whole and clearly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from relm_desktop.domain.models import ENTITIES
from relm_desktop.exchange.xlsx_model import ImportedRow, ParsedImport, Problem, Severity
from relm_desktop.scheduling.cycles import cycle_order, cyclic_components, topological_order
from relm_desktop.services.edits import RANGES, REQUIRED_TEXT, EditError, coerce


def validate_parsed(parsed: ParsedImport) -> None:
    """Append to ``parsed.problems`` every value the plan would refuse, and every cycle."""
    for entity, rows in parsed.rows.items():
        if entity not in ENTITIES:
            continue
        suspect = _suspect_checker(entity)
        for row in rows:
            values = row.values
            for field in suspect(values):  # only fields a cheap test flags go to coerce
                try:
                    coerce(entity, {field: values[field]})
                except EditError as exc:
                    parsed.problems.append(
                        Problem(
                            row.sheet,
                            row.row,
                            field.replace("_", " "),
                            str(exc).removeprefix(f"{entity} "),
                            Severity.ERROR,
                        )
                    )
    _duplicates(parsed)
    _dangling(parsed)
    _cycles(parsed)


def _suspect_checker(entity: str) -> Callable[[dict[str, Any]], list[str]]:
    """A fast test naming the table's fields of a row (not its id) that coerce might refuse.

    Calling coerce on every cell costs ~0.5 s at 10,000 rows; most cells are
    fine, so only text over its column's length, numbers outside their range,
    empty required text and values of an unexpected type are checked fully.
    """
    table = ENTITIES[entity].__table__  # type: ignore[attr-defined]
    lengths = {
        c.key: c.type.length
        for c in table.columns
        if isinstance(getattr(c.type, "length", None), int)
    }
    ranges = {f: b for (e, f), b in RANGES.items() if e == entity}
    types = {}
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
        return out

    return suspect


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


def _dangling(parsed: ParsedImport) -> None:
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
                        "predecessors",
                        f"predecessor {_where(ref.predecessor)} is a row that is not imported "
                        "(skipped, hidden or not a task)",
                        Severity.ERROR,
                    )
                )


def _cycles(parsed: ParsedImport) -> None:
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
    if len(topological_order(len(keys), successors)) == len(keys):
        return  # acyclic (the usual case): Kahn's order is cheaper than finding components
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


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(key: str) -> str:
    """``row:7`` → ``row 7`` (foreign rows are keyed by their spreadsheet row)."""
    return key.replace("row:", "row ") if key.startswith("row:") else repr(key)
