"""The date ↔ pixel scale and the two-level header (no Qt)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relm_desktop.layout.scale import (
    PX_PER_DAY,
    DateScale,
    HeaderCell,
    Zoom,
    label_within,
    next_unit,
    unit_label,
    unit_start,
    zoom_in,
    zoom_out,
)

ORIGIN = date(2026, 1, 5)  # a Monday


def test_dates_and_pixels_round_trip() -> None:
    scale = DateScale(ORIGIN, Zoom.DAY)
    assert scale.x_of(ORIGIN) == 0
    assert scale.x_of(ORIGIN + timedelta(days=3)) == 3 * PX_PER_DAY[Zoom.DAY]
    for offset in range(-10, 40):
        day = ORIGIN + timedelta(days=offset)
        assert scale.date_at(scale.x_of(day)) == day
        assert scale.date_at(scale.x_after(day) - 0.01) == day
    assert scale.width_of(ORIGIN, ORIGIN + timedelta(days=4)) == 5 * scale.px_per_day


def test_nearest_boundary_snaps_to_day_edges() -> None:
    scale = DateScale(ORIGIN, Zoom.DAY)
    assert scale.nearest_boundary(scale.px_per_day * 2.4) == ORIGIN + timedelta(days=2)
    assert scale.nearest_boundary(scale.px_per_day * 2.6) == ORIGIN + timedelta(days=3)


@pytest.mark.parametrize(
    ("unit", "day", "start", "following"),
    [
        ("day", date(2026, 3, 4), date(2026, 3, 4), date(2026, 3, 5)),
        ("week", date(2026, 3, 4), date(2026, 3, 2), date(2026, 3, 9)),
        ("month", date(2026, 3, 4), date(2026, 3, 1), date(2026, 4, 1)),
        ("quarter", date(2026, 11, 30), date(2026, 10, 1), date(2027, 1, 1)),
        ("year", date(2026, 11, 30), date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_units(unit: str, day: date, start: date, following: date) -> None:
    assert unit_start(day, unit) == start
    assert next_unit(start, unit) == following


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time unit"):
        unit_start(ORIGIN, "fortnight")


@pytest.mark.parametrize("zoom", list(Zoom))
def test_header_tiers_cover_the_viewport_without_gaps(zoom: Zoom) -> None:
    scale = DateScale(ORIGIN, zoom)
    upper, lower = scale.tiers(123.0, 1723.0)
    for cells in (upper, lower):
        assert cells[0].x <= 123.0
        assert cells[-1].x + cells[-1].width >= 1723.0
        for a, b in itertools.pairwise(cells):
            assert a.x + a.width == pytest.approx(b.x)
    # The upper unit is coarser than the lower one.
    assert len(upper) < len(lower)


def test_labels_fit_their_cells() -> None:
    assert unit_label(date(2026, 3, 2), "week", 200) == "Week 10 · 2 Mar 2026"
    assert unit_label(date(2026, 3, 2), "week", 70) == "2 Mar"
    assert unit_label(date(2026, 3, 2), "week", 30) == "W10"
    assert unit_label(date(2026, 3, 1), "month", 150) == "March 2026"
    assert unit_label(date(2026, 3, 1), "month", 40) == "Mar"
    assert unit_label(date(2026, 4, 1), "quarter", 90) == "Q2 2026"
    assert unit_label(date(2026, 1, 7), "day", 30) == "7"
    assert unit_label(date(2026, 1, 7), "day", 5) == ""


def test_off_spans_group_weekends_and_holidays() -> None:
    scale = DateScale(ORIGIN, Zoom.DAY)
    holiday = date(2026, 1, 9)  # the Friday before a weekend

    def working(day: date) -> bool:
        return day.weekday() < 5 and day != holiday

    spans = scale.off_spans(0, scale.x_of(date(2026, 1, 19)), working)
    assert spans[0] == (scale.x_of(holiday), 3 * scale.px_per_day)  # Fri–Sun together
    assert spans[1] == (scale.x_of(date(2026, 1, 17)), 2 * scale.px_per_day)


def test_zoom_steps_stop_at_the_ends() -> None:
    assert zoom_in(Zoom.WEEK) is Zoom.DAY
    assert zoom_in(Zoom.DAY) is Zoom.DAY
    assert zoom_out(Zoom.MONTH) is Zoom.QUARTER
    assert zoom_out(Zoom.QUARTER) is Zoom.QUARTER


def seven_px(text: str) -> float:
    return 7.0 * len(text)


@pytest.mark.parametrize(
    ("room", "shown"),
    [(200, "December 2026"), (91, "December 2026"), (90, "Dec"), (28, "Dec"), (27, "D"), (6, "")],
)
def test_an_upper_label_scrolled_half_away_is_shortened_not_cut(room: float, shown: str) -> None:
    cell = HeaderCell(date(2026, 12, 1), 0.0, 150.0, "December 2026", "month")
    assert label_within(cell, room, seven_px) == shown


def test_a_label_with_no_shorter_form_that_fits_is_left_out() -> None:
    cell = HeaderCell(date(2027, 1, 1), 0.0, 90.0, "Q1 2027", "quarter")
    assert label_within(cell, 30, seven_px) == "Q1"
    assert label_within(cell, 10, seven_px) == ""


@given(
    st.sampled_from(list(Zoom)),
    st.lists(st.tuples(st.floats(-3000, 30000), st.floats(1, 4000)), min_size=1, max_size=40),
)
def test_remembered_cells_equal_cells_made_afresh(
    zoom: Zoom, spans: list[tuple[float, float]]
) -> None:
    kept = DateScale(ORIGIN, zoom)  # scrolled back and forth: answers from memory
    for x0, width in spans:
        fresh = DateScale(ORIGIN, zoom)
        assert kept.tiers(x0, x0 + width) == fresh.tiers(x0, x0 + width)
