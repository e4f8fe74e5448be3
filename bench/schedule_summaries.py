"""CPU time of ``services.scheduling.schedule_plan`` on a plan with summaries, and without.

    .venv/bin/python bench/schedule_summaries.py [PICKLED_PLANDATA]

With a pickled ``PlanData`` (a plan saved from the worker, e.g. after the
indents of ``bench/edits.py``) it times that; without, a 10,000-task random
plan read back from a plan file. The 10,000-task ``random_plan(seed=7)`` is
timed too, without and with summaries (about one task in twelve; the
scheduler alone). Medians of thread CPU time, which other processes on a shared
machine disturb less than the wall clock. Target: ≤ 55 ms on the plan of
bench/edits.py after its indents (11,500 tasks, 5 summaries).
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relm_desktop.scheduling import schedule
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
    plain = random_plan(10_000, seed=7, links_per_task=1.5)
    median, best = cpu_ms(lambda: schedule(plain), runs)
    print(f"plain 10k plan  CPU median {median:6.1f} ms  best {best:6.1f} ms  (schedule alone)")
    outlined = random_plan(10_000, seed=7, links_per_task=1.5, summaries=True)
    median, best = cpu_ms(lambda: schedule(outlined), runs)
    print(f"10k, summaries  CPU median {median:6.1f} ms  best {best:6.1f} ms  (schedule alone)")


if __name__ == "__main__":
    main(sys.argv[1:])
