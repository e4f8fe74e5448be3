"""Generators of malformed files: each returns the path of one bad file it wrote.

Generated rather than checked in, so the corpus documents how each file is
built; sizes stay small on disk even where the content claims to be huge.
"""

from __future__ import annotations

import os
import random
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from relm_desktop.store.database import create_plan_file

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Tasks" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _xlsx(path: Path, sheet_xml: str | Callable[[zipfile.ZipFile], None]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if callable(sheet_xml):
            sheet_xml(z)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def plain_sheet(rows: list[list[str]]) -> str:
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in row)
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    return f"{SHEET_HEAD}<sheetData>{body}</sheetData></worksheet>"


# -- .relm -------------------------------------------------------------------------
def relm_random_bytes(d: Path) -> Path:
    p = d / "random.relm"
    p.write_bytes(random.Random(1).randbytes(64 * 1024))
    return p


def relm_empty(d: Path) -> Path:
    p = d / "empty.relm"
    p.write_bytes(b"")
    return p


def relm_truncated(d: Path) -> Path:
    p = d / "truncated.relm"
    create_plan_file(p).close()
    p.write_bytes(p.read_bytes()[:3000])
    return p


def relm_corrupt_pages(d: Path) -> Path:
    p = d / "corrupt.relm"
    create_plan_file(p).close()
    data = bytearray(p.read_bytes())
    data[100:8192] = random.Random(2).randbytes(8092)
    p.write_bytes(bytes(data))
    return p


def relm_other_schema(d: Path) -> Path:
    p = d / "other-app.relm"
    con = sqlite3.connect(p)
    con.executescript("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
    con.close()
    return p


def relm_with_trigger(d: Path) -> Path:
    p = d / "trigger.relm"
    create_plan_file(p).close()
    con = sqlite3.connect(p)
    con.execute("CREATE TRIGGER wipe AFTER UPDATE ON task BEGIN DELETE FROM risk; END")
    con.close()
    return p


def relm_with_view(d: Path) -> Path:
    p = d / "view.relm"
    create_plan_file(p).close()
    con = sqlite3.connect(p)
    con.execute("CREATE VIEW v AS SELECT name FROM task")
    con.close()
    return p


def relm_newer_schema(d: Path) -> Path:
    p = d / "newer.relm"
    create_plan_file(p).close()
    con = sqlite3.connect(p)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9000_future'")
    con.close()
    return p


def relm_is_a_zip(d: Path) -> Path:
    return _xlsx(d / "actually-xlsx.relm", plain_sheet([["Task"]]))


def relm_directory(d: Path) -> Path:
    p = d / "folder.relm"
    p.mkdir()
    return p


def relm_empty_version_table(d: Path) -> Path:
    p = d / "no-version.relm"
    create_plan_file(p).close()
    con = sqlite3.connect(p)
    with con:
        con.execute("DELETE FROM alembic_version")
    con.close()
    return p


RELM_KINDS: dict[str, Callable[[Path], Path]] = {
    "random bytes named .relm": relm_random_bytes,
    "empty .relm": relm_empty,
    "truncated .relm": relm_truncated,
    "corrupt pages in .relm": relm_corrupt_pages,
    "SQLite file with another schema": relm_other_schema,
    ".relm with a trigger added": relm_with_trigger,
    ".relm with a view added": relm_with_view,
    ".relm from a newer version": relm_newer_schema,
    "workbook renamed .relm": relm_is_a_zip,
    "directory named .relm": relm_directory,
    ".relm without a schema version": relm_empty_version_table,
}


# -- .xlsx -------------------------------------------------------------------------
def xlsx_random_bytes(d: Path) -> Path:
    p = d / "random.xlsx"
    p.write_bytes(random.Random(3).randbytes(32 * 1024))
    return p


def xlsx_empty(d: Path) -> Path:
    p = d / "empty.xlsx"
    p.write_bytes(b"")
    return p


def xlsx_truncated(d: Path) -> Path:
    p = _xlsx(d / "full.xlsx", plain_sheet([["Task", "Duration"], ["Build", "5"]] * 200))
    t = d / "truncated.xlsx"
    t.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    return t


def xlsx_zip_bomb(d: Path) -> Path:
    """A sheet that inflates to 2 GiB from a few MB on disk."""

    def write(z: zipfile.ZipFile) -> None:
        chunk = b" " * (1 << 20)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_HEAD.encode() + b"<sheetData>")
            for _ in range(2048):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")

    return _xlsx(d / "bomb.xlsx", write)


