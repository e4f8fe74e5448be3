"""CPU of a paste's two database steps on a big plan: the write and the delta read.

    .venv/bin/python bench/paste_write.py [N] [--runs R]

Opens an N-task plan file (default 10,000) through ``PlanService`` (no Qt)
and, as ``bench/edits.py`` does through the window, pastes 500 copied tasks
200 rows below the copy, indents a task and replaces a task's predecessors.
For each edit it times, in CPU time of this thread (``time.thread_time``),
the service call that writes it (one transaction, committed) and
``services.delta.refreshed`` bringing the plan in memory up to date; each
edit is then undone and its undo timed the same way. Medians over R runs
(default 7). Targets at 10,000 tasks: paste write <= 30 ms, paste delta
<= 15 ms, indent and predecessor delta <= 12 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from relm_desktop.domain.records import PlanData
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.delta import refreshed
from relm_desktop.services.edits import EditError
from relm_desktop.services.links import LinkSpec, edit_task, revert_task_edit
from relm_desktop.services.plan import PlanService

PASTED = 500


class Figures:
    """Per step, the CPU ms of each run."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = {}

    def add(self, step: str, ms: float) -> None:
        self.ms.setdefault(step, []).append(ms)

    def print(self) -> None:
        for step, values in self.ms.items():
            print(
                f"  {step:<24} median {statistics.median(values):6.1f} ms CPU"
                f"  (min {min(values):5.1f}, max {max(values):5.1f}, {len(values)} runs)"
            )


class Clock:
    """CPU ms of this thread since the last ``lap``."""

    def __init__(self) -> None:
        self.started = time.thread_time()

    def lap(self) -> float:
        now = time.thread_time()
        ms, self.started = (now - self.started) * 1000, now
        return ms


def one_run(service: PlanService, data: PlanData, figures: Figures, k: int, runs: int) -> PlanData:
    """Each edit, its delta, its undo and that delta once; the plan in memory after."""
    tasks = data.tasks
    first = (k % 3 + 1) * len(tasks) // 5
    copied = service.outline.copy([t.id for t in tasks[first : first + PASTED]])
    anchor = ("task", tasks[first + PASTED + 200].id)
    clock = Clock()
    edit = service.outline.paste(copied, anchor)
    figures.add("paste write", clock.lap())
    data = refreshed(service, data, edit.changes)
    figures.add("paste delta", clock.lap())
    service.outline.undo(edit)
    figures.add("paste undo write", clock.lap())
    data = refreshed(service, data, edit.changes)
    figures.add("paste undo delta", clock.lap())

    at = (k + 1) * len(tasks) // (runs + 1)
    candidates = iter(tasks[at + 3 :])
    while True:  # a task linked with the one above it may not go under it
        task = next(candidates)
        clock = Clock()
        try:
            indent = service.outline.indent([task.id])
        except EditError:
            continue
        break
    figures.add("indent write", clock.lap())
    data = refreshed(service, data, indent.changes)
    figures.add("indent delta", clock.lap())
    service.outline.undo(indent)
    figures.add("indent undo write", clock.lap())
    data = refreshed(service, data, indent.changes)
    figures.add("indent undo delta", clock.lap())

    specs = [LinkSpec(tasks[at - 50].id, lag=2)]
    clock = Clock()
    task_edit = edit_task(service, tasks[at].id, None, specs)
    figures.add("predecessor write", clock.lap())
    data = refreshed(service, data, task_edit.changes)
    figures.add("predecessor delta", clock.lap())
    changes = revert_task_edit(service, task_edit)
    figures.add("predecessor undo write", clock.lap())
    data = refreshed(service, data, changes)
    figures.add("predecessor undo delta", clock.lap())
    return data


def main(n: int, runs: int) -> Figures:
    figures = Figures()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.relm"
        write_schedule_input(path, random_plan(n, seed=7, links_per_task=1.5)).close()
        service = PlanService.open(path)
        try:
            data = service.load()
            print(f"{n:,} tasks, {len(data.links):,} links; {runs} runs of each edit")
            for k in range(runs):
                data = one_run(service, data, figures, k, runs)
            assert data == service.load(), "the patched plan is not the plan as stored"
        finally:
            service.close()
    figures.print()
    return figures


if __name__ == "__main__":
    arguments = sys.argv[1:]
    count = int(arguments[arguments.index("--runs") + 1]) if "--runs" in arguments else 7
    main(int(arguments[0]) if arguments and arguments[0].isdigit() else 10_000, count)
