"""The printed Gantt chart: vector, landscape, paged over as many pages as the plan needs.

``GanttChart`` is a splittable flowable: platypus asks it to split at the
bottom of each page, and each piece draws its rows straight on the canvas —
task names and dates on the left, bars, milestones, summary bars, baseline,
dependency lines, critical path, freeze windows and the today line on the
right, under a two-level time scale that repeats on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, PageBreak

from relm_desktop.domain.outline import group_parents
from relm_desktop.domain.records import TaskRecord
from relm_desktop.reports import styles
from relm_desktop.reports.context import PackContext, release_title, value
from relm_desktop.reports.fonts import BOLD, REGULAR, text_width
from relm_desktop.reports.timescale import TimeScale, label

ROW = 15.0
HEAD = 30.0  # two tiers of the time scale
LEGEND = 16.0
NAME_W = 230.0
DATE_W = 46.0
LABEL_W = NAME_W + 2 * DATE_W
FONT = 7.0


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One line of the chart: a release or phase summary, a task or a milestone."""

    kind: str  # release | phase | summary (a task with subtasks) | task | milestone
    label: str
    level: int
    start: date | None
    finish: date | None
    task_id: int | None = None
    progress: int = 0
    critical: bool = False
    baseline: tuple[date, date] | None = None


@dataclass(frozen=True, slots=True)
class GanttLink:
    predecessor: int
    successor: int
    type: str
    critical: bool


@dataclass(frozen=True, slots=True)
class Band:
    """A freeze window shaded across the chart."""

    name: str
    start: date
    finish: date


def gantt_rows(ctx: PackContext) -> list[GanttRow]:
    """Rows grouped by release (portfolio packs) and phase, in plan order.

    Summary tasks sit above their subtasks, indented by outline level, with a
    summary bar and the progress rolled up from their subtasks.
    """
    phases = {p.id: p for p in ctx.data.phases}
    parents = group_parents(ctx.tasks)
    depth = _depths(parents)
    rolled = _rolled_progress(ctx, parents)
    rows: list[GanttRow] = []
    current_release: int | None = None
    current_phase: object = object()
    for task in ctx.tasks:
        if ctx.portfolio and task.release_id != current_release:
            current_release = task.release_id
            current_phase = object()
            span = _span(ctx, [t for t in ctx.tasks if t.release_id == task.release_id])
            rows.append(
                GanttRow("release", release_title(ctx.releases_by_id[task.release_id]), 0, *span)
            )
        if task.phase_id != current_phase:
            current_phase = task.phase_id
            phase = phases.get(task.phase_id) if task.phase_id is not None else None
            members = [
                t
                for t in ctx.tasks
                if t.phase_id == task.phase_id and t.release_id == task.release_id
            ]
            rows.append(
                GanttRow(
                    "phase",
                    phase.name if phase else "Other tasks",
                    1 if ctx.portfolio else 0,
                    *_span(ctx, members),
                )
            )
        s = ctx.sched(task.id)
        base_start, base_finish = task.baseline_start, task.baseline_finish
        summary = task.id in rolled
        rows.append(
            GanttRow(
                "summary" if summary else "milestone" if task.duration == 0 else "task",
                task.name,
                (2 if ctx.portfolio else 1) + depth.get(task.id, 0),
                s.start if s else None,
                s.finish if s else None,
                task.id,
                rolled[task.id] if summary else task.percent_complete,
                bool(s and s.critical),
                (base_start, base_finish) if base_start and base_finish else None,
            )
        )
    return rows


def _depths(parents: dict[int, int]) -> dict[int, int]:
    depth: dict[int, int] = {}
    for task in parents:
        level, node = 0, parents.get(task)
        while node is not None:
            level += 1
            node = parents.get(node)
        depth[task] = level
    return depth


def _rolled_progress(ctx: PackContext, parents: dict[int, int]) -> dict[int, int]:
    """% complete of each summary task from its subtasks, weighted by their length.

    The same rule as the app's timeline: each child counts for its calendar span.
    """
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    out: dict[int, int] = {}
    percent = {t.id: t.percent_complete for t in ctx.tasks}

    def rolled(task: int) -> int:
        if task not in children:
            return percent.get(task, 0)
        if task in out:
            return out[task]
        weights, done = 0, 0
        for child in children[task]:
            s = ctx.sched(child)
            weight = max((s.finish - s.start).days + 1, 1) if s else 1
            weights += weight
            done += weight * rolled(child)
        out[task] = round(done / weights) if weights else 0
        return out[task]

    for task in children:
        rolled(task)
    return out


