"""Geometry of the release calendar: a month or a quarter, one lane per environment.

Days run left to right; the first lane holds the releases' go-lives, then one
lane per environment holds the deployment tasks booking it. Entries in a
lane are packed into as few rows as let neither bars nor their labels
overlap. Freeze windows become shaded bands over the lanes they cover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

GOLIVE_LANE = -1  # lane key of the go-live lane (environments use their ids)
FREEZE_LANE = -2  # lane naming the freeze windows of the period, when there are any
_DAY = timedelta(days=1)


class Span(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


def period(anchor: date, span: Span) -> tuple[date, date]:
    """First and last day of the month or quarter containing ``anchor``."""
    if span is Span.MONTH:
        first = anchor.replace(day=1)
        months = 1
    else:
        first = date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1)
        months = 3
    year, month = divmod(first.month - 1 + months, 12)
    return first, date(first.year + year, month + 1, 1) - _DAY


def shift(anchor: date, span: Span, steps: int) -> date:
    """The first day of the period ``steps`` months or quarters away."""
    months = steps * (1 if span is Span.MONTH else 3)
    first = period(anchor, span)[0]
    year, month = divmod(first.month - 1 + months, 12)
    return date(first.year + year, month + 1, 1)


def period_title(first: date, span: Span) -> str:
    if span is Span.MONTH:
        return f"{first:%B %Y}"
    return f"Q{(first.month - 1) // 3 + 1} {first.year}"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """A go-live (``milestone``) or a deployment task, as the calendar shows it."""

    task_id: int
    release_id: int
    lane: int  # GOLIVE_LANE or an environment id
    label: str
    start: date
    finish: date  # inclusive
    milestone: bool = False
    clash: bool = False  # an environment clash with another release
    freeze: bool = False  # in (or pushed out of) a freeze window
    note: str = ""  # the conflicts' messages, for the tooltip


@dataclass(frozen=True, slots=True)
class FreezeSpan:
    name: str
    start: date
    finish: date
    environment_ids: frozenset[int]  # empty: every environment


@dataclass(frozen=True, slots=True)
class LaneBox:
    key: int
    name: str
    y: float
    h: float
    rows: int


@dataclass(frozen=True, slots=True)
class EntryBox:
    entry: CalendarEntry
    x: float  # bar (or diamond centre for a milestone)
    y: float
    w: float
    h: float
    label_x: float  # where the label starts
    label_inside: bool
    extent: float  # right end of bar and label together
    label_w: float  # room for the label: the painter elides it to this
    begin: float  # left end of bar and label together (a label may sit left of its bar)

    def contains(self, x: float, y: float) -> bool:
        return min(self.begin, self.x - 6) <= x <= self.extent and self.y <= y <= self.y + self.h

    def label_box(self) -> tuple[float, float, float, float]:
        """x, y, w, h of the label's text."""
        return (self.label_x, self.y, self.label_w, self.h)


@dataclass(frozen=True, slots=True)
class Band:
    name: str
    x: float
    y: float
    w: float
    h: float
    label_x: float = 0.0  # a freeze label's name: inside its bar, after or before it
    label_w: float = 0.0  # room for the name (the painter elides it to this)


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    x: float
    w: float
    weekend: bool = False


@dataclass
class CalendarLayout:
    first: date
    last: date
    day_width: float
    left: float  # width of the lane-name column
    header: float  # height of the two header rows
    lanes: list[LaneBox]
    entries: list[EntryBox]
    freezes: list[Band]  # shading over the lanes each window covers
    freeze_labels: list[Band]  # one bar per window in the freeze lane, with its name
    days: list[HeaderCell]
    groups: list[HeaderCell]  # months (quarter view) or ISO weeks (month view), text fitted
    day_labels: list[HeaderCell]  # the day numbers shown: as many as fit without touching
    width: float
    height: float

    def x_of(self, day: date) -> float:
        return self.left + (day - self.first).days * self.day_width

    def entry_at(self, x: float, y: float) -> EntryBox | None:
        for box in reversed(self.entries):
            if box.contains(x, y):
                return box
        return None


