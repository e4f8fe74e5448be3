"""Fast data rows for the export: xlsxwriter writes the workbook, we write the big rows.

xlsxwriter spends ~10 µs on each cell; a 10,000-task export has ~300,000.
Here each row becomes XML text directly (inline strings, numbers, date
serials) using the style indices xlsxwriter assigned to its formats, and the
rows are spliced into the sheets' ``<sheetData>`` after xlsxwriter closed the
file. Headers, widths, freeze panes, filters, validations and comments stay
xlsxwriter's. Text is always an inline string cell: never a formula.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from typing import IO, Any, NamedTuple

from xlsxwriter.format import Format

from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.safety import MAX_CELL_TEXT, looks_like_formula

_EPOCH = date(1899, 12, 30).toordinal()
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


_COLS = [column_letter(i) for i in range(1024)]


def _text(value: str) -> str:
    value = _BAD_XML.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value[:1].isspace() or value[-1:].isspace() or "\n" in value:
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def style(fmt: Format | None) -> str:
    """The ``s`` attribute of a cell in format ``fmt`` (xlsxwriter's index for it)."""
    return f' s="{fmt._get_xf_index()}"' if fmt is not None else ""


class ColumnStyle(NamedTuple):
    """The ``s`` attributes one column's cells take, by value type (see :func:`style`)."""

    text: str
    quoted: str  # text that would read as a formula: Excel's quote prefix keeps it text
    number: str
    date: str
    blank: str | None  # an empty value: a styled empty cell, or (None) no cell at all


# Text that needs nothing done to it: no markup characters, control characters or
# characters XML forbids (spaces at either end are checked apart).
_PLAIN = re.compile("[^&<>\x00-\x1f\ufffe\uffff]*")


def column_cells(
    col: int, values: list[Any], rows: list[str], st: ColumnStyle, cut: list[str] | None = None
) -> list[str]:
    """One column's cells as XML, ``""`` where a row has no cell; ``rows`` are row numbers.

    Text longer than a cell holds is cut to 32,767 characters and its reference (``E12``)
    appended to ``cut``. The common types are tested inline, in the order of how often
    they occur: a call per cell would cost as much as all the rest.
    """
    letter = _COLS[col]
    blank, text_style, quoted, number, date_style = st.blank, st.text, st.quoted, st.number, st.date
    empty = "" if blank is None else None
    plain = _PLAIN.fullmatch
    out: list[str] = []
    append = out.append
    for value, r in zip(values, rows, strict=True):
        kind = type(value)
        if kind is str and value:
            if len(value) > MAX_CELL_TEXT:
                value = _cut(value, f"{letter}{r}", cut)
            s = quoted if looks_like_formula(value) else text_style
            if plain(value) and not (value[0].isspace() or value[-1].isspace()):
                append(f'<c r="{letter}{r}"{s} t="inlineStr"><is><t>{value}</t></is></c>')
            else:
                append(f'<c r="{letter}{r}"{s} t="inlineStr">{_text(value)}</c>')
        elif value is None or kind is str:
            append(empty if empty is not None else f'<c r="{letter}{r}"{blank}/>')
        elif kind is int or kind is float:
            append(f'<c r="{letter}{r}"{number}><v>{value}</v></c>')
        elif kind is date:
            append(f'<c r="{letter}{r}"{date_style}><v>{value.toordinal() - _EPOCH}</v></c>')
        else:
            append(_other(letter, r, value, st, cut))
    return out


def _cut(value: str, where: str, cut: list[str] | None) -> str:
    if cut is not None:
        cut.append(where)
    return value[:MAX_CELL_TEXT]


def _other(letter: str, r: str, value: object, st: ColumnStyle, cut: list[str] | None) -> str:
    """The rarer types: flags, date-times, enum members and other objects written as text."""
    if value == "":
        return "" if st.blank is None else f'<c r="{letter}{r}"{st.blank}/>'
    if isinstance(value, bool):
        word = "yes" if value else "no"
        return f'<c r="{letter}{r}"{st.text} t="inlineStr"><is><t>{word}</t></is></c>'
    if isinstance(value, datetime):
        if value.hour or value.minute:  # a time of day (17:00: a day's end) is the fraction
            serial = value.toordinal() - _EPOCH + (value.hour * 60 + value.minute) / 1440
            return f'<c r="{letter}{r}"{st.date}><v>{serial}</v></c>'
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{letter}{r}"{st.date}><v>{value.toordinal() - _EPOCH}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{letter}{r}"{st.number}><v>{value}</v></c>'
    text = str(value)
    if len(text) > MAX_CELL_TEXT:
        text = _cut(text, f"{letter}{r}", cut)
    s = st.quoted if looks_like_formula(text) else st.text
    return f'<c r="{letter}{r}"{s} t="inlineStr">{_text(text)}</c>'


class FastRows:
    """Collects data rows per sheet as XML; :meth:`splice` writes them into the closed file."""

    def __init__(self) -> None:
        self.rows: dict[int, list[str]] = {}  # sheet position (1-based) → row XML
        self.extent: dict[int, tuple[int, int]] = {}  # sheet → (last row, last column), 0-based

    def header(self, sheet: int, columns: int) -> None:
        """The sheet's header (written by xlsxwriter) spans ``columns`` columns."""
        self.extent[sheet] = (0, max(columns - 1, 0))

    def add_columns(self, sheet: int, first: int, columns: list[list[str]]) -> None:
        """Rows ``first``, ``first + 1``, … (0-based) from cells made by :func:`column_cells`."""
        count = len(columns[0]) if columns else 0
        if not count:
            return
        target = self.rows.setdefault(sheet, [])
        target.extend(
            f'<row r="{r}">{"".join(cells)}</row>'
            for r, cells in enumerate(zip(*columns, strict=True), start=first + 1)
        )
        old_row, old_col = self.extent.get(sheet, (0, 0))
        last_col = max((i for i, cells in enumerate(columns) if any(cells)), default=0)
        self.extent[sheet] = (max(old_row, first + count - 1), max(old_col, last_col))

    def add_xml(self, sheet: int, row: int, xml: str, last_col: int) -> None:
        """One row already written as XML (``<row r=…>…</row>``), 0-based ``row``."""
        self.rows.setdefault(sheet, []).append(xml)
        old_row, old_col = self.extent.get(sheet, (0, 0))
        self.extent[sheet] = (max(old_row, row), max(old_col, last_col))

    def splice(self, source: IO[bytes], target: IO[bytes]) -> None:
        """Copy the workbook in ``source`` (xlsxwriter's, closed) to ``target`` with the
        collected rows inserted into its sheets. Both are open files: no file is made here."""
        source.seek(0)
        if not self.rows:
            while chunk := source.read(1 << 20):
                target.write(chunk)
            return
        with (
            zipfile.ZipFile(source) as book,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
        ):
            for info in book.infolist():
                data = book.read(info.filename)
                match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
                if match and int(match.group(1)) in self.rows:
                    data = self._sheet(int(match.group(1)), data)
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)

    def _sheet(self, sheet: int, xml: bytes) -> bytes:
        body = "".join(self.rows[sheet]).encode("utf-8")
        if b"</sheetData>" in xml:
            xml = xml.replace(b"</sheetData>", body + b"</sheetData>", 1)
        else:
            xml = xml.replace(b"<sheetData/>", b"<sheetData>" + body + b"</sheetData>", 1)
        last_row, last_col = self.extent[sheet]
        ref = f'<dimension ref="A1:{_COLS[last_col]}{last_row + 1}"/>'.encode()
        return _DIMENSION.sub(ref, xml, count=1)
