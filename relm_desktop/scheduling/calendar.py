"""Working-day calendar: weekdays, holidays and a fast working-day index.

The scheduler never does date arithmetic: it works on integer *working-day
indices* (index ``i`` is the ``i``-th working day counted from a fixed origin)
and only converts to dates at the edges. Index ↔ date tables are built lazily
over a range of dates and grown (by doubling) when a lookup falls outside, so a
lookup is one list access while plans may span many years.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, timedelta

# A Monday far enough back for any plan; indices before it are negative, which
# is fine — only differences of indices carry meaning.
_ORIGIN = date(2000, 1, 3).toordinal()
_DAY = timedelta(days=1)
# Initial table span around the first lookup, in days (about three years), and
# the most the tables grow to (about 60 years).
_INITIAL_SPAN = 1100
_MAX_SPAN = 22_000
# Ordinals of real dates: tables never reach past them (a lookup of 9999-12-31
# would otherwise build a table into year 10000 and fail).
_FIRST_ORDINAL = date.min.toordinal()
_END_ORDINAL = date.max.toordinal() + 1


class WorkCalendar:
    """Working weekdays (0 = Monday) plus non-working holiday dates.

    Instances are treated as immutable: ``workdays`` and ``holidays`` are
    read-only; only the internal lookup tables grow.
    """

    __slots__ = ("_holidays", "_off_sorted", "_prefix", "_tables", "_week_working", "_workdays")

    def __init__(
        self,
        workdays: Iterable[int] = frozenset({0, 1, 2, 3, 4}),
        holidays: Iterable[date] = frozenset(),
    ) -> None:
        days = frozenset(workdays)
        if not days:
            raise ValueError("a calendar needs at least one working weekday")
        if not days <= set(range(7)):
            raise ValueError(
                f"working weekdays must be 0 (Monday) … 6 (Sunday), got {sorted(days)}"
            )
        self._workdays = days
        self._holidays = frozenset(holidays)
        # prefix[r]: working weekdays among the first r days of a week starting Monday.
        self._prefix = [0] * 8
        for r in range(7):
            self._prefix[r + 1] = self._prefix[r] + (r in days)
        self._week_working = self._prefix[7]
        # Only holidays on working weekdays change the count of working days.
        self._off_sorted = sorted(h.toordinal() for h in self._holidays if h.weekday() in days)
        # (lo, indices, index_lo, dates): indices[ordinal - lo] is a date's working-day
        # index, dates[index - index_lo] a working day. Replaced as a whole when it
        # grows, so a reader on another thread always sees a consistent snapshot.
        self._tables: tuple[int, list[int], int, list[date]] = (0, [], 0, [])

    # -- value semantics ------------------------------------------------------------------

    @property
    def workdays(self) -> frozenset[int]:
        """Working weekdays, 0 = Monday."""
        return self._workdays

    @property
    def holidays(self) -> frozenset[date]:
        """Non-working dates (public holidays and named days off)."""
        return self._holidays

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return self._workdays == other._workdays and self._holidays == other._holidays

    def __hash__(self) -> int:
        return hash((self._workdays, self._holidays))

    def __repr__(self) -> str:
        return f"WorkCalendar(workdays={sorted(self._workdays)}, holidays={len(self._holidays)})"

    # -- arithmetic ----------------------------------------------------------------------

    def _count(self, ordinal: int) -> int:
        """Working days in [origin, ordinal) (negative before the origin), by formula."""
        weeks, rest = divmod(ordinal - _ORIGIN, 7)
        off = bisect_left(self._off_sorted, ordinal) - bisect_left(self._off_sorted, _ORIGIN)
        return weeks * self._week_working + self._prefix[rest] - off

    def _build(self, lo: int, hi: int) -> None:
        """(Re)build both tables over ordinals [lo, hi)."""
        workdays = self._workdays
        off = set(self._off_sorted)
        index = self._count(lo)
        indices: list[int] = []
        dates: list[date] = []
        weekday = date.fromordinal(lo).weekday()
        for ordinal in range(lo, hi):
            indices.append(index)
            if weekday in workdays and ordinal not in off:
                dates.append(date.fromordinal(ordinal))
                index += 1
            weekday = weekday + 1 if weekday < 6 else 0
        self._tables = (lo, indices, self._count(lo), dates)

    def _cover(self, ordinal: int) -> bool:
        """Grow the tables (by doubling) so that ``ordinal`` is inside them.

        Returns False, leaving the tables alone, when that would take them past
        ``_MAX_SPAN`` days: a far-off date (a typo like 9999) is then handled
        arithmetically instead of by a table of millions of days.
        """
        if not _FIRST_ORDINAL <= ordinal < _END_ORDINAL:
            return False  # not a date: the caller counts by formula
        lo, indices, _, _ = self._tables
        if not indices:
            lo, hi = ordinal - _INITIAL_SPAN // 3, ordinal + _INITIAL_SPAN
        else:
            hi = lo + len(indices)
            if max(hi, ordinal + 1) - min(lo, ordinal) > _MAX_SPAN:
                return False
            span = hi - lo
            while not lo <= ordinal < hi:
                if ordinal < lo:
                    lo -= span
                else:
                    hi += span
                span = hi - lo
        self._build(max(lo, _FIRST_ORDINAL), min(hi, _END_ORDINAL))
        return True

    def _cover_index(self, index: int) -> bool:
        """Grow the tables so that working day ``index`` is inside them (see ``_cover``)."""
        while True:
            lo, indices, index_lo, dates = self._tables
            if dates and index_lo <= index < index_lo + len(dates):
                return True
            # Estimate the date from whole weeks, then let _cover double as needed.
            guess = _ORIGIN + (index // self._week_working) * 7
            if not dates:
                if not self._cover(guess):
                    return False
            elif index < index_lo:
                if not self._cover(min(guess, lo - 1)):
                    return False
            elif not self._cover(max(guess, lo + len(indices))):
                return False

    def _find(self, index: int) -> date:
        """The working day with ``index``, by bisection on the counting formula."""
        # Invariant: _count(lo) <= index < _count(hi).
        lo = _ORIGIN + (index // self._week_working) * 7
        step = 7
        while self._count(lo) > index:
            lo -= step
            step *= 2
        hi, step = lo + 7, 7
        while self._count(hi) <= index:
            hi += step
            step *= 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._count(mid) <= index:
                lo = mid
            else:
                hi = mid
        return date.fromordinal(lo)

    # -- public API ----------------------------------------------------------------------

    def is_working(self, d: date) -> bool:
        """True when ``d`` is a working weekday and not a holiday."""
        return d.weekday() in self._workdays and d not in self._holidays

    def to_index(self, d: date) -> int:
        """Working-day index of ``d``; a non-working day maps to the next working day's index."""
        ordinal = d.toordinal()
        lo, indices, _, _ = self._tables
        if 0 <= ordinal - lo < len(indices):
            return indices[ordinal - lo]
        if self._cover(ordinal):
            lo, indices, _, _ = self._tables
            return indices[ordinal - lo]
        return self._count(ordinal)

    def to_date(self, i: int) -> date:
        """The working day with index ``i``."""
        _, _, index_lo, dates = self._tables
        if 0 <= i - index_lo < len(dates):
            return dates[i - index_lo]
        if self._cover_index(i):
            _, _, index_lo, dates = self._tables
            return dates[i - index_lo]
        return self._find(i)

    def dates(self, first: int, last: int) -> list[date]:
        """Working days with indices ``first`` … ``last`` (inclusive), for bulk conversion."""
        if last < first:
            return []
        if self._cover_index(first) and self._cover_index(last):
            _, _, index_lo, dates = self._tables
            if index_lo <= first and last < index_lo + len(dates):
                return dates[first - index_lo : last - index_lo + 1]
        return [self.to_date(i) for i in range(first, last + 1)]

    def next_working(self, d: date) -> date:
        """``d`` if it is a working day, else the first working day after it."""
        return self.to_date(self.to_index(d))

    def prev_working(self, d: date) -> date:
        """``d`` if it is a working day, else the last working day before it."""
        return self.to_date(self.to_index(d + _DAY) - 1)

    def add_working_days(self, d: date, n: int) -> date:
        """The working day ``n`` working days after ``d`` (``n`` may be negative).

        A non-working ``d`` first moves to the next working day, so ``n == 0``
        gives ``next_working(d)``.
        """
        return self.to_date(self.to_index(d) + n)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in [a, b): negative when ``b`` is before ``a``."""
        return self.to_index(b) - self.to_index(a)
