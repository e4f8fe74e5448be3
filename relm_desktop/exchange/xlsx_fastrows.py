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
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.format import Format

_EPOCH = date(1899, 12, 30).toordinal()
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_COLS = [_letters(i) for i in range(1024)]


def _text(value: str) -> str:
    value = _BAD_XML.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value[:1].isspace() or value[-1:].isspace() or "\n" in value:
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


class FastRows:
    """Collects data rows per sheet as XML; :meth:`splice` writes them into the closed file."""

    def __init__(self) -> None:
        self.rows: dict[int, list[str]] = {}  # sheet position (1-based) → row XML
        self.extent: dict[int, tuple[int, int]] = {}  # sheet → (last row, last column), 0-based

    def header(self, sheet: int, columns: int) -> None:
        """The sheet's header (written by xlsxwriter) spans ``columns`` columns."""
        self.extent[sheet] = (0, max(columns - 1, 0))

    def add(self, sheet: int, row: int, cells: list[tuple[int, Any, Format | None]]) -> None:
        """One row: ``(column, value, format)`` per cell; None values with a format are blanks."""
        r = row + 1
        parts = [f'<row r="{r}">']
        last_col = 0
        for col, value, fmt in cells:
            ref = f"{_COLS[col]}{r}"
            style = f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
            last_col = col
            if value is None or value == "":
                if fmt is not None:
                    parts.append(f'<c r="{ref}"{style}/>')
            elif isinstance(value, str):
                parts.append(f'<c r="{ref}"{style} t="inlineStr">{_text(value)}</c>')
            elif isinstance(value, bool):
                text = "yes" if value else "no"
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t>{text}</t></is></c>')
            elif isinstance(value, datetime | date):
                parts.append(f'<c r="{ref}"{style}><v>{value.toordinal() - _EPOCH}</v></c>')
            else:
                parts.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
        parts.append("</row>")
        self.rows.setdefault(sheet, []).append("".join(parts))
        old_row, old_col = self.extent.get(sheet, (0, 0))
        self.extent[sheet] = (max(old_row, row), max(old_col, last_col))

    def splice(self, path: Path) -> None:
        """Insert the collected rows into the sheets of the workbook at ``path``."""
        if not self.rows:
            return
        temporary = path.with_name(path.name + ".rows")
        with (
            zipfile.ZipFile(path) as source,
            zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
                if match and int(match.group(1)) in self.rows:
                    data = self._sheet(int(match.group(1)), data)
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        shutil.move(temporary, path)

    def _sheet(self, sheet: int, xml: bytes) -> bytes:
        body = "".join(self.rows[sheet]).encode("utf-8")
        if b"</sheetData>" in xml:
            xml = xml.replace(b"</sheetData>", body + b"</sheetData>", 1)
        else:
            xml = xml.replace(b"<sheetData/>", b"<sheetData>" + body + b"</sheetData>", 1)
        last_row, last_col = self.extent[sheet]
        ref = f'<dimension ref="A1:{_COLS[last_col]}{last_row + 1}"/>'.encode()
        return _DIMENSION.sub(ref, xml, count=1)
