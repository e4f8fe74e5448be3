"""The timeline's rows: releases → phases → tasks with scheduled and summary dates.

Built once per schedule (off the GUI thread) from plain records; the task
table and the chart both read it, so they always agree row for row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from operator import attrgetter, eq, is_, is_not

from relm_desktop.domain.records import (
    DependencyRecord,
    FreezeWindowRecord,
    PhaseRecord,
    ReleaseRecord,
    TaskRecord,
)
from relm_desktop.layout.link_index import LINK_BUCKET, LinkIndex
from relm_desktop.layout.timeline_nodes import (
    FreezeItem,
    GroupRecord,
    Key,
    LinkItem,
    Node,
    RowKind,
    RowRecord,
)
from relm_desktop.layout.timeline_tree import (
    arrows,
    fill_summaries,
    new_tree,
    same_tree,
)
from relm_desktop.layout.timeline_tree import fill_summary as _fill_summary
from relm_desktop.scheduling.model import ScheduleResult, TaskSchedule

__all__ = [
    "LINK_BUCKET",
    "FreezeItem",
    "GroupRecord",
    "Key",
    "LinkItem",
    "Node",
    "RowKind",
    "RowLayout",
    "RowRecord",
    "Timeline",
    "_fill_summary",
    "build_timeline",
]

_STRUCTURE = attrgetter("kind", "id", "parent")


@dataclass(frozen=True, slots=True)
class _Source:
    """What a timeline was made from, for the next one made from it (``previous``)."""

    #: Release ids, and phases' (id, release id), in order.
    heads: tuple[tuple[int, ...], tuple[tuple[int, int], ...]]
    tasks: Sequence[TaskRecord]
    links: Sequence[DependencyRecord]
    critical: set[int]


@dataclass
class Timeline:
    """Every row of the timeline in tree order, plus links and freeze windows."""

    nodes: list[Node]
    roots: list[int]
    links: list[LinkItem]
    freezes: list[FreezeItem]
    by_key: dict[Key, int]
    start: date | None
    finish: date | None
    #: ``structure()`` once made (the worker makes it: 10-40 ms at 10,000 rows).
    _structure: tuple[tuple[RowKind, int, int], ...] | None = field(
        default=None, repr=False, compare=False
    )
    #: The task dates the nodes were made with: a leaf whose record and dates are
    #: unchanged is taken as it is by a timeline made from this one.
    scheduled: Mapping[int, TaskSchedule] | None = field(default=None, repr=False, compare=False)
    #: The records and critical tasks it was made from: a timeline made from this
    #: one whose tasks sit as they did takes its tree (``build_timeline(previous=…)``).
    made_from: _Source | None = field(default=None, repr=False, compare=False)
    #: The link index its last row layout made, and the one of the timeline it
    #: was made from: a row layout with the same rows and links takes it as it is.
    link_index: LinkIndex | None = field(default=None, repr=False, compare=False)
    prior_index: LinkIndex | None = field(default=None, repr=False, compare=False)
    #: Nodes stored in tree order (each followed by its descendants), as
    #: ``build_timeline`` makes them: rows shown are runs of them.
    preorder: bool = field(default=False, repr=False, compare=False)

    def node(self, kind: RowKind, ident: int) -> Node | None:
        index = self.by_key.get((kind, ident))
        return None if index is None else self.nodes[index]

    def children(self, parent: int) -> Sequence[int]:
        return self.roots if parent < 0 else self.nodes[parent].children

    def structure(self) -> tuple[tuple[RowKind, int, int], ...]:
        """What decides the tree's shape; equal structures can be updated in place."""
        if self._structure is None:
            # The kind itself, not its ``.value`` (a slow descriptor): members
            # are singletons, so comparing two structures stays cheap.
            self._structure = tuple(map(_STRUCTURE, self.nodes))
        return self._structure

    def visible(self, collapsed: set[Key]) -> list[int]:
        """Node indices shown, in order, when the nodes in ``collapsed`` are folded."""
        nodes = self.nodes
        if self.preorder:
            # Stored in tree order: a folded row hides the run of rows after it.
            out: list[int] = []
            shown = 0
            folded = (self.by_key.get(key) for key in collapsed)
            for index in sorted(i for i in folded if i is not None and nodes[i].children):
                if index < shown:
                    continue  # under a row folded already
                out.extend(range(shown, index + 1))
                last = index
                while nodes[last].children:
                    last = nodes[last].children[-1]
                shown = last + 1
            out.extend(range(shown, len(nodes)))
            return out
        out = []
        stack = list(reversed(self.roots))
        while stack:
            index = stack.pop()
            out.append(index)
            node = nodes[index]
            if node.children and node.key not in collapsed:
                stack.extend(reversed(node.children))
        return out


