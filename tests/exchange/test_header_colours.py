"""Header colours of the exported workbook say what import does with each column.

The README promises: blue headers are columns you may edit; grey headers are
calculated or read-only and ignored on import. These tests read the colours
from the written file and check them against the columns' meaning.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell import Cell

from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService


def shade(cell: Cell) -> str:
    """'blue', 'grey' or 'other': the header's fill as a reader would name it."""
    rgb = str(cell.fill.fgColor.rgb)[-6:]
    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) < 16 and 64 < r < 224:
        return "grey"
    if b > r + 48 and b > g:
        return "blue"
    return f"other #{rgb}"


@pytest.fixture
def exported(rich: PlanService, tmp_path: Path) -> Path:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    return path


def headers(path: Path, sheet: str) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {str(c.value): shade(c) for c in ws[1] if c.value is not None}


def test_editable_columns_have_blue_headers_and_calculated_ones_grey(exported: Path) -> None:
    # Spelled out for the Tasks sheet, not taken from the layout table: what a
    # user edits is blue, what the scheduler works out is grey.
    tasks = headers(exported, "Tasks")
    for name in ("Name", "Duration (days)", "Predecessors", "Release", "Phase", "Notes"):
        assert tasks[name] == "blue", (name, tasks[name])
    for name in ("ID", "Start", "Finish", "Total float", "Critical"):
        assert tasks[name] == "grey", (name, tasks[name])
    # The Dependencies sheet only lists links (edited in Tasks' Predecessors): all grey.
    assert set(headers(exported, "Dependencies").values()) == {"grey"}
    # Every sheet: each header by whether import reads its column.
    for spec in lay.SHEETS:
        shown = headers(exported, spec.name)
        assert list(shown) == [c.header for c in spec.columns]
        for column in spec.columns:
            wanted = "blue" if column.editable else "grey"
            assert shown[column.header] == wanted, (spec.name, column.header)


def test_import_ignores_grey_columns_and_reads_blue_ones(rich: PlanService, exported: Path) -> None:
    """Whatever the colours say, import must agree: a changed grey cell changes nothing."""
    tasks = headers(exported, "Tasks")
    grey = [name for name, colour in tasks.items() if colour == "grey" and name != "ID"]
    assert {"Start", "Finish", "Critical"} <= set(grey)
    book = openpyxl.load_workbook(exported)
    ws = book["Tasks"]
    column = {str(c.value): c.column for c in ws[1]}
    for name in grey:
        ws.cell(row=2, column=column[name]).value = "changed in Excel"
    book.save(exported)
    preview = excel.preview_merge(rich, excel.read_workbook(exported))
    assert preview.rows == []
    # A blue one is read.
    assert tasks["Name"] == "blue"
    ws.cell(row=2, column=column["Name"]).value = "Renamed in Excel"
    book.save(exported)
    preview = excel.preview_merge(rich, excel.read_workbook(exported))
    assert [row.action for row in preview.rows] == ["change"]


def test_the_readme_explains_the_colours(exported: Path) -> None:
    readme = openpyxl.load_workbook(exported)[lay.README]
    text = " ".join(str(c.value) for row in readme.iter_rows() for c in row if c.value)
    assert "Blue headers are columns you may edit" in text
    assert "grey headers are calculated or for reading only" in text
