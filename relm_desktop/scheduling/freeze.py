"""Freeze windows: deployments are pushed past the windows that cover their environment.

Windows become inclusive working-day ranges, sorted per environment, so that
finding the windows a deployment touches is a bisection, not a scan of every
window of every year.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import timedelta

from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.conflicts import DayToDate, day_range, name_list, quoted
from relm_desktop.scheduling.model import Conflict, ConflictKind, FreezeInput, TaskInput

_DAY = timedelta(days=1)
_Window = tuple[int, int, str]  # first and last working day, name


class FreezeIndex:
    """The plan's freeze windows, looked up by environment and working days."""

    def __init__(self, freezes: Iterable[FreezeInput], calendar: WorkCalendar) -> None:
        self._everywhere: list[_Window] = []
        self._by_env: dict[int, list[_Window]] = {}
        for f in freezes:
            first = calendar.to_index(f.start)
            last = calendar.to_index(f.finish + _DAY) - 1
            if first > last:
                continue  # no working day inside: nothing to avoid
            if not f.environment_ids:
                self._everywhere.append((first, last, f.name))
            for env in f.environment_ids:
                self._by_env.setdefault(env, []).append((first, last, f.name))
        # Per environment: windows sorted by first day, their first days, longest length.
        self._cache: dict[int, tuple[list[_Window], list[int], int]] = {}

    def __bool__(self) -> bool:
        return bool(self._everywhere or self._by_env)

    def _windows(self, env: int) -> tuple[list[_Window], list[int], int]:
        found = self._cache.get(env)
        if found is None:
            spans = sorted([*self._by_env.get(env, ()), *self._everywhere])
            longest = max((hi - lo for lo, hi, _ in spans), default=0)
            found = self._cache[env] = (spans, [lo for lo, _, _ in spans], longest)
        return found

    def overlapping(self, env: int, first: int, last: int) -> list[_Window]:
        """Windows covering ``env`` that share a working day with ``first … last``."""
        spans, starts, longest = self._windows(env)
        # Only windows starting in [first - longest, last] can reach the range.
        lo = bisect_left(starts, first - longest)
        hi = bisect_right(starts, last)
        return [w for w in spans[lo:hi] if w[1] >= first]

    def push(
        self, task: TaskInput, v: int, duration: int, to_date: DayToDate
    ) -> tuple[int, Conflict | None]:
        """Move a deployment past every window its working days overlap.

        ``v`` is the start half-instant (see ``cpm``); the result starts at the
        beginning of the first working day after the window, with a FREEZE
        conflict when the task moved.
        """
        env = task.environment_id
        if env is None:
            return v, None
        # Fast path, the usual case: no window starts near the task's days.
        _, starts, longest = self._cache.get(env) or self._windows(env)
        first = (v + 1) >> 1 if duration else v >> 1
        last = first + duration - 1 if duration else first
        if bisect_left(starts, first - longest) == bisect_right(starts, last):
            return v, None
        original = v
        hit: list[str] = []
        while True:
            windows = self.overlapping(env, *_occupied(v, duration))
            if not windows:
                break
            hit.extend(name for _, _, name in windows if name not in hit)
            v = 2 * (max(w[1] for w in windows) + 1)
        if not hit:
            return v, None
        was = to_date(_occupied(original, duration)[0])
        now = to_date(_occupied(v, duration)[0])
        noun = "freeze window" if len(hit) == 1 else "freeze windows"
        return v, Conflict(
            ConflictKind.FREEZE,
            f"{quoted(task.name)} moved from {was.isoformat()} to {now.isoformat()} "
            f"out of {noun} {name_list(hit)}",
            task_ids=(task.id,),
            release_ids=(task.release_id,),
        )

    def pinned(self, task: TaskInput, v: int, duration: int, to_date: DayToDate) -> Conflict | None:
        """A FREEZE conflict for a deployment fixed (must start on, actual start) in a window."""
        if task.environment_id is None:
            return None
        first, last = _occupied(v, duration)
        hit = [name for _, _, name in self.overlapping(task.environment_id, first, last)]
        if not hit:
            return None
        noun = "freeze window" if len(hit) == 1 else "freeze windows"
        return Conflict(
            ConflictKind.FREEZE,
            f"{quoted(task.name)} is fixed {day_range(to_date(first), to_date(last))}, "
            f"inside {noun} {name_list(hit)}",
            task_ids=(task.id,),
            release_ids=(task.release_id,),
        )


def _occupied(v: int, duration: int) -> tuple[int, int]:
    """First and last working day of a task whose start half-instant is ``v``."""
    if duration:
        first = (v + 1) >> 1
        return first, first + duration - 1
    return v >> 1, v >> 1
