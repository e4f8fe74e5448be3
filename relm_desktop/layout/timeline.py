"""The timeline's rows: releases → phases → tasks with scheduled and summary dates.

Built once per schedule (off the GUI thread) from plain records; the task
table and the chart both read it, so they always agree row for row.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial
from operator import attrgetter
from typing import NamedTuple, cast

from relm_desktop.domain.enums import DependencyType
from relm_desktop.domain.outline import group_parents, nest
from relm_desktop.domain.records import (
    DependencyRecord,
    FreezeWindowRecord,
    PhaseRecord,
    ReleaseRecord,
    TaskRecord,
)
from relm_desktop.scheduling.model import ScheduleResult, TaskSchedule

#: Links are indexed by blocks of this many rows, so a repaint only looks at
#: the links near the visible rows instead of all of them. The chart builds and
#: caches its arrows per block of the same size (layout/link_blocks.py).
LINK_BUCKET = 32


class RowKind(StrEnum):
    RELEASE = "release"
    PHASE = "phase"
    TASK = "task"
    #: A team's or environment's heading when the view is grouped (layout/filters.py).
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """What a group row shows: a team, an environment, or none (id 0)."""

    id: int
    name: str

    def get(self, field: str, default: object = None) -> object:
        """As ``Record.get``: a field named at run time."""
        return getattr(self, field, default)


Key = tuple[RowKind, int]
#: The record a row shows: its ``kind`` says which.
RowRecord = ReleaseRecord | PhaseRecord | TaskRecord | GroupRecord


@dataclass(slots=True)
class Node:
    """One row of the tree: a release, a phase or a task, with its dates."""

    index: int
    kind: RowKind
    id: int
    depth: int
    parent: int  # index of the parent node, -1 for a release
    row: int  # position among its siblings
    name: str
    record: RowRecord
    #: Child node indices: a list for releases and phases, the shared empty
    #: tuple for tasks (an empty list per task cost ~3 MB at 50,000 tasks).
    children: Sequence[int] = ()
    start: date | None = None
    finish: date | None = None
    percent: int = 0
    milestone: bool = False
    critical: bool = False
    total_float: int | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    #: The outline code ("2.3.1"): phase, then the task's place in the work breakdown.
    wbs: str = ""

    @property
    def key(self) -> Key:
        return (self.kind, self.id)

    @property
    def is_summary(self) -> bool:
        """A release, phase or group row, or a task with subtasks: dates roll up."""
        return self.kind is not RowKind.TASK or bool(self.children)

    # The record as the type ``kind`` says it is: the caller has checked ``kind``, so
    # these only tell the type checker (no test at run time: the table paints with them).
    @property
    def task(self) -> TaskRecord:
        return cast(TaskRecord, self.record)

    @property
    def phase(self) -> PhaseRecord:
        return cast(PhaseRecord, self.record)

    @property
    def release(self) -> ReleaseRecord:
        return cast(ReleaseRecord, self.record)

    @property
    def slip(self) -> int | None:
        """Calendar days the finish moved past its baseline (negative: earlier)."""
        if self.finish is None or self.baseline_finish is None:
            return None
        return (self.finish - self.baseline_finish).days


class LinkItem(NamedTuple):
    """One arrow: a named tuple, as a frozen dataclass took ~1 µs a link more to
    make (15 ms of each reschedule at 15,000 links)."""

    id: int
    predecessor: int
    successor: int
    type: str
    lag: int
    critical: bool


@dataclass(frozen=True, slots=True)
class FreezeItem:
    name: str
    start: date
    finish: date


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
    #: What the tree was made from (``_shape``): a timeline made from the same
    #: shape takes its tree from this one (``build_timeline(previous=…)``).
    shape: tuple[object, ...] | None = field(default=None, repr=False, compare=False)

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
            self._structure = tuple((n.kind, n.id, n.parent) for n in self.nodes)
        return self._structure

    def visible(self, collapsed: set[Key]) -> list[int]:
        """Node indices shown, in order, when the nodes in ``collapsed`` are folded."""
        out: list[int] = []
        stack = list(reversed(self.roots))
        nodes = self.nodes
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
    10,000 tasks than grouping and nesting again).
    """
    scheduled = result.tasks if result is not None else {}
    shape = _shape(releases, phases, tasks)
    if previous is not None and previous.shape == shape:
        nodes, roots, by_key = _same_tree(previous, releases, phases, tasks, scheduled)
    else:
        nodes, roots, by_key = _new_tree(releases, phases, tasks, scheduled)
    # Summaries bottom-up: a node's children always come after it.
    for node in reversed(nodes):
        if node.children:
            _fill_summary(node, nodes)
    critical_ids = {tid for tid, s in scheduled.items() if s.critical}
    # Enum ``.value`` is a slow descriptor on Python 3.11; 15,000 links paid
    # ~0.2 s for it, so each distinct type is converted once.
    type_names: dict[DependencyType, str] = {}
    link_items: list[LinkItem] = []
    new_link = partial(tuple.__new__, LinkItem)  # no argument checks: ~0.3 µs a link
    for link in links:
        kind = link.type
        name = type_names.get(kind)
        if name is None:
            name = type_names[kind] = str(getattr(kind, "value", kind))
        pred, succ = link.predecessor_id, link.successor_id
        link_items.append(
            new_link(
                (link.id, pred, succ, name, link.lag, pred in critical_ids and succ in critical_ids)
            )
        )
    starts = [n.start for n in nodes if n.start is not None and n.parent < 0]
    finishes = [n.finish for n in nodes if n.finish is not None and n.parent < 0]
    return Timeline(
        nodes=nodes,
        roots=roots,
        links=link_items,
        freezes=[FreezeItem(f.name, f.start, f.finish) for f in freezes],
        by_key=by_key,
        start=min(starts) if starts else None,
        finish=max(finishes) if finishes else None,
        shape=shape,
    )


