"""Geometry of the 5×5 probability × impact heat map, and its counts.

Impact runs left to right (1 … 5), probability bottom to top (1 … 5), so the
worst cell is top right, as on a printed risk matrix. Bands are
``domain.rules.risk_band``: 1–4 low, 5–9 medium, 10–16 high, 20–25 critical.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from relm_desktop.domain.rules import RiskBand, RiskLike, risk_band

SIZE = 5
Cell = tuple[int, int]  # (probability, impact)


# The bands are the glossary's rule (domain.rules), under the names the views use.
Band = RiskBand
band = risk_band


@dataclass(frozen=True, slots=True)
class CellBox:
    probability: int
    impact: int
    x: float
    y: float
    w: float
    h: float

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def band(self) -> Band:
        return band(self.score)

    @property
    def key(self) -> Cell:
        return (self.probability, self.impact)


@dataclass(frozen=True, slots=True)
class AxisLabel:
    text: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class HeatmapLayout:
    cells: tuple[CellBox, ...]
    labels: tuple[AxisLabel, ...]  # tick numbers and the two axis titles
    grid: tuple[float, float, float, float]  # x, y, w, h of the 5×5 block

    def cell(self, probability: int, impact: int) -> CellBox:
        return self.cells[(probability - 1) * SIZE + (impact - 1)]

    def cell_at(self, x: float, y: float) -> Cell | None:
        gx, gy, gw, gh = self.grid
        if not (gx <= x < gx + gw and gy <= y < gy + gh):
            return None
        impact = int((x - gx) / (gw / SIZE)) + 1
        probability = SIZE - int((y - gy) / (gh / SIZE))
        return (probability, impact)


def heatmap_layout(
    width: float,
    height: float,
    *,
    axis: float = 40.0,
    tick: float = 18.0,
    gap: float = 3.0,
    margin: float = 6.0,
) -> HeatmapLayout:
    """Square cells as large as fit in ``width`` × ``height`` after the axis strips.

    ``axis`` is the room for an axis title, ``tick`` for the tick numbers.
    """
    room_w = width - axis - tick - 2 * margin
    room_h = height - axis - tick - 2 * margin
    side = max(8.0, min(room_w, room_h) / SIZE)
    grid_w = grid_h = side * SIZE
    gx = margin + axis + tick + max(0.0, (room_w - grid_w) / 2)
    gy = margin + max(0.0, (room_h - grid_h) / 2)
    cells = []
    for probability in range(1, SIZE + 1):
        for impact in range(1, SIZE + 1):
            x = gx + (impact - 1) * side
            y = gy + (SIZE - probability) * side
            cells.append(
                CellBox(probability, impact, x + gap / 2, y + gap / 2, side - gap, side - gap)
            )
    labels = [AxisLabel(str(k), gx + (k - 1) * side, gy + grid_h, side, tick) for k in range(1, 6)]
    labels += [
        AxisLabel(str(k), gx - tick, gy + (SIZE - k) * side, tick, side) for k in range(1, 6)
    ]
    labels.append(AxisLabel("Impact →", gx, gy + grid_h + tick, grid_w, axis * 0.6))
    labels.append(AxisLabel("Probability →", gx - tick - axis, gy, axis * 0.6, grid_h))
    return HeatmapLayout(tuple(cells), tuple(labels), (gx, gy, grid_w, grid_h))


def cell_counts(risks: Iterable[RiskLike]) -> dict[Cell, int]:
    """How many of ``risks`` fall in each (probability, impact) cell."""
    return dict(Counter((int(r.probability), int(r.impact)) for r in risks))
