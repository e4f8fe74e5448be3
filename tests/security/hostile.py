"""Hostile workbooks: small files whose content claims a huge or slow read.

Each builder writes one file by hand (zip parts and XML as strings), so the
test documents exactly what a reader is faced with; the package parts they
share come from tests/security/malformed.py.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.security.malformed import (
    CONTENT_TYPES,
    ROOT_RELS,
    SHEET_HEAD,
    WORKBOOK,
    WORKBOOK_RELS,
)

HOSTILE_HEADER = ("Task", "Duration", "Predecessors")


def _part_types(extra: str) -> str:
    return CONTENT_TYPES.replace("</Types>", extra + "</Types>")


def _book(
    path: Path,
    sheet: str | Callable[[Callable[[bytes], object]], None],
    *,
    shared: list[str] | None = None,
    styles: str | None = None,
) -> Path:
    """A one-sheet workbook written by hand; ``sheet`` is the sheet's XML or a function
    handed the part's ``write`` (to stream large sheets)."""
    rels = WORKBOOK_RELS.replace("</Relationships>", "")
    types = ""
    if shared is not None:
        rels += (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        )
        types += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    if styles is not None:
        rels += (
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/styles" Target="styles.xml"/>'
        )
        types += (
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _part_types(types))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", rels + "</Relationships>")
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            z.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                f'openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" '
                f'uniqueCount="{len(shared)}">{items}</sst>',
            )
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            if callable(sheet):
                sheet(part.write)
            else:
                part.write(sheet.encode())
    return path


def _cells(r: int, values: tuple[object, ...]) -> str:
    out = []
    for col, value in enumerate(values):
        ref = f"{chr(65 + col)}{r}"
        if isinstance(value, int):
            out.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    return "".join(out)


def _schedule_rows(count: int, first: int = 2) -> str:
    """``count`` plain task rows starting at row ``first`` (the header is row 1)."""
    return "".join(
        f'<row r="{r}">{_cells(r, (f"Task {r}", 2, ""))}</row>' for r in range(first, first + count)
    )


def _schedule_sheet(rows: int = 3, *, head: str = "", tail: str = "", extra: str = "") -> str:
    """A small valid foreign schedule; ``head`` goes before sheetData, ``extra`` inside it
    after the rows, ``tail`` after it."""
    return (
        f'{SHEET_HEAD}{head}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'
        f"{_schedule_rows(rows)}{extra}</sheetData>{tail}</worksheet>"
    )


def hostile_far_corner(d: Path) -> Path:
    """Cells A1 and XFD100000: 1.6 KB on disk, a 100,000 × 16,384 grid when read densely."""
    return _book(
        d / "far-corner.xlsx",
        f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'
        '<row r="100000"><c r="XFD100000"><v>1</v></c></row></sheetData></worksheet>',
    )


def hostile_far_corner_five_digits(d: Path) -> Path:
    """Cells A1 and XFD99999: every row number short, one column reference long."""
    return _book(
        d / "far-corner-99999.xlsx",
        f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'
        '<row r="99999"><c r="XFD99999"><v>1</v></c></row></sheetData></worksheet>',
    )


def hostile_repeated_reference(d: Path) -> Path:
    """``<c r="B2" r="XFD99999">``: calamine takes the last ``r`` of a tag."""
    return _book(
        d / "repeated-r.xlsx",
        f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'
        '<row r="2"><c r="B2" r="XFD99999"><v>1</v></c></row></sheetData></worksheet>',
    )


def hostile_far_corner_no_refs(d: Path) -> Path:
    """The same extent from cells without ``r`` attributes: 16,384 cells in a row, then a
    row placed at 100,000 (a reader must count implicit positions too)."""
    wide = "<c><v>1</v></c>" * 16_384
    return _book(
        d / "implicit-wide.xlsx",
        f"{SHEET_HEAD}<sheetData><row>{_cells(1, HOSTILE_HEADER)}</row><row>{wide}</row>"
        '<row r="100000"><c><v>1</v></c></row></sheetData></worksheet>',
    )


