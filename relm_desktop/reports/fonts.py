"""The pack's fonts: DejaVu Sans, with per-character fallback to fonts for other scripts.

DejaVu Sans (Latin, Greek, Cyrillic, Hebrew and Arabic presentation forms, some
emoji) ships in the repository's ``resources/fonts`` folder, installed as the
package ``relm_desktop.resources``. Text it cannot draw (CJK, most emoji…)
falls back, character by character, to other TrueType fonts: first any extra
``.ttf`` shipped beside it (the desktop bundle copies the ones it was built
with), then families found through the system's font configuration
(``fc-match``/``fc-list``). ``RelmSans`` is a ``FallbackFont``: reportlab
measures and draws it through ``stringWidth``/``splitString``, so paragraphs,
tables, the Gantt chart and ``TextBatch`` all get the fallback, right-to-left
reordering (``scripts.visual``) and subset embedding of every font used.
A character no font holds is drawn as a box and its text is recorded for the
export's warnings (``missing_glyphs``).
"""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from relm_desktop.reports.scripts import visual

#: Font names registered with reportlab.
REGULAR = "RelmSans"
BOLD = "RelmSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_KEEP_OPEN = ExitStack()  # holds extracted files alive for zip-installed packages

#: Families asked of fontconfig, in order: scripts DejaVu Sans lacks. Noto Sans
#: CJK is OpenType/CFF, which reportlab cannot embed, so CJK comes from Droid
#: Sans Fallback (TrueType outlines); Noto Color Emoji is bitmap-only, so emoji
#: come from Symbola's outlines.
FALLBACK_FAMILIES = (
    "Noto Sans Hebrew",
    "Noto Sans Arabic",
    "Droid Sans Fallback",
    "NanumGothic",  # Hangul: Droid Sans Fallback has only a few syllables
    "Noto Sans Symbols",
    "Noto Sans Symbols2",
    "Symbola",
)

# Characters drawn with whatever font the text around them uses: format
# characters (ZWJ, bidi marks) and variation selectors have no visible glyph.
_INVISIBLE = {"Cf", "Mn", "Cc"}


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


_SHIFT = 20  # a FallbackFont subset number: (font index << _SHIFT) | that font's subset
_MASK = (1 << _SHIFT) - 1


class FallbackFont(TTFont):
    """A TrueType font that hands characters it lacks to fallback fonts.

    reportlab draws a dynamic font as ``(subset, chunk)`` pairs from
    ``splitString`` and names each subset with ``getSubsetInternalName``; here
    a subset number also carries the index of the font it belongs to, so one
    string can switch fonts mid-way while every caller still sees one font.
    """

    def __init__(self, name: str, filename: str, bold: bool) -> None:
        super().__init__(name, filename)
        self.bold = bold

    def chain(self) -> list[TTFont]:
        return [self, *_fallbacks(self.bold)]

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text.isascii():
            return float(super().stringWidth(text, size, encoding))
        chain = self.chain()
        return sum(
            float(TTFont.stringWidth(chain[i], piece, size, encoding))
            for i, piece in font_runs(visual(text), self.bold)
        )

    def splitString(  # noqa: N802
        self, text: str | bytes, doc: object, encoding: str = "utf-8"
    ) -> list[tuple[int, bytes]]:
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text.isascii():
            return list(super().splitString(text, doc, encoding))
        _note_missing(text, self.bold)
        chain = self.chain()
        out: list[tuple[int, bytes]] = []
        for i, piece in font_runs(visual(text), self.bold):
            pieces = TTFont.splitString(chain[i], piece, doc, encoding)
            out += [((i << _SHIFT) | s, c) for s, c in pieces]
        return out

    def getSubsetInternalName(self, subset: int, doc: object) -> str:  # noqa: N802
        font = self.chain()[subset >> _SHIFT] if subset >= 0 else self
        return str(TTFont.getSubsetInternalName(font, subset & _MASK, doc))


