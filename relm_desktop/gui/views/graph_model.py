"""What the dependency graph shows, built from a snapshot: nodes, edges and their styles.

Kept apart from the widget so the choices (which links are cross-release,
which touch a supplier, what a cycle's banner says) read as plain code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from relm_desktop.domain.text import plural
from relm_desktop.gui import dates
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.depgraph import GraphLayout, Metrics, layout_graph, strongly_connected
from relm_desktop.layout.depgraph_focus import Focus, focus_on

#: Task boxes: narrow and close enough that a plan's lanes fit a window at a
#: zoom where names are still readable (the release boxes keep the roomy size).
TASK_METRICS = Metrics(node_width=190, node_height=42, layer_gap=46, node_gap=10, lane_header=40)


class GraphMode(StrEnum):
    TASKS = "tasks"
    RELEASES = "releases"


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: int
    title: str
    subtitle: str
    release_position: int
    critical: bool = False
    in_cycle: bool = False
    supplier: bool = False
    milestone: bool = False


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: int
    target: int
    label: str = ""
    critical: bool = False
    cross_release: bool = False
    supplier: bool = False


@dataclass
class GraphContent:
    """Nodes and edges of one mode, with the layout once computed."""

    mode: GraphMode
    nodes: dict[int, GraphNode]
    edges: list[GraphEdge]
    cycles: list[tuple[int, ...]]  # the scheduler's cycles (task ids, in order)
    cycle_text: str = ""
    layout: GraphLayout | None = None
    #: Lane (a release's portfolio position) of every node; empty: no lanes.
    lanes: dict[int, int] = field(default_factory=dict)
    lane_names: dict[int, str] = field(default_factory=dict)
    #: Set when this is the focus on some nodes (only they and their up/downstream).
    focus: Focus | None = None

    def signature(self) -> tuple[object, ...]:
        """What decides the layout: equal signatures can reuse it."""
        return (
            self.mode,
            tuple(self.nodes),
            tuple((e.source, e.target) for e in self.edges),
            tuple(self.lanes.values()),
        )

    def metrics(self) -> Metrics:
        """Node sizes for this mode (release boxes are a little wider)."""
        return TASK_METRICS if self.mode is GraphMode.TASKS else Metrics(node_width=240)

    def layout_lanes(self) -> list[int] | None:
        """The lane of each node in ``nodes`` order, what the layout takes; None: no lanes."""
        return [self.lanes[i] for i in self.nodes] if self.lanes else None

    def layout_edges(self) -> list[tuple[int, int]]:
        """The edges as (source, target) pairs, what the layout takes."""
        return [(e.source, e.target) for e in self.edges]

    def reuse_layout(self, previous: GraphContent | None) -> bool:
        """Take ``previous``'s layout when the graph is the same; True if it did."""
        if (
            previous is not None
            and previous.layout is not None
            and previous.signature() == self.signature()
        ):
            self.layout = previous.layout
            return True
        return False

    def lay_out(self, previous: GraphContent | None = None) -> GraphLayout:
        """Lay out on this thread (benchmarks, small graphs); the view uses a worker."""
        if not self.reuse_layout(previous):
            edges = self.layout_edges()
            self.layout = layout_graph(
                list(self.nodes), edges, metrics=self.metrics(), lanes=self.layout_lanes()
            )
        assert self.layout is not None
        return self.layout


def _day(value: date | None) -> str:
    return dates.format_date(value) if value else "—"


def task_graph(snapshot: Snapshot, release_id: int | None = None) -> GraphContent:
    """Tasks (of one release, or all) and the links between them.

    A link to a task of another release is kept when one end is shown (the
    other end is shown too), so cross-release links stay visible when
    filtering by release.
    """
    data, result = snapshot.data, snapshot.result
    suppliers = {t.id for t in data.teams if t.is_supplier}
    position = {r.id: r.position for r in data.releases}
    tasks = {t.id: t for t in data.tasks}
    shown = {t.id for t in data.tasks if release_id is None or t.release_id == release_id}
    links = [
        link for link in data.links if link.predecessor_id in shown or link.successor_id in shown
    ]
    for link in links:
        shown.add(link.predecessor_id)
        shown.add(link.successor_id)
    on_cycle = {t for cycle in result.cycles for t in cycle}
    critical = set(result.critical_path) | {tid for tid, s in result.tasks.items() if s.critical}
    nodes: dict[int, GraphNode] = {}
    for task in data.tasks:  # plan order keeps releases and phases together
        if task.id not in shown:
            continue
        sched = result.tasks.get(task.id)
        if sched is None:
            when = "not scheduled (on a cycle)" if task.id in on_cycle else "not scheduled"
        elif task.duration == 0:
            when = f"◆ {_day(sched.start)}"
        else:
            when = f"{_day(sched.start)} – {_day(sched.finish)} · {task.duration}d"
        if sched is not None and sched.total_float and not sched.critical:
            when += f" · float {sched.total_float}d"
        nodes[task.id] = GraphNode(
            task.id,
            task.name,
            when,
            position.get(task.release_id, 0),
            critical=task.id in critical,
            in_cycle=task.id in on_cycle,
            supplier=task.team_id in suppliers,
            milestone=task.duration == 0,
        )
    edges = []
    for link in links:
        a, b = tasks[link.predecessor_id], tasks[link.successor_id]
        label = link.type.value if link.type != "FS" else ""
        if link.lag:
            label = f"{label or 'FS'}{link.lag:+d}d"
        edges.append(
            GraphEdge(
                a.id,
                b.id,
                label,
                critical=a.id in critical and b.id in critical,
                cross_release=a.release_id != b.release_id,
                supplier=a.team_id in suppliers or b.team_id in suppliers,
            )
        )
    names = {t.id: t.name for t in data.tasks}
    content = GraphContent(GraphMode.TASKS, nodes, edges, [tuple(c) for c in result.cycles])
    content.cycle_text = cycle_text(content.cycles, names)
    content.lanes = {i: node.release_position for i, node in nodes.items()}
    content.lane_names = {
        r.position: f"{r.name} {r.version}".strip()
        for r in data.releases
        if r.position in content.lanes.values()
    }
    return content


