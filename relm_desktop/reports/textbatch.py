"""Many short strings written as one PDF text block, for the big tables and the Gantt chart.

reportlab spends ~60 µs on every string it draws (a text object, colour and
font bookkeeping, splitting the string into font-subset chunks). The pack
draws over 100,000 strings at 10,000 tasks, most of them repeated (dates,
numbers, team names). ``TextBatch`` encodes each distinct string once, in the
way ``reportlab.pdfbase.ttfonts`` documents for dynamic (TrueType) fonts, and
writes one ``q BT … ET Q`` block of operators per page.
"""

from __future__ import annotations

from typing import Protocol, cast

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

_Encoded = list[tuple[str, str]]  # (subset font name, escaped chunk)


class _CanvasInternals(Protocol):
    """The private parts of reportlab's Canvas used here (its stubs leave them out)."""

    _code: list[str]
    _doc: object  # reportlab.pdfbase.pdfdoc.PDFDocument
    _relm_text_cache: dict[tuple[str, str], _Encoded]  # set by TextBatch

    def _escape(self, s: str | bytes) -> str: ...


class TextBatch:
    """Collects strings for one canvas and draws them in a single block."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = cast(_CanvasInternals, canvas)
        self.ops: list[str] = ["q BT"]
        self._tf: tuple[str, float] | None = None
        self._colour: Color | None = None
        cache = getattr(canvas, "_relm_text_cache", None)
        if cache is None:
            cache = {}
            self.canvas._relm_text_cache = cache
        self._cache: dict[tuple[str, str], _Encoded] = cache

    def _encode(self, text: str, font_name: str) -> _Encoded:
        key = (font_name, text)
        found = self._cache.get(key)
        if found is None:
            font = getFont(font_name)
            assert isinstance(font, TTFont)  # the pack registers only TrueType fonts
            doc = self.canvas._doc
            found = [
                (font.getSubsetInternalName(subset, doc), self.canvas._escape(chunk))
                for subset, chunk in font.splitString(text, doc)
            ]
            self._cache[key] = found
        return found

    def add(self, x: float, y: float, text: str, font: str, size: float, colour: Color) -> None:
        """Write ``text`` with its baseline starting at (x, y)."""
        if not text:
            return
        ops = self.ops
        if colour is not self._colour:
            ops.append(f"{colour.red:.3f} {colour.green:.3f} {colour.blue:.3f} rg")
            self._colour = colour
        # fixed-point formatting: reportlab's fp_str is slow without its C accelerator
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for name, chunk in self._encode(text, font):
            if self._tf != (name, size):
                ops.append(f"{name} {size:.2f} Tf")
                self._tf = (name, size)
            ops.append(f"({chunk}) Tj")

    def draw(self) -> None:
        """Emit the block (nothing when no string was added)."""
        if len(self.ops) > 1:
            self.ops.append("ET Q")
            self.canvas._code.append(" ".join(self.ops))
        self.ops = ["q BT"]
        self._tf = None
        self._colour = None


class ShapeBatch:
    """Filled rectangles and polygons for one canvas, written as one block of operators."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = cast(_CanvasInternals, canvas)
        self.ops: list[str] = ["q"]
        self._colour: Color | None = None

    def _fill(self, colour: Color) -> None:
        if colour is not self._colour:
            self.ops.append(f"{colour.red:.3f} {colour.green:.3f} {colour.blue:.3f} rg")
            self._colour = colour

    def rect(self, x: float, y: float, width: float, height: float, colour: Color) -> None:
        self._fill(colour)
        self.ops.append(f"{x:.2f} {y:.2f} {width:.2f} {height:.2f} re f")

    def polygon(self, points: list[tuple[float, float]], colour: Color) -> None:
        self._fill(colour)
        first, *rest = points
        self.ops.append(
            f"{first[0]:.2f} {first[1]:.2f} m "
            + " ".join(f"{x:.2f} {y:.2f} l" for x, y in rest)
            + " h f"
        )

    def lines(
        self, segments: list[tuple[float, float, float, float]], colour: Color, width: float
    ) -> None:
        """Stroke straight segments (x1, y1, x2, y2) in one path."""
        if not segments:
            return
        self.ops.append(
            f"{colour.red:.3f} {colour.green:.3f} {colour.blue:.3f} RG {width:.2f} w "
            + " ".join(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l" for a, b, c, d in segments)
            + " S"
        )

    def draw(self) -> None:
        if len(self.ops) > 1:
            self.ops.append("Q")
            self.canvas._code.append(" ".join(self.ops))
        self.ops = ["q"]
        self._colour = None
