"""The link network for the passes: per-task link lists, topological order, cycles.

Links are split by kind so the passes can take a short path for the common
FS-without-lag link and do the full half-instant arithmetic (see ``cpm``) only
for the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat
from operator import add, eq

from relm_desktop.scheduling.conflicts import name_list, quoted
from relm_desktop.scheduling.cycles import cycle_order, cyclic_components, topological_order
from relm_desktop.scheduling.model import Conflict, ConflictKind, ScheduleInput, TaskInput

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


def link_network(
    data: ScheduleInput,
    pos: dict[int, int],
    dur: Sequence[int],
    cycles: list[tuple[int, ...]],
    conflicts: list[Conflict],
) -> tuple[range | list[int], LinkLists, list[list[int]] | None]:
    """A topological order of the task positions, the link lists of both passes and,
    when they were needed to sort, each task's successors (else None).

    Cycles are appended to ``cycles`` and reported in ``conflicts``; the links
    inside them are left out so that the rest of the plan still schedules.
    """
    n = len(dur)
    lists, in_order = _link_lists(data, pos, dur, None)
    if in_order:
        # Every link goes forward in task order (the usual case): nothing to sort.
        return range(n), lists, None
    succ = successors(*lists)
    order = topological_order(n, succ, _indegree(lists))
    if len(order) == n:
        return order, lists, succ
    component_of = _report_cycles(data.tasks, order, succ, cycles, conflicts)
    lists, _ = _link_lists(data, pos, dur, component_of)
    succ = successors(*lists)
    return topological_order(n, succ, _indegree(lists)), lists, succ


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
) -> tuple[LinkLists, bool]:
    """Per-task link lists for both passes, and whether every link goes forward in task order.

    Links to unknown tasks are dropped, and so are links inside one cyclic
    component of ``component_of``.
    """
    n = len(dur)
    fs0: list[list[int]] = [[] for _ in range(n)]  # FS lag 0 predecessors
    other: list[list[Other]] = [[] for _ in range(n)]  # every other link
    in_order = True  # then the task order is a topological order
    get = pos.get
    cyclic = component_of or {}
    # LinkInput is a named tuple (id, predecessor, successor, type, lag): unpack directly.
    for _link_id, p_id, s_id, kind, lag in data.links:
        p, s = get(p_id), get(s_id)
        if p is None or s is None:
            continue
        if p >= s:
            if cyclic and cyclic.get(p, -1) == cyclic.get(s, -2):
                continue  # inside a cycle: ignored
            in_order = False
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
    return (fs0, other), in_order


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
