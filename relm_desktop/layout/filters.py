"""Which timeline rows a view shows: filters (critical, late, milestones, a team,
an environment) and grouping by team or environment instead of release → phase.

A filter keeps the release and phase rows above the tasks it shows, as MS
Project's "Show related summary rows" does. Both only change what is shown:
the result is another ``Timeline`` over the same records, so the table, the
chart, selection, folding and editing work on it as on the plan's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from relm_desktop.layout.timeline import GroupRecord, Node, RowKind, Timeline, _fill_summary


class RowFilter(StrEnum):
    ALL = "all"
    CRITICAL = "critical"
    LATE = "late"
    MILESTONES = "milestones"
    TEAM = "team"
    ENVIRONMENT = "environment"


class Grouping(StrEnum):
    PHASE = "phase"  # the plan's own tree: releases → phases → tasks
    TEAM = "team"
    ENVIRONMENT = "environment"


#: What a filter is called in the timeline's filter bar.
FILTER_LABELS = {
    RowFilter.CRITICAL: "Critical tasks",
    RowFilter.LATE: "Late tasks",
    RowFilter.MILESTONES: "Milestones",
}


@dataclass(frozen=True)
class ViewOptions:
    """A filter (with the team or environment it keeps) and a grouping."""

    filter: RowFilter = RowFilter.ALL
    #: The team or environment id the TEAM / ENVIRONMENT filters keep (None: tasks with none).
    value: int | None = None
    grouping: Grouping = Grouping.PHASE

    @property
    def plain(self) -> bool:
        """True when every row shows in the plan's own order (nothing to apply)."""
        return self.filter is RowFilter.ALL and self.grouping is Grouping.PHASE


def _is_leaf_task(node: Node) -> bool:
    return node.kind is RowKind.TASK and not node.children


def overdue_since(node: Node, status: date) -> tuple[str, date] | None:
    """("finished" | "started", the date it should have) for work behind at ``status``.

    A task should have finished by the status date and is not complete, or
    should have started and has not (0%). Summary rows are never overdue
    themselves: their tasks are.
    """
    if not _is_leaf_task(node) or node.start is None or node.finish is None:
        return None
    if node.finish < status and node.percent < 100:
        return "finished", node.finish
    if node.start < status and node.percent == 0:
        return "started", node.start
    return None


def is_late(node: Node, status: date) -> bool:
    """Finishing after its baseline finish, or overdue at ``status``."""
    slip = node.slip
    return (slip is not None and slip > 0) or overdue_since(node, status) is not None


def matcher(options: ViewOptions, status: date) -> Callable[[Node], bool]:
    """Whether a (leaf) task passes ``options``' filter."""
    kind = options.filter
    if kind is RowFilter.CRITICAL:
        return lambda node: node.critical
    if kind is RowFilter.LATE:
        return lambda node: is_late(node, status)
    if kind is RowFilter.MILESTONES:
        return lambda node: node.milestone
    if kind is RowFilter.TEAM:
        return lambda node: node.task.team_id == options.value
    if kind is RowFilter.ENVIRONMENT:
        return lambda node: node.task.environment_id == options.value
    return lambda node: True


def apply_view(
    timeline: Timeline,
    options: ViewOptions,
    *,
    status: date,
    teams: Mapping[int, str],
    environments: Mapping[int, str],
) -> Timeline:
    """The rows ``options`` show, as a timeline of copied nodes (same records)."""
    if options.plain:
        return timeline
    keep = matcher(options, status)
    tasks = [n for n in timeline.nodes if _is_leaf_task(n) and keep(n)]
    if options.grouping is Grouping.PHASE:
        nodes, roots = _with_ancestors(timeline, tasks)
    elif options.grouping is Grouping.TEAM:
        nodes, roots = _grouped(tasks, lambda n: n.task.team_id, teams, "No team")
    else:
        nodes, roots = _grouped(
            tasks, lambda n: n.task.environment_id, environments, "No environment"
        )
    starts = [nodes[i].start for i in roots if nodes[i].start is not None]
    finishes = [nodes[i].finish for i in roots if nodes[i].finish is not None]
    return Timeline(
        nodes=nodes,
        roots=roots,
        links=timeline.links,
        freezes=timeline.freezes,
        by_key={n.key: n.index for n in nodes},
        start=min(d for d in starts if d is not None) if starts else None,
        finish=max(d for d in finishes if d is not None) if finishes else None,
    )


def _with_ancestors(timeline: Timeline, tasks: list[Node]) -> tuple[list[Node], list[int]]:
    """``tasks`` and every row above them, in the plan's order."""
    old = timeline.nodes
    shown: set[int] = set()
    for task in tasks:
        index = task.index
        while index >= 0 and index not in shown:
            shown.add(index)
            index = old[index].parent
    nodes: list[Node] = []
    roots: list[int] = []
    moved: dict[int, int] = {}  # old index → new
    for index in timeline.visible(set()):  # tree order, whatever the storage order
        if index not in shown:
            continue
        node = old[index]
        parent = moved.get(node.parent, -1)
        siblings = roots if parent < 0 else nodes[parent].children
        assert isinstance(siblings, list)
        copy = replace(
            node,
            index=len(nodes),
            parent=parent,
            row=len(siblings),
            children=[] if node.children or node.kind is not RowKind.TASK else (),
        )
        moved[index] = copy.index
        siblings.append(copy.index)
        nodes.append(copy)
    return nodes, roots


def _grouped(
    tasks: list[Node],
    group_of: Callable[[Node], int | None],
    names: Mapping[int, str],
    none_label: str,
) -> tuple[list[Node], list[int]]:
    """A heading row per group (by name; the tasks with none last), then its tasks."""
    members: dict[int, list[Node]] = {}
    for task in tasks:
        members.setdefault(group_of(task) or 0, []).append(task)
    order = sorted(
        members, key=lambda g: (g == 0, names.get(g, f"#{g}").casefold(), g)
    )  # id 0: no team / environment, last
    nodes: list[Node] = []
    roots: list[int] = []
    for ident in order:
        name = none_label if ident == 0 else names.get(ident, f"#{ident}")
        record = GroupRecord(ident, name)
        head = Node(len(nodes), RowKind.GROUP, ident, 0, -1, len(roots), name, record)
        kids: list[int] = []
        head.children = kids
        nodes.append(head)
        roots.append(head.index)
        for task in members[ident]:
            copy = replace(task, index=len(nodes), parent=head.index, depth=1, row=len(kids))
            kids.append(copy.index)
            nodes.append(copy)
        _fill_summary(head, nodes)
    return nodes, roots


def describe(
    options: ViewOptions, teams: Mapping[int, str], environments: Mapping[int, str]
) -> str:
    """The active filter and grouping in words, for the filter bar ("" when plain)."""
    parts: list[str] = []
    kind = options.filter
    if kind is RowFilter.TEAM:
        name = teams.get(options.value, "?") if options.value else "no team"
        parts.append(f"Tasks of {name}")
    elif kind is RowFilter.ENVIRONMENT:
        name = environments.get(options.value, "?") if options.value else "no environment"
        parts.append(f"Tasks in {name}")
    elif kind is not RowFilter.ALL:
        parts.append(FILTER_LABELS[kind])
    if options.grouping is not Grouping.PHASE:
        parts.append(f"grouped by {options.grouping.value}")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]
