"""Two imports into one plan at once give what running them one after the other gives.

Each import used to compare the workbook with the plan and apply the
difference in separate steps, so two at once both saw the plan without the
other's rows and each added the release.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from relm_desktop.exchange.merge import ADD, MergePreview
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService
from tests.plan_locations import plan_rows

STEPS = 300


@pytest.fixture
def plan(plan_location: Path | str) -> Path | str:
    """A new plan in a file and on the server (where no lock file orders the writers)."""
    PlanService.new(plan_location, name="Plan").close()
    return plan_location


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """Someone else's schedule: goes into a release named after the file."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Plan"
    ws.append(["ID", "Task", "Duration", "Start", "Predecessors"])
    for i in range(1, STEPS + 1):
        ws.append([i, f"Step {i}", "2d", datetime(2027, 1, 4) if i == 1 else "", i - 1 or ""])
    path = tmp_path / "cutover.xlsx"
    book.save(path)
    return path


def counts(plan: Path | str) -> tuple[int, int]:
    ((releases,),) = plan_rows(plan, "SELECT count(*) FROM release")
    ((tasks,),) = plan_rows(plan, "SELECT count(*) FROM task")
    return releases, tasks


def test_two_relm_imports_at_once_run_one_after_the_other(plan: Path | str, workbook: Path) -> None:
    command = [sys.executable, "-m", "relm_desktop", "import", str(plan), str(workbook)]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    summaries = sorted(out.strip().splitlines()[-1] for out, _err in results)
    assert summaries == [
        f"imported {workbook}: added 0, changed 0, removed 0, skipped 0",
        f"imported {workbook}: added {STEPS + 1}, changed 0, removed 0, skipped 0",
    ]
    assert counts(plan) == (1, STEPS)


def test_an_import_sees_what_a_concurrent_import_committed(
    plan: Path | str, workbook: Path
) -> None:
    # No plan lock here (two services in one process): the write transaction
    # alone must keep the second import from comparing with a stale plan.
    first, second = PlanService.open(plan), PlanService.open(plan)
    previewed = threading.Event()
    outcomes: dict[str, MergePreview] = {}

    def slow_accept(preview: MergePreview) -> set[str]:
        previewed.set()
        time.sleep(0.5)  # the second import starts meanwhile
        return preview.default_keys()

    def run_first() -> None:
        parsed = excel.read_workbook(workbook)
        outcomes["first"] = excel.merge_workbook(first, parsed, accept=slow_accept)[0]

    thread = threading.Thread(target=run_first)
    try:
        thread.start()
        assert previewed.wait(30)
        preview, outcome = excel.merge_workbook(second, excel.read_workbook(workbook))
        thread.join(30)
        assert len(outcomes["first"].by_action(ADD)) == STEPS + 1
        assert preview.rows == [] and outcome.added == 0
    finally:
        thread.join(30)
        first.close()
        second.close()
    assert counts(plan) == (1, STEPS)


def test_the_gui_preview_then_apply_still_imports(plan: Path | str, workbook: Path) -> None:
    service = PlanService.open(plan, lock=True)
    try:
        preview = excel.preview_merge(service, excel.read_workbook(workbook, service=service))
        outcome = excel.apply_merge(service, preview, preview.default_keys())
        assert outcome.added == STEPS + 1
        assert excel.preview_merge(service, excel.read_workbook(workbook)).rows == []
        excel.revert_import(service, outcome)
    finally:
        service.close()
    assert counts(plan) == (0, 0)
