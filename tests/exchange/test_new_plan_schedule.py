"""Export → import into a brand-new plan schedules every task as the source plan did.

The workbook carries what scheduling needs (plan start, status date, calendar,
holidays, freeze windows, environments, teams, actuals, constraints), so a plan
made by ``relm new`` with default options gives the same start, finish, float
and critical flag, task by task.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from relm_desktop import cli
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services import excel, formats
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import schedule_by_task


def relm_new(path: Path) -> PlanService:
    """A plan as ``relm new PATH`` makes it, with default options."""
    assert cli.main(["new", str(path)]) == 0
    return PlanService.open(path, source="test")


def cli_import(plan: Path, workbook: Path, *extra: str) -> tuple[int, str]:
    args = cli._parser().parse_args(["import", str(plan), str(workbook), *extra])
    args.plan = plan
    out = io.StringIO()
    code = formats.importer(workbook)(args, out)
    return code, out.getvalue()


def seed_plan(path: Path) -> PlanService:
    """2,000 tasks with German holidays, named days off, freeze windows, teams,
    environments, constraints and recorded actuals, built through the services."""
    service = write_schedule_input(path, random_plan(2000, seed=11), country="DE")
    data, result = service.schedule()
    assert data.freezes and data.days_off and data.teams and data.environments
    early = sorted(data.tasks, key=lambda t: (result.tasks[t.id].start, t.id))[:40]
    for task in early[::2]:
        start = result.tasks[task.id].start
        service.update("task", task.id, {"actual_start": start, "percent_complete": 50})
    for task in early[1::4]:
        s = result.tasks[task.id]
        service.update(
            "task",
            task.id,
            {
                "actual_start": s.start + timedelta(days=1),
                "actual_finish": s.finish,
                "percent_complete": 100,
            },
        )
    info = service.load().info
    assert info is not None
    service.update("plan_info", info.id, {"status_date": date(2027, 2, 1)})
    return service


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlanService]:
    service = seed_plan(tmp_path_factory.mktemp("seeded") / "seeded.relm")
    yield service
    service.close()


def test_demo_portfolio_schedules_the_same_in_a_new_plan(demo: PlanService, tmp_path: Path) -> None:
    workbook = tmp_path / "demo.xlsx"
    excel.export_workbook(demo, workbook)
    new = relm_new(tmp_path / "new.relm")
    new.close()
    code, out = cli_import(tmp_path / "new.relm", workbook)
    assert code == 0, out
    new = PlanService.open(tmp_path / "new.relm", readonly=True)
    try:
        expected = schedule_by_task(demo)
        assert len(expected) == len(demo.load().tasks)
        assert schedule_by_task(new) == expected
        info, calendar = new.load().info, new.load().calendar
        source = demo.load()
        assert info is not None and source.info is not None and calendar is not None
        assert info.start == source.info.start
        assert (calendar.country, calendar.subdivision) == ("GB", "ENG")
    finally:
        new.close()


def test_one_release_export_schedules_the_same_in_a_new_plan(
    demo: PlanService, tmp_path: Path
) -> None:
    # Payments Platform finishes the portfolio; releases ending earlier are in
    # tests/cli/test_one_release_float.py (the Plan sheet carries the plan's finish).
    workbook = tmp_path / "payments.xlsx"
    excel.export_workbook(demo, workbook, release="Payments Platform")
    new = relm_new(tmp_path / "new.relm")
    parsed = excel.read_workbook(workbook, service=new)
    preview = excel.preview_merge(new, parsed)
    excel.apply_merge(new, preview, preview.default_keys())
    try:
        expected = schedule_by_task(demo, "Payments Platform")
        assert len(expected) > 20
        assert schedule_by_task(new) == expected
    finally:
        new.close()


def test_seeded_2000_task_plan_schedules_the_same_in_a_new_plan(
    seeded: PlanService, tmp_path: Path
) -> None:
    workbook = tmp_path / "seeded.xlsx"
    excel.export_workbook(seeded, workbook)
    new = relm_new(tmp_path / "new.relm")
    parsed = excel.read_workbook(workbook, service=new)
    preview = excel.preview_merge(new, parsed)
    assert not parsed.errors
    excel.apply_merge(new, preview, preview.default_keys())
    try:
        expected = schedule_by_task(seeded)
        assert len(expected) == 2000
        assert schedule_by_task(new) == expected
        data, source = new.load(), seeded.load()
        assert data.info is not None and data.info.status_date == date(2027, 2, 1)
        assert sorted(d.day for d in data.days_off) == sorted(d.day for d in source.days_off)
        assert len(data.freezes) == len(source.freezes)
        assert sorted(
            len([1 for f, _e in data.freeze_environments if f == x.id]) for x in data.freezes
        ) == sorted(
            len([1 for f, _e in source.freeze_environments if f == x.id]) for x in source.freezes
        )
        assert sum(t.actual_finish is not None for t in data.tasks) == sum(
            t.actual_finish is not None for t in source.tasks
        )
    finally:
        new.close()
