"""Speed of one full reschedule of a random plan (the scheduler alone, no plan file).

    .venv/bin/python bench/schedule_core.py 10000

Target at N = 10,000 tasks with ~15,000 links: under 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.synthetic import random_plan


def reference_loop_ms() -> float:
    """Best of 5 runs of a fixed pure-Python loop: how fast this machine is right now.

    On a shared machine other processes slow everything down; compare this
    figure between runs before comparing the scheduler's.
    """
    table = {i: i for i in range(10_000)}
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        [(table[x % 10_000], table[(x * 7) % 10_000]) for x in range(15_000)]
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main(n: int, runs: int = 5) -> None:
    """Print the median (and best) time of ``runs`` full schedules of an ``n``-task plan.

    The CPU time is printed too: on a shared machine it is less disturbed by
    other processes than the wall-clock time.
    """
    plan = random_plan(n, seed=7, links_per_task=1.5)
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = schedule(plan)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    kinds = Counter(c.kind.value for c in result.conflicts)
    print(
        f"tasks {len(plan.tasks)}  links {len(plan.links)} "
        f"({len(plan.links) / max(1, n):.2f}/task)  finish {result.finish}  "
        f"critical {sum(s.critical for s in result.tasks.values())}  "
        f"conflicts {dict(sorted(kinds.items()))}"
    )
    print(
        f"full reschedule  median {statistics.median(times) * 1000:7.1f} ms  "
        f"best {min(times) * 1000:7.1f} ms  CPU median {statistics.median(cpu) * 1000:7.1f} ms  "
        f"(of {runs}; target < 100 ms at 10k)"
    )
    print(f"reference loop   {reference_loop_ms():7.1f} ms (machine speed right now)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
