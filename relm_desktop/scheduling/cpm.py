"""Critical path method on working days: forward and backward pass, floats, conflicts.

Time model (see PRODUCT.md §3): a task of duration ``d ≥ 1`` starting at
working-day boundary ``S`` occupies working days ``S … S+d-1`` and finishes at
boundary ``F = S + d``. Links are MS Project's: FS ``S ≥ F' + lag``, SS
``S ≥ S' + lag``, FF ``F ≥ F' + lag``, SF ``F ≥ S' + lag``.

Milestones need one more bit, as in TaskJuggler and MS Project: the same
boundary ``B`` is either "start of day B" or "end of day B-1" (a milestone
right after a task sits on the task's last day, "Fri 17:00"). The forward pass
therefore carries *half-instants*: ``v = 2·B`` for a start-of-day instant and
``v = 2·B - 1`` for an end-of-day one. The later instant wins, so a
start-of-day candidate beats an end-of-day one at the same boundary. A task's
finish is an end of day; a positive lag lands at an end of day (``gaplength``
in tj3, working-time lags in MS Project); a zero or negative lag keeps the
kind of the instant it starts from. The reported day of a milestone is
``v // 2``.

Everything runs on position-indexed integer lists in topological order; the
only objects built per task are the final ``TaskSchedule`` values. The common
link (FS, no lag) takes a shorter path through both passes. The passes are
``passes.Passes``; this module adds summary tasks (``summaries``) around them.

Dates stay inside ``domain.limits`` (1900-01-01 … 2199-12-31): a date outside
it in the input is read as the nearest end, and computed days past an end are
shown at that end; both are DATE_RANGE conflicts naming the task, so nothing
downstream meets a date near ``date.max``. The passes run on unbounded
integers; the checks cost one comparison of the day range already computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import is_not, itemgetter
from typing import Literal, overload

from relm_desktop.gcpause import gc_paused
from relm_desktop.scheduling.model import ScheduleInput, ScheduleResult, TaskInput
from relm_desktop.scheduling.passes import Passes
from relm_desktop.scheduling.summaries import (
    ForwardStarts,
    collapse,
    expand,
    outline_of,
    settle_starts,
)

_PARENT = itemgetter(TaskInput._fields.index("parent_id"))


def schedule(data: ScheduleInput) -> ScheduleResult:
    """Schedule every task of ``data``: dates, floats, critical path, cycles and conflicts.

    Links to unknown task ids are ignored; links inside a dependency cycle are
    ignored and the cycle is reported.
    """
    # The passes allocate tens of thousands of short-lived tuples; a full
    # collection of a big GUI heap in the middle would dominate the run. Their
    # lists are gone (in ``_scheduled``'s frame) before the collector comes back:
    # its first young collection then walks only the result (~1 ms at 11,500
    # tasks, not ~9).
    with gc_paused():
        return _scheduled(data)


def _scheduled(data: ScheduleInput) -> ScheduleResult:
    outline = outline_of(data.tasks) if _any_parent(data.tasks) else None
    if outline is None:
        return _schedule(data)
    expanded = expand(data, outline)
    # Settling summary starts looks at forward passes alone, and between them
    # only a few start constraints change: one set of passes serves every look
    # (network made once, each pass again only downstream of a start that moved).
    passes = _Settling()
    result = settle_starts(expanded, outline, passes.forward, passes.run)
    return collapse(result, outline, data)


def _any_parent(tasks: Sequence[TaskInput]) -> bool:
    return any(map(is_not, map(_PARENT, tasks), repeat(None)))


@overload
def _schedule(data: ScheduleInput, *, starts_only: Literal[False] = False) -> ScheduleResult: ...
@overload
def _schedule(data: ScheduleInput, *, starts_only: Literal[True]) -> ForwardStarts: ...
def _schedule(data: ScheduleInput, *, starts_only: bool = False) -> ScheduleResult | ForwardStarts:
    """Schedule ``data``; ``starts_only``: stop after the forward pass (see ``settle_starts``)."""
    passes = Passes(data)
    starts = passes.forward()
    return starts if starts_only else passes.result()


class _Settling:
    """The ``forward`` and ``run`` of ``settle_starts`` on one set of passes.

    Each look at a plan whose tasks differ from the last one's only in
    constraints (the pins) reuses the passes (``Passes.constrain``); any other
    plan gets passes of its own.
    """

    def __init__(self) -> None:
        self._passes: Passes | None = None

    def _for(self, data: ScheduleInput) -> Passes:
        if self._passes is None or not self._passes.constrain(data):
            self._passes = Passes(data)
        return self._passes

    def forward(self, data: ScheduleInput) -> ForwardStarts:
        """Where ``data``'s tasks start (the forward pass alone)."""
        return self._for(data).forward()

    def run(self, data: ScheduleInput) -> ScheduleResult:
        """The full schedule of ``data``."""
        passes = self._for(data)
        passes.forward()
        return passes.result()
