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
        """``prior``: an index made before; taken as it is when made for the same rows
        and the same links' ends (an indent, a reschedule: ~7 ms less at 15,000 links)."""
        buckets = max((row_count - 1) // LINK_BUCKET + 1, 1)
        self._size = size = 1 << (buckets - 1).bit_length()
        self._links, self._rows_of, self._row_count = links, rows_of, row_count
        if (
            prior is not None
            and prior._row_count == row_count
            and _same_ends(links, prior._links)
            and prior._rows_of == rows_of
        ):
            self._nodes: dict[int, array[int]] = prior._nodes
            return
        # Each task's bucket plus one (0: not shown), and each link's pair of
        # buckets as one number, all made in C; then the links grouped by pair.
        bucket = dict(
            zip(
                rows_of.keys(),
                map(add, map(floordiv, rows_of.values(), repeat(LINK_BUCKET)), repeat(1)),
                strict=True,
            )
        ).get
        pair = size * 4  # > any bucket plus one
        keys = map(
            add,
            map(mul, map(bucket, map(_PREDECESSOR, links), repeat(0)), repeat(pair)),
            map(bucket, map(_SUCCESSOR, links), repeat(0)),
        )
        spans: defaultdict[int, list[int]] = defaultdict(list)
        for position, key in enumerate(keys):
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
            first, last = (a + shift, b + shift) if a <= b else (b + shift, a + shift)
            if first == last:
                filed[first].extend(members)
                continue
            level = (first ^ last).bit_length()
            block = (1 << level) - 1
            if not first & block and not (last + 1) & block:  # all of the meeting node
                filed[first >> level].extend(members)
                continue
            for node in left(first, level):
                filed[node].extend(members)
            for node in right(last, level):
                filed[node].extend(members)
        self._nodes = {node: array("i", members) for node, members in filed.items()}

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