def hostile_odd_syntax_ref(d: Path) -> Path:
    """The far cell written with a tab before its attribute, single quotes and a namespace
    prefix: what a quick byte count of ``<c r="`` misses."""
    return _book(
        d / "odd-syntax.xlsx",
        f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'
        "<row r='90000'><x:c\tr='XFD90000' xmlns:x=\"http://schemas.openxmlformats.org/"
        'spreadsheetml/2006/main"><x:v>1</x:v></x:c></row></sheetData></worksheet>',
    )


def hostile_long_column_letters(d: Path) -> Path:
    """A reference beyond column XFD (``AAAAAAA``): an overflowing column number."""
    return _book(
        d / "long-letters.xlsx",
        f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'
        '<row r="5000"><c r="AAAAAAA5000"><v>1</v></c></row></sheetData></worksheet>',
    )


def hostile_last_row(d: Path) -> Path:
    """One cell in row 1,048,576 (Excel's last), with ``spans="1:16384"``."""
    return _book(
        d / "last-row.xlsx",
        _schedule_sheet(
            extra='<row r="1048576" spans="1:16384"><c r="A1048576"><v>1</v></c></row>'
        ),
    )


def hostile_empty_extreme_rows(d: Path) -> Path:
    """Row elements at 1,048,576 and ``spans="1:16384"`` but no cells in them, and a merged
    range over the whole sheet: nothing to read there, the schedule imports."""
    return _book(
        d / "empty-extremes.xlsx",
        _schedule_sheet(
            extra='<row r="1048576" spans="1:16384" hidden="0" ht="409"/>',
            tail='<mergeCells count="1"><mergeCell ref="D1:XFD1048576"/></mergeCells>',
        ),
    )


def hostile_hidden_columns(d: Path) -> Path:
    """``<col min="1" max="3000000000" hidden="1"/>`` after a valid schedule's columns."""
    return _book(
        d / "hidden-columns.xlsx",
        _schedule_sheet(head='<cols><col min="4" max="3000000000" hidden="1"/></cols>'),
    )


def hostile_many_merges(d: Path) -> Path:
    """200,000 merged ranges over the header row, each 16,384 columns wide."""
    merges = '<mergeCell ref="A1:XFD1"/>' * 200_000
    return _book(
        d / "merges.xlsx",
        _schedule_sheet(tail=f'<mergeCells count="200000">{merges}</mergeCells>'),
    )


def hostile_slow_parsers(d: Path) -> Path:
    """~60-110 KB: duration and predecessor texts of long whitespace runs, on which a
    backtracking regular expression takes minutes (``1`` + 3,000 spaces + ``1``)."""
    rng = random.Random(5)

    def write(out: Callable[[bytes], object]) -> None:
        out(f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'.encode())
        for r in range(2, 62):
            name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(1500))
            values = (f"Task {name}", "1" + " " * 3000 + "1", "1" + "\t" * 3000 + "+")
            out(f'<row r="{r}">{_cells(r, values)}</row>'.encode())
        out(b"</sheetData></worksheet>")

    return _book(d / "slow-parsers.xlsx", write)


