"""The executive pack's one-page timeline.

Portfolio: one bar per release made of its phases, its go-live diamond and
the freeze windows across all rows (named under the chart). One release: a bar per phase, then a row
per milestone. Rows shrink (down to a floor) so the whole picture stays on
one page; labels sit in their own row or column, so they never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.lib import colors
from reportlab.platypus import Flowable

from relm_desktop.reports import styles
from relm_desktop.reports.context import PackContext, release_title
from relm_desktop.reports.fonts import BOLD, REGULAR, text_width
from relm_desktop.reports.gantt import Band, freeze_bands, gantt_rows, wrap_label
from relm_desktop.reports.textbatch import ShapeBatch, TextBatch
from relm_desktop.reports.timescale import TimeScale
from relm_desktop.reports.timescale import label as unit_label

LABEL_W = 150.0
HEAD = 28.0
TITLE = 20.0  # the title is drawn inside, so it never parts from the chart
LEGEND = 14.0
ROW_MAX = 22.0
ROW_MIN = 9.5
LABEL_ROOM = 72.0  # points for 'Go-live 07 Jun 27'
MAX_ROWS = 48  # lanes at ROW_MIN that still fit a portrait page
PHASE_COLOURS = (
    colors.HexColor("#5B8DC9"),
    colors.HexColor("#2A7F8F"),
    colors.HexColor("#7A6FB0"),
    colors.HexColor("#3E9A5A"),
    colors.HexColor("#B07A3E"),
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A phase: a coloured piece of its release's bar (or its own bar)."""

    name: str
    start: date
    finish: date


@dataclass(frozen=True, slots=True)
class Lane:
    """One row of the timeline: a label, its phase segments and diamonds."""

    label: str
    segments: tuple[Segment, ...] = ()
    diamonds: tuple[tuple[date, bool], ...] = ()  # (day, is a go-live)
    bold: bool = False


def roadmap_lanes(ctx: PackContext) -> list[Lane]:
    """Portfolio: a lane per release; one release: a lane per phase and per milestone."""
    rows = gantt_rows(ctx)
    lanes: list[Lane] = []
    if ctx.portfolio:
        golives = {
            t.release_id: s.start
            for t in ctx.tasks
            if t.is_golive and (s := ctx.sched(t.id)) is not None
        }
        release_ids = list(dict.fromkeys(t.release_id for t in ctx.tasks))
        current: list[Segment] = []
        for row in rows:
            if row.kind == "release":
                current = []
                rid = release_ids[len(lanes)]
                day = golives.get(rid)
                lanes.append(Lane(row.label, (), ((day, True),) if day else (), bold=True))
            elif row.kind == "phase" and row.start and row.finish and lanes:
                current.append(Segment(row.label, row.start, row.finish))
                last = lanes[-1]
                lanes[-1] = Lane(last.label, tuple(current), last.diamonds, True)
        return lanes[:MAX_ROWS]
    for row in rows:
        if row.kind == "phase" and row.start and row.finish:
            lanes.append(Lane(row.label, (Segment(row.label, row.start, row.finish),)))
    golive_ids = {t.id for t in ctx.tasks if t.is_golive}
    for task in ctx.milestones():
        s = ctx.sched(task.id)
        if s is not None:
            lanes.append(Lane(task.name, (), ((s.start, task.id in golive_ids),)))
    return lanes[:MAX_ROWS]


def roadmap_title(ctx: PackContext) -> str:
    if ctx.portfolio:
        return "Timeline: releases, their phases, go-lives and freeze windows"
    return f"Timeline of {release_title(ctx.releases[0])}: phases and milestones"


