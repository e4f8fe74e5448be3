"""Team overload periods from the event sweep equal a day-by-day count (conflicts.py)."""

from __future__ import annotations

import random

import pytest

from relm_desktop.scheduling.conflicts import _overloaded_periods


def day_by_day(spans: list[tuple[int, int]], capacity: int) -> list[tuple[int, int, int]]:
    """(first day, last day, peak) of each run of consecutive days carrying > capacity."""
    if not spans:
        return []
    load = {d: 0 for d in range(min(a for a, _ in spans), max(b for _, b in spans) + 1)}
    for a, b in spans:
        for d in range(a, b + 1):
            load[d] += 1
    periods: list[tuple[int, int, int]] = []
    for d in sorted(load):
        if load[d] <= capacity:
            continue
        if periods and periods[-1][1] == d - 1:
            begin, _, peak = periods.pop()
            periods.append((begin, d, max(peak, load[d])))
        else:
            periods.append((d, d, load[d]))
    return periods


@pytest.mark.parametrize("seed", range(6))
def test_sweep_equals_counting_every_day(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        spans = []
        for _ in range(rng.randint(0, 25)):
            first = rng.randint(0, 40)
            spans.append((first, first + rng.choice((0, 0, 1, 2, 5, 12))))
        capacity = rng.randint(0, 5)
        starts = [2 * a + 1 for a, _ in spans]
        finishes = [2 * b + 2 for _, b in spans]
        assert _overloaded_periods(starts, finishes, capacity) == day_by_day(spans, capacity)
