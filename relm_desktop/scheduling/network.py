"""The link network for the passes: per-task link lists, topological order, cycles.

Links are split by kind so the passes can take a short path for the common
FS-without-lag link and do the full half-instant arithmetic (see ``cpm``) only
for the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from operator import add, and_, eq, itemgetter, ne, not_, or_

from relm_desktop.scheduling.conflicts import name_list, quoted
from relm_desktop.scheduling.cycles import cycle_order, cyclic_components, topological_order
from relm_desktop.scheduling.model import (
    Conflict,
    ConflictKind,
    LinkInput,
    ScheduleInput,
    TaskInput,
)

# Per link type: does it start from the predecessor's start (SS, SF) rather than
# its finish, and does it bind the successor's start (FS, SS) rather than its finish?
_SIDES = {"FS": (False, True), "SS": (True, True), "FF": (False, False), "SF": (True, False)}
# One entry per other link, read by both passes: (pred, from the pred's start,
# 2·shift of the successor's start, lag > 0 | bound from the successor's start,
# shift to the pred's finish). One tuple serves both passes: fewer allocations.
Other = tuple[int, bool, int, bool, bool, int]
# Per task, by successor: FS-0 predecessors and the other links.
LinkLists = tuple[list[list[int]], list[list[Other]]]
_Cycles = tuple[tuple[int, ...], ...]
_PRED = itemgetter(LinkInput._fields.index("predecessor"))
_SUCC = itemgetter(LinkInput._fields.index("successor"))


def link_network(
    data: ScheduleInput,
    ids: Sequence[int],
    pos: dict[int, int],
    dur: Sequence[int],
    cycles: list[tuple[int, ...]],
    conflicts: list[Conflict],
) -> tuple[range | list[int], LinkLists, list[list[int]] | None]:
    """A topological order of the task positions, the link lists of both passes and,
    when they were needed to sort, each task's successors (else None).

    Cycles are appended to ``cycles`` and reported in ``conflicts``; the links
    inside them are left out so that the rest of the plan still schedules.

    The network of the last call without cycles is kept (``_Memo``): after an
    edit only the lists of the tasks whose links changed are made again.
    """
    memo = _last[0]
    made = memo.patched(data.links, ids, pos, dur) if memo is not None else None
    link_ids: set[int] | None = None
    if made is None:
        lists, back = _link_lists(data, pos, dur, None)
        succ = None if not back else successors(*lists)
    else:
        lists, succ, back, link_ids = made
    # A kept network outlives the call: the collector's first young collection
    # after it walks the ~40,000 lists of one made whole (~8 ms at 11,500 tasks).
    # One made whole because the kept one could not be patched (tasks inserted or
    # deleted moved the positions: a paste, a new summary) is not kept, so a run of
    # such edits does not pay that; the call after it makes one and keeps it.
    keep = made is not None or memo is None
    n = len(dur)
    if not back:
        # Every link goes forward in task order (the usual case): nothing to sort.
        _last[0] = _Memo(data.links, ids, dur, lists, succ, back, link_ids) if keep else None
        return range(n), lists, None
    assert succ is not None  # made whenever a link goes backward
    order = topological_order(n, succ, _indegree(lists))
    if len(order) == n:
        _last[0] = _Memo(data.links, ids, dur, lists, succ, back, link_ids) if keep else None
        return order, lists, succ
    _last[0] = None  # with cycles the lists leave links out: made whole next time
    component_of = _report_cycles(data.tasks, order, succ, cycles, conflicts)
    lists, _ = _link_lists(data, pos, dur, component_of)
    succ = successors(*lists)
    return topological_order(n, succ, _indegree(lists)), lists, succ


class _Memo:
    """The link network of one call, and what it was made from.

    Never changed once made: a patched network copies the outer lists and
    replaces the inner lists it makes again. It holds the links it was made
    from, so an object of the next call with the same ``id`` is one of them
    (unchanged: LinkInput is an immutable named tuple). Everything else is
    compared by value, so a call on another plan or thread only misses.
    """

    __slots__ = ("back", "dur", "ids", "link_ids", "links", "lists", "succ")

    #: Above this share of changed tasks or links, the network is made whole.
    MOST = 8

    def __init__(
        self,
        links: Sequence[LinkInput],
        ids: Sequence[int],
        dur: Sequence[int],
        lists: LinkLists,
        succ: list[list[int]] | None,
        back: int,
        link_ids: set[int] | None = None,
    ) -> None:
        self.links = links
        self.link_ids = set(map(id, links)) if link_ids is None else link_ids
        if len(self.link_ids) != len(links):
            self.link_ids = set()  # one object twice: never patched from
        self.ids = tuple(ids)
        self.dur = tuple(dur)
        self.lists = lists
        self.succ = succ
        self.back = back  # links going backward in task order

    def patched(
        self,
        links: Sequence[LinkInput],
        ids: Sequence[int],
        pos: dict[int, int],
        dur: Sequence[int],
    ) -> tuple[LinkLists, list[list[int]] | None, int, set[int]] | None:
        """This network changed into the one of ``links`` and the tasks ``ids`` (at
        positions ``pos``, durations ``dur``): (lists, successors, backward links,
        the set of the links' ids), or None when it is not worth it (or not sure to be right).

        The lists hold positions, not ids: a link counts as changed when what it
        says in positions (predecessor, successor, type, lag) changed, so the
        summary nodes that ``summaries.expand`` names anew on each call (new
        objects, new ids after a paste) are changes only where they moved.
        """
        old_ids, old_dur, m, n = self.ids, self.dur, len(self.ids), len(ids)
        if n < m or not self.link_ids:
            return None
        limit = n // self.MOST + 16
        ids, dur = tuple(ids), tuple(dur)
        # Tasks added at the end and those whose duration changed: lists made again.
        redo = set(range(m, n))
        longer: set[int] = set()
        if dur[:m] != old_dur:
            longer.update(compress(range(m), map(ne, dur, old_dur)))
            redo.update(longer)
        # Ids that came, went or moved: the links naming them are read anew.
        moved = set(ids[m:])
        if ids[:m] != old_ids:
            at = list(compress(range(m), map(ne, ids, old_ids)))
            moved.update(map(ids.__getitem__, at))
            moved.update(map(old_ids.__getitem__, at))
        if len(redo) > limit or len(moved) > limit:
            return None
        link_ids = set(map(id, links))
        if len(link_ids) != len(links):
            return None
        kept = list(map(self.link_ids.__contains__, map(id, links)))
        added = list(compress(links, map(not_, kept)))
        removed = list(
            compress(self.links, map(not_, map(link_ids.__contains__, map(id, self.links))))
        )
        if moved:
            naming = moved.__contains__
            preds, succs = map(naming, map(_PRED, links)), map(naming, map(_SUCC, links))
            renamed = list(compress(links, map(and_, kept, map(or_, preds, succs))))
            added += renamed
            removed += renamed
        if len(added) + len(removed) > len(links):
            # Not cheaper than making it whole (the structural links of summaries
            # are new objects on each call: in a deep outline a good share).
            return None
        # What the links added and removed say in positions; those said on both
        # sides cancel out, the successors of the others get their lists made again.
        old_get = dict(zip(old_ids, range(m), strict=True)).get if moved else pos.get
        gone = _said(removed, old_get)
        came = _said(added, pos.get)
        redo.update(key[1] for key in (gone - came).elements())
        redo.update(key[1] for key in (came - gone).elements())
        if longer:
            # A link from a task whose duration changed: SS and SF entries read it.
            from_longer = set(map(ids.__getitem__, longer)).__contains__
            touching = compress(links, map(from_longer, map(_PRED, links)))
            redo.update(p for p in map(pos.get, map(_SUCC, touching)) if p is not None)
        if len(redo) > limit:
            return None
        # The lists of ``redo`` made again from every link into them, in link order.
        old_fs0, old_other = self.lists
        fs0 = [*old_fs0, *([] for _ in range(m, n))]
        other = [*old_other, *([] for _ in range(m, n))]
        back = self.back
        for s in redo:
            if s < m:
                back -= _backward(s, old_fs0[s], old_other[s])
            fs0[s], other[s] = [], []
        wanted = set(map(ids.__getitem__, redo))
        into = compress(links, map(wanted.__contains__, map(_SUCC, links)))
        back += _add_links(into, pos.get, dur, fs0, other, None)
        succ = self.succ
        if succ is not None:
            succ = _patched_successors(succ, n, redo, old_fs0, old_other, fs0, other)
        elif back:
            succ = successors(fs0, other)
        return (fs0, other), succ, back, link_ids


def _said(
    links: Iterable[LinkInput], get: Callable[[int], int | None]
) -> Counter[tuple[int, int, str, int]]:
    """How many links say each (predecessor, successor, type, lag) in positions
    (links naming a task not in the plan say nothing)."""
    said: Counter[tuple[int, int, str, int]] = Counter()
    for _link_id, p_id, s_id, kind, lag in links:
        p, s = get(p_id), get(s_id)
        if p is not None and s is not None:
            said[p, s, kind, lag] += 1
    return said


def _backward(s: int, fs0: list[int], other: list[Other]) -> int:
    """How many of task ``s``'s links come from it or a task after it."""
    return sum(p >= s for p in fs0) + sum(entry[0] >= s for entry in other)


def _patched_successors(
    succ: list[list[int]],
    n: int,
    redo: set[int],
    old_fs0: list[list[int]],
    old_other: list[list[Other]],
    fs0: list[list[int]],
    other: list[list[Other]],
) -> list[list[int]]:
    """``successors(fs0, other)`` from the old lists' successors, where only the
    lists of ``redo`` changed: each successor list is sorted by successor."""
    m = len(old_fs0)
    gone: dict[int, set[int]] = {}
    for s in redo:
        if s < m:
            for p in old_fs0[s]:
                gone.setdefault(p, set()).add(s)
            for entry in old_other[s]:
                gone.setdefault(entry[0], set()).add(s)
    came: dict[int, list[int]] = {}
    for s in redo:
        for p in fs0[s]:
            came.setdefault(p, []).append(s)
        for entry in other[s]:
            came.setdefault(entry[0], []).append(s)
    out = [*succ, *([] for _ in range(len(succ), n))]
    for p in gone.keys() | came.keys():
        drop = gone.get(p, ())
        kept = [s for s in out[p] if s not in drop]
        kept.extend(came.get(p, ()))
        kept.sort()
        out[p] = kept
    return out


#: The network of the last call without cycles (one slot, swapped whole).
_last: list[_Memo | None] = [None]


def _indegree(lists: LinkLists) -> list[int]:
    """Incoming links of each task: the lengths of its two link lists, counted in C."""
    fs0, other = lists
    return list(map(add, map(len, fs0), map(len, other)))


def successors(fs0: list[list[int]], fwd: list[list[Other]]) -> list[list[int]]:
    """Successor positions of each task (one entry per link) from the link lists."""
    succ: list[list[int]] = [[] for _ in fs0]
    for s, (simple, other) in enumerate(zip(fs0, fwd, strict=True)):
        for p in simple:
            succ[p].append(s)
        for entry in other:
            succ[entry[0]].append(s)
    return succ


def _link_lists(
    data: ScheduleInput,
    pos: dict[int, int],
    dur: Sequence[int],
    component_of: dict[int, int] | None,
) -> tuple[LinkLists, int]:
    """Per-task link lists for both passes, and how many links go backward in task order.

    Links to unknown tasks are dropped, and so are links inside one cyclic
    component of ``component_of``.
    """
    n = len(dur)
    fs0: list[list[int]] = [[] for _ in range(n)]  # FS lag 0 predecessors
    other: list[list[Other]] = [[] for _ in range(n)]  # every other link
    back = _add_links(data.links, pos.get, dur, fs0, other, component_of)
    return (fs0, other), back


def _add_links(
    links: Iterable[LinkInput],
    get: Callable[[int], int | None],
    dur: Sequence[int],
    fs0: list[list[int]],
    other: list[list[Other]],
    component_of: dict[int, int] | None,
) -> int:
    """Append ``links`` to their successors' lists; how many go backward in task order
    (while none does, the task order is a topological order)."""
    back = 0
    cyclic = component_of or {}
    # LinkInput is a named tuple (id, predecessor, successor, type, lag): unpack directly.
    for _link_id, p_id, s_id, kind, lag in links:
        p, s = get(p_id), get(s_id)
        if p is None or s is None:
            continue
        if p >= s:
            if cyclic and cyclic.get(p, -1) == cyclic.get(s, -2):
                continue  # inside a cycle: ignored
            back += 1
        elif cyclic and cyclic.get(p, -1) == cyclic.get(s, -2):
            continue
        if lag == 0 and kind == "FS":
            fs0[s].append(p)
            continue
        pred_start, succ_start = _SIDES[kind]
        # Forward, FF/SF bind the finish: the start bound is the finish bound minus
        # the duration. Backward: FS  F' ≤ S - lag, SS  F' ≤ S - lag + d',
        # FF  F' ≤ F - lag, SF  F' ≤ F - lag + d'.
        other[s].append(
            (
                p,
                pred_start,
                2 * (lag if succ_start else lag - dur[s]),
                lag > 0,
                succ_start,
                -lag + (dur[p] if pred_start else 0),
            )
        )
    return back


def _report_cycles(
    tasks: tuple[TaskInput, ...],
    order: list[int],
    succ: list[list[int]],
    cycles: list[tuple[int, ...]],
    conflicts: list[Conflict],
) -> dict[int, int]:
    """Find and report the cycles among the tasks Kahn's algorithm could not order.

    Returns the cyclic component number of each task on a cycle.
    """
    done = set(order)
    components = cyclic_components((i for i in range(len(tasks)) if i not in done), succ)
    component_of: dict[int, int] = {}
    for number, component in enumerate(components):
        for v in component:
            component_of[v] = number
        first = min(component, key=lambda v: tasks[v].id)
        walk = cycle_order(component, succ, first)
        ring = [tasks[v] for v in walk]
        cycles.append(tuple(t.id for t in ring))
        conflicts.append(
            Conflict(
                ConflictKind.CYCLE,
                _cycle_message(ring, _is_ring(walk, succ)),
                task_ids=tuple(t.id for t in ring),
                release_ids=tuple(sorted({t.release_id for t in ring})),
            )
        )
    return component_of


def _is_ring(walk: list[int], succ: list[list[int]]) -> bool:
    """Whether the walk is one simple cycle: each task links to the next, the last to the first."""
    return all(b in succ[a] for a, b in zip(walk, [*walk[1:], walk[0]], strict=True))


def _cycle_message(ring: list[TaskInput], simple: bool) -> str:
    names = [quoted(t.name) for t in ring]
    if not simple:
        return (
            f"Dependency cycles among {len(names)} tasks: {name_list([t.name for t in ring])}; "
            "the links between them are ignored"
        )
    if len(names) > 8:
        names = [*names[:6], "…", names[-1]]
        return (
            f"Dependency cycle of {len(ring)} tasks {' → '.join([*names, names[0]])}: "
            "the links inside it are ignored"
        )
    return f"Dependency cycle {' → '.join([*names, names[0]])}: the links inside it are ignored"


def critical_path(
    ids: Sequence[int],
    fs0: list[list[int]],
    fwd: list[list[Other]],
    es: list[int],
    ef: list[int],
    critical: list[bool],
) -> tuple[int, ...]:
    """Walk driving links back from the task that finishes last (lowest id on ties)."""
    if not ids:
        return ()
    last = max(ef)
    node = min(compress(range(len(ef)), map(eq, ef, repeat(last))), key=ids.__getitem__)
    path = [node]
    while True:
        # A link drives when its bound on this task's start is exactly the start.
        drivers = [p for p in fs0[node] if ef[p] == es[node] and critical[p]]
        drivers.extend(
            p
            for p, from_start, shift2, *_ in fwd[node]
            if (es[p] if from_start else ef[p]) + (shift2 >> 1) == es[node] and critical[p]
        )
        if not drivers:
            break
        node = min(drivers, key=ids.__getitem__)
        path.append(node)
    return tuple(ids[i] for i in reversed(path))
