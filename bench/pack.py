"""PDF release pack speed: the full pack of one release of N tasks.

    .venv/bin/python bench/pack.py 1000
    .venv/bin/python bench/pack.py 10000

Prints seconds (median of 3 builds), pages and peak memory. Targets: N = 1,000
under 1 s, N = 10,000 under 8 s. Reading and scheduling the plan are included
(they are part of what the user waits for); writing the plan file is not.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.pack import build_pack
from relm_desktop.services.plan import PlanService


def main(n: int, runs: int = 3) -> None:
    generated = random_plan(n, seed=11, links_per_task=1.5, releases=1)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "bench.relm"
        write_schedule_input(plan, generated, name="Pack benchmark").close()
        service = PlanService.open(plan, source="bench")
        release = service.load().releases[0].id
        out = Path(tmp) / "pack.pdf"
        times, cpu = [], []
        pages = 0
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            result = build_pack(service, out, release=release, preset="full", record=False)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            pages = result.pages
        size = out.stat().st_size
        tracemalloc.start()
        build_pack(service, out, release=release, preset="full", record=False)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        service.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    target = {1000: 1.0, 10_000: 8.0}.get(n)
    print(f"tasks {n}  pages {pages}  file {size / 1e6:.1f} MB")
    print(
        f"full pack  {statistics.median(times):6.2f} s (median of {runs}; "
        f"min {min(times):.2f}, max {max(times):.2f})"
        + (f"; target < {target:g} s" if target else "")
    )
    print(
        f"CPU time   {statistics.median(cpu):6.2f} s (median; unaffected by other "
        "processes on a busy machine)"
    )
    print(f"peak Python memory while building {peak / 1e6:6.1f} MB (tracemalloc)")
    print(f"peak process RSS (whole benchmark) {rss:6.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