def xlsx_million_rows(d: Path) -> Path:
    """1,048,576 real rows (Excel's maximum), one number each."""

    def write(z: zipfile.ZipFile) -> None:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write((SHEET_HEAD + '<dimension ref="A1:A1048576"/><sheetData>').encode())
            for start in range(1, 1_048_577, 4096):
                part.write(
                    "".join(
                        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'
                        for r in range(start, min(start + 4096, 1_048_577))
                    ).encode()
                )
            part.write(b"</sheetData></worksheet>")

    return _xlsx(d / "million.xlsx", write)


def xlsx_legacy_xls(d: Path) -> Path:
    p = d / "legacy.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    p.write_bytes(header + b"\x00" * 482 + "Workbook".encode("utf-16-le") + b"\x00" * 4000)
    return p


def xlsx_encrypted(d: Path) -> Path:
    """What Excel writes for a password-protected workbook: a compound file with
    EncryptionInfo and EncryptedPackage streams instead of a zip."""
    p = d / "encrypted.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    body = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
    body += "EncryptedPackage".encode("utf-16-le") + os.urandom(4000)
    p.write_bytes(header + b"\x00" * 482 + body)
    return p


def xlsx_csv_renamed(d: Path) -> Path:
    p = d / "csv.xlsx"
    p.write_text("Task,Start,Finish\nBuild,2027-01-04,2027-01-08\n", encoding="utf-8")
    return p


def xlsx_other_zip(d: Path) -> Path:
    p = d / "document.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<document/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    return p


def xlsx_entity_expansion(d: Path) -> Path:
    """A 'billion laughs' DTD in the sheet: must be refused or ignored, never expanded."""
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    sheet = (
        lol + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _xlsx(d / "laughs.xlsx", sheet)


XLSX_FILE_KINDS: dict[str, Callable[[Path], Path]] = {
    "random bytes named .xlsx": xlsx_random_bytes,
    "empty .xlsx": xlsx_empty,
    "truncated .xlsx": xlsx_truncated,
    "zip bomb .xlsx": xlsx_zip_bomb,
    "workbook with 1,048,576 rows": xlsx_million_rows,
    ".xls renamed .xlsx": xlsx_legacy_xls,
    "encrypted workbook": xlsx_encrypted,
    ".csv renamed .xlsx": xlsx_csv_renamed,
    "a zip that is not a workbook": xlsx_other_zip,
}


# -- workbooks that open fine but hold bad schedules ---------------------------------
HEADER = ("ID", "Task", "Duration", "Start", "Finish", "Predecessors")


def _schedule(path: Path, rows: list[tuple[object, ...]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Schedule"
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def sched_huge_strings(d: Path) -> Path:
    """32,767 characters: the most a cell holds."""
    return _schedule(
        d / "huge-strings.xlsx",
        [(1, "A" * 32_767, 5, None, None, ""), (2, "B" * 32_767, 3, None, None, "1")],
    )


def sched_wrong_types(d: Path) -> Path:
    return _schedule(
        d / "wrong-types.xlsx",
        [
            ("x", 12345, "five days", "not a date", "soon", "banana"),
            (2, "B", "-3", "2027-01-04", 7, "1"),
        ],
    )


def sched_dates_out_of_range(d: Path) -> Path:
    return _schedule(
        d / "dates.xlsx",
        [
            (1, "A", 5, "31.02.2027", None, ""),
            (2, "B", 3, "0000-01-01", None, "1"),
            (3, "C", 10**9, None, None, "2"),
        ],
    )


def sched_circular(d: Path) -> Path:
    return _schedule(
        d / "circular.xlsx",
        [(1, "A", 5, None, None, "3"), (2, "B", 3, None, None, "1"), (3, "C", 2, None, None, "2")],
    )


def sched_missing_reference(d: Path) -> Path:
    return _schedule(
        d / "missing-ref.xlsx", [(1, "A", 5, None, None, ""), (2, "B", 3, None, None, "99FS+2d")]
    )


def sched_duplicate_ids(d: Path) -> Path:
    return _schedule(
        d / "duplicate-ids.xlsx",
        [(1, "A", 5, None, None, ""), (1, "B", 3, None, None, ""), (2, "C", 2, None, None, "1")],
    )


def sched_header_only(d: Path) -> Path:
    return _schedule(d / "header-only.xlsx", [])


SCHEDULE_KINDS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "cells with 32,767-character strings": (sched_huge_strings, "longer than 500 characters"),
    "wrong types in every column": (sched_wrong_types, "is not a predecessor"),
    "dates and numbers out of range": (sched_dates_out_of_range, "between 0 and 10000"),
    "circular predecessors": (sched_circular, "circular predecessors: A → B → C → A"),
    "references to missing rows": (sched_missing_reference, "'99' matches no ID"),
    "duplicate IDs": (sched_duplicate_ids, "is also the ID of row 2"),
    "a header and no rows": (sched_header_only, "no schedule found"),
}
