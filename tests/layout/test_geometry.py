"""Bar rectangles, hit testing and visible rows (no Qt)."""

from __future__ import annotations

from datetime import date

import pytest

from relm_desktop.layout.geometry import (
    GRIP,
    MIN_BAR,
    ROW_HEIGHT,
    BarMetrics,
    Hit,
    Rect,
    bar_rect,
    baseline_rect,
    hit_bar,
    milestone_rect,
    progress_rect,
    summary_rect,
    visible_rows,
)
from relm_desktop.layout.scale import DateScale, Zoom

SCALE = DateScale(date(2026, 1, 5), Zoom.DAY)


def test_bar_spans_first_to_last_day_inside_its_row() -> None:
    metrics = BarMetrics()
    rect = bar_rect(SCALE, date(2026, 1, 6), date(2026, 1, 8), 52, metrics)
    assert rect.x == SCALE.px_per_day
    assert rect.w == 3 * SCALE.px_per_day
    assert rect.y > 52 and rect.bottom < 52 + ROW_HEIGHT


def test_tiny_bars_stay_clickable() -> None:
    tiny = DateScale(date(2026, 1, 5), Zoom.QUARTER)
    rect = bar_rect(tiny, date(2026, 1, 6), date(2026, 1, 6), 0, BarMetrics())
    assert rect.w == MIN_BAR


def test_baseline_sits_under_the_bar_when_shown() -> None:
    metrics = BarMetrics(with_baseline=True)
    bar = bar_rect(SCALE, date(2026, 1, 6), date(2026, 1, 8), 0, metrics)
    ghost = baseline_rect(SCALE, date(2026, 1, 6), date(2026, 1, 8), 0, metrics)
    assert ghost.y >= bar.bottom
    assert ghost.bottom <= ROW_HEIGHT


def test_milestone_is_centred_on_its_day() -> None:
    box = milestone_rect(SCALE, date(2026, 1, 7), 0, BarMetrics())
    assert box.x + box.w / 2 == SCALE.x_of(date(2026, 1, 7))
    assert box.w == box.h


def test_summary_is_thinner_than_a_bar() -> None:
    metrics = BarMetrics()
    summary = summary_rect(SCALE, date(2026, 1, 6), date(2026, 1, 9), 0, metrics)
    bar = bar_rect(SCALE, date(2026, 1, 6), date(2026, 1, 9), 0, metrics)
    assert summary.h < bar.h


@pytest.mark.parametrize(("percent", "ratio"), [(0, 0), (50, 0.5), (100, 1), (140, 1), (-5, 0)])
def test_progress(percent: int, ratio: float) -> None:
    bar = Rect(10, 0, 200, 10)
    assert progress_rect(bar, percent).w == 200 * ratio


def test_hit_testing_body_grip_and_outside() -> None:
    bar = Rect(100, 10, 90, 14)
    assert hit_bar(bar, 120, 15) is Hit.BODY
    assert hit_bar(bar, bar.right - GRIP / 2, 15) is Hit.END
    assert hit_bar(bar, 50, 15) is Hit.NONE
    assert hit_bar(bar, 120, 40) is Hit.NONE
    # A short bar has no grip (it would cover the whole bar); milestones never do.
    assert hit_bar(Rect(100, 10, 12, 14), 111, 15) is Hit.BODY
    assert hit_bar(bar, bar.right - 1, 15, milestone=True) is Hit.BODY


def test_visible_rows() -> None:
    assert visible_rows(0, 100, 26, 1000) == range(0, 4)
    assert visible_rows(260, 100, 26, 1000) == range(10, 14)  # rows 10–13 reach 364
    assert visible_rows(0, 100, 26, 2) == range(0, 2)
    assert visible_rows(5000, 100, 26, 10) == range(192, 192)
