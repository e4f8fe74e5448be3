"""Our own workbook is hard to damage: protection, drop-downs, print setup, Gantt heading."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple

from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService


@pytest.fixture
def book(demo: PlanService, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "demo.xlsx"
    excel.export_workbook(demo, path)
    return openpyxl.load_workbook(path)


def _locked(ws: openpyxl.worksheet.worksheet.Worksheet, ref: str) -> bool:
    """As Excel reads it: a cell's own style, else (no cell written) its column's."""
    row, col = coordinate_to_tuple(ref)
    if (row, col) in ws._cells and ws[ref].has_style:
        return bool(ws[ref].protection.locked)
    # Neighbouring columns of one style are one <col min max> entry.
    for dimension in ws.column_dimensions.values():
        if dimension.min is not None and dimension.min <= col <= (dimension.max or col):
            return dimension.protection.locked is not False
    return True


def _letters(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    return {str(c.value): c.column_letter for c in ws[1]}


def test_ids_and_calculated_cells_are_locked_editable_cells_free(book: openpyxl.Workbook) -> None:
    for spec in lay.SHEETS:
        ws = book[spec.name]
        assert ws.protection.sheet and not ws.protection.password, spec.name
        assert not ws.protection.deleteRows and not ws.protection.insertRows  # allowed
        letters = _letters(ws)
        for column in spec.columns:
            assert _locked(ws, f"{letters[column.header]}2") is not column.editable, (
                spec.name,
                column.header,
            )
    tasks = book["Tasks"]
    letters = _letters(tasks)
    below = tasks.max_row + 5  # a new row typed under the data
    assert not _locked(tasks, f"{letters['Name']}{below}")
    assert not _locked(tasks, f"{letters['Actual start']}{below}")
    assert _locked(tasks, f"{letters['ID']}{below}")
    assert tasks.column_dimensions[letters["Check"]].hidden


def test_drop_downs_for_phase_team_environment_constraint_and_status(
    book: openpyxl.Workbook,
) -> None:
    def sources(sheet: str) -> dict[str, str]:
        ws = book[sheet]
        letters = {v: k for k, v in _letters(ws).items()}
        out = {}
        for rule in ws.data_validations.dataValidation:
            first = str(rule.sqref).split(":")[0].rstrip("0123456789")
            out[letters[first]] = str(rule.formula1)
        return out

    tasks = sources("Tasks")
    assert tasks["Phase"].startswith("Lists!$A$1:$A$")
    assert tasks["Team"].startswith("Teams!$B$2:$B$")
    assert tasks["Environment"].startswith("Environments!$B$2:$B$")
    assert "Must start on" in tasks["Constraint"]
    assert tasks["Release"].startswith("Releases!$B$2")
    for sheet in ("Releases", "Risks", "Gates", "Scope"):
        assert "Status" in sources(sheet), sheet
    phases = [c.value for c in book["Lists"]["A"]]
    assert "Build" in phases and book["Lists"].sheet_state == "hidden"


def test_print_setup_landscape_fit_to_width_header_repeated(book: openpyxl.Workbook) -> None:
    for spec in lay.SHEETS:
        ws = book[spec.name]
        assert ws.page_setup.orientation == "landscape", spec.name
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out
        assert ws.page_setup.fitToHeight == 0
        assert str(ws.print_title_rows).replace("$", "") == "1:1"


def test_gantt_has_a_legend_a_year_row_then_days_then_tasks(
    book: openpyxl.Workbook, demo: PlanService
) -> None:
    ws = book["Gantt"]
    legend = str(ws["B1"].value)
    assert "task" in legend and "critical" in legend and "◆ milestone" in legend
    years = {c.column: c.value for c in ws[1][3:] if c.value}
    assert years and all(str(v).isdigit() and len(str(v)) == 4 for v in years.values())
    assert ws[f"{get_column_letter(min(years))}1"].value == "2027"
    assert (ws["A2"].value, ws["B2"].value) == ("ID", "Task")
    assert ws.freeze_panes == "D3"
    first = min(demo.load().tasks, key=lambda t: t.id)
    assert ws["A3"].value == first.id or isinstance(ws["A3"].value, int)
    assert str(ws.print_title_rows).replace("$", "") == "1:2"