def _fc_lines(*args: str) -> list[str]:
    """Output lines of a fontconfig command ([] when fontconfig is absent)."""
    exe = shutil.which(args[0])
    if exe is None:
        return []
    try:
        done = subprocess.run(
            [exe, *args[1:]], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [line for line in done.stdout.splitlines() if line.strip()]


def _load(path: str, index: int) -> TTFont | None:
    """A fallback font from a file, or None when reportlab cannot embed it (CFF, bitmap)."""
    name = f"RelmFallback{len(_LOADED)}"
    try:
        font = TTFont(name, path, subfontIndex=index)
    except (TTFError, OSError, ValueError, AssertionError):
        return None
    if not font.face.charWidths or not _has_outlines(font):
        return None
    pdfmetrics.registerFont(font)
    _LOADED[(path, index)] = font
    return font


def _has_outlines(font: TTFont) -> bool:
    # Bitmap-only fonts (Noto Color Emoji: CBDT) have an empty glyf table.
    table = font.face.table.get("glyf")
    return table is not None and int(table["length"]) > 0


_LOADED: dict[tuple[str, int], TTFont] = {}


def fallback_files() -> list[tuple[str, int]]:
    """The (file, face index) of every fallback font in use order: shipped, then system."""
    found: list[tuple[str, int]] = []
    shipped = font_dir()
    if shipped.is_dir():
        base = set(_FILES.values())
        found += [(str(p), 0) for p in sorted(shipped.glob("*.ttf")) if p.name not in base]
    shipped_names = {Path(p).name for p, _ in found}
    for family in FALLBACK_FAMILIES:
        for bold in (False, True):
            pattern = f"{family}:bold" if bold else family
            for line in _fc_lines("fc-match", "-f", "%{file}\t%{index}\t%{family}\n", pattern):
                path, _, rest = line.partition("\t")
                index, _, families = rest.partition("\t")
                if family in families.split(",") and Path(path).name not in shipped_names:
                    entry = (path, int(index or 0))
                    if entry not in found:
                        found.append(entry)
    return found


@cache
def _fallbacks(bold: bool) -> list[TTFont]:
    """Fallback fonts for one weight: its own faces first, the other weight's after."""
    fonts: list[TTFont] = []
    for path, index in fallback_files():
        font = _LOADED.get((path, index)) or _load(path, index)
        if font is not None:
            fonts.append(font)
    return sorted(fonts, key=lambda f: _is_bold(f) != bold)


def _is_bold(font: TTFont) -> bool:
    return "bold" in Path(font.face.filename).stem.lower()


@cache
def _system_font_for(char: str) -> TTFont | None:
    """Any system TrueType font holding ``char``: the last resort before a box."""
    lines = _fc_lines("fc-list", f":charset={ord(char):x}", "-f", "%{file}\t%{index}\n")
    for line in sorted(lines)[:12]:
        path, _, index = line.partition("\t")
        known = _LOADED.get((path, int(index or 0)))
        font = known or _load(path, int(index or 0))
        if font is not None and ord(char) in font.face.charToGlyph:
            return font
    return None


def _font_index(char: str, bold: bool) -> int | None:
    """Index in ``FallbackFont.chain`` of the first font that has ``char``."""
    code = ord(char)
    chain = _registered(bold).chain()
    for i, font in enumerate(chain):
        if code in font.face.charToGlyph:
            return i
    extra = _system_font_for(char)
    if extra is None:
        return None
    for weight in (False, True):
        fallbacks = _fallbacks(weight)
        if extra not in fallbacks:
            fallbacks.append(extra)
    return chain.index(extra) if extra in chain else len(chain)


@lru_cache(maxsize=65_536)
def font_runs(text: str, bold: bool = False) -> tuple[tuple[int, str], ...]:
    """``text`` cut into runs of (index in the font chain, characters) it draws."""
    runs: list[tuple[int, str]] = []
    current = 0
    for char in text:
        index = _font_index(char, bold)
        # spaces and invisible characters join the run they sit in; a character
        # no font has stays in it too (drawn as a box, and reported)
        if index is None or char.isspace() or unicodedata.category(char) in _INVISIBLE:
            index = current
        if runs and runs[-1][0] == index:
            runs[-1] = (index, runs[-1][1] + char)
        else:
            runs.append((index, char))
        current = index
    return tuple(runs)


@lru_cache(maxsize=16_384)
def missing_chars(text: str, bold: bool = False) -> str:
    """The visible characters of ``text`` that no available font can draw."""
    return "".join(
        dict.fromkeys(
            c
            for c in text
            if not c.isspace()
            and unicodedata.category(c) not in _INVISIBLE
            and _font_index(c, bold) is None
        )
    )


_COLLECTORS: list[dict[str, str]] = []


def _note_missing(text: str, bold: bool) -> None:
    if _COLLECTORS:
        missing = missing_chars(text, bold)
        if missing:
            for found in _COLLECTORS:
                found.setdefault(text, missing)


@contextmanager
def missing_glyphs() -> Iterator[dict[str, str]]:
    """Collects, while drawing, each text with characters no font has → those characters."""
    found: dict[str, str] = {}
    _COLLECTORS.append(found)
    try:
        yield found
    finally:
        _COLLECTORS.remove(found)


def missing_glyph_warnings(found: dict[str, str]) -> list[str]:
    """One warning line per text that printed boxes, naming the text."""
    return [
        f"cannot draw {' '.join(f'U+{ord(c):04X}' for c in chars)} in “{_short(text)}”: "
        "no installed font has it (on Debian: fonts-noto-core, fonts-droid-fallback, "
        "fonts-nanum, fonts-symbola)"
        for text, chars in found.items()
    ]


def _short(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _registered(bold: bool) -> FallbackFont:
    register_fonts()
    font = pdfmetrics.getFont(BOLD if bold else REGULAR)
    assert isinstance(font, FallbackFont)
    return font


_rl_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF (emoji) as UTF-16 pairs.

    reportlab writes them as five hex digits, which PDF readers take for a
    different character, so text extraction turned 🚀 into Ὠ.
    """
    cmap = str(_rl_to_unicode(fontname, subset))
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            pair = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{pair}>", 1)
    return cmap


@cache
def register_fonts() -> tuple[str, str]:
    """Register the fonts with reportlab once; returns (regular, bold) names."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    for name in _FILES:
        pdfmetrics.registerFont(FallbackFont(name, str(font_path(name)), bold=name == BOLD))
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
