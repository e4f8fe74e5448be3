"""What every workbook writer shares: the formula guard, the cell size limit, safe temp files.

One copy, imported by every sheet writer (``export``, ``fastrows``,
``gantt``), so no sheet can be written with a weaker rule than another.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

#: Characters that make a spreadsheet (or a CSV opened in one) read text as a formula,
#: after OWASP's CSV injection guidance: = + - @, tab and carriage return, and their
#: fullwidth forms, which Excel folds to ASCII when it parses a formula. A line feed is
#: added because LibreOffice strips leading white space before it looks for ``=``.
FORMULA_LEADS: tuple[str, ...] = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",  # ＝ fullwidth equals
    "\uff0b",  # ＋ fullwidth plus
    "\uff0d",  # － fullwidth hyphen-minus
    "\uff20",  # ＠ fullwidth commercial at
)
#: The most characters an Excel cell holds.
MAX_CELL_TEXT = 32_767


def looks_like_formula(text: str) -> bool:
    """True when ``text`` would be read as a formula if typed into a cell: such text is
    written with Excel's quote prefix (it stays text when edited). Leading spaces are
    looked through: ``" =1+1"`` is a formula to LibreOffice."""
    if text.startswith(FORMULA_LEADS):
        return True
    return text[:1] == " " and text.lstrip(" ").startswith(FORMULA_LEADS)


def fit_cell(text: str) -> tuple[str, bool]:
    """``text`` cut to what a cell holds, and whether it was cut."""
    if len(text) <= MAX_CELL_TEXT:
        return text, False
    return text[:MAX_CELL_TEXT], True


def cut_warning(sheet: str, cells: list[str]) -> str:
    """The export's warning for the cells of ``sheet`` whose text was cut."""
    shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
    return (
        f"{sheet}: {len(cells)} cell(s) longer than Excel's {MAX_CELL_TEXT:,} characters "
        f"cut to fit ({shown})"
    )


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


@contextmanager
def replaced_atomically(target: Path) -> Iterator[BinaryIO]:
    """A new file next to ``target`` that replaces it once the block ends without error.

    The temporary file is made by ``mkstemp`` (``O_CREAT | O_EXCL``, mode 0600, a random
    name): a link planted at a predictable name is never followed, and no other user can
    open it meanwhile. Any error, cancellation or interrupt unlinks it; only a killed
    process can leave it, and it then carries a random name starting with ``.``.
    """
    target = Path(target)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if hasattr(os, "fchmod"):  # the mode an ordinary new file would get
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
