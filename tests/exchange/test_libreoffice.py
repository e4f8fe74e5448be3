"""LibreOffice as the real client: it re-saves our export, people edit, we import.

Marked slow. Without soffice they skip locally but fail when CI is set.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import signature
from tests.tools import require_tool

pytestmark = [
    pytest.mark.slow,
    pytest.mark.storage_aside("LibreOffice reading and writing our workbooks"),
]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module", autouse=True)
def _need_soffice() -> None:
    if SOFFICE is None:
        require_tool("soffice")  # fails under CI, skips elsewhere (tests/tools.py)


def libreoffice_resave(source: Path, out_dir: Path) -> Path:
    """Let LibreOffice open ``source`` and write it again as .xlsx (Calc MS Excel 2007 XML)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path("/tmp") / f"lo-relm-{uuid.uuid4().hex[:8]}"
    try:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",  # type: ignore[list-item]
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=False,
            capture_output=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    result = out_dir / f"{source.stem}.xlsx"
    assert result.is_file(), f"LibreOffice wrote nothing for {source}"  # it exits 0 regardless
    return result


def _set(path: Path, sheet: str, name: str, values: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    headers = {c.value: c.column for c in ws[1]}
    row = next(
        r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=headers["Name"]).value == name
    )
    for header, value in values.items():
        ws.cell(row=row, column=headers[header], value=value)
    book.save(path)


def test_libreoffice_resaved_export_round_trips(
    rich: PlanService, empty: PlanService, tmp_path: Path
) -> None:
    ours = tmp_path / "ours" / "plan.xlsx"
    ours.parent.mkdir()
    excel.export_workbook(rich, ours)
    theirs = libreoffice_resave(ours, tmp_path / "lo")
    assert excel.preview_merge(rich, excel.read_workbook(theirs)).rows == []
    parsed = excel.read_workbook(theirs)
    preview = excel.preview_merge(empty, parsed)
    excel.apply_merge(empty, preview, preview.default_keys())
    assert signature(empty) == signature(rich)


def test_edit_after_libreoffice_applies_exactly_that(rich: PlanService, tmp_path: Path) -> None:
    ours = tmp_path / "ours" / "plan.xlsx"
    ours.parent.mkdir()
    excel.export_workbook(rich, ours)
    theirs = libreoffice_resave(ours, tmp_path / "lo")
    _set(theirs, "Tasks", "Test", {"Duration (days)": 11, "% Complete": 25})
    before = signature(rich)
    preview = excel.preview_merge(rich, excel.read_workbook(theirs))
    assert [(r.label, sorted(c.field for c in r.fields)) for r in preview.rows] == [
        ("Test", ["duration", "percent_complete"])
    ]
    excel.apply_merge(rich, preview, preview.default_keys())
    after = signature(rich)
    diff = [
        (a["name"], k)
        for a, b in zip(before["tasks"], after["tasks"], strict=True)
        for k in a
        if a[k] != b[k]
    ]
    assert diff == [("Test", "duration"), ("Test", "percent_complete")]


def test_libreoffice_resaving_our_edit_applies_exactly_that(
    demo: PlanService, tmp_path: Path
) -> None:
    ours = tmp_path / "ours" / "demo.xlsx"
    ours.parent.mkdir()
    excel.export_workbook(demo, ours)
    name = demo.load().tasks[3].name
    book = openpyxl.load_workbook(ours)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    row = next(
        r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=headers["Name"]).value == name
    )
    ws.cell(row=row, column=headers["Notes"], value="=edited in a spreadsheet").data_type = "s"
    book.save(ours)
    theirs = libreoffice_resave(ours, tmp_path / "lo")
    preview = excel.preview_merge(demo, excel.read_workbook(theirs))
    assert [(r.action, r.label, [c.field for c in r.fields]) for r in preview.rows] == [
        ("change", name, ["notes"])
    ]
    assert preview.rows[0].fields[0].new == "=edited in a spreadsheet"


# Customer Portal ends months before the portfolio: its float comes from the Plan
# sheet's "Plan finish"; a link from Payments Platform drives a Mobile App task's start,
# kept from the grey Start column. Both must survive LibreOffice's re-save.
@pytest.mark.parametrize("release", [None, "Payments Platform", "Customer Portal", "Mobile App"])
def test_libreoffice_resaved_export_schedules_the_same_in_a_new_plan(
    demo: PlanService, tmp_path: Path, release: str | None
) -> None:
    from tests.exchange.conftest import schedule_by_task
    from tests.exchange.test_new_plan_schedule import relm_new

    ours = tmp_path / "ours" / "demo.xlsx"
    ours.parent.mkdir()
    excel.export_workbook(demo, ours, release=release)
    theirs = libreoffice_resave(ours, tmp_path / "lo")
    new = relm_new(tmp_path / "new.relm")
    try:
        parsed = excel.read_workbook(theirs, service=new)
        preview = excel.preview_merge(new, parsed)
        assert not parsed.errors
        excel.apply_merge(new, preview, preview.default_keys())
        assert schedule_by_task(new) == schedule_by_task(demo, release)
    finally:
        new.close()


def test_libreoffice_keeps_protection_and_the_edited_calculated_cell_is_named(
    demo: PlanService, tmp_path: Path
) -> None:
    ours = tmp_path / "ours" / "demo.xlsx"
    ours.parent.mkdir()
    excel.export_workbook(demo, ours)
    theirs = libreoffice_resave(ours, tmp_path / "lo")
    book = openpyxl.load_workbook(theirs)
    ws = book["Tasks"]
    assert ws.protection.sheet
    headers = {c.value: c.column_letter for c in ws[1]}
    assert ws[f"{headers['ID']}2"].protection.locked
    assert not ws[f"{headers['Name']}2"].protection.locked
    ws[f"{headers['Finish']}3"] = ws[f"{headers['Finish']}3"].value + timedelta(days=9)
    book.save(theirs)
    parsed = excel.read_workbook(theirs)
    warned = [str(p) for p in parsed.problems if "calculated cell" in p.message]
    assert warned == [
        f"Tasks row 3 column {headers['Finish']} (Finish): calculated cell {headers['Finish']}3 "
        "was edited: ignored on import (change Duration, Predecessors or Constraint to move "
        "the task)"
    ]
    assert excel.preview_merge(demo, parsed).rows == []
