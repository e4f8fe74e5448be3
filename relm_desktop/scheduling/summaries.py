"""Summary tasks in the network: each becomes a start and a finish milestone.

A summary task (one with children, PRODUCT.md §2) has no duration of its own:
its dates come from its children. The passes only know tasks and links, so
before scheduling each summary is replaced by two milestones,

- its *start*: every child starts no earlier (an SS link to each child), and the
  links that bind the summary's start (FS and SS into it) bind this node;
- its *finish*: no earlier than any child's finish (an FF link from each child),
  and the links that bind the summary's finish (FF and SF into it) and the
  links that leave it from its finish (FS and FF) use this node,

which is how MS Project and TaskJuggler read links on summaries: a link into a
summary holds back all its work, a link out of it waits for all of it. After
the passes the two nodes are folded back into one schedule for the summary:
from its earliest child start to its latest finish, as critical as its most
critical child. The synthetic nodes take ids above every real one, so where the
passes break ties by lowest id a real task still wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import compress, count, repeat
from operator import is_not, itemgetter, not_, or_
from typing import Protocol

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling.model import (
    Conflict,
    LinkInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    TaskSchedule,
)

_DAY = timedelta(days=1)
_FROM_START = {DependencyType.SS, DependencyType.SF}
_TO_START = {DependencyType.FS, DependencyType.SS}
# Fields of TaskInput and LinkInput, read in C.
_ID = itemgetter(TaskInput._fields.index("id"))
_DURATION = itemgetter(TaskInput._fields.index("duration"))
_PARENT = itemgetter(TaskInput._fields.index("parent_id"))
_PRED = itemgetter(LinkInput._fields.index("predecessor"))
_SUCC = itemgetter(LinkInput._fields.index("successor"))


@dataclass(frozen=True, slots=True)
class Outline:
    """Which tasks are summaries, their children, and the two nodes standing for each."""

    children: dict[int, tuple[int, ...]]  # summary id -> child ids, in input order
    start_node: dict[int, int]
    finish_node: dict[int, int]

    @property
    def summary_of_start(self) -> dict[int, int]:
        """Start node id -> its summary."""
        return {node: s for s, node in self.start_node.items()}

    @property
    def synthetic(self) -> dict[int, int]:
        """Node id -> the summary it stands for."""
        out = {node: s for s, node in self.start_node.items()}
        out.update((node, s) for s, node in self.finish_node.items())
        return out


def outline_of(tasks: Iterable[TaskInput]) -> Outline | None:
    """The plan's summaries, or None when no task has a (known) parent."""
    tasks = tuple(tasks)
    ids = list(map(_ID, tasks))
    parents = list(map(_PARENT, tasks))
    known = set(ids)
    # The tasks with a parent, found in C; only they are looked at one by one.
    placed = list(compress(range(len(tasks)), map(is_not, parents, repeat(None))))
    parent = {ids[i]: parents[i] for i in placed if parents[i] in known}
    if not parent:
        return None
    # A parent chain that loops (a hand-edited file) is cut where it closes.
    for start in list(parent):
        seen = {start}
        node = parent.get(start)
        while node is not None:
            if node in seen:
                parent.pop(start, None)
                break
            seen.add(node)
            node = parent.get(node)
    children: dict[int, list[int]] = {}
    for i in placed:
        p = parent.get(ids[i])
        if p is not None:
            children.setdefault(p, []).append(ids[i])
    if not children:
        return None
    base = max(known) + 1
    start_node = {s: base + 2 * k for k, s in enumerate(children)}
    finish_node = {s: base + 2 * k + 1 for k, s in enumerate(children)}
    return Outline({s: tuple(c) for s, c in children.items()}, start_node, finish_node)


