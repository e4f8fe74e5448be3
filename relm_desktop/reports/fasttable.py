"""A plain-text table for thousands of rows, drawn straight on the canvas.

reportlab's ``Table`` costs a text object per cell and re-measures rows on
every split; at 10,000 tasks that is most of the pack's time. ``FastTable``
wraps each cell's text once, keeps the row heights in a prefix sum so a split
is a bisection, and draws one text object per page. It looks like
``styles.data_table``: navy header repeated on every page, zebra rows, rules.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from relm_desktop.reports import styles
from relm_desktop.reports.fonts import BOLD, REGULAR, text_width
from relm_desktop.reports.textbatch import ShapeBatch, TextBatch

SIZE = 8.0
LEADING = 10.0
PAD_X = 4.0
PAD_Y = 3.0


def wrap_text(text: str, width: float, bold: bool = False, size: float = SIZE) -> list[str]:
    """Break ``text`` into lines of at most ``width`` points; over-long words are cut."""
    if text_width(text, size, bold) <= width and "\n" not in text:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if text_width(trial, size, bold) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and text_width(word, size, bold) > width:
                lo, hi = 1, len(word) - 1  # the longest prefix that fits
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if text_width(word[:mid], size, bold) <= width:
                        lo = mid
                    else:
                        hi = mid - 1
                lines.append(word[:lo])
                word = word[lo:]
            line = word
        lines.append(line)
    return lines


@dataclass(slots=True)
class _Body:
    """The wrapped rows of a whole table, shared by the pieces it splits into."""

    headers: list[list[str]]
    header_h: float
    cells: list[list[list[str]]]  # row → column → lines
    tops: list[float]  # prefix sum of row heights: tops[i] = y offset of row i
    widths: list[float]
    right: frozenset[int]
    colours: dict[tuple[int, int], Color]


class FastTable(Flowable):
    """Rows ``first``…``last`` (exclusive) of a wrapped table body."""

    def __init__(self, body: _Body, first: int = 0, last: int | None = None) -> None:
        super().__init__()
        self.body = body
        self.first = first
        self.last = len(body.cells) if last is None else last
        self.width = sum(body.widths)
        self.height = body.header_h + body.tops[self.last] - body.tops[self.first]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        tops = self.body.tops
        limit = tops[self.first] + avail_height - self.body.header_h
        cut = bisect_right(tops, limit, self.first, self.last + 1) - 1
        if cut <= self.first:
            return []
        if cut >= self.last:
            return [self]
        return [FastTable(self.body, self.first, cut), FastTable(self.body, cut, self.last)]

    def draw(self) -> None:
        body, c = self.body, self.canv
        top = self.height
        widths = body.widths
        c.saveState()
        shapes = ShapeBatch(c)
        shapes.rect(0, top - body.header_h, self.width, body.header_h, styles.NAVY)
        base = body.tops[self.first]
        rules = []
        for row in range(self.first, self.last):
            y0 = top - body.header_h - (body.tops[row + 1] - base)
            if (row - self.first) % 2:
                shapes.rect(0, y0, self.width, body.tops[row + 1] - body.tops[row], styles.ZEBRA)
            rules.append((0.0, y0, self.width, y0))
        shapes.lines(rules, styles.RULE, 0.4)
        shapes.draw()
        text = TextBatch(c)
        x = 0.0
        for col, lines in enumerate(body.headers):
            self._cell(
                text, lines, x, widths[col], top - PAD_Y - SIZE + 0.5, col, BOLD, colors.white
            )
            x += widths[col]
        for row in range(self.first, self.last):
            y = top - body.header_h - (body.tops[row] - base) - PAD_Y - SIZE + 0.5
            x = 0.0
            for col, lines in enumerate(body.cells[row]):
                colour = body.colours.get((row, col), styles.TEXT)
                self._cell(text, lines, x, widths[col], y, col, REGULAR, colour)
                x += widths[col]
        text.draw()
        c.restoreState()

    def _cell(
        self,
        text: TextBatch,
        lines: list[str],
        x: float,
        width: float,
        y: float,
        col: int,
        font: str,
        colour: Color,
    ) -> None:
        for n, line in enumerate(lines):
            if not line:
                continue
            left = x + PAD_X
            if col in self.body.right:
                left = x + width - PAD_X - text_width(line, SIZE, font == BOLD)
            text.add(left, y - n * LEADING, line, font, SIZE, colour)


def fast_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    align_right: Sequence[int] = (),
    colours: dict[tuple[int, int], Color] | None = None,
) -> FastTable:
    """A table of plain text; ``colours`` maps (row, column) to a text colour."""
    cache: dict[tuple[str, int], list[str]] = {}

    def lines(value: str, col: int) -> list[str]:
        key = (value, col)
        found = cache.get(key)
        if found is None:
            found = cache[key] = wrap_text(value, widths[col] - 2 * PAD_X)
        return found

    head = [wrap_text(h, w - 2 * PAD_X, bold=True) for h, w in zip(headers, widths, strict=True)]
    header_h = max(len(h) for h in head) * LEADING + 2 * PAD_Y
    cells = [[lines("" if v is None else str(v), col) for col, v in enumerate(row)] for row in rows]
    heights = [max(len(c) for c in row) * LEADING + 2 * PAD_Y for row in cells]
    tops = [0.0, *accumulate(heights)]
    body = _Body(head, header_h, cells, tops, list(widths), frozenset(align_right), colours or {})
    return FastTable(body)
