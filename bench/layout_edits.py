"""The worker's layout step after an edit, without the GUI: build_timeline + RowLayout + structure.

    .venv/bin/python bench/layout_edits.py [N] [--profile]

Reads an N-task plan (default 10,000) as the application does, schedules it,
lays it out once (the timeline shown), then lays out again after each of
three edits of the plan data, with and without ``previous=`` (the shown
timeline): a paste of 500 tasks in the middle, an indent (a task under the one
above it) and a predecessor edit (one link more). The plan has a summary task
in each release first, as after bench/edits.py's indents. Prints the median CPU time
(this thread) of each step over several runs. Target at 10,000 tasks: ≤ 30 ms
for paste and indent, ≤ 20 ms for the predecessor edit, with ``previous``.
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from relm_desktop.domain.enums import DependencyType
from relm_desktop.domain.records import DependencyRecord, PlanData
from relm_desktop.layout.timeline import RowLayout, Timeline, build_timeline
from relm_desktop.scheduling.model import ScheduleResult
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.plan import PlanService
from relm_desktop.services.scheduling import schedule_plan

RUNS = 9
PASTED = 500


def load(count: int) -> PlanData:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.relm"
        write_schedule_input(path, random_plan(count, seed=1)).close()
        service = PlanService.open(path)
        try:
            return service.load()
        finally:
            service.close()


def pasted(data: PlanData) -> PlanData:
    """500 copies of tasks from the first third, inserted in the middle, renumbered."""
    tasks = list(data.tasks)
    at = len(tasks) // 2
    top = max(t.id for t in tasks)
    copies = [
        t._replace(
            id=top + 1 + k,
            release_id=tasks[at].release_id,
            phase_id=tasks[at].phase_id,
            parent_id=None,
        )
        for k, t in enumerate(tasks[len(tasks) // 3 : len(tasks) // 3 + PASTED])
    ]
    tasks[at:at] = copies
    tasks = [t._replace(position=k) if t.position != k else t for k, t in enumerate(tasks)]
    return replace(data, tasks=tuple(tasks))


def indented(data: PlanData, share: float = 0.5) -> PlanData:
    """A task (``share`` of the way down) made the child of the task above it."""
    tasks = list(data.tasks)
    at = int(len(tasks) * share) + 3
    while tasks[at - 1].release_id != tasks[at].release_id or tasks[at - 1].parent_id is not None:
        at += 1
    tasks[at] = tasks[at]._replace(parent_id=tasks[at - 1].id)
    return replace(data, tasks=tuple(tasks))


def linked(data: PlanData) -> PlanData:
    """One more link, from a task to one two thousand rows down."""
    tasks = data.tasks
    at = len(tasks) // 2
    link = DependencyRecord(
        max(k.id for k in data.links) + 1,
        tasks[at - 2000].id,
        tasks[at].id,
        DependencyType.FS,
        2,
    )
    return replace(data, links=(*data.links, link))


def lay_out(data: PlanData, result: ScheduleResult, previous: Timeline | None) -> Timeline:
    """What gui/worker.py's ``_lay_out`` does."""
    timeline = build_timeline(
        releases=data.releases,
        phases=data.phases,
        tasks=data.tasks,
        links=data.links,
        result=result,
        freezes=data.freezes,
        previous=previous,
    )
    RowLayout(timeline, frozenset())
    timeline.structure()
    return timeline


def cpu_ms(job: Callable[[], object]) -> float:
    gc.disable()  # as the worker does (gcpause)
    try:
        started = time.thread_time()
        job()
        return (time.thread_time() - started) * 1000
    finally:
        gc.enable()


def main(count: int, profile: bool) -> None:
    data = load(count)
    for share in (0.1, 0.3, 0.5, 0.7, 0.9):  # summary tasks in each release, as bench/edits.py's
        data = indented(data, share)
    result = schedule_plan(data)
    shown = lay_out(data, result, None)
    print(f"{len(data.tasks)} tasks, {len(data.links)} links; median CPU ms over {RUNS} runs")
    for name, edit in (
        ("paste", pasted),
        ("indent", partial(indented, share=0.6)),
        ("predecessor", linked),
    ):
        after = edit(data)
        new_result = schedule_plan(after)
        fresh = statistics.median(
            cpu_ms(partial(lay_out, after, new_result, None)) for _ in range(RUNS)
        )
        reused = statistics.median(
            cpu_ms(partial(lay_out, after, new_result, shown)) for _ in range(RUNS)
        )
        print(f"  {name:<12} from scratch {fresh:5.1f}   with previous {reused:5.1f}")
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                lay_out(after, new_result, shown)
            profiler.disable()
            pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 10_000, "--profile" in sys.argv)
