"""Checks a workbook file before any parser opens it.

Parsers trust the zip's contents; a hostile or broken file should be refused
here, cheaply, with a message that names the file and the problem. The limits
bound the time and memory one import may take.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted .xlsx
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one import may read; a file beyond these is refused before parsing."""

    max_file_bytes: int = 50 * 1024 * 1024  # the workbook on disk
    max_unpacked_bytes: int = 300 * 1024 * 1024  # all its parts, decompressed
    max_ratio: int = 150  # decompressed/compressed size of one large part
    max_rows: int = 100_000  # rows in one sheet
    max_parts: int = 5_000
    # Cells of the dense grid one sheet is read as (rows × columns up to its last cell):
    # 99,999 rows of columns A-Z fit, and the read stays within ~500 MB.
    max_cells: int = 3_000_000
    max_merged: int = 100_000  # merged ranges in one sheet
    max_shared_strings: int = 3_000_000
    max_text: int = 32_767  # characters in one cell (Excel's own limit)
    # calamine copies a shared string into every cell that shows it: cells × longest string
    max_shared_copies_bytes: int = 256 * 1024 * 1024


DEFAULT_LIMITS = Limits()


class UnsafeWorkbookError(ValueError):
    """The file is not a workbook RELM will read; the message names the file."""


def check_workbook(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise UnsafeWorkbookError unless ``path`` looks like a sane .xlsx workbook."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise UnsafeWorkbookError(f"{path}: no such file") from None
    except OSError as exc:
        raise UnsafeWorkbookError(f"{path}: cannot be read ({exc.strerror})") from None
    if size == 0:
        raise UnsafeWorkbookError(f"{path}: the file is empty")
    if size > limits.max_file_bytes:
        raise UnsafeWorkbookError(
            f"{path}: {size / 2**20:.0f} MB is larger than the {limits.max_file_bytes // 2**20} MB "
            "RELM imports"
        )
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in _read_all_limited(path, 1 << 20):
            raise UnsafeWorkbookError(
                f"{path}: the workbook is password-protected; save it without a password first"
            )
        if b"MSProject" in _read_all_limited(path, 1 << 20):  # a compound file, not only .xls
            raise UnsafeWorkbookError(
                f"{path}: an MS Project (.mpp) file, not an Excel workbook; import it as "
                "an MS Project file (rename it to .mpp)"
            )
        raise UnsafeWorkbookError(f"{path}: an Excel 97–2003 (.xls) file; save it as .xlsx first")
    if not head.startswith(ZIP_MAGIC):
        kind = "a text or CSV file" if _looks_like_text(head) else "not a workbook"
        raise UnsafeWorkbookError(f"{path}: {kind}, not an .xlsx workbook")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive, limits)
    except zipfile.BadZipFile as exc:
        raise UnsafeWorkbookError(f"{path}: damaged or truncated workbook ({exc})") from None


def _check_archive(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise UnsafeWorkbookError(f"{path}: {len(infos)} parts; not a plausible workbook")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise UnsafeWorkbookError(f"{path}: a zip file, but not an .xlsx workbook")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbookError(f"{path}: encrypted parts; save it without a password")
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > 10 * 2**20 and ratio > limits.max_ratio:
            raise UnsafeWorkbookError(
                f"{path}: part {info.filename} inflates {ratio:.0f}-fold to "
                f"{info.file_size / 2**20:.0f} MB (a zip bomb?); refused"
            )
    if total > limits.max_unpacked_bytes:
        raise UnsafeWorkbookError(
            f"{path}: unpacks to {total / 2**20:.0f} MB, more than the "
            f"{limits.max_unpacked_bytes // 2**20} MB RELM reads"
        )
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            with archive.open(info) as part:
                head = part.read(8192)
            match = _DIMENSION.search(head)
            if match and int(match.group(1)) > limits.max_rows:
                sheet = info.filename.rsplit("/", 1)[-1]
                raise UnsafeWorkbookError(
                    f"{path}: {sheet} has {int(match.group(1)):,} rows; RELM imports at most "
                    f"{limits.max_rows:,} rows per sheet"
                )


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text[:1000])


def _read_all_limited(path: Path, limit: int) -> bytes:
    with path.open("rb") as fh:
        return fh.read(limit)


