"""MS Project XML (MSPDI) speed at 10,000 tasks: export and import.

    .venv/bin/python bench/interchange.py [N]

Targets at N = 10,000: export under 2 s, counted as ``relm export PLAN OUT.xml``
does it once the process started (open the plan, load, schedule, write the
file); import under 2 s, counted as ``relm import`` does it into a brand-new
plan (read and validate the file, create the plan file, compare and apply each
release and then the links between releases, in one transaction). The plan is
a random five-release portfolio with 1.5 links a task and holidays. Each
figure is the median of 3 runs, wall clock and CPU time of this process (the
machine may be shared: CPU time is the steadier figure); the read alone
(everything before the merge preview shows) and the apply alone are printed too.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.interchange import (
    export_to,
    import_foreign,
    import_releases,
    read_foreign,
)
from relm_desktop.services.plan import PlanService

TARGET_S = 2.0


def measure(work: Callable[[], Any], runs: int = 3) -> tuple[float, float, Any]:
    """Median wall seconds, median CPU seconds, the last result."""
    walls, cpus = [], []
    result = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus), result


def line(label: str, wall: float, cpu: float, target: float | None = None) -> None:
    verdict = "" if target is None else ("  ok" if wall < target else f"  OVER {target:.0f} s")
    print(f"{label:<34} {wall:6.2f} s wall {cpu:6.2f} s cpu{verdict}")


def main(n: int) -> None:
    print(f"load average {os.getloadavg()[0]:.2f}; N = {n:,} tasks")
    with tempfile.TemporaryDirectory(prefix="relm-bench-") as tmp:
        folder = Path(tmp)
        plan = folder / "plan.relm"
        write_schedule_input(plan, random_plan(n, seed=7)).close()
        xml = folder / "plan.xml"

        def export() -> str:
            service = PlanService.open(plan, readonly=True, source="cli")
            try:
                return export_to(service, xml)
            finally:
                service.close()

        wall, cpu, written = measure(export)
        line(f"export ({written}, {xml.stat().st_size / 2**20:.1f} MiB)", wall, cpu, TARGET_S)
        wall, cpu, foreign = measure(lambda: read_foreign(xml))
        line(f"read ({len(foreign.parsed.rows['task']):,} rows)", wall, cpu)
        between = sum(len(refs) for refs in foreign.cross_links.values())
        counter = iter(range(100))
        applied: list[tuple[float, float]] = []

        def import_new() -> int:
            # As ``relm import PLAN FILE`` does it: a file of several releases release by
            # release, then the links between them.
            plan = read_foreign(xml)
            target = folder / f"new{next(counter)}.relm"
            service = PlanService.new(target, name="Imported", start=date(2027, 1, 4))
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                if plan.parts:
                    outcome = import_releases(service, plan)[1]
                else:
                    outcome = import_foreign(service, plan)[1]
            finally:
                service.close()
            applied.append((time.perf_counter() - wall, time.process_time() - cpu))
            return outcome.added

        wall, cpu, added = measure(import_new)
        line(f"import into a new plan ({added:,} added)", wall, cpu, TARGET_S)
        line(
            f"  of which apply ({between:,} links between releases)",
            statistics.median(a[0] for a in applied),
            statistics.median(a[1] for a in applied),
        )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
