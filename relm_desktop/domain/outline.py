"""A release's work breakdown: summary tasks, outline levels and WBS codes.

The outline is stored as ``task.parent_id`` (which summary a task belongs to)
and ``task.position`` (the release's tasks in outline order, each summary just
before its descendants). Both the timeline and the exports read it through
these functions, so a file whose positions were edited by hand still nests
every task under its parent and numbers it the same way everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol


class _Phase(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def release_id(self) -> int: ...


class _Task(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def release_id(self) -> int: ...
    @property
    def phase_id(self) -> int | None: ...
    @property
    def parent_id(self) -> int | None: ...


def group_parents(tasks: Iterable[_Task]) -> dict[int, int]:
    """Task id -> parent id, for parents in the same release and phase (others are ignored).

    A parent chain that loops (only a hand-edited file has one) is cut where it
    closes, so every task reaches a top level.
    """
    tasks = list(tasks)
    where = {t.id: (t.release_id, t.phase_id) for t in tasks}
    parent = {
        t.id: t.parent_id
        for t in tasks
        if t.parent_id is not None
        and t.parent_id != t.id
        and where.get(t.parent_id) == (t.release_id, t.phase_id)
    }
    for start in list(parent):
        seen = {start}
        node = parent.get(start)
        while node is not None:
            if node in seen:
                parent.pop(start, None)
                break
            seen.add(node)
            node = parent.get(node)
    return parent


def nest(tasks: Sequence[_Task], parent: dict[int, int]) -> list[tuple[int, int]]:
    """``tasks`` (one group, in stored order) depth first: (index into tasks, level).

    Children keep their stored order under their parent; level 0 is the top.
    """
    children: dict[int | None, list[int]] = defaultdict(list)
    ids = {t.id for t in tasks}
    for k, t in enumerate(tasks):
        p = parent.get(t.id)
        children[p if p in ids else None].append(k)
    out: list[tuple[int, int]] = []
    stack = [(k, 0) for k in reversed(children[None])]
    while stack:
        k, level = stack.pop()
        out.append((k, level))
        stack.extend((c, level + 1) for c in reversed(children.get(tasks[k].id, ())))
    return out


def summary_ids(tasks: Iterable[_Task]) -> set[int]:
    """Tasks that have children: their dates and progress roll up from them."""
    return set(group_parents(tasks).values())


def wbs_codes(phases: Iterable[_Phase], tasks: Sequence[_Task]) -> dict[int, str]:
    """Each task's WBS code inside its release: phase number, then outline numbers.

    The third task of the second phase is "2.3", its first subtask "2.3.1".
    Tasks that belong to no phase are numbered after the release's phases.
    ``tasks`` must be in stored (position) order.
    """
    phase_number: dict[int, int] = {}
    count: dict[int, int] = defaultdict(int)
    for phase in phases:
        count[phase.release_id] += 1
        phase_number[phase.id] = count[phase.release_id]
    groups: dict[tuple[int, int | None], list[_Task]] = defaultdict(list)
    for task in tasks:
        known = task.phase_id if task.phase_id in phase_number else None
        groups[(task.release_id, known)].append(task)
    parent = group_parents(tasks)
    codes: dict[int, str] = {}
    for (release, phase_id), members in groups.items():
        top = [] if phase_id is None else [str(phase_number[phase_id])]
        offset = count[release] if phase_id is None else 0
        path: list[int] = []
        for k, level in nest(members, parent):
            del path[level + 1 :]
            if len(path) > level:
                path[level] += 1
            else:
                path.append(1 + (offset if level == 0 else 0))
            codes[members[k].id] = ".".join(top + [str(n) for n in path])
    return codes
