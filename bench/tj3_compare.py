"""Our scheduler against TaskJuggler 3 on the same random tj3-compatible plan.

    .venv/bin/python bench/tj3_compare.py 10000

Prints tj3's whole-process time (write .tjp, run tj3, read its CSV report),
our scheduling time, the ratio and how many tasks got different dates.
Targets at N = 10,000: at least 200× faster than tj3, zero differences.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relm_desktop.exchange.taskjuggler import run_tj3
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.synthetic import random_plan


def main(n: int, seed: int = 7) -> int:
    """Run the comparison; the exit status is the number of differing tasks (capped at 1)."""
    plan = random_plan(n, seed=seed, tj3_compatible=True)
    ours_times = []
    for _ in range(5):
        t0 = time.perf_counter()
        result = schedule(plan)
        ours_times.append(time.perf_counter() - t0)
    ours = statistics.median(ours_times)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        theirs = run_tj3(plan, Path(tmp), timeout=3600)
        tj3 = time.perf_counter() - t0
    differing = [
        t.id
        for t in plan.tasks
        if theirs.get(t.id) != (result.tasks[t.id].start, result.tasks[t.id].finish)
    ]
    print(
        f"tasks {len(plan.tasks)}  links {len(plan.links)}  "
        f"finish {result.finish}  holidays {len(plan.calendar.holidays)}"
    )
    print(f"tj3 (whole process)      {tj3:9.2f} s")
    print(f"ours (median of 5)       {ours * 1000:9.1f} ms")
    print(f"ratio                    {tj3 / ours:9.0f}x  (target >= 200x at 10k)")
    print(f"differing tasks          {len(differing):9d}  (target 0)")
    if differing:
        print("first differences:", differing[:10])
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
