"""Bar, milestone and hit-test geometry of the timeline, in plain floats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from relm_desktop.layout.scale import DateScale

#: Row height in device-independent pixels; the task table uses the same.
ROW_HEIGHT = 26
#: Width of the zone at a bar's right end that resizes instead of moving.
GRIP = 6.0
#: Bars are never narrower than this, so a one-day task at quarter zoom stays clickable.
MIN_BAR = 4.0


class Rect(NamedTuple):
    """A rectangle in content pixels.

    A named tuple, not a dataclass: ten thousand of them sit in the arrow
    router's caches, and a tuple of floats is one the garbage collector stops
    looking at (a full collection walked each of them), and made faster too.
    """

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center_y(self) -> float:
        return self.y + self.h / 2

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.right and self.y <= py <= self.bottom

    def adjusted(self, dx: float) -> Rect:
        return Rect(self.x - dx, self.y, self.w + 2 * dx, self.h)


@dataclass(frozen=True, slots=True)
class BarMetrics:
    """Vertical placement of shapes inside one row.

    With baselines shown the bar moves up and a thin ghost bar sits under it,
    so slip reads at a glance without the two overlapping.
    """

    row_height: float = ROW_HEIGHT
    with_baseline: bool = False

    @property
    def bar_top(self) -> float:
        return 4.0 if self.with_baseline else 6.0

    @property
    def bar_height(self) -> float:
        return self.row_height - 14.0 if self.with_baseline else self.row_height - 12.0

    @property
    def baseline_top(self) -> float:
        return self.bar_top + self.bar_height + 2.0

    @property
    def baseline_height(self) -> float:
        return 4.0

    @property
    def summary_height(self) -> float:
        return 7.0


def bar_rect(
    scale: DateScale, start: date, finish: date, row_top: float, metrics: BarMetrics
) -> Rect:
    """A task's bar from the start of ``start`` to the end of ``finish``."""
    x = scale.x_of(start)
    w = max(scale.x_after(finish) - x, MIN_BAR)
    return Rect(x, row_top + metrics.bar_top, w, metrics.bar_height)


def milestone_rect(scale: DateScale, day: date, row_top: float, metrics: BarMetrics) -> Rect:
    """The square box of a milestone's diamond, centred on the start of ``day``."""
    size = metrics.bar_height + 2
    x = scale.x_of(day)
    return Rect(x - size / 2, row_top + metrics.bar_top - 1, size, size)


def summary_rect(
    scale: DateScale, start: date, finish: date, row_top: float, metrics: BarMetrics
) -> Rect:
    """A phase or release summary bracket, thinner than a task bar."""
    x = scale.x_of(start)
    w = max(scale.x_after(finish) - x, MIN_BAR)
    top = row_top + (metrics.row_height - metrics.summary_height) / 2 - 2
    return Rect(x, top, w, metrics.summary_height)


def baseline_rect(
    scale: DateScale, start: date, finish: date, row_top: float, metrics: BarMetrics
) -> Rect:
    """The ghost bar of a task's baseline dates."""
    x = scale.x_of(start)
    w = max(scale.x_after(finish) - x, MIN_BAR / 2)
    if metrics.with_baseline:
        return Rect(x, row_top + metrics.baseline_top, w, metrics.baseline_height)
    return Rect(x, row_top + metrics.bar_top, w, metrics.bar_height)


def progress_rect(bar: Rect, percent: int) -> Rect:
    """The filled part of a bar for ``percent`` complete."""
    ratio = min(max(percent, 0), 100) / 100
    return Rect(bar.x, bar.y, bar.w * ratio, bar.h)


class Hit(StrEnum):
    """What part of a bar the pointer is over."""

    BODY = "body"
    END = "end"
    NONE = "none"


def hit_bar(bar: Rect, px: float, py: float, *, milestone: bool = False) -> Hit:
    """Classify a point against a bar: its resize grip, its body, or outside."""
    grown = bar.adjusted(2.0)
    if not grown.contains(px, py):
        return Hit.NONE
    if not milestone and bar.w >= 3 * GRIP and px >= bar.right - GRIP:
        return Hit.END
    return Hit.BODY


def visible_rows(scroll_y: float, height: float, row_height: float, count: int) -> range:
    """Row numbers at least partly inside a viewport scrolled by ``scroll_y``."""
    first = max(int(scroll_y // row_height), 0)
    last = min(int((scroll_y + height) // row_height) + 1, count)
    return range(first, max(first, last))