def build_timeline(
    *,
    releases: Sequence[ReleaseRecord],
    phases: Sequence[PhaseRecord],
    tasks: Sequence[TaskRecord],
    links: Sequence[DependencyRecord],
    result: ScheduleResult | None,
    freezes: Iterable[FreezeWindowRecord] = (),
    previous: Timeline | None = None,
) -> Timeline:
    """Group tasks by release and phase (in their stored order) and attach dates.

    ``previous``: the timeline shown. When the releases, phases and tasks sit
    as they did (a duration, a name, links or dates edited), its tree is
    taken as it is and only the records and dates are new (~15 ms less at
    10,000 tasks than grouping and nesting again); its leaf tasks whose
    record and dates did not change are taken as they are, also when the
    outline changed (a paste, an indent), and so are its arrows and the
    figures of releases and phases whose rows roll up the same. Records
    are immutable (named tuples): the very same object has the same values.
    """
    scheduled = result.tasks if result is not None else {}
    critical = {tid for tid, s in scheduled.items() if s.critical}
    made = previous.made_from if previous is not None else None
    heads = (tuple(r.id for r in releases), tuple((p.id, p.release_id) for p in phases))
    # The very same task records (a link or the dates edited): each node's own.
    same_tasks = made is not None and _same_objects(tasks, made.tasks)
    structure = None
    if previous is not None and made is not None and _same_places(heads, tasks, made):
        nodes, roots, by_key = same_tree(previous, releases, phases, tasks, scheduled, same_tasks)
        structure = previous._structure
    else:
        nodes, roots, by_key = new_tree(releases, phases, tasks, scheduled, previous)
    fill_summaries(nodes, previous)
    before = (made.links, previous.links, made.critical) if made and previous else None
    items = arrows(links, critical, before)
    tops = [nodes[i] for i in roots]
    starts = [n.start for n in tops if n.start is not None]
    finishes = [n.finish for n in tops if n.finish is not None]
    return Timeline(
        nodes=nodes,
        roots=roots,
        links=items,
        freezes=[FreezeItem(f.name, f.start, f.finish) for f in freezes],
        by_key=by_key,
        start=min(starts) if starts else None,
        finish=max(finishes) if finishes else None,
        _structure=structure,
        scheduled=scheduled,
        made_from=_Source(heads, tuple(tasks), tuple(links), critical),
        prior_index=previous.link_index if previous is not None else None,
        preorder=True,
    )


def _same_objects(these: Sequence[object], those: Sequence[object]) -> bool:
    """The same objects in the same order (records are immutable: the same values)."""
    return len(these) == len(those) and all(map(is_, these, those))


def _same_places(
    heads: tuple[tuple[int, ...], tuple[tuple[int, int], ...]],
    tasks: Sequence[TaskRecord],
    made: _Source,
) -> bool:
    """Whether the tree made from ``made`` is the one these records make: the same
    releases and phases, and each task in the same place (id, release, phase and
    parent), compared only where the record is not the very same object (in C)."""
    before = made.tasks
    if heads != made.heads or len(tasks) != len(before):
        return False
    changed = list(map(is_not, tasks, before))
    places = map(_TASK_PLACE, compress(tasks, changed))
    return all(map(eq, places, map(_TASK_PLACE, compress(before, changed))))


_TASK_PLACE = attrgetter("id", "release_id", "phase_id", "parent_id")


class RowLayout:
    """The visible rows for one collapse state, and where each task sits.

    ``row_of_task`` answers "which row shows task 42" in O(1), and the link
    index lets a repaint find the arrows near the viewport without scanning
    every link.
    """

    def __init__(self, timeline: Timeline, collapsed: set[Key] | frozenset[Key]) -> None:
        self.timeline = timeline
        self.collapsed = frozenset(collapsed)
        self.rows = timeline.visible(set(collapsed))
        nodes = timeline.nodes
        task = RowKind.TASK
        # Built on the worker thread at open, and again on the GUI thread when
        # a branch folds, so every loop here is kept lean.
        self.row_of_task: dict[int, int] = {}
        for row, index in enumerate(self.rows):
            node = nodes[index]
            if node.kind is task:
                self.row_of_task[node.id] = row
        self._index = LinkIndex(
            timeline.links, self.row_of_task, len(self.rows), timeline.prior_index
        )
        # Kept for the next timeline's row layout; the prior one is done with.
        timeline.link_index, timeline.prior_index = self._index, None

    def __len__(self) -> int:
        return len(self.rows)

    def node_at(self, row: int) -> Node:
        return self.timeline.nodes[self.rows[row]]

    def links_in_bucket(self, bucket: int) -> list[LinkItem]:
        """Links with a row in, or passing through, rows of ``bucket``, in plan order."""
        links = self.timeline.links
        return [links[i] for i in self._index.stab(bucket)]

    def links_near(self, first: int, last: int) -> list[LinkItem]:
        """Links with at least one row in ``[first, last]`` or passing through it."""
        found: set[int] = set()
        for bucket in range(first // LINK_BUCKET, last // LINK_BUCKET + 1):
            found.update(self._index.stab(bucket))
        links = self.timeline.links
        return [links[i] for i in sorted(found)]
