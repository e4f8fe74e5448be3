"""CSV and OpenDocument (.ods) schedules, read with the Excel foreign-schedule rules.

A CSV file becomes one grid (delimiter and encoding sniffed: UTF-8 with or
without BOM, else cp1252; commas, semicolons as Excel writes them in German
and French locales, tabs); an .ods file's sheets are read by python-calamine.
The grids then go through the same header detection, synonyms and mapping as
a foreign workbook (:mod:`relm_desktop.exchange.xlsx.foreign` and ``rows``).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any, cast

from relm_desktop.exchange.csv_export import HEADER
from relm_desktop.exchange.foreign_plan import ForeignPlan, split_releases
from relm_desktop.exchange.xlsx.foreign import choose_layout
from relm_desktop.exchange.xlsx.model import NoScheduleError, ParsedImport
from relm_desktop.exchange.xlsx.read import Grid, Workbook
from relm_desktop.exchange.xlsx.rows import RowReader

MAX_BYTES = 50 * 1024 * 1024  # as for workbooks
MAX_ROWS = 100_000
MAX_CELL = 32_767  # what a spreadsheet cell holds


class _Grids:
    """The part of :class:`Workbook` that ``choose_layout`` reads: named grids."""

    def __init__(self, path: Path, grids: list[Grid]) -> None:
        self.path = path
        self.sheet_names = [g.name for g in grids]
        self.visible = {g.name: True for g in grids}
        self._grids = {g.name: g for g in grids}

    def grid(self, name: str) -> Grid:
        return self._grids[name]


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_rows(text: str) -> list[list[Any]]:
    sample = text[:64_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}

        class _Guess(csv.excel):
            delimiter = max(counts, key=lambda d: counts[d])

        dialect = _Guess
    csv.field_size_limit(MAX_CELL + 1)
    rows: list[list[Any]] = []
    for row in csv.reader(io.StringIO(text), dialect):
        if len(rows) >= MAX_ROWS:
            raise ValueError(f"over {MAX_ROWS:,} rows")
        rows.append(row)
    return rows


def _plan(path: Path, grids: list[Grid]) -> ForeignPlan:
    book = _Grids(path, grids)
    layout = choose_layout(cast(Workbook, book))
    parsed = ParsedImport(path=str(path), native=False, mapping=layout.mapping)
    parsed.problems.extend(layout.problems)
    reader = RowReader(layout, parsed, None)
    reader.read()
    reader.build()
    return ForeignPlan(parsed, name=path.stem.replace("_", " "))


def read_csv(path: Path) -> ForeignPlan:
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise NoScheduleError(f"{path}: over {MAX_BYTES // 1024 // 1024} MB; refused")
    try:
        rows = sniff_rows(decode(path.read_bytes()))
    except (csv.Error, ValueError) as exc:
        raise NoScheduleError(f"{path}: not a readable CSV file ({exc})") from None
    plan = _plan(path, [Grid(path.stem, rows)])
    if rows and tuple(str(c).strip() for c in rows[0]) == HEADER:
        _own_export(plan, rows)
    return plan


def _own_export(plan: ForeignPlan, rows: list[list[Any]]) -> None:
    """Our own CSV export: its release, outline, durations and constraints as written.

    The foreign rules would take the release from the file name, and durations and
    start-no-earlier-than dates from the scheduled Start and Finish (which hold the
    plan's holidays and links, not the task's own values).
    """
    col = {name: i for i, name in enumerate(HEADER)}
    body = rows[1:]
    releases = {str(r[col["Release"]]) for r in body if len(r) == len(HEADER)}
    if len(releases) == 1:
        plan.release = releases.pop()
    key_of = {str(r[col["ID"]]).strip(): f"row:{i}" for i, r in enumerate(body, start=2)}
    release_of: dict[str, str] = {}
    for task in plan.parsed.rows.get("task", []):
        line = rows[task.row - 1] if 0 < task.row <= len(rows) else []
        if len(line) != len(HEADER):
            continue
        values = task.values
        cell = {name: str(line[i]).strip() for name, i in col.items()}
        if cell["Release"]:
            release_of[task.key] = cell["Release"]
        if cell["Duration"].isdigit():
            values["duration"] = int(cell["Duration"])
        if cell["Parent ID"] in key_of:
            values["parent_id"] = key_of[cell["Parent ID"]]
        values.pop("constraint_type", None)
        values.pop("constraint_date", None)
        if cell["Constraint"] and cell["Constraint date"]:
            try:
                when = date.fromisoformat(cell["Constraint date"])
            except ValueError:
                continue
            values["constraint_type"], values["constraint_date"] = cell["Constraint"], when
    if len(releases) > 1 and len(release_of) == len(plan.parsed.rows.get("task", [])):
        # The export of a portfolio: each release its own, links between them kept.
        plan.parts = split_releases(plan, release_of)


def read_ods(path: Path) -> ForeignPlan:
    import python_calamine

    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise NoScheduleError(f"{path}: over {MAX_BYTES // 1024 // 1024} MB; refused")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        grids = []
        for name in book.sheet_names:
            rows: list[list[Any]] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if len(rows) > MAX_ROWS:
                raise NoScheduleError(f"{path}: sheet {name!r} has over {MAX_ROWS:,} rows")
            grids.append(Grid(name, rows))
    except NoScheduleError:
        raise
    except Exception as exc:  # calamine raises its own error types
        raise NoScheduleError(f"{path}: not a readable OpenDocument spreadsheet ({exc})") from None
    return _plan(path, grids)
