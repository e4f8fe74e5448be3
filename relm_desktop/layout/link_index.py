"""Which links touch or pass through each block of rows (a segment tree over the blocks)."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import compress, repeat
from operator import add, attrgetter, eq, floordiv, is_not, mul

from relm_desktop.layout.timeline_nodes import LinkItem

#: Links are indexed by blocks of this many rows, so a repaint only looks at
#: the links near the visible rows instead of all of them. The chart builds and
#: caches its arrows per block of the same size (layout/link_blocks.py).
LINK_BUCKET = 32

_PREDECESSOR, _SUCCESSOR = attrgetter("predecessor"), attrgetter("successor")
_ENDS = attrgetter("predecessor", "successor")


class LinkIndex:
    """Which links touch or pass through each bucket of ``LINK_BUCKET`` rows.

    A segment tree over the buckets: each link is filed under the O(log n)
    tree nodes that exactly cover its span of buckets, as 4-byte integers.
    Listing a link in every bucket it crosses cost O(links × span): at
    50,000 tasks, whose links often span hundreds of rows, that was ~4
    million entries and most of the timeline's memory.

    Built on the worker after every edit: links are first grouped by the
    buckets of their ends (15,000 links share ~3,500 spans), so the tree is
    walked once a span rather than once a link.
    """

    def __init__(
        self,
        links: Sequence[LinkItem],
        rows_of: Mapping[int, int],
        row_count: int,
        prior: LinkIndex | None = None,
    ) -> None:
        """``prior``: an index made before. Made for the same rows, it is taken as it
        is when each link has the ends it had there (an indent, a reschedule), and
        patched when links were only dropped in one place and added at the end (a
        predecessor edit): ~1-3 ms instead of ~9 at 15,000 links."""
        buckets = max((row_count - 1) // LINK_BUCKET + 1, 1)
        self._size = max(1 << (buckets - 1).bit_length(), 1)
        self._links, self._rows_of, self._row_count = links, rows_of, row_count
        self._nodes: dict[int, array[int]]
        if prior is not None and prior._row_count == row_count and prior._rows_of == rows_of:
            line = _line_up(links, prior._links)
            if line is not None:
                self._nodes = prior._patched(*line, self._filed(links, line[2]))
                return
        self._nodes = {node: array("i", found) for node, found in self._filed(links, 0).items()}

    def _filed(self, links: Sequence[LinkItem], first: int) -> dict[int, list[int]]:
        """The positions of ``links`` from ``first`` on under each tree node they are
        filed under (a link whose end is not shown under none)."""
        size = self._size
        # Each task's bucket plus one (0: not shown), and each link's pair of
        # buckets as one number, all made in C; then the links grouped by pair.
        bucket = dict(
            zip(
                self._rows_of.keys(),
                map(add, map(floordiv, self._rows_of.values(), repeat(LINK_BUCKET)), repeat(1)),
                strict=True,
            )
        ).get
        pair = size * 4  # > any bucket plus one
        rest = links[first:] if first else links
        keys = map(
            add,
            map(mul, map(bucket, map(_PREDECESSOR, rest), repeat(0)), repeat(pair)),
            map(bucket, map(_SUCCESSOR, rest), repeat(0)),
        )
        spans: defaultdict[int, list[int]] = defaultdict(list)
        for position, key in enumerate(keys, first):
            spans[key].append(position)
        # Each span filed under the fewest tree nodes covering its leaves, split
        # where the two end leaves' paths meet: the left part depends only on the
        # first leaf and that level, the right part only on the last leaf and the
        # level, so a few thousand parts, the same whatever the plan, serve every
        # edit though a paste moves every span after it.
        filed: defaultdict[int, list[int]] = defaultdict(list)
        shift, left, right = size - 1, _from, _up_to
        for key, members in spans.items():
            a, b = divmod(key, pair)
            if not (a and b):  # an end not shown
                continue
            low, high = (a + shift, b + shift) if a <= b else (b + shift, a + shift)
            if low == high:
                filed[low].extend(members)
                continue
            level = (low ^ high).bit_length()
            block = (1 << level) - 1
            if not low & block and not (high + 1) & block:  # all of the meeting node
                filed[low >> level].extend(members)
                continue
            for node in left(low, level):
                filed[node].extend(members)
            for node in right(high, level):
                filed[node].extend(members)
        return filed

    def _patched(
        self, kept: int, dropped: int, fresh: int, added: dict[int, list[int]]
    ) -> dict[int, array[int]]:
        """This index's nodes with the ``dropped`` links after the first ``kept`` gone,
        the later ones moved up, and the ``added`` ones filed (new arrays: these
        ones may be shown)."""
        nodes = dict(self._nodes)
        if dropped:
            gone = kept + dropped
            for node, held in nodes.items():
                if held and max(held) >= kept:
                    moved = [p - dropped if p >= gone else p for p in held if not kept <= p < gone]
                    nodes[node] = array("i", moved)
        for node, found in added.items():
            extra = array("i", found)
            nodes[node] = nodes[node] + extra if node in nodes else extra
        return nodes

    def stab(self, bucket: int) -> list[int]:
        """Positions (in the timeline's link list) of the links over ``bucket``, sorted."""
        if not 0 <= bucket < self._size:
            return []
        out: list[int] = []
        node = bucket + self._size
        nodes = self._nodes
        while node:
            members = nodes.get(node)
            if members is not None:
                out.extend(members)
            node >>= 1
        out.sort()
        return out


def _line_up(links: Sequence[LinkItem], before: Sequence[LinkItem]) -> tuple[int, int, int] | None:
    """(kept, dropped, fresh): the first ``kept`` links have the ends of those
    ``before``, the ``dropped`` after them are gone, the next up to ``fresh`` have
    the ends of the rest, and those after are new; None when it is not so."""
    count_before = len(before)
    kept = min(len(links), count_before)
    moved = list(map(is_not, links[:kept], before[:kept]))
    for k in compress(range(kept), moved):
        if _ENDS(links[k]) != _ENDS(before[k]):
            kept = k
            break
    if kept == count_before:
        return kept, 0, kept
    for dropped in range(1, 4):
        same = count_before - kept - dropped
        if same < 0 or len(links) < kept + same:
            break
        if _same_ends(links[kept : kept + same], before[kept + dropped :]):
            return kept, dropped, kept + same
    return None


def _same_ends(links: Sequence[LinkItem], before: Sequence[LinkItem]) -> bool:
    """Whether each link has the ends the one at its place ``before`` had (most are
    the very same arrows: only the others are read), in C."""
    if len(links) != len(before):
        return False
    moved = list(map(is_not, links, before))
    if not any(moved):
        return True
    return all(map(eq, map(_ENDS, compress(links, moved)), map(_ENDS, compress(before, moved))))


@lru_cache(maxsize=1 << 17)
def _from(first: int, level: int) -> tuple[int, ...]:
    """Nodes covering ``first`` to the end of its block of 2**(level - 1) leaves."""
    half = level - 1
    return _walk(first, ((first >> half) + 1) << half)


@lru_cache(maxsize=1 << 17)
def _up_to(last: int, level: int) -> tuple[int, ...]:
    """Nodes covering the start of the block of 2**(level - 1) leaves of ``last`` to it."""
    half = level - 1
    return _walk((last >> half) << half, last + 1)


def _walk(low: int, high: int) -> tuple[int, ...]:
    """The fewest tree nodes covering leaves ``low`` to ``high - 1``, bottom up."""
    nodes: list[int] = []
    while low < high:
        if low & 1:
            nodes.append(low)
            low += 1
        if high & 1:
            high -= 1
            nodes.append(high)
        low >>= 1
        high >>= 1
    return tuple(nodes)