def hostile_formula_markers(d: Path) -> Path:
    """Long texts of ``:f`` (a namespaced formula tag's look-alike) in cells with a formula."""
    text = ":f" * 16_000

    def write(out: Callable[[bytes], object]) -> None:
        out(f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'.encode())
        for r in range(2, 300):
            out(
                f'<row r="{r}">{_cells(r, (text, 2, ""))}<c r="D{r}"><f>1+1</f><v>2</v></c>'
                "</row>".encode()
            )
        out(b"</sheetData></worksheet>")

    return _book(d / "formula-markers.xlsx", write)


def hostile_unclosed_styles(d: Path) -> Path:
    """A styles part of 20,000 ``<xf>`` and ``<cellXfs>`` tags never closed."""
    styles = (
        '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1">'
        + '<xf numFmtId="0"><alignment indent="1"/>' * 20_000
        + "<cellXfs>" * 20_000
        + "</styleSheet>"
    )
    return _book(d / "unclosed-styles.xlsx", _schedule_sheet(), styles=styles)


def _many_rows(path: Path, rows: int, dimension: str) -> Path:
    def write(out: Callable[[bytes], object]) -> None:
        out(f'{SHEET_HEAD}{dimension}<sheetData><row r="1">'.encode())
        out(f"{_cells(1, HOSTILE_HEADER)}</row>".encode())
        for start in range(2, rows + 2, 5000):
            out(_schedule_rows(min(5000, rows + 2 - start), start).encode())
        out(b"</sheetData></worksheet>")

    return _book(path, write)


def hostile_rows_without_dimension(d: Path) -> Path:
    """150,000 task rows and no ``<dimension>``: the row limit must hold without it."""
    return _many_rows(d / "no-dimension.xlsx", 150_000, "")


def hostile_lying_dimension(d: Path) -> Path:
    """``<dimension ref="A1:B2"/>`` over 200,000 rows."""
    return _many_rows(d / "lying-dimension.xlsx", 200_000, '<dimension ref="A1:B2"/>')


def hostile_long_shared_string(d: Path) -> Path:
    """A task name of 40,000 characters in the shared strings (Excel holds 32,767)."""
    sheet = (
        f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>2</v></c></row>'
        f"{_schedule_rows(2, 3)}</sheetData></worksheet>"
    )
    return _book(d / "long-shared.xlsx", sheet, shared=["N" * 40_000])


def hostile_long_inline_string(d: Path) -> Path:
    """A 40,000-character inline string in the Duration column of row 3."""
    return _book(
        d / "long-inline.xlsx",
        _schedule_sheet(
            extra=f'<row r="5">{_cells(5, ("Task 5", "5" * 40_000, ""))}</row>',
        ),
    )


def hostile_shared_string_copies(d: Path) -> Path:
    """One 30,000-character shared string shown by 100,000 cells: calamine copies it into
    each (3 GB) from a workbook of a few hundred KB."""

    def write(out: Callable[[bytes], object]) -> None:
        out(f'{SHEET_HEAD}<sheetData><row r="1">{_cells(1, HOSTILE_HEADER)}</row>'.encode())
        for start in range(2, 50_002, 5000):
            out(
                "".join(
                    f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="C{r}" t="s"><v>0</v></c>'
                    "</row>"
                    for r in range(start, start + 5000)
                ).encode()
            )
        out(b"</sheetData></worksheet>")

    return _book(d / "shared-copies.xlsx", write, shared=["S" * 30_000])


#: kind → (generator, what ``relm import`` says: a refusal's words, or None to import)
HOSTILE_KINDS: dict[str, tuple[Callable[[Path], Path], str | None]] = {
    "cells A1 and XFD100000": (hostile_far_corner, "cells"),
    "cells A1 and XFD99999": (hostile_far_corner_five_digits, "cells"),
    "a cell tag with two r attributes": (hostile_repeated_reference, "cells"),
    "16,384 cells without references, a row at 100,000": (hostile_far_corner_no_refs, "cells"),
    "far cell in unusual attribute syntax": (hostile_odd_syntax_ref, "cells"),
    "column letters beyond XFD": (hostile_long_column_letters, "beyond column XFD"),
    "a cell in row 1,048,576": (hostile_last_row, "100,000 rows"),
    "empty rows and merges at the sheet's end": (hostile_empty_extreme_rows, None),
    "<col max=3000000000 hidden>": (hostile_hidden_columns, None),
    "200,000 full-width merged ranges": (hostile_many_merges, "merged"),
    "whitespace runs in durations and predecessors": (hostile_slow_parsers, "no schedule found"),
    "formula look-alikes in long texts": (hostile_formula_markers, "longer than 500"),
    "styles with unclosed tags": (hostile_unclosed_styles, "not a readable"),
    "150,000 rows without <dimension>": (hostile_rows_without_dimension, "100,000 rows"),
    "<dimension> saying A1:B2 over 200,000 rows": (hostile_lying_dimension, "100,000 rows"),
    "a 40,000-character shared string": (hostile_long_shared_string, "32,767 characters"),
    "a 40,000-character inline string": (hostile_long_inline_string, "32,767 characters"),
    "a 30,000-character shared string in 100,000 cells": (hostile_shared_string_copies, "MB"),
}
