"""Reading a workbook's sheets as grids of values plus the structure importers need.

Values come from python-calamine (cached values of formulas, dates typed as
dates; about 15× faster than openpyxl). What calamine does not expose —
hidden rows and columns, formulas without a cached value, cell indentation,
the 1904 date system — is read from the workbook's XML parts directly with a
few regular expressions, and only when the part can contain it.

Before calamine reads a sheet, its extent is scanned from its cells
(``guard.scan_sheet``): calamine builds a dense grid up to the last cell,
so a sheet over the limits is refused before it is read. Every expression
here runs in time linear in the part.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

import python_calamine

from relm_desktop.exchange.xlsx.guard import (
    DEFAULT_LIMITS,
    Limits,
    UnsafeWorkbookError,
    scan_shared_strings,
    scan_sheet,
)
from relm_desktop.exchange.xlsx.letters import column_letter

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")  # a cell's tag; its body runs to the next
_ATTR_R = re.compile(rb'\br="([A-Z]+)?(\d+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_MIN_MAX = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_XF_BLOCK = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>")
_XF_END = re.compile(rb"</(?:\w+:)?cellXfs>")
_XF = re.compile(rb"<(?:\w+:)?xf\b")
_INDENT = re.compile(rb'\bindent="(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_MAX_COLUMNS = 16_384  # Excel's last column, XFD
_MAX_COL_TAGS = 16_384  # <col> elements read for hidden columns; more mean nothing new


def _has_formula(xml: bytes) -> bool:
    """Whether a sheet holds a formula element: C-speed searches for ``<f`` and ``:f``,
    each confirmed by the expression from the ``<`` at most 32 bytes before it (a prefix
    is short; looking further back made long texts of ``:f`` quadratic)."""
    for marker in (b"<f", b":f"):
        at = xml.find(marker)
        while at != -1:
            lt = xml.rfind(b"<", max(0, at - 32), at + 1)
            if lt != -1 and _FORMULA.match(xml, lt):
                return True
            at = xml.find(marker, at + 2)
    return False


class WorkbookError(ValueError):
    """The file is not a readable .xlsx workbook; the message names the file."""


@dataclass(slots=True)
class Grid:
    """One sheet: ``rows[r][c]`` is the value of spreadsheet row r+1, column c+1."""

    name: str
    rows: list[list[Any]]
    visible: bool = True
    hidden_rows: frozenset[int] = frozenset()  # 0-based
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    missing_cached: frozenset[tuple[int, int]] = frozenset()  # formulas without a cached value
    indents: dict[tuple[int, int], int] = field(default_factory=dict)

    def cell(self, row: int, col: int) -> object:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


def _column_index(letters: bytes) -> int:
    value = 0
    for ch in letters:
        value = value * 26 + ch - 64
    return value - 1


def _attr(attrs: bytes, name: bytes) -> str | None:
    match = re.search(rb"\b" + name + rb'="([^"]*)"', attrs)
    return unescape(match.group(1).decode("utf-8")) if match else None


class Workbook:
    """An open .xlsx file: sheet names and, on demand, each sheet as a :class:`Grid`."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(self.path)
            # calamine reads every shared string when it opens the file: count them first.
            self._longest_shared = self._scan_shared()
            self._book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except UnsafeWorkbookError as exc:
            self._zip.close()
            raise WorkbookError(str(exc)) from None
        except FileNotFoundError:
            raise WorkbookError(f"{self.path}: no such file") from None
        except Exception as exc:  # calamine raises its own error types
            raise WorkbookError(f"{self.path}: not a readable .xlsx workbook ({exc})") from None
        self.sheet_names: list[str] = list(self._book.sheet_names)
        self.visible = {
            meta.name: str(meta.visible).endswith("Visible") for meta in self._book.sheets_metadata
        }
        self._parts = self._sheet_parts()
        self.date1904 = b'date1904="1"' in self._read("xl/workbook.xml") or (
            b'date1904="true"' in self._read("xl/workbook.xml")
        )
        self._indent_styles: dict[int, int] | None = None

    def _scan_shared(self) -> int:
        names = [n for n in self._zip.namelist() if n.lower().endswith("sharedstrings.xml")]
        return max(
            (
                scan_shared_strings(
                    partial(self._zip.open, name), f"{self.path}: {name}", self.limits
                )
                for name in names
            ),
            default=0,
        )

    def close(self) -> None:
        self._zip.close()
        self._book.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parts(self, name: str) -> tuple[bytes, bytes]:
        """A sheet's XML and the workbook's styles: what cell fills are read from."""
        return self._read(self._parts.get(name, "")), self._read("xl/styles.xml")

    def _read(self, name: str) -> bytes:
        try:
            return self._zip.read(name)
        except KeyError:
            return b""

    def _sheet_parts(self) -> dict[str, str]:
        rels: dict[str, str] = {}
        for match in _REL.finditer(self._read("xl/_rels/workbook.xml.rels")):
            rid, target = _attr(match.group(1), b"Id"), _attr(match.group(1), b"Target")
            if rid and target:
                target = target.lstrip("/")
                rels[rid] = target if target.startswith("xl/") else f"xl/{target}"
        parts: dict[str, str] = {}
        for match in _SHEET.finditer(self._read("xl/workbook.xml")):
            name = _attr(match.group(1), b"name")
            rid = _attr(match.group(1), b"r:id") or _attr(match.group(1), rb"\w+:id")
            if name is not None and rid in rels:
                parts[name] = rels[rid]
        return parts

    def _indent_style_ids(self) -> dict[int, int]:
        if self._indent_styles is None:
            self._indent_styles = {}
            styles = self._read("xl/styles.xml")
            block = _XF_BLOCK.search(styles)
            if block:
                end = _XF_END.search(styles, block.end())
                body = styles[block.end() : end.start() if end else len(styles)]
                # Each xf runs to the next one: linear, whether or not its tags are closed.
                starts = [m.start() for m in _XF.finditer(body)] + [len(body)]
                for index, (a, b) in enumerate(itertools.pairwise(starts)):
                    found = _INDENT.search(body, a, b)
                    if found and int(found.group(1)) > 0:
                        self._indent_styles[index] = int(found.group(1))
        return self._indent_styles

    def row_count(self, name: str) -> int:
        """Rows the sheet declares (its dimension), read without parsing the sheet."""
        part = self._parts.get(name)
        if not part:
            return 0
        with self._zip.open(part) as stream:
            head = stream.read(4096)
        found = re.search(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:?[A-Z]*(\d*)"', head)
        return int(found.group(1)) if found and found.group(1) else 0

    def grid(self, name: str) -> Grid:
        """Read one sheet (values and structure); WorkbookError when over the limits."""
        part = self._parts.get(name, "")
        where = f"{self.path}: sheet {name!r}"
        hidden = formulas = False
        if part in self._zip.NameToInfo:
            try:
                extent = scan_sheet(
                    lambda: self._zip.open(part), where, self.limits, self._longest_shared
                )
            except UnsafeWorkbookError as exc:
                raise WorkbookError(str(exc)) from None
            hidden, formulas = extent.hidden, extent.formulas
        sheet = self._book.get_sheet_by_name(name)
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        self._check_text(rows, where)
        grid = Grid(name, rows, visible=self.visible.get(name, True))
        try:
            grid.merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        except Exception:  # older calamine: no merged ranges
            grid.merged = []
        if hidden or formulas or self._indent_style_ids():
            xml = self._read(part)
            if xml:
                self._structure(xml, grid, hidden, formulas)
        return grid

    def _check_text(self, rows: list[list[Any]], where: str) -> None:
        """Refuse text longer than a cell holds (Excel never writes it): name the cell."""
        limit = self.limits.max_text
        long = [
            (r, c, len(v))
            for r, row in enumerate(rows)
            for c, v in enumerate(row)
            if v.__class__ is str and len(v) > limit
        ]
        if long:
            r, c, size = long[0]
            more = f" (and {len(long) - 1} more)" if len(long) > 1 else ""
            raise WorkbookError(
                f"{where}, cell {column_letter(c)}{r + 1} (row {r + 1}, column "
                f"{column_letter(c)}) holds {size:,} characters; a cell holds at most "
                f"{limit:,} characters{more}"
            )

    def _structure(self, xml: bytes, grid: Grid, hidden: bool, formulas: bool) -> None:
        hidden_rows: set[int] = set()
        width = min(max((len(row) for row in grid.rows), default=0), _MAX_COLUMNS)
        if hidden:
            for match in _ROW.finditer(xml):
                attrs = match.group(1)
                if _HIDDEN.search(attrs):
                    number = re.search(rb'\br="(\d+)"', attrs)
                    if number:
                        hidden_rows.add(int(number.group(1)) - 1)
            hidden_cols: set[int] = set()
            for index, match in enumerate(_COL.finditer(xml)):
                if index >= _MAX_COL_TAGS:
                    break
                if _HIDDEN.search(match.group(1)):
                    bounds = _MIN_MAX.search(match.group(1))
                    if bounds:  # only columns the grid has: max may say 3,000,000,000
                        low = max(int(bounds.group(1)) - 1, 0)
                        hidden_cols.update(range(low, min(int(bounds.group(2)), width)))
            grid.hidden_columns = frozenset(hidden_cols)
        grid.hidden_rows = frozenset(hidden_rows)
        indent_styles = self._indent_style_ids()
        has_formulas = formulas and _has_formula(xml)
        if not has_formulas and not indent_styles:
            return
        missing: set[tuple[int, int]] = set()
        tags = list(_CELL_TAG.finditer(xml))
        for index, match in enumerate(tags):
            attrs = match.group(1)
            # A cell's body runs to the next cell's tag: linear even if no </c> follows.
            end = tags[index + 1].start() if index + 1 < len(tags) else len(xml)
            body = b"" if match.group(2) else xml[match.end() : end]
            where = _ATTR_R.search(attrs)
            if not where or where.group(1) is None:
                continue
            row, col = int(where.group(2)) - 1, _column_index(where.group(1))
            if indent_styles:
                style = _ATTR_S.search(attrs)
                if style and int(style.group(1)) in indent_styles:
                    grid.indents[(row, col)] = indent_styles[int(style.group(1))]
            if has_formulas and _FORMULA.search(body):
                value = _VALUE.search(body)
                if not value or not value.group(1):
                    missing.add((row, col))
        grid.missing_cached = frozenset(missing)
