"""A vector 5×5 risk heat map: probability up, impact across, counts and risk ids per cell."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from relm_desktop.reports import styles
from relm_desktop.reports.fonts import BOLD, REGULAR

LEVELS = ("Very low", "Low", "Medium", "High", "Very high")
#: Cell colours of the score bands (``styles.score_band``); the yellow is lighter than
#: a table cell's, under the counts and ids.
_BAND_COLOURS = (styles.GREEN, colors.HexColor("#D6C43A"), styles.AMBER, styles.RED)


def cell_colour(probability: int, impact: int, filled: bool) -> Color:
    """Red, amber, yellow or green by score; pale when the cell holds no risk."""
    base = _BAND_COLOURS[styles.score_band(probability * impact)]
    return (
        base
        if filled
        else colors.Color(
            base.red + (1 - base.red) * 0.78,
            base.green + (1 - base.green) * 0.78,
            base.blue + (1 - base.blue) * 0.78,
        )
    )


def cells(risks: Sequence[tuple[str, int, int]]) -> dict[tuple[int, int], list[str]]:
    """(probability, impact) → the ids of the risks in that cell."""
    out: dict[tuple[int, int], list[str]] = {}
    for ident, probability, impact in risks:
        out.setdefault((probability, impact), []).append(ident)
    return out


class HeatMap(Flowable):
    """The heat map; ``risks`` are (id shown in the cells, probability, impact)."""

    def __init__(self, risks: Sequence[tuple[str, int, int]], cell: float = 40.0) -> None:
        super().__init__()
        self.grid = cells(risks)
        self.cell = cell
        self.left = 62.0  # probability labels
        self.bottom = 40.0  # impact labels
        self.width = self.left + 5 * cell + 4
        self.height = self.bottom + 5 * cell + 4

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        size = self.cell
        x0, y0 = self.left, self.bottom
        c.saveState()
        for p in range(1, 6):
            for i in range(1, 6):
                ids = self.grid.get((p, i), [])
                x, y = x0 + (i - 1) * size, y0 + (p - 1) * size
                c.setFillColor(cell_colour(p, i, bool(ids)))
                c.setStrokeColor(colors.white)
                c.setLineWidth(1.5)
                c.rect(x, y, size, size, stroke=1, fill=1)
                if not ids:
                    continue
                c.setFillColor(colors.white)
                c.setFont(BOLD, 13)
                c.drawCentredString(
                    x + size / 2, y + size / 2 + (1 if len(ids) else -4), str(len(ids))
                )
                shown = " ".join(ids[:3]) + (" …" if len(ids) > 3 else "")
                c.setFont(REGULAR, 5.8)
                c.drawCentredString(x + size / 2, y + 6, _fit(c, shown, size - 4))
        c.setFillColor(styles.TEXT)
        c.setFont(REGULAR, 6.5)
        for n, name in enumerate(LEVELS, start=1):
            c.drawRightString(x0 - 4, y0 + (n - 0.5) * size - 1, f"{name} {n}")
            c.drawCentredString(x0 + (n - 0.5) * size, y0 - 10, str(n))
            c.drawCentredString(x0 + (n - 0.5) * size, y0 - 18, name)
        c.setFont(BOLD, 7.5)
        c.setFillColor(styles.NAVY)
        c.drawCentredString(x0 + 2.5 * size, y0 - 32, "IMPACT →")
        c.saveState()
        c.translate(8, y0 + 2.5 * size)
        c.rotate(90)
        c.drawCentredString(0, 0, "PROBABILITY →")
        c.restoreState()
        c.restoreState()


def _fit(canvas: Canvas, text: str, width: float) -> str:
    while text and canvas.stringWidth(text, REGULAR, 5.8) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text
