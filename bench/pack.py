"""PDF release pack speed: the full pack of one release of N tasks.

    .venv/bin/python bench/pack.py 1000
    .venv/bin/python bench/pack.py 10000
    .venv/bin/python bench/pack.py 3000 --portfolio

Prints seconds (median of 3 builds), pages and peak memory. Targets: N = 1,000
under 1 s, N = 10,000 under 8 s; the full pack of a 3,000-task portfolio of
five releases (each release's Gantt on its own span, at least 1 mm a day,
paging across) under 4 s, with the least width a day gets on its pages.
Reading and scheduling the plan are included (they are part of what the user
waits for); writing the plan file is not.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from relm_desktop.reports.context import PackContext
from relm_desktop.reports.document import LANDSCAPE, frame_size
from relm_desktop.reports.gantt import by_release, gantt_rows, make_scales
from relm_desktop.reports.options import PackOptions
from relm_desktop.reports.timescale import MM
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.pack import build_pack
from relm_desktop.services.plan import PlanService


def main(n: int, runs: int = 3, portfolio: bool = False) -> None:
    generated = random_plan(n, seed=11, links_per_task=1.5, releases=5 if portfolio else 1)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "bench.relm"
        write_schedule_input(plan, generated, name="Pack benchmark").close()
        service = PlanService.open(plan, source="bench")
        release = None if portfolio else service.load().releases[0].id
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
        narrowest = _narrowest_day(service, release)
        service.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    target = 4.0 if portfolio else {1000: 1.0, 10_000: 8.0}.get(n)
    scope = "portfolio of 5 releases" if portfolio else "one release"
    print(f"tasks {n} ({scope})  pages {pages}  file {size / 1e6:.1f} MB")
    print(f"narrowest Gantt day {narrowest:.2f} mm (at least 1 mm: every bar is readable)")
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


def _narrowest_day(service: PlanService, release: int | None) -> float:
    """The least width, in mm, that a day gets on any page of the pack's Gantt chart."""
    data, schedule = service.schedule()
    ctx = PackContext(data, schedule, PackOptions(release_id=release), ())
    width = frame_size(LANDSCAPE)[0]
    per_day = min(
        scale.per_day
        for rows in by_release(gantt_rows(ctx))
        for scale in make_scales(rows, width, ctx.options.today)
    )
    return per_day / MM


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 1000, portfolio="--portfolio" in sys.argv)
