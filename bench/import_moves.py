"""What the merge preview's "what moved" report costs on a large foreign schedule.

    .venv/bin/python bench/import_moves.py 10000

The preview rehearses the import (the real apply, rolled back); the report
adds one schedule of the plan with the rows in and a comparison per task.
Timed here: the preview of a supplier's ``n``-task workbook into an empty plan,
with the report and without it (the report switched off), median of 3 runs,
wall clock and CPU time of this process, and the load average before and after
(the machine may be shared: CPU time is the steadier figure).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.excel import foreign_workbook, load
from relm_desktop.exchange.moves import MoveNote
from relm_desktop.services import excel, excel_transaction
from relm_desktop.services.plan import PlanService


def timed(work: Callable[[], object], runs: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds of ``work``."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(n: int) -> None:
    print(f"before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = folder / "supplier.xlsx"
        foreign_workbook(sheet, n)
        service = PlanService.new(folder / "p.relm", name="P", start=date(2027, 1, 4))
        try:
            parsed = excel.read_workbook(sheet, service=service)
            tasks = parsed.count("task")
            baseline = list(parsed.problems)

            def preview() -> list[MoveNote]:
                parsed.problems[:] = baseline
                excel.preview_merge(service, parsed, "Supplier")
                return [p for p in parsed.problems if isinstance(p, MoveNote)]

            notes = preview()
            moved = sum(1 for note in notes if note.move is not None)
            with_report = timed(preview)
            real = excel_transaction.move_notes
            excel_transaction.move_notes = lambda *args: []  # type: ignore[assignment]
            try:
                without = timed(preview)
            finally:
                excel_transaction.move_notes = real
        finally:
            service.close()
    print(f"{tasks} tasks, {moved} moved off the file's dates ({notes[0].message})")
    print(f"preview with the report:    {with_report[0]:.2f} s wall, {with_report[1]:.2f} s CPU")
    print(f"preview without the report: {without[0]:.2f} s wall, {without[1]:.2f} s CPU")
    print(f"the report: +{with_report[1] - without[1]:.2f} s CPU")
    print(f"after: {load()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
