"""A block's arrow segments cut into bands: nothing lost, nothing outside its band."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relm_desktop.layout.link_blocks import Segment, merge_runs, split_bands

TOP, BAND, BANDS = 832.0, 208.0, 4  # block 1 of 32-row blocks, 8 rows of 26 px a band


def coordinate() -> st.SearchStrategy[float]:
    # Route coordinates: row centres, row edges and bar ends, within the block or
    # reaching past it (clipped pieces end exactly on the block's edges).
    return st.one_of(
        st.sampled_from([TOP, TOP + BAND, TOP + 2 * BAND, TOP + 4 * BAND]),
        st.floats(TOP - 50, TOP + 4 * BAND + 50).map(lambda y: round(y * 2) / 2),
    )


@st.composite
def segments(draw: st.DrawFn) -> Segment:
    x = draw(st.floats(0, 3000).map(round))
    y0, y1 = draw(coordinate()), draw(coordinate())
    if draw(st.booleans()):
        return (x, y0, x + draw(st.floats(1, 300).map(round)), y0)  # horizontal
    return (x, y0, x, y1)  # vertical (or a point)


def covered(pieces: list[Segment], x: float) -> list[tuple[float, float]]:
    spans = sorted((min(a[1], a[3]), max(a[1], a[3])) for a in pieces if a[0] == x)
    merged: list[tuple[float, float]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


@given(st.lists(segments(), max_size=30))
def test_bands_hold_every_segment_in_its_own_band(items: list[Segment]) -> None:
    bands = split_bands(items, TOP, BAND, BANDS)
    assert len(bands) == BANDS
    for index, band in enumerate(bands):
        top, bottom = TOP + index * BAND, TOP + (index + 1) * BAND
        for x0, y0, x1, y1 in band:
            lo, hi = min(y0, y1), max(y0, y1)
            inside = top <= lo and hi <= bottom
            # Only what lies beyond the block's edges is kept whole by the outer bands.
            beyond = (index == 0 and lo < TOP) or (index == BANDS - 1 and hi > TOP + 4 * BAND)
            assert inside or beyond, (index, (x0, y0, x1, y1))
    for x0, y0, x1, y1 in items:
        pieces = [s for band in bands for s in band]
        if y0 == y1:
            assert (x0, y0, x1, y1) in pieces  # horizontal runs stay whole
        else:
            lo, hi = min(y0, y1), max(y0, y1)
            assert any(a <= lo and hi <= b for a, b in covered(pieces, x0))


def test_a_vertical_run_through_three_bands_keeps_its_direction() -> None:
    run = (10.0, TOP + 3 * BAND - 5, 10.0, TOP + BAND - 7)  # drawn upwards
    bands = split_bands([run], TOP, BAND, BANDS)
    assert bands[0] == [(10.0, TOP + BAND, 10.0, TOP + BAND - 7)]
    assert bands[1] == [(10.0, TOP + 2 * BAND, 10.0, TOP + BAND)]
    assert bands[2] == [(10.0, TOP + 3 * BAND - 5, 10.0, TOP + 2 * BAND)]
    assert bands[3] == []


def test_a_run_ending_on_a_band_edge_leaves_no_dot_in_the_next_band() -> None:
    bands = split_bands([(5.0, TOP + 10, 5.0, TOP + BAND)], TOP, BAND, BANDS)
    assert bands[0] == [(5.0, TOP + 10, 5.0, TOP + BAND)] and bands[1] == []


def pixels(pieces: list[Segment]) -> set[tuple[str, float, float]]:
    """Half-pixel samples along every run: what a 1-pixel pen would cover."""
    out: set[tuple[str, float, float]] = set()
    for x0, y0, x1, y1 in pieces:
        if x0 == x1:
            lo, hi = sorted((y0, y1))
            out.update(("v", x0, lo + k / 2) for k in range(int((hi - lo) * 2) + 1))
        else:
            lo, hi = sorted((x0, x1))
            out.update(("h", y0, lo + k / 2) for k in range(int((hi - lo) * 2) + 1))
    return out


@given(st.lists(segments(), max_size=30))
def test_merged_runs_cover_the_same_pixels_once(items: list[Segment]) -> None:
    merged = merge_runs(items)
    assert pixels(merged) == pixels(items)
    # No two runs on one line overlap or touch: each pixel is drawn once.
    for i, (ax0, ay0, ax1, ay1) in enumerate(merged):
        for bx0, by0, bx1, by1 in merged[i + 1 :]:
            if ax0 == ax1 == bx0 == bx1:
                assert ay1 < by0 or by1 < ay0
            elif ay0 == ay1 == by0 == by1 and ax0 != ax1 and bx0 != bx1:
                assert ax1 < bx0 or bx1 < ax0


def test_runs_sharing_a_column_or_lane_become_one() -> None:
    items: list[Segment] = [
        (10.0, 50.0, 10.0, 0.0),  # upwards
        (10.0, 20.0, 10.0, 80.0),
        (10.0, 80.0, 10.0, 90.0),  # touching
        (10.0, 95.0, 10.0, 99.0),  # apart
        (0.0, 12.0, 30.0, 12.0),
        (40.0, 12.0, 25.0, 12.0),  # leftwards, overlapping
    ]
    assert sorted(merge_runs(items)) == [
        (0.0, 12.0, 40.0, 12.0),
        (10.0, 0.0, 10.0, 90.0),
        (10.0, 95.0, 10.0, 99.0),
    ]
