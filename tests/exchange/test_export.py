"""The exported workbook: sheets, styling, validation, real dates, and never a formula."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from relm_desktop.exchange.xlsx.model import CancelledError
from relm_desktop.services import excel
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService


@pytest.fixture
def exported(rich: PlanService, tmp_path: Path) -> Path:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    return path


def test_sheets_header_filter_freeze_widths(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames == [
        "README",
        "Releases",
        "Tasks",
        "Dependencies",
        "Risks",
        "Gates",
        "Scope",
        "Stakeholders",
        "Plan",
        "Calendar",
        "Environments",
        "Teams",
        "Freeze Windows",
        "Gantt",
        "Lists",
    ]
    assert book["Lists"].sheet_state == "hidden"
    for name in ["Releases", "Tasks", "Dependencies", "Risks", "Gates", "Scope", "Stakeholders"]:
        ws = book[name]
        assert ws["A1"].value == "ID" and ws["A1"].font.bold
        assert ws["A1"].fill.fgColor.rgb.endswith(("1F4E79", "7F7F7F"))
        assert ws.freeze_panes in ("B2", "C2")
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws.column_dimensions["B"].width > 5
    assert "Editable" in " ".join(str(c.value) for row in book["README"].iter_rows() for c in row)


def test_dates_are_real_dates_with_a_date_format(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    cell = ws.cell(row=2, column=headers["Start"])
    assert isinstance(cell.value, datetime) and cell.number_format == "yyyy-mm-dd"
    baseline = ws.cell(row=2, column=headers["Baseline start"])
    assert isinstance(baseline.value, datetime)


def test_enumerations_have_drop_down_validation(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    lists = {
        sheet: [dv.formula1 for dv in book[sheet].data_validations.dataValidation]
        for sheet in ("Releases", "Tasks", "Risks", "Gates", "Scope", "Stakeholders")
    }
    joined = {sheet: " ".join(f or "" for f in fs) for sheet, fs in lists.items()}
    assert "In progress" in joined["Releases"] and "Emergency" in joined["Releases"]
    assert "Start no earlier than" in joined["Tasks"] and "yes,no" in joined["Tasks"]
    assert "Mitigating" in joined["Risks"] and "Waived" in joined["Gates"]
    assert '"R,A,C,I"' in joined["Stakeholders"]


def test_risky_text_is_text_never_a_formula(exported: Path) -> None:
    with zipfile.ZipFile(exported) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            assert not re.search(rb"<f[ >]", archive.read(name)), name
    book = openpyxl.load_workbook(exported)
    values = {c.value for ws in book for row in ws.iter_rows() for c in row}
    assert {"=SUM(A1:A9)", "=Supplier+Team", "@owner", "-minus text", "+1 risk"} <= values
    ws = book["Tasks"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1:A9)")
    assert cell.data_type == "s" and cell.quotePrefix


def test_gantt_sheet_has_coloured_cells(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Gantt"]
    fills = {c.fill.fgColor.rgb for row in ws.iter_rows(min_row=2) for c in row if c.fill.fill_type}
    assert any(str(f).endswith(("4472C4", "C00000")) for f in fills)
    assert any(c.value == "◆" for row in ws.iter_rows(min_row=2) for c in row)


def test_one_release_and_unknown_release(rich: PlanService, tmp_path: Path) -> None:
    counts = excel.export_workbook(rich, tmp_path / "r2.xlsx", release="R2")
    assert counts["releases"] == 1 and counts["tasks"] == 3
    with pytest.raises(EditError, match="no release named 'R9'"):
        excel.export_workbook(rich, tmp_path / "x.xlsx", release="R9")


def test_cancelled_export_leaves_no_file(demo: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    seen: list[int] = []
    with pytest.raises(CancelledError):
        excel.export_workbook(
            demo, path, progress=lambda d, t: seen.append(d), cancel=lambda: len(seen) > 0
        )
    assert not path.exists() and not list(tmp_path.glob("*.part"))