# -- the extent of a sheet, from its cells, before anything reads it densely ------------------
# calamine turns a sheet into a dense grid from its first to its last cell (to_python then
# pads it to A1): cells A1 and XFD100000 make 1.6 billion. The grid's size is known only
# from every cell's reference, and a sheet's <dimension> may lie or be missing. A sheet is
# streamed in pieces that end at a tag's end, and each piece is checked in C speed first.
_CHUNK = 1 << 20
_MAX_TAG = 1 << 20  # a tag longer than this is not a workbook's
# A cell tag other than <c r="A1" ...> with one letter, at most 5 digits and only s/t
# attributes after it: any such tag sends the sheet to the exact scan below.
#: A cell tag not in the canonical form within A1:AD99999 (30 columns: as many as
#: keep 99,999 rows within ``Limits.max_cells``; RELM's Tasks sheet runs to AA).
_ODD_CELL = re.compile(rb'<c(?! r="(?:[A-Z]|A[A-D])[0-9]{1,5}"(?: [st]="[^"<>]*")*/?>)[\s/>]')
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # <x:c …>: calamine matches local names
_TAG = re.compile(
    rb"<(?:[\w.-]+:)?(c|row)(?=[\s/>])((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
)
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")
_T_SHARED = re.compile(rb"""(?:^|\s)t\s*=\s*["']s["']""")
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell[\s/>]")
_MAX_COLUMNS = 16_384


@dataclass(frozen=True, slots=True)
class SheetExtent:
    """What the scan of one sheet found: its grid (an upper bound) and what it holds."""

    rows: int  # rows of the dense grid (its last cell's row)
    columns: int
    merged: int
    hidden: bool  # a hidden= attribute somewhere
    formulas: bool  # a formula element somewhere


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    """The part in pieces that each end with a complete tag; the text after a piece's last
    tag is dropped (text holds no '<', and the scan looks at tags only)."""
    carry = b""
    while chunk := stream.read(_CHUNK):
        data = carry + chunk
        end = data.rfind(b">") + 1
        start = data.find(b"<", end)
        carry = data[start:] if start != -1 else b""
        if len(carry) > _MAX_TAG:
            raise ValueError("a tag longer than 1 MB")
        if end:
            yield data[:end]
    if carry:
        yield carry


_SI = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")


def scan_shared_strings(open_part: Callable[[], IO[bytes]], where: str, limits: Limits) -> int:
    """Bytes of the longest shared string (an upper bound: from one string's start to the
    next); UnsafeWorkbookError when there are more strings than RELM reads."""
    count = longest = 0
    last = 0  # offset of the last string's start, counted from the part's start
    offset = 0
    try:
        with open_part() as stream:
            for piece in _pieces(stream):
                for match in _SI.finditer(piece):
                    start = offset + match.start()
                    longest = max(longest, start - last)
                    last = start
                    count += 1
                offset += len(piece)
                if count > limits.max_shared_strings:
                    raise UnsafeWorkbookError(
                        f"{where}: more than {limits.max_shared_strings:,} shared strings; "
                        "not a plausible schedule"
                    )
    except ValueError as exc:
        raise UnsafeWorkbookError(f"{where}: not a readable part ({exc})") from None
    return max(longest, offset - last) if count else 0


def scan_sheet(
    open_part: Callable[[], IO[bytes]], where: str, limits: Limits, longest_shared: int = 0
) -> SheetExtent:
    """The extent of a sheet from its cells, streamed; UnsafeWorkbookError when over a limit.

    ``open_part`` opens the sheet's XML; ``where`` names file and sheet in messages. Cells
    are counted as calamine places them: an ``r`` attribute (the last, if repeated) or the
    next column; a row's ``r`` or the next row; a self-closing cell holds nothing.
    """
    with open_part() as stream:
        try:
            fast = _fast_scan(stream, limits, longest_shared)
        except ValueError as exc:
            raise UnsafeWorkbookError(f"{where}: not a readable sheet ({exc})") from None
    if fast is None:
        with open_part() as stream:
            fast = _exact_scan(stream, where, limits)
    rows, columns, merged, hidden, formulas, shared_cells = fast
    if shared_cells * longest_shared > limits.max_shared_copies_bytes:
        raise UnsafeWorkbookError(
            f"{where}: {shared_cells:,} cells showing shared strings of up to "
            f"{longest_shared:,} bytes would take more than "
            f"{limits.max_shared_copies_bytes // 2**20} MB to read"
        )
    if rows > limits.max_rows:
        raise UnsafeWorkbookError(
            f"{where} has {rows:,} rows; RELM imports at most {limits.max_rows:,} rows per sheet"
        )
    if merged > limits.max_merged:
        raise UnsafeWorkbookError(
            f"{where} has {merged:,} merged ranges; RELM reads at most {limits.max_merged:,}"
        )
    return SheetExtent(rows, columns, merged, hidden, formulas)


