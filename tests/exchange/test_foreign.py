"""Workbooks other people made: headers, outline, dates, formulas, merging into a release."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment

from relm_desktop.exchange.dates import DateOrder
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService


def _book(path: Path, rows: list[list[object]], title: str = "Plan") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_indentation_outline_and_ms_project_links(tmp_path: Path) -> None:
    path = tmp_path / "indent.xlsx"
    _book(
        path,
        [
            ["Projektplan"],
            [],
            ["Nr", "Vorgangsname", "Dauer", "Anfang", "Vorgänger"],
            [1, "Phase A", "", "", ""],
            [2, "Task 1", "3 Tage", datetime(2027, 1, 4), ""],
            [3, "Task 2", "2w", "", "2EA+1"],
            [4, "Phase B", "", "", ""],
            [5, "Sub B", "", "", ""],
            [6, "Task 3", "0", "", "3SS-2d;2FF"],
        ],
    )
    book = openpyxl.load_workbook(path)
    ws = book.active
    for row, level in ((5, 1), (6, 1), (8, 1), (9, 2)):
        ws.cell(row=row, column=2).alignment = Alignment(indent=level)
    book.save(path)
    parsed = excel.read_workbook(path)
    assert parsed.mapping is not None and parsed.mapping.header_row == 3
    tasks = {t.values["name"]: t for t in parsed.rows["task"]}
    assert list(tasks) == ["Task 1", "Task 2", "Sub B", "Task 3"]
    assert tasks["Task 1"].values["phase"] == "Phase A"
    # Below the top level a summary row is a summary task, the parent of its rows.
    assert tasks["Task 3"].values["phase"] == tasks["Sub B"].values["phase"] == "Phase B"
    assert tasks["Task 3"].values["parent_id"] == tasks["Sub B"].key
    assert tasks["Task 2"].values["duration"] == 10 and tasks["Task 3"].values["duration"] == 0
    assert tasks["Task 1"].values["constraint_date"] == date(2027, 1, 4)
    keys = {t.key: n for n, t in tasks.items()}
    links = {(keys[r.predecessor], r.type, r.lag) for r in parsed.links[tasks["Task 3"].key]}
    assert links == {("Task 2", "SS", -2), ("Task 1", "FF", 0)}


def test_ambiguous_text_dates_ask_for_a_decision(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "dates.xlsx",
        [
            ["Task", "Start", "End"],
            ["A", "04/03/2027", "05/03/2027"],
            ["B", "06/03/2027", "07/03/2027"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert parsed.questions and "04/03/2027" in str(parsed.questions[0])
    answered = excel.read_workbook(path, date_order=DateOrder.DAY_FIRST)
    assert not answered.questions
    assert answered.rows["task"][0].values["constraint_date"] == date(2027, 3, 4)
    decided = _book(
        tmp_path / "decided.xlsx", [["Task", "Start"], ["A", "04/03/2027"], ["B", "25/03/2027"]]
    )
    assert excel.read_workbook(decided).rows["task"][0].values["constraint_date"] == date(
        2027, 3, 4
    )


def test_formula_without_cached_value_is_reported(tmp_path: Path) -> None:
    path = _book(tmp_path / "formula.xlsx", [["Task", "Duration"], ["A", 3], ["B", "=B2*2"]])
    parsed = excel.read_workbook(path)
    assert any(
        p.row == 3 and "formula without a calculated value" in p.message for p in parsed.problems
    )


def test_merged_two_row_header(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    _book(
        path,
        [
            ["", "TASK", "", "DAYS", "START"],
            ["", "", "", "", ""],
            ["", 1, "Design", 3, datetime(2027, 1, 4)],
            ["", "1.1", "Detail", 2, ""],
            ["", 2, "Build", 5, ""],
        ],
    )
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("B1:C2")
    book.active.merge_cells("D1:D2")
    book.save(path)
    parsed = excel.read_workbook(path)
    names = [(t.values["name"], t.values["wbs"], t.values["phase"]) for t in parsed.rows["task"]]
    assert names == [("Detail", "1.1", "Design"), ("Build", "2", "")]


def test_merge_into_an_existing_release_matches_by_name(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "supplier.xlsx",
        [["Task", "Duration", "% Complete"], ["Design", 7, "50%"], ["New work", 2, 0]],
    )
    plan = PlanService.new(tmp_path / "p.relm", name="P", start=date(2027, 1, 4))
    try:
        rid = plan.create("release", {"name": "Supplier"}).ids[0]
        plan.create("task", {"release_id": rid, "name": "Design", "duration": 5})
        plan.create("task", {"release_id": rid, "name": "Old work", "duration": 1})
        preview = excel.preview_merge(plan, excel.read_workbook(path), release="Supplier")
        summary = {(r.action, r.label, r.default) for r in preview.rows}
        assert summary == {
            ("change", "Design", True),
            ("add", "New work", True),
            ("remove", "Old work", False),
        }
        change = next(r for r in preview.rows if r.action == "change")
        assert {(c.field, c.old, c.new) for c in change.fields} == {
            ("duration", 5, 7),
            ("percent_complete", 0, 50),
        }
        excel.apply_merge(plan, preview, preview.default_keys())
        tasks = {t.name: t for t in plan.load().tasks}
        assert set(tasks) == {"Design", "Old work", "New work"}
        assert (tasks["Design"].duration, tasks["Design"].percent_complete) == (7, 50)
    finally:
        plan.close()


def test_mapping_file_overrides_the_guess(tmp_path: Path) -> None:
    path = _book(tmp_path / "odd.xlsx", [["What", "How long", "Who"], ["A", 2, "Ann"]])
    with pytest.raises(excel.FormatError, match=r"no schedule found in \S*odd\.xlsx"):
        excel.read_workbook(path)
    mapping_file = tmp_path / "m.json"
    mapping_file.write_text(
        json.dumps(
            {"sheet": "Plan", "header_row": 1, "columns": {"name": "A", "duration": "B", "team": 2}}
        )
    )
    mapping, order = excel.load_mapping(mapping_file)
    parsed = excel.read_workbook(path, mapping, order)
    values = parsed.rows["task"][0].values
    assert (values["name"], values["duration"], values["team"]) == ("A", 2, "Ann")


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("just text")
    with pytest.raises(excel.FormatError, match=r"notes\.xlsx"):
        excel.read_workbook(path)
