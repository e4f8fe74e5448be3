"""Cutting a printed timeline into pages (no Qt)."""

from __future__ import annotations

import itertools

import pytest

from relm_desktop.layout.print_pages import SNAP_SHARE, PageGrid, column_spans, row_pages


def test_rows_are_paged_whole_and_each_once() -> None:
    pages = row_pages(53, 26)
    assert pages == (range(0, 26), range(26, 52), range(52, 53))
    assert [row for page in pages for row in page] == list(range(53))


def test_no_rows_still_make_one_page_and_a_tiny_page_holds_a_row() -> None:
    assert row_pages(0, 26) == (range(0),)
    assert row_pages(3, 0) == (range(0, 1), range(1, 2), range(2, 3))


def test_spans_cover_the_dates_without_gaps_or_overlaps() -> None:
    spans = column_spans(10.0, 1000.0, 300.0)
    assert spans[0][0] == 10.0 and spans[-1][1] == 1000.0
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end == start
    assert all(0 < right - left <= 300.0 for left, right in spans)
    assert len(spans) == 4


def test_spans_end_on_a_cell_boundary_near_the_page_edge() -> None:
    weeks = [float(x) for x in range(0, 2000, 77)]  # a week is 77 px at week zoom
    spans = column_spans(0.0, 1500.0, 500.0, weeks)
    for _, right in spans[:-1]:
        assert right in weeks
    assert all(right - left > 500.0 * (1 - SNAP_SHARE) for left, right in spans[:-1])


def test_a_boundary_far_from_the_edge_is_not_taken() -> None:
    # The only boundary leaves most of the page empty: cut at the page's width.
    assert column_spans(0.0, 1000.0, 400.0, [50.0]) == (
        (0.0, 400.0),
        (400.0, 800.0),
        (800.0, 1000.0),
    )


def test_an_empty_date_range_is_one_page_and_no_width_is_refused() -> None:
    assert column_spans(5.0, 5.0, 100.0) == ((5.0, 105.0),)
    with pytest.raises(ValueError):
        column_spans(0.0, 100.0, 0.0)


def test_pages_are_numbered_row_by_row() -> None:
    grid = PageGrid(row_pages(60, 26), column_spans(0.0, 900.0, 400.0))
    assert (grid.down, grid.across, len(grid)) == (3, 3, 9)
    assert [grid.place(n) for n in range(4)] == [(0, 0), (0, 1), (0, 2), (1, 0)]
    assert grid.place(8) == (2, 2)
    with pytest.raises(IndexError):
        grid.place(9)
