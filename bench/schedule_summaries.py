"""CPU time of ``services.scheduling.schedule_plan`` on a plan with summaries, and without.

    .venv/bin/python bench/schedule_summaries.py [PICKLED_PLANDATA]

With a pickled ``PlanData`` (a plan saved from the worker, e.g. after the
indents of ``bench/edits.py``) it times that; without, a 10,000-task random
plan read back from a plan file. The 10,000-task ``random_plan(seed=7)`` is
timed too, without and with summaries (about one task in twelve; the
scheduler alone). Then the app's sequence: the plan scheduled, edited as an
indent, a paste of 500 tasks or a predecessor edit would edit it, scheduled
again; timed with the link network kept from the call before (as the worker
runs) and made whole (``network._last`` emptied first). Medians of thread CPU
time, which other processes on a shared machine disturb less than the wall
clock. Target: ≤ 55 ms on the plan of bench/edits.py after its indents (11,500
tasks, 5 summaries).
"""

from __future__ import annotations

import gc
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relm_desktop.scheduling import network, schedule
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.scheduling import schedule_input, schedule_plan


def cpu_ms(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and best thread CPU time of ``runs`` calls, in ms (collector paused between)."""
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.thread_time()
        work()
        times.append((time.thread_time() - t0) * 1000)
    return statistics.median(times), min(times)


def plan_file() -> object:
    """A 10,000-task random plan as ``load_plan`` reads it (the file keeps no summaries)."""
    from relm_desktop.services.bulk import write_schedule_input
    from relm_desktop.services.plan import PlanService

    path = Path(tempfile.mkdtemp()) / "bench.relm"
    write_schedule_input(path, random_plan(10_000, seed=7)).close()
    return PlanService.open(path).load()


def indented(data: Any) -> Any:
    """``data`` with a task in the middle made the child of the one above it (Alt+Shift+Right)."""
    tasks = list(data.tasks)
    at = len(tasks) // 2 + 3
    tasks[at] = tasks[at]._replace(parent_id=tasks[at - 1].id)
    return replace(data, tasks=tuple(tasks))


def pasted(data: Any, count: int = 500) -> Any:
    """``data`` with ``count`` tasks of its first third copied in below the middle, with
    the links among them (new records, new ids, as the paste writes them)."""
    tasks, links = data.tasks, data.links
    first = len(tasks) // 3
    copied = tasks[first : first + count]
    task_id = max(t.id for t in tasks) + 1
    new_id = {t.id: task_id + k for k, t in enumerate(copied)}
    fresh = [
        t._replace(id=new_id[t.id], parent_id=new_id.get(t.parent_id), is_golive=False)
        for t in copied
    ]
    link_id = max((x.id for x in links), default=0) + 1
    inside = [x for x in links if x.predecessor_id in new_id and x.successor_id in new_id]
    extra = [
        x._replace(
            id=link_id + k,
            predecessor_id=new_id[x.predecessor_id],
            successor_id=new_id[x.successor_id],
        )
        for k, x in enumerate(inside)
    ]
    at = len(tasks) // 2 + 200
    return replace(data, tasks=(*tasks[:at], *fresh, *tasks[at:]), links=(*links, *extra))


def predecessor_edited(data: Any) -> Any:
    """``data`` with a task's first predecessor link replaced by one with a lag of 2, and
    one predecessor more (from its predecessor's predecessor)."""
    links = list(data.links)
    at = len(links) // 2
    edited = links[at]
    links[at] = edited._replace(lag=edited.lag + 2)
    into = {x.successor_id: x for x in links}
    upstream = into.get(edited.predecessor_id)
    if upstream is not None:
        links.append(
            edited._replace(
                id=max(x.id for x in links) + 1, predecessor_id=upstream.predecessor_id, lag=2
            )
        )
    return replace(data, links=tuple(links))


def after_edit_ms(data: Any, edit: Callable[[Any], Any], kept: bool, runs: int) -> float:
    """Median CPU ms of ``schedule_plan`` on ``edit(data)`` right after ``data`` was
    scheduled (``kept``: with the link network of that call)."""
    times = []
    for _ in range(runs):
        edited = edit(data)
        schedule_plan(data)
        if not kept:
            network._last[0] = None
        gc.collect()
        t0 = time.thread_time()
        schedule_plan(edited)
        times.append((time.thread_time() - t0) * 1000)
    return statistics.median(times)


def main(argv: list[str], runs: int = 15) -> None:
    """Print the medians of ``schedule_plan`` and of its input conversion."""
    if argv:
        with Path(argv[0]).open("rb") as f:
            data = pickle.load(f)
    else:
        data = plan_file()
    tasks = getattr(data, "tasks", ())
    summaries = len({t.parent_id for t in tasks if t.parent_id is not None})
    print(
        f"plan: {len(tasks)} tasks, {len(getattr(data, 'links', ()))} links, {summaries} summaries"
    )

    # As after an edit: the rows in new tuples, one task changed (the worker's refresh
    # keeps the other records; ``services.scheduling`` reuses what it made of them).
    def edited() -> object:
        last = data.tasks[-1]
        return replace(
            data,
            tasks=(*data.tasks[:-1], last._replace(name=last.name + "'")),
            links=(*data.links,),
        )

    median, best = cpu_ms(lambda: schedule_plan(edited()), runs)  # type: ignore[arg-type]
    print(f"schedule_plan   CPU median {median:6.1f} ms  best {best:6.1f} ms  (after an edit)")
    median, best = cpu_ms(lambda: schedule_input(edited()), runs)  # type: ignore[arg-type]
    print(f"  input alone   CPU median {median:6.1f} ms  best {best:6.1f} ms")
    for label, edit in (
        ("indent", indented),
        ("paste of 500", pasted),
        ("predecessor edit", predecessor_edited),
    ):
        # Interleaved, so that the machine's drift hits both alike.
        kept, whole = [], []
        for _ in range(3):
            kept.append(after_edit_ms(data, edit, True, runs // 3))
            whole.append(after_edit_ms(data, edit, False, runs // 3))
        print(
            f"after {label:17s} CPU median {statistics.median(kept):6.1f} ms  network kept,"
            f" {statistics.median(whole):6.1f} ms made whole"
        )
    plain = random_plan(10_000, seed=7, links_per_task=1.5)
    median, best = cpu_ms(lambda: schedule(plain), runs)
    print(f"plain 10k plan  CPU median {median:6.1f} ms  best {best:6.1f} ms  (schedule alone)")
    outlined = random_plan(10_000, seed=7, links_per_task=1.5, summaries=True)
    median, best = cpu_ms(lambda: schedule(outlined), runs)
    print(f"10k, summaries  CPU median {median:6.1f} ms  best {best:6.1f} ms  (schedule alone)")


if __name__ == "__main__":
    main(sys.argv[1:])