def focused(content: GraphContent, roots: Collection[int]) -> GraphContent:
    """Only ``roots`` and their transitive predecessors and successors, to lay out anew."""
    focus = focus_on(roots, content.layout_edges())
    keep = focus.members
    nodes = {i: node for i, node in content.nodes.items() if i in keep}
    lanes = {i: lane for i, lane in content.lanes.items() if i in keep}
    shown = GraphContent(
        content.mode,
        nodes,
        [e for e in content.edges if e.source in keep and e.target in keep],
        [c for c in content.cycles if keep.issuperset(c)],
        lanes=lanes,
        lane_names={k: v for k, v in content.lane_names.items() if k in set(lanes.values())},
        focus=focus,
    )
    shown.cycle_text = content.cycle_text if shown.cycles else ""
    return shown


def cycle_text(cycles: list[tuple[int, ...]], names: dict[int, str]) -> str:
    """'2 dependency cycles: 'A' → 'B' → 'A'; …' naming the tasks on each."""
    if not cycles:
        return ""
    parts = [
        " → ".join(f"'{names.get(t, f'#{t}')}'" for t in (*cycle, cycle[0])) for cycle in cycles
    ]
    noun = "dependency cycle" if len(cycles) == 1 else "dependency cycles"
    return f"{len(cycles)} {noun}: " + "; ".join(parts)


def release_graph(snapshot: Snapshot) -> GraphContent:
    """Releases, joined where tasks of one depend on tasks of another."""
    data, result = snapshot.data, snapshot.result
    suppliers = {t.id for t in data.teams if t.is_supplier}
    tasks = {t.id: t for t in data.tasks}
    counts: dict[int, int] = defaultdict(int)
    supplier_tasks: dict[int, int] = defaultdict(int)
    for task in data.tasks:
        counts[task.release_id] += 1
        if task.team_id in suppliers:
            supplier_tasks[task.release_id] += 1
    critical_releases = {tasks[t].release_id for t in result.critical_path if t in tasks}
    nodes = {}
    for release in data.releases:
        golive = result.release_golive.get(release.id)
        extra = f" · {supplier_tasks[release.id]} supplier" if supplier_tasks[release.id] else ""
        nodes[release.id] = GraphNode(
            release.id,
            f"{release.name} {release.version}".strip(),
            f"go-live {_day(golive)} · {plural(counts[release.id], 'task')}{extra}",
            release.position,
            critical=release.id in critical_releases,
            supplier=bool(supplier_tasks[release.id]),
        )
    between: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for link in data.links:
        a, b = tasks[link.predecessor_id], tasks[link.successor_id]
        if a.release_id != b.release_id:
            between[(a.release_id, b.release_id)].append((a.id, b.id))
    critical_tasks = {tid for tid, s in result.tasks.items() if s.critical}
    edges = []
    for (ra, rb), pairs in sorted(between.items()):
        n = len(pairs)
        edges.append(
            GraphEdge(
                ra,
                rb,
                plural(n, "link"),
                critical=any(a in critical_tasks and b in critical_tasks for a, b in pairs),
                cross_release=True,
                supplier=any(
                    tasks[a].team_id in suppliers or tasks[b].team_id in suppliers for a, b in pairs
                ),
            )
        )
    loops = release_cycles(list(nodes), [(e.source, e.target) for e in edges])
    on_loop = {r for loop in loops for r in loop}
    for rid in on_loop:
        nodes[rid] = replace(nodes[rid], in_cycle=True)
    names = {t.id: t.name for t in data.tasks}
    content = GraphContent(GraphMode.RELEASES, nodes, edges, [tuple(c) for c in result.cycles])
    release_names = {rid: node.title for rid, node in nodes.items()}
    content.cycle_text = "; ".join(
        text
        for text in (release_cycle_text(loops, release_names), cycle_text(content.cycles, names))
        if text
    )
    return content


def release_cycles(ids: list[int], edges: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Groups of releases that depend on each other (directly or round a loop).

    Each group is given in portfolio order; a pair A → B and B → A is a group
    of two. The tasks need not form a cycle for this: it is the releases
    that cannot be shipped one after the other.
    """
    where = {rid: k for k, rid in enumerate(ids)}
    succ: list[list[int]] = [[] for _ in ids]
    for a, b in edges:
        if a in where and b in where and a != b:
            succ[where[a]].append(where[b])
    groups = [sorted(c) for c in strongly_connected(len(ids), succ) if len(c) > 1]
    return [tuple(ids[k] for k in group) for group in sorted(groups)]


def release_cycle_text(groups: list[tuple[int, ...]], names: dict[int, str]) -> str:
    """'Releases that depend on each other: 'A' ⇄ 'B'' for every group."""
    if not groups:
        return ""
    parts = [" ⇄ ".join(f"'{names.get(r, f'#{r}')}'" for r in group) for group in groups]
    return "Releases that depend on each other: " + "; ".join(parts)