def expand(data: ScheduleInput, outline: Outline) -> ScheduleInput:
    """``data`` with every summary replaced by its start and finish milestones."""
    starts, finishes = outline.start_node, outline.finish_node
    is_summary = starts.__contains__
    # Only the summaries and the links touching them change: found in C, the
    # rest copied over in slices.
    given = data.tasks
    tasks: list[TaskInput] = []
    done = 0
    for at in compress(count(), map(is_summary, map(_ID, given))):
        tasks += given[done:at]
        done = at + 1
        t = given[at]
        kind = t.constraint
        # Start constraints hold the summary's start; a finish deadline its finish.
        start_kind = kind if kind is not ConstraintType.FINISH_NO_LATER_THAN else None
        tasks.append(
            TaskInput(
                starts[t.id],
                t.release_id,
                t.name,
                0,
                start_kind,
                t.constraint_date if start_kind else None,
                outside_start=t.outside_start,
                outside_day_end=t.outside_day_end,
            )
        )
        finish_kind = kind if kind is ConstraintType.FINISH_NO_LATER_THAN else None
        tasks.append(
            TaskInput(
                finishes[t.id],
                t.release_id,
                t.name,
                0,
                finish_kind,
                t.constraint_date if finish_kind else None,
                outside_finish=t.outside_finish,
            )
        )
    tasks += given[done:]
    links = list(data.links)
    touching = map(or_, map(is_summary, map(_PRED, links)), map(is_summary, map(_SUCC, links)))
    for at in compress(count(), touching):
        link = links[at]
        pred, succ = link.predecessor, link.successor
        if pred in starts:
            pred = starts[pred] if link.type in _FROM_START else finishes[pred]
        if succ in starts:
            succ = starts[succ] if link.type in _TO_START else finishes[succ]
        links[at] = link._replace(predecessor=pred, successor=succ)
    next_id = -1  # the structural links get ids of their own, below every real one
    for summary, kids in outline.children.items():
        for child in kids:
            first = starts.get(child, child)
            last = finishes.get(child, child)
            links.append(LinkInput(next_id, starts[summary], first, DependencyType.SS, 0))
            links.append(LinkInput(next_id - 1, last, finishes[summary], DependencyType.FF, 0))
            next_id -= 2
    return replace(data, tasks=tuple(tasks), links=tuple(links))


class Starts(Protocol):
    """Where each task starts: all that settling summary starts reads of a schedule."""

    def start(self, ident: int) -> date | None:
        """The task's start day (a milestone's: the day it sits on); None if unknown."""

    def ends_day(self, ident: int) -> bool:
        """A milestone reached at the end of a day ("Fri 17:00")."""


class ForwardStarts:
    """``Starts`` straight from the forward pass's lists, without building a schedule.

    Days are reported as a full run reports them (``day_of`` keeps them inside
    the supported range).
    """

    __slots__ = ("_day_of", "_dur", "_pos", "_sv")

    def __init__(
        self, pos: dict[int, int], sv: list[int], dur: Sequence[int], day_of: Callable[[int], date]
    ) -> None:
        self._pos, self._sv, self._dur, self._day_of = pos, sv, dur, day_of

    def start(self, ident: int) -> date | None:
        i = self._pos.get(ident)
        if i is None:
            return None
        v = self._sv[i]
        return self._day_of((v + 1) >> 1 if self._dur[i] else v >> 1)

    def ends_day(self, ident: int) -> bool:
        i = self._pos.get(ident)
        return i is not None and not self._dur[i] and bool(self._sv[i] & 1)


def settle_starts(
    data: ScheduleInput,
    outline: Outline,
    forward: Callable[[ScheduleInput], Starts],
    run: Callable[[ScheduleInput], ScheduleResult],
) -> ScheduleResult:
    """Schedule ``data`` (``run``) with each summary's start node held at its work's
    real start, for links from its start.

    The start node is the earliest its work may begin; a child held back by its
    own links starts later, and an SS or SF link from the summary counts from
    when its work really starts (MS Project, tj3). The passes only take maxima,
    so the start nodes of summaries with such links are pinned (start no earlier
    than) to their children's earliest start and the plan scheduled again, until
    nothing moves: later starts only push work later, so this ends. Pins depend
    on starts alone, so each look takes the forward pass only (``forward``, a
    fifth of a run, which may reuse the last look's: only pins change between
    them), and the plan is scheduled in full (``run``) once, when settled.
    """
    summary_of_start = outline.summary_of_start  # a dict made per call: once, not per link
    from_starts = compress(data.links, map(summary_of_start.__contains__, map(_PRED, data.links)))
    watched = {
        summary_of_start[link.predecessor] for link in from_starts if link.type in _FROM_START
    }
    if not watched:
        return run(data)
    starts = forward(data)
    for _ in range(len(outline.children) + 1):
        work_start = _work_starts(outline, starts)
        pins = {
            outline.start_node[s]: work_start[s]
            for s in watched
            if (opens := _opens(outline.start_node[s], starts, data)) is not None
            and opens < work_start[s]
        }
        if not pins:
            break
        tasks = list(data.tasks)
        moved = False
        for at in compress(count(), map(pins.__contains__, map(_ID, tasks))):
            t = tasks[at]
            if t.constraint is not ConstraintType.MUST_START_ON:
                pinned = t._replace(
                    constraint=ConstraintType.START_NO_EARLIER_THAN, constraint_date=pins[t.id]
                )
                if pinned != t:
                    tasks[at], moved = pinned, True
        if not moved:
            # Only pins that cannot hold (must start on) or hold already: every
            # further round would be this one again, to the last.
            break
        data = replace(data, tasks=tuple(tasks))
        starts = forward(data)
    return run(data)