def calendar_layout(
    first: date,
    last: date,
    lanes: Sequence[tuple[int, str]],
    entries: Sequence[CalendarEntry],
    freezes: Sequence[FreezeSpan],
    *,
    width: float,
    text_width: Callable[[str], float] = lambda s: 6.5 * len(s),
    left: float = 150.0,
    header: float = 40.0,
    row_height: float = 24.0,
    lane_pad: float = 8.0,
    span: Span = Span.MONTH,
) -> CalendarLayout:
    """Lay out ``entries`` between ``first`` and ``last`` (inclusive) in ``width``."""
    n_days = (last - first).days + 1
    in_period = [f for f in freezes if f.finish >= first and f.start <= last]
    if in_period:
        lanes = [(FREEZE_LANE, "Freeze windows"), *lanes]
    day_w = max(4.0, (width - left) / n_days)
    right_edge = left + n_days * day_w

    def x_of(day: date) -> float:
        return left + (day - first).days * day_w

    visible = [e for e in entries if e.finish >= first and e.start <= last]
    visible.sort(key=lambda e: (e.start, e.finish, e.label))
    placed: dict[int, list[tuple[CalendarEntry, int, float, float, _LabelPlace]]] = {}
    for key, _ in lanes:
        placed[key] = []
    row_ends: dict[int, list[float]] = {key: [] for key, _ in lanes}
    for entry in visible:
        if entry.lane not in placed:
            continue
        start = max(entry.start, first)
        finish = min(entry.finish, last)
        if entry.milestone:
            x = x_of(start) + day_w / 2
            bar_w, pad = 0.0, 9.0
            inside = False
        else:
            x = x_of(start) + 1
            bar_w, pad = (finish - start).days * day_w + day_w - 2, 5.0
            inside = text_width(entry.label) + 10 <= bar_w
        place = _label_place(entry.label, x, bar_w, pad, inside, left, right_edge, text_width)
        ends = row_ends[entry.lane]
        row = next((k for k, end in enumerate(ends) if end <= place.begin), len(ends))
        if row == len(ends):
            ends.append(place.extent)
        else:
            ends[row] = place.extent
        placed[entry.lane].append((entry, row, x, bar_w, place))

    lane_boxes: list[LaneBox] = []
    boxes: list[EntryBox] = []
    y = header
    for key, name in lanes:
        rows = max(1, len(in_period) if key == FREEZE_LANE else len(row_ends[key]))
        h = rows * row_height + 2 * lane_pad
        lane_boxes.append(LaneBox(key, name, y, h, rows))
        for entry, row, x, bar_w, place in placed[key]:
            top = y + lane_pad + row * row_height + 3
            boxes.append(
                EntryBox(
                    entry, x, top, bar_w, row_height - 6, place.x, place.inside, place.extent,
                    place.w, place.begin,
                )
            )  # fmt: skip
        y += h
    height = y

    bands: list[Band] = []
    labels: list[Band] = []
    for k, freeze in enumerate(in_period):
        bx = x_of(max(freeze.start, first))
        bw = x_of(min(freeze.finish, last) + _DAY) - bx
        freeze_lane = lane_boxes[0]
        name = f"❄ {freeze.name}"
        inside = text_width(name) + 10 <= bw
        place = _label_place(name, bx, bw, 5.0, inside, left, right_edge, text_width)
        labels.append(
            Band(
                freeze.name, bx, freeze_lane.y + lane_pad + k * row_height + 3, bw,
                row_height - 6, place.x, place.w,
            )
        )  # fmt: skip
        for lane in lane_boxes:
            if lane.key == FREEZE_LANE:
                continue
            covers = (
                not freeze.environment_ids
                if lane.key == GOLIVE_LANE
                else (not freeze.environment_ids or lane.key in freeze.environment_ids)
            )
            if covers:
                bands.append(Band(freeze.name, bx, lane.y, bw, lane.h))

    days = []
    day = first
    while day <= last:
        label = str(day.day)
        days.append(HeaderCell(label, x_of(day), day_w, day.weekday() >= 5))
        day += _DAY
    groups: list[HeaderCell] = []
    day = first
    while day <= last:
        if span is Span.QUARTER:
            end = min(last, (day.replace(day=28) + timedelta(days=4)).replace(day=1) - _DAY)
            texts: tuple[str, ...] = (f"{day:%B %Y}", f"{day:%b %Y}", f"{day:%b}")
        else:
            end = min(last, day + timedelta(days=6 - day.weekday()))
            week = day.isocalendar()[1]
            texts = (f"Week {week}", f"W{week}")
        w = x_of(end + _DAY) - x_of(day)
        # The longest name that fits its month or week; a sliver of a week gets none.
        text = next((t for t in texts if text_width(t) + 10 <= w), "")
        groups.append(HeaderCell(text, x_of(day), w))
        day = end + _DAY
    return CalendarLayout(
        first, last, day_w, left, header, lane_boxes, boxes, bands, labels, days, groups,
        _day_labels(days, day_w, text_width), right_edge, height,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _LabelPlace:
    x: float
    w: float
    inside: bool
    begin: float
    extent: float


def _label_place(
    label: str,
    x: float,
    bar_w: float,
    pad: float,
    inside: bool,
    left: float,
    right_edge: float,
    text_width: Callable[[str], float],
) -> _LabelPlace:
    """Where an entry's label goes: inside its bar, after it, or before it near the right
    edge; elided to the room left when it fits nowhere whole."""
    tw = text_width(label)
    if inside:
        return _LabelPlace(x + pad, bar_w - 2 * pad, True, x, x + bar_w)
    half = 7.0 if bar_w == 0 else 0.0  # a milestone's diamond reaches this far from x
    after, before = x + bar_w + pad, x - pad - tw
    if after + tw <= right_edge or before < left:
        w = min(tw, max(0.0, right_edge - after))
        return _LabelPlace(after, w, False, x - half, after + w + 6)
    return _LabelPlace(before, tw, False, before - 6, x + bar_w + half)


def _day_labels(
    days: list[HeaderCell], day_w: float, text_width: Callable[[str], float]
) -> list[HeaderCell]:
    """The day numbers to show: every day when they fit, else weekly ones; never touching."""
    every = day_w >= text_width("30") + 4
    shown: list[HeaderCell] = []
    end = float("-inf")
    for cell in days:
        if not every and cell.text not in ("1", "8", "15", "22", "29"):
            continue
        w = text_width(cell.text)
        x = cell.x + (cell.w - w) / 2 if every else cell.x + 2
        if x < end + 6:
            if cell.text != "1":
                continue
            shown.pop()  # "29" of one month against "1" of the next: the month's start wins
        shown.append(HeaderCell(cell.text, x, w, cell.weekend))
        end = x + w
    return shown
