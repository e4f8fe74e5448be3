"""The timeline's tree: nodes grouped and nested from the records, or taken from the shown one.

Run on the worker after every edit, for every row of the plan (10,000 and
more), so the loops here are written for speed: one ``Node(...)`` call per
task and no other Python call when it can be helped, columns read with
``map`` and ``attrgetter`` (in C), a leaf whose record and dates did not
change taken as it is from the shown timeline (nothing changes a leaf once
made: only summaries are filled in, and they are always new).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from itertools import compress, count, groupby, repeat
from operator import attrgetter, eq, is_, is_not, mul, or_, sub
from typing import TYPE_CHECKING, NamedTuple

from relm_desktop.domain.enums import DependencyType
from relm_desktop.domain.outline import group_parents, nest
from relm_desktop.domain.records import (
    DependencyRecord,
    PhaseRecord,
    ReleaseRecord,
    TaskRecord,
)
from relm_desktop.layout.timeline_nodes import Key, LinkItem, Node, RowKind
from relm_desktop.scheduling.model import TaskSchedule

if TYPE_CHECKING:
    from relm_desktop.layout.timeline import Timeline

Tree = tuple[list[Node], list[int], dict[Key, int]]
#: A summary task's id -> its children, in stored order.
_Kids = dict[int, list[TaskRecord]]


class _Unscheduled(NamedTuple):
    """A task the schedule has no dates for: read like a ``TaskSchedule``."""

    start: date | None = None
    finish: date | None = None
    critical: bool = False
    total_float: int | None = None


_UNSCHEDULED = _Unscheduled()
#: More summary tasks than this in one release or phase: nested a task at a time.
_MANY_SUMMARIES = 200
_NO_DATES: Mapping[int, TaskSchedule] = {}
_ID = attrgetter("id")
_KEY = attrgetter("kind", "id")
_START, _FINISH = attrgetter("start"), attrgetter("finish")
_BASE_START, _BASE_FINISH = attrgetter("baseline_start"), attrgetter("baseline_finish")
_PERCENT, _CRITICAL, _DAYS = attrgetter("percent"), attrgetter("critical"), attrgetter("days")
_CHILDREN = attrgetter("children")
_TYPE = attrgetter("type")
_PRED, _SUCC = attrgetter("predecessor"), attrgetter("successor")
_LINK = attrgetter("id", "predecessor_id", "successor_id", "type", "lag")


def keys_of(nodes: list[Node]) -> dict[Key, int]:
    """``by_key`` for ``nodes`` (each node's index is its place in the list)."""
    return {(n.kind, n.id): n.index for n in nodes}  # not ``n.key``: a property call each


def new_tree(
    releases: Sequence[ReleaseRecord],
    phases: Sequence[PhaseRecord],
    tasks: Sequence[TaskRecord],
    scheduled: Mapping[int, TaskSchedule],
    previous: Timeline | None = None,
) -> Tree:
    """The tree grouped and nested from the records, with each task's dates.

    ``previous``: a leaf task whose record, place and dates are as in it is
    taken from it (a paste or an indent leaves most rows as they were).
    """
    phases_of: dict[int, list[PhaseRecord]] = defaultdict(list)
    for phase in phases:
        phases_of[phase.release_id].append(phase)
    known_phases = {p.id for p in phases}
    tasks_of: dict[tuple[int, int | None], list[TaskRecord]] = defaultdict(list)
    # Tasks are stored release by release: grouped a run at a time, in C.
    for (release_id, phase_id), run in groupby(tasks, _PLACE):
        tasks_of[(release_id, phase_id if phase_id in known_phases else None)].extend(run)
    grower = _Grower(scheduled, previous, _outline(tasks))
    nodes, roots = grower.nodes, grower.roots
    release_kind, phase_kind = RowKind.RELEASE, RowKind.PHASE
    for release in releases:
        # Nodes are appended in display (depth-first) order: phases with their
        # tasks, then the release's tasks that belong to no phase.
        top = Node(len(nodes), release_kind, release.id, 0, -1, len(roots), release.name, release)
        kids: list[int] = []
        top.children = kids
        nodes.append(top)
        roots.append(top.index)
        for phase in phases_of.get(release.id, []):
            # The WBS code is the node's place in the tree, as domain.outline.wbs_codes
            # numbers it: a release's phases come first, so its phase-less tasks follow on.
            head = Node(
                len(nodes), phase_kind, phase.id, 1, top.index, len(kids), phase.name, phase
            )
            head.children, head.wbs = [], str(len(kids) + 1)
            nodes.append(head)
            kids.append(head.index)
            grower.add(head, tasks_of.get((release.id, phase.id), []))
        grower.add(top, tasks_of.get((release.id, None), []))
    return nodes, roots, keys_of(nodes)


_PLACE = attrgetter("release_id", "phase_id")
_PARENT = attrgetter("parent_id")


def _outline(tasks: Sequence[TaskRecord]) -> dict[int, int]:
    """``group_parents(tasks)``, given only the tasks it reads (those with a parent
    and the parents): the same answer, without a pass in Python over every task."""
    parents = set(map(_PARENT, tasks))
    parents.discard(None)
    if not parents:
        return {}
    concerned = map(
        or_,
        map(is_not, map(_PARENT, tasks), repeat(None)),
        map(parents.__contains__, map(_ID, tasks)),
    )
    return group_parents(compress(tasks, concerned))


class _Grower:
    """Appends one release's or phase's tasks at a time to the nodes being made."""

    def __init__(
        self,
        scheduled: Mapping[int, TaskSchedule],
        previous: Timeline | None,
        outline: dict[int, int],
    ) -> None:
        self.nodes: list[Node] = []
        self.roots: list[int] = []
        self.scheduled = scheduled
        self.outline = outline
        self.summaries = set(outline.values())
        before = previous.scheduled if previous is not None else None
        #: The shown nodes a leaf may be taken from, and the dates they were made with.
        self.before = previous.nodes if previous is not None and before is not None else []
        self.was = (before if before is not None else _NO_DATES).get

    def add(self, above: Node, members: list[TaskRecord]) -> None:
        """``members`` (in stored order) under ``above``, nested if any has a parent."""
        if not members:
            return
        outline = self.outline
        if not outline or outline.keys().isdisjoint(map(_ID, members)):
            self._flat(above, members)
            return
        # Which members sit under which (in stored order), found in C but for the
        # children themselves; the rest are runs of leaves, made as flat ones.
        ids = list(map(_ID, members))
        known = set(ids)
        kids: _Kids = {}
        top = [True] * len(members)
        for k in compress(count(), map(outline.__contains__, ids)):
            parent = outline[ids[k]]
            if parent in known:
                kids.setdefault(parent, []).append(members[k])
                top[k] = False
        if len(kids) > _MANY_SUMMARIES:  # (each level of summaries is a call deeper)
            self._nested(above, members)
        else:
            self._under(above, list(compress(members, top)), kids)

    def _under(
        self, above: Node, tasks: list[TaskRecord], kids: dict[int, list[TaskRecord]]
    ) -> None:
        """``tasks`` under ``above``, each summary (a key of ``kids``) followed by its own."""
        start = 0
        for k in compress(count(), map(kids.__contains__, map(_ID, tasks))):
            if k > start:
                self._flat(above, tasks[start:k])
            head = self._summary(above, tasks[k])
            self._under(head, kids[tasks[k].id], kids)
            start = k + 1
        if start < len(tasks):
            self._flat(above, tasks[start:] if start else tasks)

    def _summary(self, above: Node, task: TaskRecord) -> Node:
        """A new node for a summary task under ``above`` (its children come next)."""
        kids = above.children
        if not isinstance(kids, list):  # a task's first child makes it a summary
            kids = above.children = []
        index, row = len(self.nodes), len(kids)
        at = self.scheduled.get(task.id, _UNSCHEDULED)
        node = Node(
            index,
            RowKind.TASK,
            task.id,
            above.depth + 1,
            above.index,
            row,
            task.name,
            task,
            [],
            at.start,
            at.finish,
            task.percent_complete or 0,
            task.duration == 0,
            at.critical,
            at.total_float,
            task.baseline_start,
            task.baseline_finish,
            str(row + 1) if above.kind is RowKind.RELEASE else f"{above.wbs}.{row + 1}",
        )
        self.nodes.append(node)
        kids.append(index)
        return node

    def _flat(self, above: Node, members: list[TaskRecord]) -> None:
        """No summary tasks among ``members``: one ``Node`` call a task at most."""
        nodes, before, was = self.nodes, self.before, self.was
        append, get, task_kind = nodes.append, self.scheduled.get, RowKind.TASK
        kids = above.children
        if not isinstance(kids, list):  # a task's first child makes it a summary
            kids = above.children = []
        depth, parent, first, row = above.depth + 1, above.index, len(nodes), len(kids)
        prefix = "" if above.kind is RowKind.RELEASE else f"{above.wbs}."
        index, shown = first, len(before)
        if shown:
            # A shown leaf under the same parent row (same kind, depth and code) at the
            # same row has the same depth and code: only those two are compared.
            mate = before[parent] if parent < shown else None
            if mate is None or (mate.kind, mate.depth, mate.wbs) != (
                above.kind,
                above.depth,
                above.wbs,
            ):
                shown = 0
        for task in members:
            ident = task.id
            at = get(ident, _UNSCHEDULED)
            if index < shown:
                old = before[index]
                if (
                    old.record is task
                    and old.parent == parent
                    and old.row == row
                    and not old.children
                    and at == was(ident, _UNSCHEDULED)
                ):
                    append(old)
                    index += 1
                    row += 1
                    continue
            append(
                Node(
                    index,
                    task_kind,
                    ident,
                    depth,
                    parent,
                    row,
                    task.name,
                    task,
                    (),
                    at.start,
                    at.finish,
                    task.percent_complete or 0,
                    task.duration == 0,
                    at.critical,
                    at.total_float,
                    task.baseline_start,
                    task.baseline_finish,
                    f"{prefix}{row + 1}",
                )
            )
            index += 1
            row += 1
        kids.extend(range(first, index))

    def _nested(self, above: Node, members: list[TaskRecord]) -> None:
        """Summary tasks, depth first, each child under its parent's node, a task
        at a time (for outlines of very many summaries, so no call per level)."""
        nodes, before, was, summaries = self.nodes, self.before, self.was, self.summaries
        append, get, task_kind = nodes.append, self.scheduled.get, RowKind.TASK
        release_kind, shown = RowKind.RELEASE, len(before)
        under: list[Node] = [above]
        for k, level in nest(members, self.outline):
            del under[level + 1 :]
            up = under[level]
            siblings = up.children
            if not isinstance(siblings, list):  # a task's first child makes it a summary
                siblings = up.children = []
            index, row, depth = len(nodes), len(siblings), up.depth + 1
            task = members[k]
            ident = task.id
            at = get(ident, _UNSCHEDULED)
            wbs = str(row + 1) if up.kind is release_kind else f"{up.wbs}.{row + 1}"
            old = before[index] if index < shown else None
            if (
                old is not None
                and old.record is task
                and ident not in summaries  # a summary's node gets children: a new one
                and old.parent == up.index
                and old.row == row
                and old.depth == depth
                and not old.children
                and old.wbs == wbs
                and at == was(ident, _UNSCHEDULED)
            ):
                node = old
            else:
                node = Node(
                    index,
                    task_kind,
                    ident,
                    depth,
                    up.index,
                    row,
                    task.name,
                    task,
                    (),
                    at.start,
                    at.finish,
                    task.percent_complete or 0,
                    task.duration == 0,
                    at.critical,
                    at.total_float,
                    task.baseline_start,
                    task.baseline_finish,
                    wbs,
                )
            append(node)
            siblings.append(index)
            under.append(node)


def same_tree(
    previous: Timeline,
    releases: Sequence[ReleaseRecord],
    phases: Sequence[PhaseRecord],
    tasks: Sequence[TaskRecord],
    scheduled: Mapping[int, TaskSchedule],
    same_tasks: bool = False,
) -> Tree:
    """``previous``'s tree with the new records and dates.

    Releases, phases and summaries are new nodes (summaries are filled in
    afterwards, and the shown ones are the GUI thread's); a leaf task whose
    record and schedule are equal to those it was made from is taken as it is.
    """
    records: dict[Key, ReleaseRecord | PhaseRecord] = {(RowKind.RELEASE, r.id): r for r in releases}
    records.update(((RowKind.PHASE, p.id), p) for p in phases)
    # The very same task records as ``previous`` was made from: each node's is its own.
    task_of = None if same_tasks else dict(zip(map(_ID, tasks), tasks, strict=True))
    before = previous.scheduled
    get, was = scheduled.get, (before.get if before is not None else None)
    task_kind = RowKind.TASK
    nodes: list[Node] = []
    append = nodes.append
    for old in previous.nodes:
        if old.kind is not task_kind:
            record = records[(old.kind, old.id)]
            node = Node(
                old.index, old.kind, old.id, old.depth, old.parent, old.row, record.name, record
            )
            node.children, node.wbs = list(old.children), old.wbs
            append(node)
            continue
        ident = old.id
        at = get(ident, _UNSCHEDULED)
        same = not old.children and was is not None and at == was(ident, _UNSCHEDULED)
        if task_of is None:
            if same:
                append(old)
                continue
            task = old.task
        else:
            task = task_of[ident]
            if same and task == old.record:
                append(old)
                continue
        append(
            Node(
                old.index,
                task_kind,
                ident,
                old.depth,
                old.parent,
                old.row,
                task.name,
                task,
                list(old.children) if old.children else (),
                at.start,
                at.finish,
                task.percent_complete or 0,
                task.duration == 0,
                at.critical,
                at.total_float,
                task.baseline_start,
                task.baseline_finish,
                old.wbs,
            )
        )
    return nodes, list(previous.roots), dict(previous.by_key)


def fill_summaries(nodes: list[Node], previous: Timeline | None = None) -> None:
    """Each summary's dates, progress and flags from its children, bottom-up
    (a node's children always come after it).

    A release or phase whose children show what its row in ``previous`` had
    under it (the very nodes, or ones with the same dates, progress, baseline
    and flag) takes that row's figures.
    """
    before = previous.nodes if previous is not None else None
    where = previous.by_key if previous is not None else {}
    task_kind = RowKind.TASK
    for node in filter(_CHILDREN, reversed(nodes)):
        if before is not None and node.kind is not task_kind:
            at = where.get((node.kind, node.id))
            old = before[at] if at is not None else None
            if old is not None and _same_figures(nodes, node, before, old):
                node.milestone, node.critical, node.percent = False, old.critical, old.percent
                node.start, node.finish = old.start, old.finish
                node.baseline_start, node.baseline_finish = old.baseline_start, old.baseline_finish
                continue
        fill_summary(node, nodes)


def _same_figures(nodes: list[Node], node: Node, before: list[Node], old: Node) -> bool:
    """Whether ``node``'s children roll up to what ``old``'s did (in C)."""
    if len(old.children) != len(node.children):
        return False
    kids = list(map(nodes.__getitem__, node.children))
    was = list(map(before.__getitem__, old.children))
    moved = list(map(is_not, kids, was))
    if not any(moved):
        return True
    return all(map(eq, map(_FIGURES, compress(kids, moved)), map(_FIGURES, compress(was, moved))))


_FIGURES = attrgetter("start", "finish", "percent", "baseline_start", "baseline_finish", "critical")


def fill_summary(node: Node, nodes: list[Node]) -> None:
    """``node``'s dates, progress, baseline and critical flag rolled up from its children.

    Columns are read with ``map`` and tested with ``all``/``any`` (a date is
    always true, None false): a release of 2,000 tasks in ~0.1 ms.
    """
    node.milestone = False  # a summary task's own duration no longer counts
    kids = list(map(nodes.__getitem__, node.children))
    starts, finishes = list(map(_START, kids)), list(map(_FINISH, kids))
    dated = kids
    if not (all(starts) and all(finishes)):
        dated = [k for k in kids if k.start is not None and k.finish is not None]
        starts, finishes = list(map(_START, dated)), list(map(_FINISH, dated))
    if dated:
        node.start, node.finish = min(starts), max(finishes)
        # Percent complete weighted by length, so a long task counts for more.
        weights = [days + 1 for days in map(_DAYS, map(sub, finishes, starts))]
        if min(weights) < 1:
            weights = [max(w, 1) for w in weights]
        done = sum(map(mul, weights, map(_PERCENT, dated)))
        node.percent = round(done / sum(weights))
    bases = list(map(_BASE_START, kids))
    if any(bases):
        ends = list(map(_BASE_FINISH, kids))
        if not (all(bases) and all(ends)):
            pairs = [(b, e) for b, e in zip(bases, ends, strict=True) if b and e]
            bases, ends = [b for b, _ in pairs], [e for _, e in pairs]
        if bases:
            node.baseline_start, node.baseline_finish = min(bases), max(ends)
    node.critical = any(map(_CRITICAL, kids))


def link_items(links: Sequence[DependencyRecord], critical: set[int]) -> list[LinkItem]:
    """One arrow a link, critical when both its ends are (``critical``: task ids)."""
    # Enum ``.value`` is a slow descriptor on Python 3.11; 15,000 links paid
    # ~0.2 s for it, so each distinct type is converted once.
    names: dict[DependencyType, str] = {
        kind: str(getattr(kind, "value", kind)) for kind in set(map(_TYPE, links))
    }
    new_link = partial(tuple.__new__, LinkItem)  # no argument checks: ~0.3 µs a link
    # Records are named tuples (id, predecessor, successor, type, lag), unpacked as
    # they are; other objects with those attributes are read through ``_LINK``.
    rows: Iterable[tuple[int, int, int, DependencyType, int]] = (
        links if isinstance(links[0] if links else None, DependencyRecord) else map(_LINK, links)
    )
    # A comprehension: ~25% less than reading columns with ``map`` and zipping them.
    return [
        new_link((ident, pred, succ, names[kind], lag, pred in critical and succ in critical))
        for ident, pred, succ, kind, lag in rows
    ]


class Alignment(NamedTuple):
    """How a list of link records lines up with the one a timeline was made from:
    the first ``kept`` are the same objects, the ``dropped`` after those are gone,
    the next ones up to ``fresh`` are the old ones after those, the rest are new."""

    kept: int
    dropped: int
    fresh: int


def align(links: Sequence[object], before: Sequence[object]) -> Alignment:
    """``links`` against ``before`` (by identity, in C): a link edit drops some
    links and adds new ones at the end (new ids come last)."""
    count_before = len(before)
    kept = next(compress(count(), map(is_not, links, before)), min(len(links), count_before))
    for dropped in range(1, 4) if kept < count_before else ():
        same = count_before - kept - dropped
        if same < 0:
            break
        if len(links) >= kept + same and _same_run(
            links[kept : kept + same], before[kept + dropped :]
        ):
            return Alignment(kept, dropped, kept + same)
    return Alignment(kept, count_before - kept, kept)


def _same_run(these: Sequence[object], those: Sequence[object]) -> bool:
    return len(these) == len(those) and all(map(is_, these, those))


def arrows(
    links: Sequence[DependencyRecord],
    critical: set[int],
    before: tuple[Sequence[DependencyRecord], list[LinkItem], set[int]] | None,
) -> list[LinkItem]:
    """``link_items``, taking the arrows of the records that ``before`` (records,
    arrows, critical tasks) was made from where they line up with them."""
    if before is None:
        return link_items(links, critical)
    records, made, was_critical = before
    line = align(links, records)
    out = made[: line.kept]
    out += made[line.kept + line.dropped : line.kept + line.dropped + line.fresh - line.kept]
    flipped = critical ^ was_critical
    if flipped:  # arrows between tasks that joined or left the critical path
        touched = map(
            or_,
            map(flipped.__contains__, map(_PRED, out)),
            map(flipped.__contains__, map(_SUCC, out)),
        )
        for k in compress(count(), list(touched)):
            old = out[k]
            out[k] = old._replace(
                critical=old.predecessor in critical and old.successor in critical
            )
    out += link_items(links[line.fresh :], critical)
    return out


__all__ = [
    "Alignment",
    "align",
    "arrows",
    "fill_summaries",
    "fill_summary",
    "keys_of",
    "link_items",
    "new_tree",
    "same_tree",
]