def _span(ctx: PackContext, tasks: Sequence[TaskRecord]) -> tuple[date | None, date | None]:
    scheds = [s for t in tasks if (s := ctx.sched(t.id)) is not None]
    if not scheds:
        return None, None
    return min(s.start for s in scheds), max(s.finish for s in scheds)


def gantt_links(ctx: PackContext) -> list[GanttLink]:
    out = []
    for link in ctx.data.links:
        a, b = ctx.sched(link.predecessor_id), ctx.sched(link.successor_id)
        out.append(
            GanttLink(
                link.predecessor_id,
                link.successor_id,
                value(link.type),
                bool(a and b and a.critical and b.critical),
            )
        )
    return out


def freeze_bands(ctx: PackContext) -> list[Band]:
    return [Band(f.name, f.start, f.finish) for f in ctx.data.freezes]


def _first_last(rows: Sequence[GanttRow], today: date | None) -> tuple[date, date]:
    days = [d for r in rows for d in (r.start, r.finish) if d is not None]
    first, last = (min(days), max(days)) if days else (today or date.today(),) * 2
    if today and first - timedelta(days=21) <= today <= last + timedelta(days=21):
        first, last = min(first, today), max(last, today)
    return first, last


def make_scale(rows: Sequence[GanttRow], width: float, today: date | None) -> TimeScale:
    return TimeScale.fit(*_first_last(rows, today), LABEL_W, width - LABEL_W)


def make_scales(rows: Sequence[GanttRow], width: float, today: date | None) -> list[TimeScale]:
    """The scales of the pages across: each day gets at least 1 mm (``TimeScale.pages``)."""
    return TimeScale.pages(*_first_last(rows, today), LABEL_W, width - LABEL_W)


def summary_rows(rows: Sequence[GanttRow]) -> list[GanttRow]:
    """The summary level: release and phase rows only (big portfolios)."""
    return [r for r in rows if r.kind in ("release", "phase")]


def by_release(rows: Sequence[GanttRow]) -> list[list[GanttRow]]:
    """Rows cut into one chart per release, so each is drawn on its own time span."""
    out: list[list[GanttRow]] = []
    for row in rows:
        if row.kind == "release" or not out:
            out.append([])
        out[-1].append(row)
    return out


CONT = " (cont.)"


def continued(rows: Sequence[GanttRow], cut: int) -> list[GanttRow]:
    """The release and phase rows that the rows from ``cut`` on sit under, marked "(cont.)"."""
    release: GanttRow | None = None
    phase: GanttRow | None = None
    for row in rows[:cut]:
        if row.kind == "release":
            release, phase = row, None
        elif row.kind == "phase":
            phase = row
    head = rows[cut].kind if cut < len(rows) else ""
    out = [r for r in (release, phase) if r is not None]
    if head == "release":
        out = []
    elif head == "phase":
        out = [release] if release is not None else []
    return [r if r.label.endswith(CONT) else replace(r, label=r.label + CONT) for r in out]


def _reaches(row: GanttRow, scale: TimeScale) -> bool:
    if row.kind in ("release", "phase") or row.start is None or row.finish is None:
        return False
    return row.start < scale.end and row.finish >= scale.start


def _by_successor(links: dict[int, list[GanttLink]]) -> dict[int, list[GanttLink]]:
    out: dict[int, list[GanttLink]] = {}
    for group in links.values():
        for link in group:
            out.setdefault(link.successor, []).append(link)
    return out


def _by_predecessor(links: Sequence[GanttLink]) -> dict[int, list[GanttLink]]:
    out: dict[int, list[GanttLink]] = {}
    for link in links:
        out.setdefault(link.predecessor, []).append(link)
    return out


