"""Heat-map geometry: bands, cells, hit-testing, counts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from relm_desktop.layout.heatmap import Band, band, cell_counts, heatmap_layout


@pytest.mark.parametrize(
    ("score", "expected"),
    [(1, Band.LOW), (4, Band.LOW), (5, Band.MEDIUM), (9, Band.MEDIUM), (10, Band.HIGH),
     (16, Band.HIGH), (20, Band.CRITICAL), (25, Band.CRITICAL)],
)  # fmt: skip
def test_bands(score: int, expected: Band) -> None:
    assert band(score) is expected


def test_every_cell_centre_hits_its_cell() -> None:
    lay = heatmap_layout(400, 300)
    assert len(lay.cells) == 25
    for cell in lay.cells:
        assert lay.cell_at(cell.x + cell.w / 2, cell.y + cell.h / 2) == cell.key
        assert lay.cell(*cell.key) is cell
    assert lay.cell_at(0, 0) is None


def test_orientation_and_square_cells() -> None:
    lay = heatmap_layout(500, 500)
    worst, least = lay.cell(5, 5), lay.cell(1, 1)
    assert worst.x > least.x and worst.y < least.y  # high impact right, high probability up
    assert all(abs(c.w - c.h) < 1e-9 for c in lay.cells)
    gx, gy, gw, gh = lay.grid
    assert gx + gw <= 500 and gy + gh <= 500
    assert {label.text for label in lay.labels} >= {"Impact →", "Probability →", "1", "5"}


def test_counts() -> None:
    risks = [SimpleNamespace(probability=p, impact=i) for p, i in [(3, 4), (3, 4), (1, 2)]]
    assert cell_counts(risks) == {(3, 4): 2, (1, 2): 1}
