"""Excel exchange speed and memory, next to openpyxl alone on the same cells.

    .venv/bin/python bench/excel.py 10000

Targets at N = 10,000: export under 2 s, counted end to end as ``relm export``
does it after the process started (open the plan, load, schedule, write);
import under 1 s, counted as parse and validate (everything before the merge
preview shows). Each figure is the median of 3 runs, wall clock and CPU time
of this process (the machine may be shared: CPU time is the steadier figure);
peak memory is measured in a separate run under tracemalloc (Python
allocations only). The load average is printed before and after.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

from relm_desktop.exchange.xlsx.export import export_plan
from relm_desktop.exchange.xlsx.parse import read_xlsx
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services import excel
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.excel_validate import validate_parsed
from relm_desktop.services.plan import PlanService


def measure(
    work: Callable[[], Any], runs: int = 3, memory: bool = True
) -> tuple[float, float, float, Any]:
    """Median wall seconds, median CPU seconds, peak MiB of one extra traced run, a result."""
    walls, cpus = [], []
    result = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    peak = 0
    if memory:
        tracemalloc.start()
        work()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return statistics.median(walls), statistics.median(cpus), peak / 2**20, result


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


def foreign_workbook(path: Path, n: int) -> None:
    """A supplier's schedule of ``n`` tasks as MS Project pastes it into Excel: a title, a
    German header, WBS outline with summary rows, text dates, links, people, percentages."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Projektplan")
    sheet.write_row(0, 0, ["Lieferant: Beispiel GmbH"])
    header = ["Nr.", "PSP-Code", "Vorgangsname", "Dauer", "Anfang", "Ende", "Vorgänger"]
    sheet.write_row(2, 0, [*header, "Ressourcennamen", "% abgeschlossen"])
    start = date(2027, 1, 4)
    for i in range(n):
        phase, step = divmod(i, 50)
        day = start + timedelta(days=7 * phase + step % 5)
        wbs = f"{phase + 1}" if step == 0 else f"{phase + 1}.{step}"
        pred = "" if step < 2 else f"{i}EA+1" if step % 7 == 0 else str(i)
        sheet.write_row(
            3 + i,
            0,
            [
                i + 1,
                wbs,
                f"Phase {phase + 1}" if step == 0 else f"Vorgang {i + 1}",
                "" if step == 0 else f"{1 + step % 4} Tage",
                day.strftime("Mo %d.%m.%y"),
                (day + timedelta(days=step % 4)).strftime("%d.%m.%Y"),
                pred,
                "Team A, Team B" if step % 3 else "Team C",
                f"{(step * 7) % 100} %",
            ],
        )
    book.close()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


def main(n: int) -> None:
    print(f"before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = folder / "bench.relm"
        service = write_schedule_input(plan, random_plan(n, seed=7))
        data, result = service.schedule()
        service.close()
        out = folder / "plan.xlsx"
        print(f"Excel exchange, {len(data.tasks):,} tasks, {len(data.links):,} links")
        print(f"{'step':<50}{'wall s':>8}{'CPU s':>8}{'peak MiB':>10}  target")

        def line(label: str, wall: float, cpu: float, peak: float, target: str = "") -> None:
            print(f"{label:<50}{wall:>8.2f}{cpu:>8.2f}{peak:>10.1f}  {target}".rstrip())

        def export_end_to_end() -> None:
            # What `relm export PLAN OUT.xlsx` does once the process runs.
            opened = PlanService.open(plan, readonly=True, source="cli")
            try:
                excel.export_workbook(opened, out)
            finally:
                opened.close()

        wall, cpu, peak, _ = measure(lambda: export_plan(out, data, result))
        line("export: write workbook (plan scheduled already)", wall, cpu, peak)
        wall, cpu, peak, _ = measure(export_end_to_end)
        line("export: end to end (open, load, schedule, write)", wall, cpu, peak, "< 2 s")

        sheet = openpyxl.load_workbook(out, read_only=True)["Tasks"]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        cells = sum(len(r) for r in rows)
        wall, cpu, peak, _ = measure(lambda: openpyxl_write(folder / "openpyxl.xlsx", rows))
        line(f"openpyxl alone: write Tasks ({cells:,} cells)", wall, cpu, peak)

        wall, cpu, peak, _ = measure(lambda: read_xlsx(out))
        line("import: parse (read_xlsx)", wall, cpu, peak)
        fresh = [read_xlsx(out) for _ in range(3)]  # validation appends to its input
        wall, cpu, _peak, _ = measure(lambda: validate_parsed(fresh.pop()), memory=False)
        line("import: validate", wall, cpu, 0)
        wall, cpu, peak, parsed = measure(lambda: excel.read_workbook(out))
        line("import: parse + validate (before the preview)", wall, cpu, peak, "< 1 s")
        wall, cpu, peak, counted = measure(lambda: openpyxl_read(out))
        line(f"openpyxl alone: read all sheets ({counted:,} cells)", wall, cpu, peak)

        foreign = folder / "foreign.xlsx"
        foreign_workbook(foreign, n)
        wall, cpu, peak, parsed_foreign = measure(lambda: excel.read_workbook(foreign))
        line(
            f"import: foreign, {parsed_foreign.count('task'):,} tasks (parse + validate)",
            wall,
            cpu,
            peak,
            "< 1 s",
        )

        returned_merge(plan, out, folder, line)

        empty = PlanService.new(folder / "empty.relm", name="Empty")
        wall, cpu = time.perf_counter(), time.process_time()
        preview = excel.preview_merge(empty, parsed)
        line("import: merge preview (into an empty plan)", *_since(wall, cpu), 0)
        wall, cpu = time.perf_counter(), time.process_time()
        excel.apply_merge(empty, preview, preview.default_keys())
        line("import: apply (one transaction, audited)", *_since(wall, cpu), 0)
        empty.close()
    print(f"after: {load()}")


def returned_merge(
    plan: Path, workbook: Path, folder: Path, line: Callable[..., None], changed: int = 1000
) -> None:
    """A returned workbook with ``changed`` task rows edited, merged into the plan it came
    from: read, preview (which rehearses the apply, rolled back) and the audited apply."""
    import shutil

    returned = folder / "returned.xlsx"
    book = openpyxl.load_workbook(workbook)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    step = max((ws.max_row - 1) // changed, 1)
    for row in range(2, 2 + step * changed, step):
        cell = ws.cell(row=row, column=headers["Duration (days)"])
        cell.value = int(cell.value or 0) + 1
    book.save(returned)
    target = folder / "merge.relm"
    shutil.copy(plan, target)
    service = PlanService.open(target, source="bench")
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        parsed = excel.read_workbook(returned, service=service)
        line("merge returned: read + validate", *_since(wall, cpu), 0)
        wall2, cpu2 = time.perf_counter(), time.process_time()
        preview = excel.preview_merge(service, parsed)
        line("merge returned: preview (rehearsed apply)", *_since(wall2, cpu2), 0)
        wall3, cpu3 = time.perf_counter(), time.process_time()
        outcome = excel.apply_merge(service, preview, preview.default_keys())
        line("merge returned: apply (one transaction, audited)", *_since(wall3, cpu3), 0)
        line(
            f"merge returned: {outcome.changed:,} changed rows, preview + apply",
            *_since(wall2, cpu2),
            0,
            "< 2 s",
        )
        line("merge returned: read + preview + apply", *_since(wall, cpu), 0)
    finally:
        service.close()


def _since(wall: float, cpu: float) -> tuple[float, float]:
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