def _opens(node: int, starts: Starts, data: ScheduleInput) -> date | None:
    """The first working day a start node lets work begin on (after "Fri 17:00": Monday)."""
    day = starts.start(node)
    if day is not None and starts.ends_day(node):
        return data.calendar.next_working(day + _DAY)
    return day


def _work_starts(outline: Outline, starts: Starts) -> dict[int, date]:
    """Each summary's earliest child start (summaries below it counted the same way)."""
    out: dict[int, date] = {}
    for summary in _bottom_up(outline):
        found = [out[c] if c in out else starts.start(c) for c in outline.children[summary]]
        days = [d for d in found if d is not None]
        own = starts.start(outline.start_node[summary])
        out[summary] = min(days) if days else own if own is not None else date.min
    return out


def collapse(result: ScheduleResult, outline: Outline, data: ScheduleInput) -> ScheduleResult:
    """The passes' result on the expanded plan, read back onto the summaries.

    A summary spans its children's working days, as tj3 reports a container: a
    milestone reached at the end of a day (after a task) opens its work on the
    next working day, one reached at the start of a day closes it on the one before.
    """
    synthetic = outline.synthetic
    tasks = dict(result.tasks)  # copied in C, then the few synthetic nodes dropped
    for node in synthetic:
        tasks.pop(node, None)
    cal = data.calendar
    zero = compress(map(_ID, data.tasks), map(not_, map(_DURATION, data.tasks)))
    milestones = set(zero).difference(outline.children)
    day_end = result.day_end_milestones
    for summary in _bottom_up(outline):
        kids = [tasks[c] for c in outline.children[summary] if c in tasks]
        last = result.tasks[outline.finish_node[summary]]
        if not kids:
            continue
        starts, finishes = [], []
        for k in kids:
            if k.id in milestones:
                if k.id in day_end:
                    starts.append(cal.next_working(k.start + _DAY))
                    finishes.append(k.finish)
                else:
                    starts.append(k.start)
                    finishes.append(cal.prev_working(k.finish - _DAY))
            else:
                starts.append(k.start)
                finishes.append(k.finish)
        start, finish = min(starts), max(finishes)
        if start > finish:  # milestones only: the summary sits on them
            start = min(k.start for k in kids)
            finish = max(k.finish for k in kids)
        if last.finish > max(k.finish for k in kids):  # a finish link into the summary
            finish = last.finish
        total = min(k.total_float for k in kids)
        tasks[summary] = TaskSchedule(
            summary,
            start,
            finish,
            min(k.late_start for k in kids),
            last.late_finish,
            total,
            last.free_float,
            any(k.critical for k in kids),
        )
    return replace(
        result,
        tasks=tasks,
        critical_path=tuple(i for i in result.critical_path if i not in synthetic),
        conflicts=tuple(_conflict_on_summaries(c, synthetic) for c in result.conflicts),
        cycles=tuple(_dedupe(synthetic.get(i, i) for i in cycle) for cycle in result.cycles),
    )


def _bottom_up(outline: Outline) -> list[int]:
    """Summaries with every summary below them first."""
    done: list[int] = []
    seen: set[int] = set()

    def visit(summary: int) -> None:
        # An explicit stack: a work breakdown may nest deeper than Python recurses.
        stack = [(summary, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                done.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in outline.children[node] if c in outline.children)

    for summary in outline.children:
        visit(summary)
    return done


def _conflict_on_summaries(conflict: Conflict, synthetic: dict[int, int]) -> Conflict:
    if not any(i in synthetic for i in conflict.task_ids):
        return conflict
    ids = _dedupe(synthetic.get(i, i) for i in conflict.task_ids)
    return replace(conflict, task_ids=ids)


def _dedupe(ids: Iterable[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(ids))