class Roadmap(Flowable):
    """The whole timeline in one flowable no taller than the page."""

    def __init__(
        self, lanes: list[Lane], bands: list[Band], today: date | None, title: str = ""
    ) -> None:
        super().__init__()
        self.title = title
        self.lanes, self.bands, self.today = lanes, bands, today
        days = [d for lane in lanes for s in lane.segments for d in (s.start, s.finish)]
        days += [d for lane in lanes for d, _ in lane.diamonds]
        first, last = (min(days), max(days)) if days else (today or date.today(),) * 2
        self.first, self.last = first, last
        self.row = ROW_MAX

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        fit = (avail_height - TITLE - HEAD - LEGEND) / max(1, len(self.lanes))
        self.row = max(ROW_MIN, min(ROW_MAX, fit))
        scale = TimeScale.fit(self.first, self.last, LABEL_W, avail_width - LABEL_W)
        # room right of the last bar for its date label, so no label runs left over a bar
        room = timedelta(days=int(LABEL_ROOM / scale.per_day) + 1)
        self.scale = TimeScale.fit(self.first, self.last + room, LABEL_W, avail_width - LABEL_W)
        self.height = TITLE + HEAD + self.row * len(self.lanes) + LEGEND
        return self.width, self.height

    @property
    def chart_top(self) -> float:
        return self.height - TITLE

    def _y(self, index: int) -> float:
        return self.chart_top - HEAD - (index + 0.5) * self.row

    def draw(self) -> None:
        c, scale = self.canv, self.scale
        top, bottom = self.chart_top - HEAD, LEGEND
        right = scale.x0 + scale.width
        shapes, text = ShapeBatch(c), TextBatch(c)
        shapes.rect(LABEL_W, top, scale.width, HEAD, styles.PANEL)
        for index in range(len(self.lanes)):
            if index % 2:
                shapes.rect(0, self._y(index) - self.row / 2, right, self.row, styles.ZEBRA)
        for band in self.bands:
            left, end = max(scale.x0, scale.x(band.start)), min(right, scale.x_end(band.finish))
            if end > left:
                shapes.rect(left, bottom, end - left, top - bottom, styles.FREEZE)
        # the time scale: upper tier above, lower tier below, grid lines down the chart
        grid: list[tuple[float, float, float, float]] = []
        for unit, y, bold in ((scale.upper, top + HEAD / 2, True), (scale.lower, top, False)):
            for day, left, end in scale.units(unit):
                name = unit_label(day, unit, end - left, bold)
                if name and text_width(name, 6.5, bold) <= end - left - 3:
                    text.add(left + 3, y + 4.5, name, BOLD if bold else REGULAR, 6.5, styles.INK)
                grid.append((left, bottom if not bold else y, left, y + HEAD / 2))
        shapes.lines(grid, styles.RULE, 0.4)
        shapes.lines([(LABEL_W, top + HEAD / 2, right, top + HEAD / 2)], styles.RULE, 0.4)
        for index, lane in enumerate(self.lanes):
            self._lane(shapes, text, lane, self._y(index))
        shapes.lines(
            [
                (0, top, right, top),
                (LABEL_W, bottom, LABEL_W, self.chart_top),
                (0, bottom, right, bottom),
            ],
            styles.RULE,
            0.6,
        )
        shapes.draw()
        text.draw()
        self._today(top, bottom)
        self._legend()
        c.setFillColor(styles.NAVY)
        c.setFont(BOLD, 10.5)
        c.drawString(0, self.height - 13, self.title)

    def _lane(self, shapes: ShapeBatch, text: TextBatch, lane: Lane, y: float) -> None:
        scale, size = self.scale, 7.0 if self.row >= 14 else 6.0
        font = BOLD if lane.bold else REGULAR
        lines = wrap_label(lane.label, LABEL_W - 10, font, size, 1)
        text.add(6, y - size / 3, lines[0], font, size, styles.INK)
        height = min(10.0, self.row - 4)
        for number, seg in enumerate(lane.segments):
            left, end = scale.x(seg.start), scale.x_end(seg.finish)
            colour = PHASE_COLOURS[number % len(PHASE_COLOURS)]
            shapes.rect(left, y - height / 2, max(end - left, 1.5), height, colour)
            if len(self.lanes) and len(lane.segments) > 1:  # a phase name inside when it fits
                name = wrap_label(seg.name, end - left - 4, REGULAR, 5.8, 1)[0]
                if name and not name.endswith("…") and end - left > 12:
                    text.add(left + 2, y - 2, name, REGULAR, 5.8, colors.white)
        for day, golive in lane.diamonds:
            x, r = scale.x(day), min(5.0, self.row / 2 - 1)
            colour = styles.CRITICAL if golive and lane.bold else styles.INK
            shapes.polygon([(x, y + r), (x + r, y), (x, y - r), (x - r, y)], colour)
            label = f"{'Go-live ' if golive and lane.bold else ''}{day:%d %b %y}"
            width = text_width(label, 6)
            right = scale.x0 + scale.width
            end = max((scale.x_end(s.finish) for s in lane.segments), default=x + r)
            at = max(x + r, end) + 3  # right of the bar, clear of the phase names
            if at + width > right - 2:
                start = min((scale.x(s.start) for s in lane.segments), default=x - r)
                at = min(x - r, start) - 3 - width
            text.add(at, y - 2, label, REGULAR, 6, styles.TEXT)

    def _today(self, top: float, bottom: float) -> None:
        c, today = self.canv, self.today
        if today is None or not self.scale.contains(today):
            return
        x = self.scale.x(today)
        c.saveState()
        c.setStrokeColor(styles.TODAY)
        c.setDash(3, 2)
        c.line(x, bottom, x, top)
        c.restoreState()

    def _legend(self) -> None:
        shapes, text = ShapeBatch(self.canv), TextBatch(self.canv)
        x, y = 0.0, 4.0
        items = [("Phase", PHASE_COLOURS[0]), ("Go-live", styles.CRITICAL)]
        items += [("Milestone", styles.INK), ("Freeze window", styles.FREEZE)]
        items += [("As of", styles.TODAY)]
        for name, colour in items:
            if name in ("Go-live", "Milestone"):
                shapes.polygon([(x + 5, y + 4), (x + 9, y), (x + 5, y - 4), (x + 1, y)], colour)
            else:
                shapes.rect(x, y - 3, 10, 6, colour)
            text.add(x + 13, y - 2.2, name, REGULAR, 6.5, styles.TEXT)
            x += 13 + text_width(name, 6.5) + 12
        # freeze windows are named here, not on the chart, where names would cross bars
        names = "; ".join(f"{b.name} {b.start:%d %b}–{b.finish:%d %b}" for b in self.bands)
        if names:
            fits = wrap_label(f"Freeze: {names}", self.width - x, REGULAR, 6.5, 1)[0]
            text.add(x, y - 2.2, fits, REGULAR, 6.5, colors.HexColor("#A14B4B"))
        shapes.draw()
        text.draw()


def roadmap(ctx: PackContext) -> Roadmap:
    return Roadmap(roadmap_lanes(ctx), freeze_bands(ctx), ctx.options.today, roadmap_title(ctx))
