"""Drawing one page of the Gantt chart on the canvas (geometry lives in ``gantt``)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from relm_desktop.reports import styles
from relm_desktop.reports.fonts import BOLD, REGULAR, text_width
from relm_desktop.reports.gantt import (
    DATE_W,
    FONT,
    HEAD,
    LABEL_W,
    LEGEND,
    NAME_W,
    ROW,
    GanttRow,
    grid_colour,
    today_label,
    wrap_label,
)
from relm_desktop.reports.textbatch import ShapeBatch, TextBatch
from relm_desktop.reports.timescale import label as unit_label

if TYPE_CHECKING:
    from relm_desktop.reports.gantt import GanttPage

LINK = colors.HexColor("#7D8A99")
RELEASE_ROW = colors.HexColor("#DDE5EF")


def draw_page(page: GanttPage) -> None:
    c = page.canv
    c.saveState()
    bottom = page.top - ROW * len(page.rows)
    _backgrounds(page, c, bottom)
    _time_scale(page, c, bottom)
    # bars, links and bands stop at the edges of this page's time window
    c.saveState()
    clip = c.beginPath()
    clip.rect(page.scale.x0, bottom, page.scale.width, page.top - bottom)
    c.clipPath(clip, stroke=0, fill=0)
    _bands(page, c, bottom)
    _links(page, c)
    _leaving(page, c)
    shapes, labels = ShapeBatch(c), TextBatch(c)
    for index, row in enumerate(page.rows):
        _bar(page, shapes, labels, row, page.row_y(index))
    shapes.draw()
    labels.draw()
    c.restoreState()
    _row_texts(page, c)
    _today(page, c, bottom)
    # frame lines
    frame = ShapeBatch(c)
    w, h = page.width, page.height
    frame.lines(
        [
            (LABEL_W, bottom, LABEL_W, h),
            (NAME_W, bottom, NAME_W, page.top),
            (NAME_W + DATE_W, bottom, NAME_W + DATE_W, page.top),
            (0, bottom, w, bottom),
            (0, h, w, h),
            (0, bottom, 0, h),
            (w, bottom, w, h),
        ],
        styles.RULE,
        0.6,
    )
    frame.draw()
    _legend(page, c, bottom - LEGEND + 3)
    c.restoreState()


def _backgrounds(page: GanttPage, c: Canvas, bottom: float) -> None:
    c.setFillColor(styles.NAVY)
    c.rect(0, page.top, LABEL_W, HEAD, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(BOLD, 7.5)
    mid = page.top + HEAD / 2 - 3
    c.drawString(6, mid, "Task")
    c.drawCentredString(NAME_W + DATE_W / 2, mid, "Start")
    c.drawCentredString(NAME_W + DATE_W * 1.5, mid, "Finish")
    shapes = ShapeBatch(c)
    for index, row in enumerate(page.rows):
        y = page.top - (index + 1) * ROW
        if row.kind in ("release", "phase"):
            shapes.rect(0, y, page.width, ROW, styles.PANEL if row.kind == "phase" else RELEASE_ROW)
        elif index % 2:
            shapes.rect(0, y, page.width, ROW, styles.ZEBRA)
    shapes.draw()
    del bottom


def _time_scale(page: GanttPage, c: Canvas, bottom: float) -> None:
    scale = page.scale
    tier = HEAD / 2
    c.setFillColor(styles.PANEL)
    c.rect(LABEL_W, page.top, scale.width, HEAD, stroke=0, fill=1)
    if scale.lower == "day":  # shade weekends
        c.setFillColor(styles.WEEKEND)
        for day, left, right in scale.units("day"):
            if day.weekday() >= 5:
                c.rect(left, bottom, right - left, page.top - bottom, stroke=0, fill=1)
    c.setLineWidth(0.4)
    text = TextBatch(c)
    ticks: list[tuple[float, float, float, float]] = []
    grid: list[tuple[float, float, float, float]] = []
    for unit, y, font, upper in (
        (scale.upper, page.top + tier, BOLD, True),
        (scale.lower, page.top, REGULAR, False),
    ):
        size = 7 if upper else 6.5
        for day, left, right in scale.units(unit):
            ticks.append((left, y, left, y + tier))
            label = unit_label(day, unit, right - left, upper)
            width = text_width(label, size, upper) if label else 0.0
            if label and width <= right - left - 3:
                x = left + 3 if upper else (left + right - width) / 2
                text.add(x, y + 4.5, label, font, size, styles.INK)
            if not upper and left > scale.x0:
                grid.append((left, bottom, left, page.top))
    shapes = ShapeBatch(c)
    shapes.lines(grid, grid_colour(), 0.4)
    shapes.lines(ticks, styles.RULE, 0.4)
    shapes.draw()
    text.draw()
    c.line(LABEL_W, page.top + tier, page.width, page.top + tier)
    c.line(0, page.top, page.width, page.top)


def _bands(page: GanttPage, c: Canvas, bottom: float) -> None:
    scale = page.scale
    for band in page.bands:
        left = max(scale.x0, scale.x(band.start))
        right = min(scale.x0 + scale.width, scale.x_end(band.finish))
        if right <= left:
            continue
        c.setFillColor(styles.FREEZE)
        c.setFillAlpha(0.75)
        c.rect(left, bottom, right - left, page.top - bottom, stroke=0, fill=1)
        c.setFillAlpha(1)
        c.setStrokeColor(styles.FREEZE_EDGE)
        c.setLineWidth(0.6)
        c.setDash(2, 2)
        c.line(left, bottom, left, page.top)
        c.line(right, bottom, right, page.top)
        c.setDash()
        # the name runs up the band's left edge, so a narrow band still shows it
        c.saveState()
        c.translate(left + 6.5, bottom + 4)
        c.rotate(90)
        c.setFillColor(colors.HexColor("#A14B4B"))
        c.setFont(BOLD, 6.5)
        c.drawString(0, 0, f"❄ {band.name}"[: int((page.top - bottom) / 3.6)])
        c.restoreState()


def _anchor(page: GanttPage, row: GanttRow, at_end: bool) -> float:
    scale = page.scale
    assert row.start is not None and row.finish is not None
    if row.kind == "milestone":
        return scale.x(row.start) + (4 if at_end else -4)
    return scale.x_end(row.finish) if at_end else scale.x(row.start)


def _links(page: GanttPage, c: Canvas) -> None:
    where = {row.task_id: i for i, row in enumerate(page.rows) if row.task_id is not None}
    c.setLineWidth(0.55)
    here = [link for tid in where for link in page.links.get(tid, ())]
    for link in here:
        a, b = where[link.predecessor], where.get(link.successor)
        if b is None:
            continue
        pred, succ = page.rows[a], page.rows[b]
        if pred.start is None or succ.start is None:
            continue
        from_end = link.type in ("FS", "FF")
        to_end = link.type in ("FF", "SF")
        px, py = _anchor(page, pred, from_end), page.row_y(a)
        sx, sy = _anchor(page, succ, to_end), page.row_y(b)
        colour = styles.CRITICAL if link.critical else LINK
        c.setStrokeColor(colour)
        c.setFillColor(colour)
        step = 4.0 if from_end else -4.0
        side = -1.0 if not to_end else 1.0  # the arrow enters from the left (start) or right
        entry = sx + side * 5
        path = c.beginPath()
        path.moveTo(px, py)
        elbow = px + step
        if (side < 0 and entry >= elbow) or (side > 0 and entry <= elbow):
            path.lineTo(entry if abs(entry - px) > 1 else elbow, py)
            path.lineTo(entry if abs(entry - px) > 1 else elbow, sy)
        else:
            turn = page.row_y(b) + (ROW / 2 if b > a else -ROW / 2)
            path.lineTo(elbow, py)
            path.lineTo(elbow, turn)
            path.lineTo(entry, turn)
            path.lineTo(entry, sy)
        path.lineTo(sx - side * 0.5, sy)
        c.drawPath(path, stroke=1, fill=0)
        _arrow(c, sx, sy, side)


def _leaving(page: GanttPage, c: Canvas) -> None:
    """A link whose other end is on another page: a short stub and an open arrow.

    An outgoing link leaves its bar's end and points down-right; an incoming
    one arrives at the bar's start from above-left.
    """
    for index, link, outgoing in page.leaving():
        row = page.rows[index]
        if row.start is None or row.finish is None:
            continue
        y = page.row_y(index)
        colour = styles.CRITICAL if link.critical else LINK
        c.setStrokeColor(colour)
        c.setFillColor(colors.white)
        c.setLineWidth(0.55)
        c.setDash(1.5, 1.2)
        if outgoing:
            x = _anchor(page, row, link.type in ("FS", "FF"))
            c.line(x, y, x + 6, y)
            c.line(x + 6, y, x + 6, y - ROW / 2 + 1.5)
            c.setDash()
            tip = y - ROW / 2 + 0.5
            _open_arrow(c, x + 6, tip, down=True)
        else:
            x = _anchor(page, row, link.type in ("FF", "SF"))
            c.line(x - 6, y + ROW / 2 - 1.5, x - 6, y)
            c.line(x - 6, y, x - 0.5, y)
            c.setDash()
            _open_arrow(c, x - 6, y + ROW / 2 - 0.5, down=False)
    c.setDash()


def _open_arrow(c: Canvas, x: float, y: float, down: bool) -> None:
    """A small hollow triangle: "continues on another page"."""
    s = 1.0 if down else -1.0
    path = c.beginPath()
    path.moveTo(x, y)
    path.lineTo(x - 2, y + s * 3)
    path.lineTo(x + 2, y + s * 3)
    path.close()
    c.drawPath(path, stroke=1, fill=1)


def _arrow(c: Canvas, x: float, y: float, side: float) -> None:
    path = c.beginPath()
    path.moveTo(x, y)
    path.lineTo(x + side * 3.2, y + 2)
    path.lineTo(x + side * 3.2, y - 2)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _bar(page: GanttPage, shapes: ShapeBatch, text: TextBatch, row: GanttRow, y: float) -> None:
    scale = page.scale
    if row.start is None or row.finish is None:
        return
    left, right = scale.x(row.start), scale.x_end(row.finish)
    if row.kind in ("release", "phase", "summary"):
        colour = styles.NAVY if row.kind == "release" else styles.SUMMARY
        if row.kind == "summary" and row.critical:
            colour = styles.CRITICAL
        shapes.rect(left, y + 0.5, right - left, 3.2, colour)
        for x in (left, right):
            shapes.polygon([(x - 2.6, y + 3.7), (x + 2.6, y + 3.7), (x, y - 1.8)], colour)
        return
    if row.baseline is not None and row.kind == "task":
        bl, br = scale.x(row.baseline[0]), scale.x_end(row.baseline[1])
        shapes.rect(bl, y - 5.2, max(br - bl, 1.0), 1.8, styles.BASELINE)
    if row.kind == "milestone":
        size = 4.2
        x = scale.x(row.start)
        shapes.polygon(
            [(x, y + size), (x + size, y), (x, y - size), (x - size, y)],
            styles.CRITICAL if row.critical else styles.INK,
        )
        label = f"{row.start:%d %b}"
        width = text_width(label, 6)
        at = x + size + 2.5 if x + size + 3 + width < page.width - 2 else x - size - 2.5 - width
        text.add(at, y - 2, label, REGULAR, 6, styles.TEXT)
        return
    width = max(right - left, 1.2)
    shapes.rect(left, y - 3.4, width, 7, styles.CRITICAL if row.critical else styles.BAR)
    if row.progress:
        shapes.rect(
            left,
            y - 1.2,
            width * min(row.progress, 100) / 100,
            2.6,
            styles.CRITICAL_DONE if row.critical else styles.BAR_DONE,
        )


def _row_texts(page: GanttPage, c: Canvas) -> None:
    """Names and dates of every row, in one text block (far cheaper than a string each)."""
    text = TextBatch(c)
    for index, row in enumerate(page.rows):
        y = page.row_y(index)
        indent = 6 + 9 * row.level
        font = BOLD if row.kind in ("release", "phase", "summary") else REGULAR
        lines = wrap_label(row.label, NAME_W - indent - 4, font, FONT)
        colour = styles.CRITICAL if row.kind == "task" and row.critical else styles.INK
        if len(lines) == 1:
            text.add(indent, y - 2.4, lines[0], font, FONT, colour)
        else:
            text.add(indent, y + 0.9, lines[0], font, 6.4, colour)
            text.add(indent, y - 5.9, lines[1], font, 6.4, colour)
        dates = [(NAME_W + DATE_W / 2, row.start)]
        if row.kind != "milestone":
            dates.append((NAME_W + DATE_W * 1.5, row.finish))
        for centre, day in dates:
            if day is None:
                continue
            label = f"{day:%d %b %y}"
            left = centre - text_width(label, 6.5, font == BOLD) / 2
            text.add(left, y - 2.3, label, font, 6.5, styles.TEXT)
    text.draw()


def _today(page: GanttPage, c: Canvas, bottom: float) -> None:
    scale, today = page.scale, page.today
    if today is None or not scale.contains(today):
        return
    x = scale.x(today)
    c.setStrokeColor(styles.TODAY)
    c.setLineWidth(1)
    c.setDash(3, 2)
    c.line(x, bottom, x, page.top)
    c.setDash()
    text = today_label(scale, today)
    w = c.stringWidth(text, BOLD, 6) + 6
    c.setFillColor(styles.TODAY)
    left = min(max(x - w / 2, scale.x0), scale.x0 + scale.width - w)
    c.roundRect(left, page.top - 9, w, 8.5, 1.5, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(BOLD, 6)
    c.drawCentredString(left + w / 2, page.top - 6.8, text)


def _legend(page: GanttPage, c: Canvas, y: float) -> None:
    shapes, text = ShapeBatch(c), TextBatch(c)
    lines: list[tuple[Color, bool, float]] = []
    x = 0.0
    items: list[tuple[str, str, Color]] = [
        ("Task", "bar", styles.BAR),
        ("Critical path", "bar", styles.CRITICAL),
        ("Progress", "bar", styles.BAR_DONE),
        ("Baseline", "thin", styles.BASELINE),
        ("Milestone", "diamond", styles.INK),
        ("Dependency", "line", LINK),
        ("To or from another page", "open", LINK),
        ("Today", "dash", styles.TODAY),
        ("Freeze window", "bar", styles.FREEZE),
    ]
    for name, kind, colour in items:
        if kind == "bar":
            shapes.rect(x, y - 3, 12, 6, colour)
        elif kind == "thin":
            shapes.rect(x, y - 1, 12, 2, colour)
        elif kind == "open":
            lines.append((colour, True, x))
            shapes.polygon([(x + 12, y), (x + 9, y + 2), (x + 9, y - 2)], colour)
        elif kind == "diamond":
            shapes.polygon([(x + 6, y + 3.5), (x + 9.5, y), (x + 6, y - 3.5), (x + 2.5, y)], colour)
        else:
            lines.append((colour, kind == "dash", x))
        text.add(x + 16, y - 2.2, name, REGULAR, 6.5, styles.TEXT)
        x += 16 + text_width(name, 6.5) + 14
    scale = page.scale
    span = f"{scale.start:%d %b %Y} – {scale.end - timedelta(days=1):%d %b %Y}"
    if page.across[1] > 1:
        span = f"Page {page.across[0] + 1} of {page.across[1]} across · {span}"
    text.add(page.width - text_width(span, 6.5), y - 2.2, span, REGULAR, 6.5, styles.MUTED)
    shapes.draw()
    text.draw()
    c.setLineWidth(1)
    for colour, dash, x0 in lines:
        c.setStrokeColor(colour)
        if dash:
            c.setDash(3, 2)
        c.line(x0, y, x0 + 12, y)
        c.setDash()
