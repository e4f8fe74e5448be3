"""Scheduling speed: one full reschedule, and opening a plan file into a scheduled model.

    .venv/bin/python bench/schedule.py 10000

Targets at N = 10,000: reschedule under 100 ms, open-to-scheduled under 0.5 s.
"""

from __future__ import annotations

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


def main(n: int) -> None:
    generated = random_plan(n, seed=7, links_per_task=1.5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.relm"
        t0 = time.perf_counter()
        write_schedule_input(path, generated).close()
        write_s = time.perf_counter() - t0

        opens, loads, reschedules = [], [], []
        for _ in range(5):
            t0 = time.perf_counter()
            service = PlanService.open(path)
            data, result = service.schedule()
            opens.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            data = service.load()
            loads.append(time.perf_counter() - t0)
            prepared = schedule_input(data)
            t0 = time.perf_counter()
            result = schedule(prepared)
            reschedules.append(time.perf_counter() - t0)
            service.close()
    links = len(data.links)
    print(
        f"tasks {len(data.tasks)}  links {links} ({links / max(1, n):.2f}/task)  "
        f"critical {sum(s.critical for s in result.tasks.values())}  "
        f"conflicts {len(result.conflicts)}"
    )
    print(f"write plan file (bulk)      {write_s * 1000:8.1f} ms")
    print(f"load plan rows              {statistics.median(loads) * 1000:8.1f} ms (median of 5)")
    print(
        f"full reschedule             {statistics.median(reschedules) * 1000:8.1f} ms "
        f"(median of 5; target < 100 ms at 10k)"
    )
    print(
        f"open file → scheduled model {statistics.median(opens) * 1000:8.1f} ms "
        f"(median of 5; target < 500 ms at 10k)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
