"""Export → import gives back the same plan; edits in a returned workbook apply exactly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.services import excel
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import signature


def _import(
    service: PlanService, path: Path, accept: set[str] | None = None
) -> excel.ImportOutcome:
    parsed = excel.read_workbook(path)
    preview = excel.preview_merge(service, parsed)
    return excel.apply_merge(service, preview, preview.default_keys() if accept is None else accept)


def test_round_trip_into_empty_plan_gives_the_same_plan(
    rich: PlanService, empty: PlanService, tmp_path: Path
) -> None:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    outcome = _import(empty, path)
    assert outcome.changed == 0 and outcome.removed == 0
    assert signature(empty) == signature(rich)
    links = signature(empty)["links"]
    assert {t for _p, _s, t, _lag in links} == {"FS", "SS", "FF", "SF"}
    assert {lag for *_x, lag in links} >= {-2, -1, 0, 1, 2, 3}


def test_round_trip_of_the_demo_portfolio(
    demo: PlanService, empty: PlanService, tmp_path: Path
) -> None:
    demo.save_baseline()
    path = tmp_path / "demo.xlsx"
    excel.export_workbook(demo, path)
    _import(empty, path)
    assert signature(empty) == signature(demo)


def test_reimporting_an_unchanged_export_changes_nothing(demo: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    excel.export_workbook(demo, path)
    preview = excel.preview_merge(demo, excel.read_workbook(path))
    assert preview.rows == []


def _edit(path: Path, sheet: str, edits: dict[tuple[int, str], object]) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    headers = {c.value: c.column for c in ws[1]}
    for (row, header), value in edits.items():
        cell = ws.cell(row=row, column=headers[header], value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed as text, as a careful user would
    book.save(path)


def _row_of(path: Path, sheet: str, name: str) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    for index, row in enumerate(book[sheet].iter_rows(values_only=True), start=1):
        if name in row:
            return index
    raise AssertionError(name)


def test_edits_in_a_returned_workbook_apply_exactly(rich: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    before = signature(rich)
    test_row, deploy_row = _row_of(path, "Tasks", "Test"), _row_of(path, "Tasks", "Deploy")
    design_id = next(t.id for t in rich.load().tasks if t.name == "Design")
    _edit(
        path,
        "Tasks",
        {
            (test_row, "Duration (days)"): 9,
            (test_row, "Notes"): "=not a formula",
            (deploy_row, "Predecessors"): f"{design_id}FF-3d",
            (deploy_row, "Actual start"): datetime(2027, 4, 5),
        },
    )
    preview = excel.preview_merge(rich, excel.read_workbook(path))
    described = sorted(r.describe() for r in preview.rows)
    assert len(preview.rows) == 2, described
    test_change = next(r for r in preview.rows if r.label == "Test")
    assert {(c.field, c.old, c.new) for c in test_change.fields} == {
        ("duration", 6, 9),
        ("notes", "", "=not a formula"),
    }
    excel.apply_merge(rich, preview, preview.default_keys())
    after = signature(rich)
    changed = [(a, b) for a, b in zip(before["tasks"], after["tasks"], strict=True) if a != b]
    assert [b["name"] for _a, b in changed] == ["Test", "Deploy"]
    assert next(b for _a, b in changed if b["name"] == "Deploy")["actual_start"] == date(2027, 4, 5)
    assert ("R1/Design#0", "R1/Deploy#4", "FF", -3) in after["links"]
    assert not any(s == "R1/Deploy#4" and p != "R1/Design#0" for p, s, *_x in after["links"])
    assert {k: v for k, v in after.items() if k not in ("tasks", "links")} == {
        k: v for k, v in before.items() if k not in ("tasks", "links")
    }


def test_added_and_deleted_rows_and_undo(rich: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    before = signature(rich)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    r2_row = _row_of(path, "Tasks", "R2 task 2")
    ws.delete_rows(r2_row)
    new = ws.max_row + 1
    for header, value in {
        "ID": 9001,
        "Release": "R2",
        "Name": "Added task",
        "Duration (days)": "3d",
        "Predecessors": "9002SS+1",
    }.items():
        ws.cell(row=new, column=headers[header], value=value)
    for header, value in {
        "Release": "R2",
        "Name": "Second added",
        "ID": 9002,
        "Duration (days)": 0,
    }.items():
        ws.cell(row=new + 1, column=headers[header], value=value)
    book.save(path)
    preview = excel.preview_merge(rich, excel.read_workbook(path))
    assert sorted((r.action, r.label) for r in preview.rows) == [
        ("add", "Added task"),
        ("add", "Second added"),
        ("remove", "R2 task 2"),
    ]
    assert [r.label for r in preview.rows if not r.default] == ["R2 task 2"]  # proposed, unticked
    outcome = excel.apply_merge(rich, preview, {r.key for r in preview.rows})
    data = rich.load()
    names = {t.id: t.name for t in data.tasks}
    assert "R2 task 2" not in names.values()
    link = next(ln for ln in data.links if names[ln.successor_id] == "Added task")
    assert (names[link.predecessor_id], link.type.value, link.lag) == ("Second added", "SS", 1)
    excel.revert_import(rich, outcome)
    assert signature(rich) == before


def test_import_is_all_or_nothing(rich: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    before = signature(rich)
    row = _row_of(path, "Tasks", "Design")
    _edit(path, "Tasks", {(row, "Duration (days)"): 7, (row + 1, "% Complete"): 150})
    parsed = excel.read_workbook(path)
    preview = excel.preview_merge(rich, parsed)
    with pytest.raises(EditError):  # the database refuses 150 %: nothing at all is applied
        excel.apply_merge(rich, preview, preview.default_keys())
    assert signature(rich) == before
    _edit(path, "Tasks", {(row + 1, "% Complete"): "lots"})
    parsed = excel.read_workbook(path)
    problem = parsed.errors[0]
    assert (problem.sheet, problem.row) == ("Tasks", row + 1) and "% Complete" in problem.column
    with pytest.raises(EditError, match="fix these first"):
        excel.apply_merge(rich, excel.preview_merge(rich, parsed), {"x"})
    assert signature(rich) == before


def test_hidden_rows_are_skipped_reported_and_never_removed(
    rich: PlanService, tmp_path: Path
) -> None:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    row = _row_of(path, "Tasks", "Design")
    book = openpyxl.load_workbook(path)
    book["Tasks"].row_dimensions[row].hidden = True
    headers = {c.value: c.column for c in book["Tasks"][1]}
    book["Tasks"].cell(row=row, column=headers["Duration (days)"], value=99)
    book.save(path)
    parsed = excel.read_workbook(path)
    assert any(p.row == row and "hidden" in p.message for p in parsed.problems)
    assert excel.preview_merge(rich, parsed).rows == []


def test_import_writes_audit_rows_with_source_import(rich: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    _edit(path, "Gates", {(2, "Status"): "Failed"})
    _import(rich, path)
    with rich.store.reading() as session:
        rows = session.execute(
            select(ChangeRecord.entity, ChangeRecord.field, ChangeRecord.new).where(
                ChangeRecord.source == "import"
            )
        ).all()
        total = session.scalar(select(func.count()).select_from(ChangeRecord))
    assert ("gate", "status", "failed") in rows
    assert any(e == "plan_info" for e, _f, _n in rows) and total


def test_single_release_export_never_removes_other_releases(
    rich: PlanService, tmp_path: Path
) -> None:
    path = tmp_path / "r2.xlsx"
    excel.export_workbook(rich, path, release="R2")
    parsed = excel.read_workbook(path)
    assert parsed.releases_covered == ("R2",)
    assert [r for r in excel.preview_merge(rich, parsed).rows if r.action == "remove"] == []
