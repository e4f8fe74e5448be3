"""Scheduling speed: one full reschedule, and opening a plan file into a scheduled model.

    .venv/bin/python bench/schedule.py 10000

Targets at N = 10,000: reschedule under 100 ms, open-to-scheduled under 0.5 s.
Wall and CPU time are both printed: on a busy machine CPU time is the one to trust.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.plan import PlanService
from relm_desktop.services.scheduling import schedule_input

RUNS = 5


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f} ms"


def main(n: int) -> None:
    generated = random_plan(n, seed=7, links_per_task=1.5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.relm"
        t0 = time.perf_counter()
        write_schedule_input(path, generated).close()
        write_s = time.perf_counter() - t0
        timings: dict[str, list[float]] = {
            k: [] for k in ("open", "open_cpu", "load", "resched", "resched_cpu")
        }
        for _ in range(RUNS):
            t0, c0 = time.perf_counter(), time.process_time()
            service = PlanService.open(path, lock=True)  # as the window opens it
            data, result = service.schedule()
            timings["open"].append(time.perf_counter() - t0)
            timings["open_cpu"].append(time.process_time() - c0)
            t0 = time.perf_counter()
            data = service.load()
            timings["load"].append(time.perf_counter() - t0)
            prepared = schedule_input(data)
            t0, c0 = time.perf_counter(), time.process_time()
            result = schedule(prepared)
            timings["resched"].append(time.perf_counter() - t0)
            timings["resched_cpu"].append(time.process_time() - c0)
            service.close()
    links = len(data.links)
    print(
        f"tasks {len(data.tasks)}  links {links} ({links / max(1, n):.2f}/task)  "
        f"critical {sum(s.critical for s in result.tasks.values())}  "
        f"conflicts {len(result.conflicts)}"
    )
    print(f"write plan file (bulk)       {write_s * 1000:8.1f} ms")
    print(f"load plan rows              {ms(timings['load'])} wall (median of {RUNS})")
    print(
        f"full reschedule             {ms(timings['resched'])} wall, "
        f"{ms(timings['resched_cpu']).strip()} CPU (target < 100 ms at 10k)"
    )
    print(
        f"open file → scheduled model {ms(timings['open'])} wall, "
        f"{ms(timings['open_cpu']).strip()} CPU (target < 500 ms at 10k)"
    )
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
