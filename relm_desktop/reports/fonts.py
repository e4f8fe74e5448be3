"""The bundled TrueType fonts (DejaVu Sans: full Latin, Greek and Cyrillic).

The fonts ship in the repository's ``resources/fonts`` folder, installed as the
package ``relm_desktop.resources``; a development checkout that was not
installed falls back to the folder itself.
"""

from __future__ import annotations

import importlib.resources
from contextlib import ExitStack
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: Font names registered with reportlab.
REGULAR = "RelmSans"
BOLD = "RelmSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_KEEP_OPEN = ExitStack()  # holds extracted files alive for zip-installed packages


class FontError(RuntimeError):
    """The bundled font files are missing: the installation is incomplete."""


def font_dir() -> Path:
    """The folder holding the bundled ``.ttf`` files."""
    try:
        root = importlib.resources.files("relm_desktop.resources") / "fonts"
        if root.is_dir():
            return Path(_KEEP_OPEN.enter_context(importlib.resources.as_file(root)))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


def font_path(name: str = REGULAR) -> Path:
    """The file of one registered font name (``REGULAR`` or ``BOLD``)."""
    path = font_dir() / _FILES[name]
    if not path.is_file():
        raise FontError(f"bundled font {path} is missing; reinstall RELM Desktop")
    return path


@cache
def register_fonts() -> tuple[str, str]:
    """Register the fonts with reportlab once; returns (regular, bold) names."""
    for name in _FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    # <b> in paragraphs picks the bold face; there is no italic face, so italics
    # fall back to the upright faces rather than to a Latin-only built-in font.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


@lru_cache(maxsize=65_536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points in the pack's font (cached: dates and names repeat)."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size))
