"""The pack's look: colours, paragraph styles and data tables that split cleanly."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from relm_desktop.domain.rules import HIGH_RISK_SCORE, RiskBand, risk_band
from relm_desktop.reports.fonts import BOLD, REGULAR, register_fonts

# -- palette ---------------------------------------------------------------------------
NAVY = colors.HexColor("#1F3A5F")
INK = colors.HexColor("#1B2430")
TEXT = colors.HexColor("#2F3A46")
MUTED = colors.HexColor("#6B7785")
RULE = colors.HexColor("#C9D0D8")
ZEBRA = colors.HexColor("#F3F5F8")
PANEL = colors.HexColor("#EEF2F7")
ACCENT = colors.HexColor("#2A7F8F")
BAR = colors.HexColor("#5B8DC9")
BAR_DONE = colors.HexColor("#2D5A8C")
CRITICAL = colors.HexColor("#C8463D")
CRITICAL_DONE = colors.HexColor("#8E2B24")
BASELINE = colors.HexColor("#BFC6CF")
SUMMARY = colors.HexColor("#34404D")
TODAY = colors.HexColor("#E07B24")
FREEZE = colors.HexColor("#F6DADA")
FREEZE_EDGE = colors.HexColor("#D98C8C")
WEEKEND = colors.HexColor("#F4F5F7")
RED = colors.HexColor("#C8463D")
AMBER = colors.HexColor("#E8A317")
GREEN = colors.HexColor("#3E9A5A")
GREY = colors.HexColor("#8A96A3")

RAG_COLOURS = {"red": RED, "amber": AMBER, "green": GREEN}

#: A risk scored ``HIGH_SCORE`` or more is "high" wherever a pack counts it: the
#: same rule as the app's heat map (``domain.rules.risk_band``).
HIGH_SCORE = HIGH_RISK_SCORE
_BAND_ORDER = (RiskBand.LOW, RiskBand.MEDIUM, RiskBand.HIGH, RiskBand.CRITICAL)


def score_band(points: int) -> int:
    """0 (green), 1 (yellow), 2 (amber) or 3 (red): low, medium, high or critical."""
    return _BAND_ORDER.index(risk_band(points))


READINESS_COLOURS = {"GO": GREEN, "NO-GO": RED, "PENDING": AMBER}

TABLE_CHUNK = 500  # rows per table: one huge table lays out in quadratic time
FAST_ROWS = 150  # from this many plain-text rows on, tables are drawn by FastTable
CELL_PAD = 4


def escape(text: object) -> str:
    """Text made safe for a reportlab Paragraph (which reads a little XML)."""
    return _xml_escape("" if text is None else str(text)).replace("\n", "<br/>")


@cache
def sheet() -> dict[str, ParagraphStyle]:
    """The named paragraph styles of the pack."""
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13.5, textColor=TEXT)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=MUTED),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=BOLD,
            fontSize=17,
            leading=21,
            textColor=NAVY,
            spaceBefore=4,
            spaceAfter=10,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            textColor=INK,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "h3": ParagraphStyle(
            "h3",
            base,
            fontName=BOLD,
            fontSize=9.5,
            leading=13,
            textColor=NAVY,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=BOLD, fontSize=8, leading=10),
        "cell_right": ParagraphStyle(
            "cell_right", base, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        "th": ParagraphStyle(
            "th", base, fontName=BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "cover_title": ParagraphStyle(
            "cover_title", base, fontName=BOLD, fontSize=30, leading=36, textColor=NAVY
        ),
        "cover_sub": ParagraphStyle(
            "cover_sub", base, fontSize=15, leading=20, textColor=ACCENT, alignment=TA_LEFT
        ),
        "kpi_label": ParagraphStyle("kpi_label", base, fontSize=7.5, leading=9.5, textColor=MUTED),
        "kpi_value": ParagraphStyle(
            "kpi_value", base, fontName=BOLD, fontSize=11.5, leading=14, textColor=INK
        ),
        "kpi_note": ParagraphStyle("kpi_note", base, fontSize=7.5, leading=9.5, textColor=TEXT),
    }


def para(text: object, style: str = "body") -> Paragraph:
    """A paragraph of plain (escaped) text."""
    return Paragraph(escape(text), sheet()[style])


def rich(markup: str, style: str = "body") -> Paragraph:
    """A paragraph of trusted reportlab markup (the caller escaped any user text)."""
    return Paragraph(markup, sheet()[style])


def _cell(value: object, width: float, style: str) -> Flowable | str:
    """A table cell: a plain string when it fits on one line (fast), else a wrapping paragraph."""
    if isinstance(value, Flowable):
        return value
    text = "" if value is None else str(value)
    bold = style == "cell_bold"
    if "\n" not in text and stringWidth(text, BOLD if bold else REGULAR, 8) <= width - 2 * CELL_PAD:
        return text
    return Paragraph(escape(text), sheet()[style])


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    align_right: Sequence[int] = (),
    bold_first: bool = False,
    extra: Sequence[tuple[Any, ...]] = (),
) -> list[Flowable]:
    """A table with a coloured header row that repeats on every page.

    Long tables come back as several tables of ``TABLE_CHUNK`` rows, which
    reportlab lays out in linear time. ``extra`` holds more TableStyle commands,
    with row numbers counted in ``rows`` (0 = first data row).
    """
    register_fonts()
    fast = _as_fast_table(headers, rows, widths, align_right, bold_first, extra)
    if fast is not None:
        return [fast]
    head = [Paragraph(escape(h), sheet()["th"]) for h in headers]
    out: list[Flowable] = []
    for first in range(0, max(len(rows), 1), TABLE_CHUNK):
        chunk = rows[first : first + TABLE_CHUNK]
        body = [
            [
                _cell(
                    value,
                    widths[c],
                    "cell_right"
                    if c in align_right
                    else ("cell_bold" if bold_first and c == 0 else "cell"),
                )
                for c, value in enumerate(row)
            ]
            for row in chunk
        ]
        table = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), REGULAR, 8, 10),
            ("TEXTCOLOR", (0, 1), (-1, -1), TEXT),
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ]
        for c in align_right:
            commands.append(("ALIGN", (c, 1), (c, -1), "RIGHT"))
        if bold_first:
            commands.append(("FONT", (0, 1), (0, -1), BOLD, 8, 10))
        for command in extra:
            name, (c0, r0), (c1, r1), *args = command
            if r0 >= 0 and not first <= r0 < first + TABLE_CHUNK:
                continue
            commands.append((name, (c0, _shift(r0, first)), (c1, _shift(r1, first)), *args))
        table.setStyle(TableStyle(commands))
        out.append(table)
    return out


def _as_fast_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    align_right: Sequence[int],
    bold_first: bool,
    extra: Sequence[tuple[Any, ...]],
) -> Flowable | None:
    """Long plain-text tables are drawn by ``FastTable`` (same look, a fraction of the time).

    Only when every cell is text and the only per-cell styling is a text colour.
    """
    if len(rows) < FAST_ROWS or bold_first:
        return None
    if any(isinstance(value, Flowable) for row in rows for value in row):
        return None
    colours: dict[tuple[int, int], Color] = {}
    for name, (c0, r0), (c1, r1), *args in extra:
        if name != "TEXTCOLOR" or c0 != c1 or r0 != r1 or c0 < 0 or r0 < 0:
            return None
        colours[(r0, c0)] = args[0]
    from relm_desktop.reports.fasttable import fast_table

    return fast_table(
        headers,
        [["" if v is None else str(v) for v in row] for row in rows],
        widths,
        align_right=align_right,
        colours=colours,
    )


def _shift(row: int, first: int) -> int:
    """A data row number (0 = first data row of the whole table) in one chunk's table."""
    return row if row < 0 else row - first + 1


def key_value_table(pairs: Sequence[tuple[str, Any]], width: float) -> Table:
    """A two-column facts table: label on the left, value (wrapping) on the right."""
    label_w = min(150.0, width * 0.3)
    rows = [
        [para(label, "cell_bold"), value if isinstance(value, Flowable) else para(value, "cell")]
        for label, value in pairs
    ]
    table = Table(rows, colWidths=[label_w, width - label_w], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (0, -1), PANEL),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def badge(text: str, colour: colors.Color, size: float = 8) -> Paragraph:
    """A small coloured label, e.g. a RAG status or GO/NO-GO."""
    style = ParagraphStyle(
        f"badge{size}",
        sheet()["cell_bold"],
        fontSize=size,
        leading=size * 1.25,
        textColor=colors.white,
        backColor=colour,
        borderPadding=(1.5, 4, 1.5, 4),  # type: ignore[arg-type]  # reportlab takes a 4-tuple; its stubs say float
    )
    return Paragraph(escape(text), style)
