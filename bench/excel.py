"""Excel exchange speed and memory, next to openpyxl alone on the same cells.

    .venv/bin/python bench/excel.py 10000

Targets at N = 10,000: export under 2 s; import (parse and validate, before the
preview) under 1 s. Each figure is the median of 3 runs; peak memory is
measured in a separate run under tracemalloc (Python allocations only).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from relm_desktop.exchange.xlsx_export import export_plan
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services import excel
from relm_desktop.services.bulk import write_schedule_input


def measure(work: Callable[[], Any], runs: int = 3) -> tuple[float, float, Any]:
    """Median seconds over ``runs`` and peak MiB of one extra traced run."""
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, result


def openpyxl_write(path: Path, rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Tasks")
    for row in rows:
        sheet.append(row)
    book.save(path)


def openpyxl_read(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for name in ("Releases", "Tasks", "Risks", "Gates", "Scope", "Stakeholders", "Dependencies"):
        for row in book[name].iter_rows(values_only=True):
            count += len(row)
    book.close()
    return count


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        service = write_schedule_input(folder / "bench.relm", random_plan(n, seed=7))
        data, result = service.schedule()
        out = folder / "plan.xlsx"
        print(f"Excel exchange, {len(data.tasks):,} tasks, {len(data.links):,} links")
        print(f"{'step':<44}{'seconds':>9}{'peak MiB':>10}")

        def line(label: str, seconds: float, peak: float) -> None:
            print(f"{label:<44}{seconds:>9.2f}{peak:>10.1f}")

        secs, peak, _ = measure(lambda: export_plan(out, data, result))
        line("export: write workbook (xlsxwriter)", secs, peak)
        secs, peak, _ = measure(lambda: excel.export_workbook(service, out))
        line("export: load + schedule + write (use case)", secs, peak)

        sheet = openpyxl.load_workbook(out, read_only=True)["Tasks"]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        cells = sum(len(r) for r in rows)
        secs, peak, _ = measure(lambda: openpyxl_write(folder / "openpyxl.xlsx", rows))
        line(f"openpyxl alone: write Tasks ({cells:,} cells)", secs, peak)

        secs, peak, parsed = measure(lambda: excel.read_workbook(out))
        line("import: parse + validate (calamine)", secs, peak)
        secs, peak, counted = measure(lambda: openpyxl_read(out))
        line(f"openpyxl alone: read all sheets ({counted:,} cells)", secs, peak)

        service.close()
        empty = excel.PlanService.new(folder / "empty.relm", name="Empty")
        started = time.perf_counter()
        preview = excel.preview_merge(empty, parsed)
        line("import: merge preview (into an empty plan)", time.perf_counter() - started, 0)
        started = time.perf_counter()
        excel.apply_merge(empty, preview, preview.default_keys())
        line("import: apply (one transaction, audited)", time.perf_counter() - started, 0)
        empty.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
