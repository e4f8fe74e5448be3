"""Summary tasks in the exchange workbook: Parent ID carries the outline both ways."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from relm_desktop.services import excel
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import signature


def _nest(service: PlanService) -> tuple[int, int, int]:
    """Make the second and third task of the first phase with three tasks subtasks of its first."""
    data = service.load()
    for phase in data.phases:
        members = [t for t in data.tasks if t.phase_id == phase.id]
        if len(members) >= 3:
            summary, a, b = members[:3]
            service.update("task", a.id, {"parent_id": summary.id})
            service.update("task", b.id, {"parent_id": summary.id})
            return summary.id, a.id, b.id
    raise AssertionError("the demo has a phase with three tasks")


def _import(service: PlanService, path: Path) -> excel.ImportOutcome:
    parsed = excel.read_workbook(path)
    preview = excel.preview_merge(service, parsed)
    return excel.apply_merge(service, preview, preview.default_keys())


def _sheet_rows(path: Path) -> tuple[openpyxl.Workbook, dict[str, int], dict[int, int]]:
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(row=r, column=headers["ID"]).value: r for r in range(2, ws.max_row + 1)}
    return book, headers, rows


def test_the_outline_survives_export_and_import_into_a_new_plan(
    demo: PlanService, empty: PlanService, tmp_path: Path
) -> None:
    summary, a, b = _nest(demo)
    path = tmp_path / "outline.xlsx"
    excel.export_workbook(demo, path)
    book, headers, rows = _sheet_rows(path)
    ws = book["Tasks"]
    assert ws.cell(row=rows[a], column=headers["Parent ID"]).value == summary
    code = ws.cell(row=rows[summary], column=headers["WBS"]).value
    assert ws.cell(row=rows[b], column=headers["WBS"]).value == f"{code}.2"
    _import(empty, path)
    assert signature(empty) == signature(demo)  # parents compared by task, not by id


def test_a_parent_id_typed_in_a_returned_workbook_indents_the_task(
    demo: PlanService, tmp_path: Path
) -> None:
    data = demo.load()
    phase = next(p for p in data.phases if sum(t.phase_id == p.id for t in data.tasks) >= 2)
    first, second = [t for t in data.tasks if t.phase_id == phase.id][:2]
    path = tmp_path / "returned.xlsx"
    excel.export_workbook(demo, path)
    book, headers, rows = _sheet_rows(path)
    book["Tasks"].cell(row=rows[second.id], column=headers["Parent ID"], value=first.id)
    book.save(path)
    preview = excel.preview_merge(demo, excel.read_workbook(path))
    changed = [r for r in preview.rows if r.ident == second.id]
    assert [c.field for r in changed for c in r.fields] == ["parent_id"]
    excel.apply_merge(demo, preview, preview.default_keys())
    data, result = demo.schedule()
    assert next(t for t in data.tasks if t.id == second.id).parent_id == first.id
    assert result.tasks[first.id].finish >= result.tasks[second.id].finish


@pytest.mark.parametrize("where", ["other phase", "itself"])
def test_a_parent_in_another_phase_or_a_loop_is_refused_naming_the_cell(
    demo: PlanService, tmp_path: Path, where: str
) -> None:
    data = demo.load()
    task = data.tasks[0]
    other = next(t for t in data.tasks if t.phase_id != task.phase_id)
    path = tmp_path / "bad.xlsx"
    excel.export_workbook(demo, path)
    book, headers, rows = _sheet_rows(path)
    parent = other.id if where == "other phase" else task.id
    book["Tasks"].cell(row=rows[task.id], column=headers["Parent ID"], value=parent)
    book.save(path)
    before = signature(demo)
    with pytest.raises(EditError, match=rf"Tasks row {rows[task.id]} column E \(Parent ID\): "):
        _import(demo, path)
    assert signature(demo) == before