def _new_tree(
    releases: Sequence[ReleaseRecord],
    phases: Sequence[PhaseRecord],
    tasks: Sequence[TaskRecord],
    scheduled: Mapping[int, TaskSchedule],
) -> tuple[list[Node], list[int], dict[Key, int]]:
    """The tree grouped and nested from the records, with each task's dates."""
    nodes: list[Node] = []
    roots: list[int] = []
    outline = group_parents(tasks)
    phases_of: dict[int, list[PhaseRecord]] = defaultdict(list)
    for phase in phases:
        phases_of[phase.release_id].append(phase)
    tasks_of: dict[tuple[int, int | None], list[TaskRecord]] = defaultdict(list)
    known_phases = {p.id for p in phases}
    for task in tasks:
        phase_id = task.phase_id if task.phase_id in known_phases else None
        tasks_of[(task.release_id, phase_id)].append(task)

    def add(kind: RowKind, record: RowRecord, depth: int, parent: int) -> int:
        siblings = roots if parent < 0 else nodes[parent].children
        if not isinstance(siblings, list):  # a task's first child makes it a summary
            siblings = nodes[parent].children = []
        node = Node(len(nodes), kind, record.id, depth, parent, len(siblings), record.name, record)
        if kind is not RowKind.TASK:
            node.children = []
        if parent >= 0:
            # The WBS code is the node's place in the tree, as domain.outline.wbs_codes
            # numbers it: a release's phases come first, so its phase-less tasks follow on.
            above = nodes[parent]
            number = str(node.row + 1)
            node.wbs = number if above.kind is RowKind.RELEASE else f"{above.wbs}.{number}"
        nodes.append(node)
        siblings.append(node.index)
        return node.index

    task_kind, release_kind = RowKind.TASK, RowKind.RELEASE

    def add_task(task: TaskRecord, parent: int) -> int:
        """``add`` for a task, its dates filled in as it is made (one call, not two)."""
        above = nodes[parent]
        siblings = above.children
        if not isinstance(siblings, list):  # a task's first child makes it a summary
            siblings = above.children = []
        index, row = len(nodes), len(siblings)
        number = str(row + 1)
        at = scheduled.get(task.id)
        nodes.append(
            Node(
                index,
                task_kind,
                task.id,
                above.depth + 1,
                parent,
                row,
                task.name,
                task,
                (),
                at.start if at is not None else None,
                at.finish if at is not None else None,
                task.percent_complete or 0,
                task.duration == 0,
                at.critical if at is not None else False,
                at.total_float if at is not None else None,
                task.baseline_start,
                task.baseline_finish,
                number if above.kind is release_kind else f"{above.wbs}.{number}",
            )
        )
        siblings.append(index)
        return index

    for release in releases:
        r_index = add(RowKind.RELEASE, release, 0, -1)
        # Nodes are appended in display (depth-first) order: phases with their
        # tasks, then the release's tasks that belong to no phase.
        groups: list[tuple[PhaseRecord | None, list[TaskRecord]]] = [
            (phase, tasks_of.get((release.id, phase.id), []))
            for phase in phases_of.get(release.id, [])
        ]
        groups.append((None, tasks_of.get((release.id, None), [])))
        for group, members in groups:
            parent = r_index if group is None else add(RowKind.PHASE, group, 1, r_index)
            if not outline:
                for task in members:
                    add_task(task, parent)
                continue
            # Summary tasks: depth first, each child under its parent's node.
            under: list[int] = [parent]
            for k, level in nest(members, outline):
                del under[level + 1 :]
                under.append(add_task(members[k], under[level]))
    by_key = {(n.kind, n.id): n.index for n in nodes}  # not ``n.key``: a property call each
    return nodes, roots, by_key


