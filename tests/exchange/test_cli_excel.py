"""``relm export`` and ``relm import`` with .xlsx files."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

from relm_desktop import cli
from relm_desktop.cli import main
from relm_desktop.services import excel, formats
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from relm_desktop.store.errors import PlanFileError
from tests.exchange.conftest import CORPUS, build_rich
from tests.plan_locations import plan_contents


@pytest.fixture
def plan(plan_location: Path | str) -> Path | str:
    """The rich plan in a file and on the server."""
    build_rich(plan_location).close()
    return plan_location


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run a command the way ``relm`` does: its parser, the formats table, its error handling.

    (``main()`` itself loses the ``plan`` argument of import/export: the top-level
    ``plan`` positional of cli.py overwrites it; see test_main_passes_the_plan.)
    """
    parsed = cli._parser().parse_args(args)
    parsed.plan = Path(args[1])
    lookup = formats.importer if args[0] == "import" else formats.exporter
    out = io.StringIO()
    try:
        code = lookup(Path(args[2]))(parsed, out)
    except (EditError, formats.FormatError, PlanFileError) as exc:
        print(f"relm: {exc}", file=sys.stderr)
        code = 2
    captured = capsys.readouterr()
    return code, out.getvalue() + captured.out, captured.err


def test_main_passes_the_plan(plan: Path | str, tmp_path: Path) -> None:
    assert main(["export", str(plan), str(tmp_path / "x.xlsx")]) == 0


def test_export_then_dry_run_then_import(
    plan: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "plan.xlsx"
    code, out, _ = _run(["export", str(plan), str(out_file)], capsys)
    assert code == 0 and "exported 9 tasks of 2 releases" in out
    book = openpyxl.load_workbook(out_file)
    ws = book["Gates"]
    headers = {c.value: c.column for c in ws[1]}
    ws.cell(row=2, column=headers["Status"], value="Failed")
    book.save(out_file)
    before = plan_contents(plan)
    code, out, _ = _run(["import", str(plan), str(out_file), "--dry-run"], capsys)
    assert code == 0, out
    assert "change gate 'CAB approved'" in out and "status Passed → Failed" in out
    assert "dry run: would add 0, change 1, remove 0; plan unchanged" in out
    assert plan_contents(plan) == before
    code, out, _ = _run(["import", str(plan), str(out_file)], capsys)
    assert code == 0 and "added 0, changed 1, removed 0" in out
    service = PlanService.open(plan, readonly=True)
    assert service.load().gates[0].status.value == "failed"
    service.close()


def test_export_one_release(
    plan: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["export", str(plan), str(tmp_path / "r2.xlsx"), "--release", "R2"], capsys)
    assert code == 0 and "3 tasks of 1 release" in out
    code, _out, err = _run(
        ["export", str(plan), str(tmp_path / "x.xlsx"), "--release", "Nope"], capsys
    )
    assert code == 2 and err.startswith("relm: no release named 'Nope'")


def test_import_a_foreign_schedule_into_a_named_release(
    plan: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = CORPUS / "xlsx" / "neighbourconnect__gantt.xlsx"
    code, out, _ = _run(["import", str(plan), str(source), "--release", "Neighbour"], capsys)
    assert code == 0 and "added 29" in out  # the release and its 28 tasks
    service = PlanService.open(plan, readonly=True)
    data = service.load()
    service.close()
    rid = next(r.id for r in data.releases if r.name == "Neighbour")
    assert sum(t.release_id == rid for t in data.tasks) == 28


def test_no_schedule_and_bad_files_are_one_line_errors(
    plan: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = plan_contents(plan)
    roadmap = CORPUS / "xlsx" / "hasor__roadmap.xlsx"
    code, _out, err = _run(["import", str(plan), str(roadmap)], capsys)
    assert code == 2
    assert err.strip().splitlines() == [err.strip()]
    assert "hasor__roadmap.xlsx: " in err and "no schedule found in " in err
    broken = tmp_path / "broken.xlsx"
    shutil.copy(CORPUS / "xlsx" / "pyg__Gantt_example_sheet.xlsx", broken)
    broken.write_bytes(broken.read_bytes()[:2000])
    code, _out, err = _run(["import", str(plan), str(broken)], capsys)
    assert code == 2 and "broken.xlsx" in err and "Traceback" not in err
    assert plan_contents(plan) == before


def test_import_with_errors_changes_nothing(
    plan: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "plan.xlsx"
    service = PlanService.open(plan)
    excel.export_workbook(service, out_file)
    service.close()
    book = openpyxl.load_workbook(out_file)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    ws.cell(row=2, column=headers["Duration (days)"], value="forever")
    ws.cell(row=3, column=headers["Name"], value="Renamed")
    book.save(out_file)
    before = plan_contents(plan)
    code, out, err = _run(["import", str(plan), str(out_file)], capsys)
    assert code == 2
    assert "Tasks row 2 column G (Duration (days))" in out + err
    assert plan_contents(plan) == before
