"""The timeline's link index and block routing in slices (no Qt)."""

from __future__ import annotations

import random

from relm_desktop.layout.geometry import BarMetrics
from relm_desktop.layout.link_blocks import RouteBook, finish
from relm_desktop.layout.scale import DateScale, Zoom
from relm_desktop.layout.timeline import LINK_BUCKET, RowLayout, build_timeline
from relm_desktop.scheduling.model import ScheduleResult
from tests.layout.test_timeline_rows import D0, L, R, T, sched


def random_layout(tasks: int, links: int, seed: int) -> RowLayout:
    rng = random.Random(seed)
    records = [T(i, 1, None, f"t{i}") for i in range(1, tasks + 1)]
    pairs = [L(k, rng.randint(1, tasks), rng.randint(1, tasks)) for k in range(1, links + 1)]
    result = ScheduleResult(
        tasks={i: sched(i, rng.randint(0, 60), rng.randint(1, 9)) for i in range(1, tasks + 1)},
        critical_path=(),
    )
    timeline = build_timeline(
        releases=[R(1, "Big")], phases=[], tasks=records, links=pairs, result=result
    )
    return RowLayout(timeline, set())


def test_each_bucket_lists_exactly_the_links_over_it_in_plan_order() -> None:
    layout = random_layout(700, 900, seed=3)
    rows = layout.row_of_task
    for bucket in range((len(layout) - 1) // LINK_BUCKET + 2):
        top, bottom = bucket * LINK_BUCKET, (bucket + 1) * LINK_BUCKET - 1
        expected = [
            link
            for link in layout.timeline.links
            if min(rows[link.predecessor], rows[link.successor]) <= bottom
            and max(rows[link.predecessor], rows[link.successor]) >= top
        ]
        assert layout.links_in_bucket(bucket) == expected
    assert layout.links_in_bucket(-1) == []


def test_a_block_built_in_steps_matches_one_built_at_once() -> None:
    layout = random_layout(300, 500, seed=5)
    scale = DateScale(D0, Zoom.WEEK)
    stepped, whole = RouteBook(layout, scale, BarMetrics()), RouteBook(layout, scale, BarMetrics())
    links = len(layout.links_in_bucket(1))
    assert sum(1 for _ in stepped.route_steps(1, grain=1)) == links  # a pause per new route
    assert sum(1 for _ in stepped.route_steps(1, grain=1)) == 0  # all kept: nothing to redo
    pauses = stepped.block_steps(1, grain=4)
    assert sum(1 for _ in stepped.block_steps(1, grain=4)) == links // 4
    stepped_block = finish(pauses)
    assert stepped_block.lines == whole.block(1).lines
    assert stepped_block.heads == whole.block(1).heads
