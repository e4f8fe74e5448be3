"""How a printed timeline is cut into pages: rows down, date spans across.

Pages go down a run of whole rows (a row is never split) and across a span of
the chart's content x. Spans end on a header cell's boundary where one is
close enough, so a week or month is not cut in two when it can be avoided;
a bar crossing a span's end is drawn up to it and goes on from there on the
next page across.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

#: A span may end this early (a share of the page's width) to end on a cell boundary.
SNAP_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class PageGrid:
    """The pages of a printed timeline: ``rows`` down times ``spans`` across.

    Pages are numbered row by row: every date span of the first rows, then
    those of the next rows, like reading the chart laid out on a table.
    """

    #: The rows of each page down.
    rows: tuple[range, ...]
    #: The content x span ``(left, right)`` of each page across.
    spans: tuple[tuple[float, float], ...]

    @property
    def down(self) -> int:
        return len(self.rows)

    @property
    def across(self) -> int:
        return len(self.spans)

    def __len__(self) -> int:
        return self.down * self.across

    def place(self, number: int) -> tuple[int, int]:
        """(page down, page across), both from 0, of page ``number`` (from 0)."""
        if not 0 <= number < len(self):
            raise IndexError(f"page {number} of {len(self)}")
        return divmod(number, self.across)


def row_pages(count: int, per_page: int) -> tuple[range, ...]:
    """Runs of ``per_page`` rows covering ``count`` rows (one empty page for none)."""
    per_page = max(per_page, 1)
    if count <= 0:
        return (range(0),)
    return tuple(range(top, min(top + per_page, count)) for top in range(0, count, per_page))


def column_spans(
    left: float, right: float, width: float, boundaries: Sequence[float] = ()
) -> tuple[tuple[float, float], ...]:
    """Spans of at most ``width`` covering ``[left, right)``, ending on one of
    ``boundaries`` (sorted) when one lies in the last ``SNAP_SHARE`` of a span."""
    if width <= 0:
        raise ValueError("a page needs some width for the chart")
    if right <= left:
        return ((left, left + width),)
    spans: list[tuple[float, float]] = []
    start = left
    # A few hundredths of a pixel of rounding must not make a page of its own.
    while right - start > 1e-6:
        limit = start + width
        if limit >= right:
            spans.append((start, right))
            break
        end = limit
        before = bisect_right(boundaries, limit) - 1  # the last boundary within reach
        if (
            before >= 0
            and start < boundaries[before]
            and boundaries[before] >= limit - width * SNAP_SHARE
        ):
            end = boundaries[before]
        spans.append((start, end))
        start = end
    return tuple(spans)


__all__ = ["PageGrid", "column_spans", "row_pages"]
