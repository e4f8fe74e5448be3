"""Tooltips on bars, milestones, summary bars and arrows, asked for as Qt asks."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.gui.timeline.tree_model import format_date
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import LinkItem, RowKind
from tests.gui.gui_helpers import settle, task_node, view_of
from tests.gui_gantt.helpers import no_tooltip_at, shape_point, tooltip_at


def test_a_bar_says_what_the_task_is(qtbot: Any, opened: MainWindow) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None and node.finish is not None and node.total_float is not None
    snapshot = opened.document.snapshot  # type: ignore[union-attr]
    assert snapshot is not None
    team = next(t.name for t in snapshot.data.teams if t.id == node.task.team_id)
    chart = view_of(opened).chart
    text = tooltip_at(chart, shape_point(chart, node))
    lines = text.splitlines()
    assert lines[0] == "Hypercare"
    assert f"{format_date(node.start)} – {format_date(node.finish)}" in lines
    assert f"Duration: {node.task.duration} working days" in lines
    assert any(line.startswith(f"Total float: {node.total_float} working day") for line in lines)
    assert f"Complete: {node.percent}%" in lines
    assert f"Team: {team}" in lines


def test_a_constraint_shows_in_the_tooltip(qtbot: Any, opened: MainWindow) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    assert node.start is not None
    document = opened.document
    assert document is not None
    pin = {"constraint_type": ConstraintType.START_NO_EARLIER_THAN, "constraint_date": node.start}
    assert document.update("task", node.id, pin, "Pin")
    settle(qtbot, opened)
    chart = view_of(opened).chart
    text = tooltip_at(chart, shape_point(chart, task_node(opened, "Hypercare", "Customer")))
    assert f"Constraint: Start no earlier than {format_date(node.start)}" in text.splitlines()


def test_milestones_and_summary_bars_have_tooltips(qtbot: Any, opened: MainWindow) -> None:
    chart = view_of(opened).chart
    snapshot = opened.document.snapshot  # type: ignore[union-attr]
    assert snapshot is not None
    milestone = next(n for n in snapshot.timeline.nodes if n.kind is RowKind.TASK and n.milestone)
    assert milestone.start is not None
    text = tooltip_at(chart, shape_point(chart, milestone))
    assert text.splitlines()[:2] == [milestone.name, f"Milestone: {format_date(milestone.start)}"]
    assert "Duration" not in text

    release = snapshot.timeline.nodes[snapshot.timeline.roots[0]]
    assert release.start is not None and release.finish is not None
    text = tooltip_at(chart, shape_point(chart, release))
    assert text.splitlines() == [
        release.name,
        f"{format_date(release.start)} – {format_date(release.finish)}",
        f"Complete: {release.percent}%",
    ]


def vertical_run(chart: GanttChart, link: LinkItem) -> tuple[float, float] | None:
    """The middle of the longest vertical run of ``link``'s arrow, if it has one."""
    route = chart.painter.link_route(link)
    if route is None:
        return None
    runs = [
        (abs(y1 - y0), x0, (y0 + y1) / 2)
        for (x0, y0), (x1, y1) in pairwise(route[0])
        if x0 == x1 and abs(y1 - y0) > 30
    ]
    return max(runs)[1:] if runs else None


def test_an_arrow_names_its_tasks_type_and_lag(qtbot: Any, opened: MainWindow) -> None:
    chart = view_of(opened).chart
    layout = chart.row_layout
    assert layout is not None
    link = next(k for k in layout.timeline.links if k.type == "FS" and vertical_run(chart, k))
    document = opened.document
    assert document is not None
    assert document.update("dependency", link.id, {"lag": 2}, "Lag")
    settle(qtbot, opened)
    found = vertical_run(chart, link)
    assert found is not None
    x, y = found
    chart.verticalScrollBar().setValue(max(int(y) - 200, 0))
    chart.horizontalScrollBar().setValue(max(int(x) - 300, 0))
    names = {n.id: n.name for n in layout.timeline.nodes if n.kind is RowKind.TASK}
    assert tooltip_at(chart, chart.viewport_point(x + 1, y)) == (
        f"{names[link.predecessor]} → {names[link.successor]}, finish-to-start, lag +2 days"
    )
    # Beside it, on no bar and no arrow: no tooltip.
    assert no_tooltip_at(qtbot, chart, chart.viewport_point(x + 1, y + len(layout) * 40))


def test_an_arrow_over_a_summary_bar_wins(qtbot: Any, opened: MainWindow) -> None:
    """Arrows are drawn over summary brackets: where one crosses, it is the arrow's tooltip."""
    chart = view_of(opened).chart
    layout = chart.row_layout
    assert layout is not None
    found = None
    for link in layout.timeline.links:
        route = chart.painter.link_route(link)
        for (x0, y0), (x1, y1) in pairwise(route[0] if route else ()):
            if x0 != x1:
                continue
            for row in range(int(min(y0, y1) // ROW_HEIGHT) + 1, int(max(y0, y1) // ROW_HEIGHT)):
                shape = chart.painter.shape_of_row(row)
                if (
                    layout.node_at(row).kind is not RowKind.TASK
                    and shape
                    and shape.x < x0 < shape.right
                ):
                    found = (link, x0, (row + 0.5) * ROW_HEIGHT)
        if found:
            break
    assert found is not None, "the demo has an arrow crossing a summary bar"
    link, x, y = found
    chart.verticalScrollBar().setValue(max(int(y) - 200, 0))
    chart.horizontalScrollBar().setValue(max(int(x) - 300, 0))
    text = tooltip_at(chart, chart.viewport_point(x, y))
    assert "→" in text and text.endswith(("no lag", "days", "day"))