def _shape(
    releases: Sequence[ReleaseRecord], phases: Sequence[PhaseRecord], tasks: Sequence[TaskRecord]
) -> tuple[object, ...]:
    """What decides the tree: releases and phases in order, each task's place in order."""
    return (
        tuple(r.id for r in releases),
        tuple((p.id, p.release_id) for p in phases),
        tuple(map(_TASK_PLACE, tasks)),
    )


_TASK_PLACE = attrgetter("id", "release_id", "phase_id", "parent_id")


def _same_tree(
    previous: Timeline,
    releases: Sequence[ReleaseRecord],
    phases: Sequence[PhaseRecord],
    tasks: Sequence[TaskRecord],
    scheduled: Mapping[int, TaskSchedule],
) -> tuple[list[Node], list[int], dict[Key, int]]:
    """``previous``'s tree with the new records and dates (new nodes: the shown ones
    are the GUI thread's)."""
    records: dict[Key, RowRecord] = {(RowKind.RELEASE, r.id): r for r in releases}
    records.update(((RowKind.PHASE, p.id), p) for p in phases)
    task_of = {t.id: t for t in tasks}
    task_kind = RowKind.TASK
    nodes: list[Node] = []
    for old in previous.nodes:
        if old.kind is not task_kind:
            record = records[(old.kind, old.id)]
            node = Node(
                old.index, old.kind, old.id, old.depth, old.parent, old.row, record.name, record
            )
            node.children, node.wbs = list(old.children), old.wbs
            nodes.append(node)
            continue
        task = task_of[old.id]
        at = scheduled.get(old.id)
        nodes.append(
            Node(
                old.index,
                task_kind,
                old.id,
                old.depth,
                old.parent,
                old.row,
                task.name,
                task,
                list(old.children) if old.children else (),
                at.start if at is not None else None,
                at.finish if at is not None else None,
                task.percent_complete or 0,
                task.duration == 0,
                at.critical if at is not None else False,
                at.total_float if at is not None else None,
                task.baseline_start,
                task.baseline_finish,
                old.wbs,
            )
        )
    return nodes, list(previous.roots), dict(previous.by_key)


def _fill_summary(node: Node, nodes: list[Node]) -> None:
    node.milestone = False  # a summary task's own duration no longer counts
    kids = [nodes[i] for i in node.children]
    dated = [k for k in kids if k.start is not None and k.finish is not None]
    if dated:
        node.start = min(k.start for k in dated if k.start is not None)
        node.finish = max(k.finish for k in dated if k.finish is not None)
        # Percent complete weighted by length, so a long task counts for more.
        weights = [max((k.finish - k.start).days + 1, 1) for k in dated if k.start and k.finish]
        done = sum(w * k.percent for w, k in zip(weights, dated, strict=True))
        node.percent = round(done / sum(weights)) if weights else 0
    bases = [k for k in kids if k.baseline_start is not None and k.baseline_finish is not None]
    if bases:
        node.baseline_start = min(k.baseline_start for k in bases if k.baseline_start)
        node.baseline_finish = max(k.baseline_finish for k in bases if k.baseline_finish)
    node.critical = any(k.critical for k in kids)


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
        self._index = _LinkIndex(timeline.links, self.row_of_task, len(self.rows))

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


class _LinkIndex:
    """Which links touch or pass through each bucket of ``LINK_BUCKET`` rows.

    A segment tree over the buckets: each link is filed under the O(log n)
    tree nodes that exactly cover its span of buckets, as 4-byte integers.
    Listing a link in every bucket it crosses cost O(links × span): at
    50,000 tasks, whose links often span hundreds of rows, that was ~4
    million entries and most of the timeline's memory.
    """

    def __init__(self, links: Sequence[LinkItem], rows_of: dict[int, int], row_count: int) -> None:
        buckets = max((row_count - 1) // LINK_BUCKET + 1, 1)
        self._size = size = 1 << (buckets - 1).bit_length()
        filed: dict[int, list[int]] = defaultdict(list)
        for position, link in enumerate(links):
            a = rows_of.get(link.predecessor)
            b = rows_of.get(link.successor)
            if a is None or b is None:
                continue
            if a > b:
                a, b = b, a
            low, high = a // LINK_BUCKET + size, b // LINK_BUCKET + size + 1
            while low < high:
                if low & 1:
                    filed[low].append(position)
                    low += 1
                if high & 1:
                    high -= 1
                    filed[high].append(position)
                low >>= 1
                high >>= 1
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
