"""A one-release workbook schedules in a brand-new plan as in the portfolio it came from.

Float is measured to the plan's finish (the latest finish of the whole portfolio,
``scheduling/cpm.py``); a release that ends earlier has that much more float in
the portfolio than alone. The workbook's Plan sheet carries that finish ("Plan
finish", grey), and an import into a brand-new plan keeps it as the plan's float
horizon; an import into an existing plan leaves the horizon as it is.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from relm_desktop import cli
from relm_desktop.services import excel
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService
from relm_desktop.services.schedule_lean import read_lean
from tests.exchange.conftest import build_rich, schedule_by_task

# Each ends before Payments Platform, which finishes the demo portfolio.
EARLY = ["Customer Portal", "Core Banking Patch", "Login Hotfix"]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.relm"
    build_demo(path, start=date(2027, 1, 4)).close()
    return path


def _run(*args: str | Path) -> None:
    assert cli.main([str(a) for a in args]) == 0


def _import_into_new(workbook: Path, plan: Path) -> None:
    _run("new", plan)
    _run("import", plan, workbook)


@pytest.mark.parametrize("release", EARLY)
def test_an_early_release_alone_keeps_its_portfolio_float(
    demo_path: Path, tmp_path: Path, release: str
) -> None:
    workbook = tmp_path / "one.xlsx"
    _run("export", demo_path, workbook, "--release", release)
    _import_into_new(workbook, tmp_path / "new.relm")
    source = PlanService.open(demo_path, readonly=True)
    new = PlanService.open(tmp_path / "new.relm", readonly=True)
    try:
        expected = schedule_by_task(source, release)
        # The case in point: the release ends before the portfolio, so its last
        # tasks have float in the portfolio (they would have none alone).
        portfolio_finish = source.schedule()[1].finish
        assert portfolio_finish is not None
        assert max(finish for _s, finish, _f, _c in expected.values()) < portfolio_finish
        assert any(total > 0 for _s, _f, total, _c in expected.values())
        assert schedule_by_task(new) == expected
    finally:
        source.close()
        new.close()


def test_a_predecessor_in_another_release_keeps_its_date_as_an_outside_start(
    demo_path: Path, tmp_path: Path
) -> None:
    # Mobile App's "Instant payments screens" starts 5 days after Payments Platform's
    # "Build SEPA instant payments service" starts (SS+5): that link drives its date.
    workbook = tmp_path / "mobile.xlsx"
    _run("export", demo_path, workbook, "--release", "Mobile App")
    plan = tmp_path / "new.relm"
    _run("new", plan)
    new = PlanService.open(plan, source="test")
    try:
        parsed = excel.read_workbook(workbook, service=new)
        preview = excel.preview_merge(new, parsed)
        # SS+5 lands at a day's end: after the end of Sunday 7 March, so Monday 8 March.
        told = [p for p in parsed.problems if "not before the end of 2027-03-07" in p.message]
        assert [(p.sheet, p.column) for p in told] == [("Tasks", "K (Predecessors)")]
        excel.apply_merge(new, preview, preview.default_keys())
        source = PlanService.open(demo_path, readonly=True)
        try:
            assert schedule_by_task(new) == schedule_by_task(source, "Mobile App")
        finally:
            source.close()
        task = next(t for t in new.load().tasks if t.name == "Instant payments screens")
        # Set from outside the plan: not the user's constraint.
        assert (task.outside_start, task.outside_day_end) == (date(2027, 3, 7), True)
        assert (task.constraint_type, task.constraint_date) == (None, None)
    finally:
        new.close()


def test_a_task_with_an_actual_start_keeps_it_and_gets_no_constraint(
    demo_path: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "demo.relm"
    shutil.copy(demo_path, plan)
    source = PlanService.open(plan, source="test")
    try:
        screens = next(t for t in source.load().tasks if t.name == "Instant payments screens")
        source.update("task", screens.id, {"actual_start": date(2027, 3, 9)})
        expected = schedule_by_task(source, "Mobile App")
    finally:
        source.close()
    workbook = tmp_path / "mobile.xlsx"
    _run("export", plan, workbook, "--release", "Mobile App")
    _import_into_new(workbook, tmp_path / "new.relm")
    new = PlanService.open(tmp_path / "new.relm", readonly=True)
    try:
        task = next(t for t in new.load().tasks if t.name == "Instant payments screens")
        assert (task.actual_start, task.constraint_type) == (date(2027, 3, 9), None)
        assert schedule_by_task(new) == expected
    finally:
        new.close()


def test_the_workbook_names_the_day_float_is_measured_to(demo_path: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "one.xlsx"
    _run("export", demo_path, workbook, "--release", "Login Hotfix")
    source = PlanService.open(demo_path, readonly=True)
    try:
        finish = source.schedule()[1].finish
    finally:
        source.close()
    parsed = excel.read_workbook(workbook)
    assert parsed.plan_finish == finish


def test_importing_it_back_leaves_the_portfolio_float_alone(
    demo_path: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "demo.relm"
    shutil.copy(demo_path, plan)
    workbook = tmp_path / "one.xlsx"
    _run("export", plan, workbook, "--release", "Customer Portal")
    service = PlanService.open(plan, source="test")
    try:
        before = schedule_by_task(service)
        preview = excel.preview_merge(service, excel.read_workbook(workbook, service=service))
        assert [r for r in preview.rows if r.entity == "plan_info"] == []
        excel.apply_merge(service, preview, preview.default_keys())
        info = service.load().info
        assert info is not None and info.horizon is None
        assert schedule_by_task(service) == before
    finally:
        service.close()


def test_relm_schedule_measures_float_to_the_horizon_too(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ``relm schedule`` reads the plan straight from SQLite (schedule_lean), not
    # through PlanService: it must read the horizon as well.
    workbook = tmp_path / "one.xlsx"
    _run("export", demo_path, workbook, "--release", "Login Hotfix")
    plan = tmp_path / "new.relm"
    _import_into_new(workbook, plan)
    assert read_lean(plan) is not None  # the lean path applies to this file
    capsys.readouterr()
    _run("schedule", plan, "--csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    source = PlanService.open(demo_path, readonly=True)
    try:
        expected = schedule_by_task(source, "Login Hotfix")
    finally:
        source.close()
    header = next(h for h in rows[0] if "float" in h.lower())
    assert [int(r[header]) for r in rows] == [total for _s, _f, total, _c in expected.values()]


def test_a_successor_in_another_release_keeps_bounding_its_float(tmp_path: Path) -> None:
    # R1's go-live drives R2's last task (SS+2), which finishes the plan: critical in the
    # portfolio, it would have six days of float in a plan of R1 alone.
    rich = build_rich(tmp_path / "rich.relm")
    try:
        expected = schedule_by_task(rich, "R1")
        assert expected[("R1", "Go-live", 0)][2:] == (0, True)
    finally:
        rich.close()
    workbook = tmp_path / "r1.xlsx"
    _run("export", tmp_path / "rich.relm", workbook, "--release", "R1")
    plan = tmp_path / "new.relm"
    _run("new", plan)
    new = PlanService.open(plan, source="test")
    try:
        parsed = excel.read_workbook(workbook, service=new)
        preview = excel.preview_merge(new, parsed)
        told = [p for p in parsed.problems if "finished by" in p.message]
        assert [(p.sheet, p.row) for p in told] == [("Tasks", 7)]
        excel.apply_merge(new, preview, preview.default_keys())
        assert schedule_by_task(new) == expected
        go_live = next(t for t in new.load().tasks if t.name == "Go-live")
        assert go_live.outside_finish is not None and go_live.constraint_type is None
        assert not new.schedule()[1].conflicts
    finally:
        new.close()


@pytest.mark.parametrize("release", ["Mobile App", "Customer Portal"])
def test_a_plan_made_from_one_release_passes_its_outside_dates_on(
    demo_path: Path, tmp_path: Path, release: str
) -> None:
    # Demo → one release → plan A → the whole of A → plan B: A's tasks hold their outside
    # dates without any link to another release, and B keeps them from the workbook.
    _run("export", demo_path, tmp_path / "one.xlsx", "--release", release)
    _import_into_new(tmp_path / "one.xlsx", tmp_path / "a.relm")
    _run("export", tmp_path / "a.relm", tmp_path / "a.xlsx")
    _import_into_new(tmp_path / "a.xlsx", tmp_path / "b.relm")
    source = PlanService.open(demo_path, readonly=True)
    second = PlanService.open(tmp_path / "b.relm", readonly=True)
    try:
        expected = schedule_by_task(source, release)
        assert schedule_by_task(second) == expected
        assert any(t.outside_start or t.outside_finish for t in second.load().tasks)
    finally:
        source.close()
        second.close()