_Scan = tuple[int, int, int, bool, bool, int]  # rows, columns, merged, hidden, formulas, shared


def _fast_scan(stream: IO[bytes], limits: Limits, longest_shared: int) -> _Scan | None:
    """Proves in C speed that every cell lies within A1:AD99999 (the canonical form written
    by Excel, LibreOffice, openpyxl and RELM); None when it cannot."""
    rows_bound, columns = 99_999, 30
    if limits.max_rows < rows_bound or rows_bound * columns > limits.max_cells:
        return None
    # Shared-string cells are counted only when the bound could matter.
    count_shared = rows_bound * columns * longest_shared > limits.max_shared_copies_bytes
    merged = shared = 0
    hidden = formulas = False
    for piece in _pieces(stream):
        # Comments and CDATA need no check: a tag they hide is no cell, and a cell tag
        # they cannot hide (every cell tag starts '<c' and is searched).
        if _ODD_CELL.search(piece) or _PREFIXED.search(piece):
            return None
        # Every mergeCell tag, prefixed or not (</mergeCells> is taken off again).
        merged += piece.count(b"mergeCell") - piece.count(b"mergeCells")
        hidden = hidden or b"hidden=" in piece
        formulas = formulas or b"<f" in piece or b":f" in piece
        if count_shared:
            shared += piece.count(b' t="s"')  # the only spelling _ODD_CELL lets through
    return rows_bound, columns, merged, hidden, formulas, shared if count_shared else 0


def _exact_scan(stream: IO[bytes], where: str, limits: Limits) -> _Scan:
    """Every row and cell tag, placed as calamine places them; stops at the first limit."""
    row = col = -1
    last_row = last_col = -1
    cells = merged = shared = 0
    hidden = formulas = False
    try:
        for piece in _pieces(stream):
            merged += len(_MERGE.findall(piece))
            hidden = hidden or b"hidden=" in piece
            formulas = formulas or b"<f" in piece or b":f" in piece
            for match in _TAG.finditer(piece):
                name, attrs, empty = match.groups()
                found = _R_ATTR.findall(attrs)
                ref: bytes | None = (found[-1][0] or found[-1][1]) if found else None
                if name == b"row":
                    row = int(ref) - 1 if ref and ref.isdigit() else row + 1
                    col = -1
                    continue
                if ref is None:
                    letters = digits = b""
                else:
                    parts = _REF.fullmatch(ref)
                    if parts is None:
                        raise UnsafeWorkbookError(
                            f"{where}: cell reference {ref[:20]!r} is not valid"
                        )
                    letters, digits = parts.groups()
                    if len(letters) > 3:
                        raise UnsafeWorkbookError(
                            f"{where}: cell {ref[:20].decode(errors='replace')} "
                            "lies beyond column XFD"
                        )
                col = _column(letters) if letters else col + 1
                cell_row = int(digits) - 1 if digits else row
                if empty:
                    continue  # calamine keeps no empty cell
                cells += 1
                shared += _T_SHARED.search(attrs) is not None
                last_row, last_col = max(last_row, cell_row), max(last_col, col)
                if last_col >= _MAX_COLUMNS:
                    raise UnsafeWorkbookError(f"{where}: a cell lies beyond column XFD")
                if last_row >= limits.max_rows:
                    raise UnsafeWorkbookError(
                        f"{where} has a cell in row {last_row + 1:,}; RELM imports at most "
                        f"{limits.max_rows:,} rows per sheet"
                    )
                if (last_row + 1) * (last_col + 1) > limits.max_cells or cells > limits.max_cells:
                    raise UnsafeWorkbookError(
                        f"{where} spans {last_row + 1:,} rows × {last_col + 1:,} columns; RELM "
                        f"reads at most {limits.max_cells:,} cells per sheet"
                    )
    except UnsafeWorkbookError:
        raise
    except ValueError as exc:
        raise UnsafeWorkbookError(f"{where}: not a readable sheet ({exc})") from None
    return last_row + 1, last_col + 1, merged, hidden, formulas, shared


def _column(letters: bytes) -> int:
    value = 0
    for ch in letters.upper():
        value = value * 26 + ch - 64
    return value - 1
