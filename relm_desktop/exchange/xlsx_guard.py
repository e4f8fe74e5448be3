"""Checks a workbook file before any parser opens it.

Parsers trust the zip's contents; a hostile or broken file should be refused
here, cheaply, with a message that names the file and the problem. The limits
bound the time and memory one import may take.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

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