class GanttChart(Flowable):
    """All rows of a chart; splits into one ``GanttPage`` per page down and across.

    Each run of rows that fits a page is drawn once per scale in ``scales``
    (the pages across), and the rows carried over start under "(cont.)" copies
    of their release and phase rows.
    """

    def __init__(
        self,
        rows: Sequence[GanttRow],
        links: Sequence[GanttLink] | dict[int, list[GanttLink]],
        bands: Sequence[Band],
        scales: TimeScale | Sequence[TimeScale],
        today: date | None,
        incoming: dict[int, list[GanttLink]] | None = None,
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.links = links if isinstance(links, dict) else _by_predecessor(links)
        self.incoming = incoming if incoming is not None else _by_successor(self.links)
        self.bands = bands
        self.scales = [scales] if isinstance(scales, TimeScale) else list(scales)
        self.scale = self.scales[0]
        self.today = today

    def _needed(self) -> float:
        return HEAD + LEGEND + ROW * max(1, len(self.rows)) + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = min(self._needed(), avail_height)
        if len(self.scales) > 1:  # pages across: only ``split`` lays those out
            return self.width, max(self._needed(), avail_height + 1)
        return self.width, self._needed()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fits = int((avail_height - HEAD - LEGEND - 2) // ROW)
        if fits < 4:
            return []  # not worth starting here: move to the next page
        if fits >= len(self.rows):
            return self._across(self.rows, avail_height)
        while fits > 4 and self.rows[fits - 1].kind in ("release", "phase"):
            fits -= 1  # a summary row goes with its first task
        carried = [*continued(self.rows, fits), *self.rows[fits:]]
        rest = GanttChart(carried, self.links, self.bands, self.scales, self.today, self.incoming)
        return [*self._across(self.rows[:fits], avail_height), PageBreak(), rest]

    def _across(self, rows: list[GanttRow], height: float) -> list[Flowable]:
        """One page per scale that one of ``rows``' task bars reaches, each on its own page.

        A window with only release and phase bars in it would be a blank page.
        """
        out: list[Flowable] = []
        for index, scale in enumerate(self.scales):
            if len(self.scales) > 1 and not any(_reaches(r, scale) for r in rows):
                continue
            out += [PageBreak()] if out else []
            out.append(self._page(rows, height, scale, index))
        return out or [self._page(rows, height, self.scale)]

    def _page(
        self, rows: list[GanttRow], height: float, scale: TimeScale, across: int = 0
    ) -> GanttPage:
        page = GanttPage(rows, self.links, self.bands, scale, self.today, height)
        page.incoming, page.across = self.incoming, (across, len(self.scales))
        return page

    def draw(self) -> None:
        page = self._page(self.rows, self._needed(), self.scale)
        page.wrap(self.width, page.height)
        page.drawOn(self.canv, 0, 0)


class GanttPage(Flowable):
    """The rows that fit on one page, drawn with the time scale and a legend."""

    def __init__(
        self,
        rows: list[GanttRow],
        links: dict[int, list[GanttLink]],
        bands: Sequence[Band],
        scale: TimeScale,
        today: date | None,
        height: float,
    ) -> None:
        super().__init__()
        self.rows, self.links, self.bands = rows, links, bands
        self.scale, self.today = scale, today
        self.height = min(height, HEAD + LEGEND + ROW * len(rows) + 2)
        self.incoming: dict[int, list[GanttLink]] = {}
        self.across = (0, 1)  # this page's place among the pages across, and their number

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    # geometry -----------------------------------------------------------------------
    @property
    def top(self) -> float:
        return self.height - HEAD

    def row_y(self, index: int) -> float:
        """Vertical centre of row ``index``."""
        return self.top - (index + 0.5) * ROW

    def leaving(self) -> list[tuple[int, GanttLink, bool]]:
        """Links with one end on this page and the other off it: (row, link, outgoing)."""
        where = {r.task_id: i for i, r in enumerate(self.rows) if r.task_id is not None}
        out: list[tuple[int, GanttLink, bool]] = []
        for task, index in where.items():
            out += [(index, k, True) for k in self.links.get(task, ()) if k.successor not in where]
            out += [
                (index, k, False) for k in self.incoming.get(task, ()) if k.predecessor not in where
            ]
        return out

    def draw(self) -> None:
        from relm_desktop.reports.gantt_draw import draw_page

        draw_page(self)


def wrap_label(text: str, width: float, font: str, size: float, lines: int = 2) -> list[str]:
    """Break ``text`` into at most ``lines`` lines of ``width`` points; the last ends in '…'."""
    if text_width(text, size, font == BOLD) <= width:
        return [text]
    out: list[str] = []
    words = text.split()
    line = ""
    while words and len(out) < lines:
        word = words[0]
        trial = f"{line} {word}".strip()
        if text_width(trial, size, font == BOLD) <= width:
            line = trial
            words.pop(0)
            continue
        if not line:  # one word longer than the line: cut it
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size, font == BOLD) > width:
                cut -= 1
            line, words[0] = word[:cut], word[cut:]
        out.append(line)
        line = ""
    if line and len(out) < lines:
        out.append(line)
        line = ""
    if words or line:
        last = out[-1] if out else ""
        while last and text_width(last + "…", size, font == BOLD) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out[:lines]


def today_label(scale: TimeScale, today: date) -> str:
    return f"Today {today:%d %b}" if scale.per_day * 7 > 30 else "Today"


def grid_colour() -> Color:
    return colors.HexColor("#E3E7EC")


__all__ = ["REGULAR", "GanttChart", "GanttRow", "label", "styles"]
