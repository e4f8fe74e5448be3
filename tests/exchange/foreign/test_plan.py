"""#19 items 1, 4, 7, 8, 9: dates kept in the plan, drawn bars, links, outline, refusals."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from relm_desktop.exchange.xlsx.model import ColumnMapping
from relm_desktop.services import excel, formats
from relm_desktop.services.plan import PlanService
from tests.exchange.foreign.helpers import book, names, task

BAR = PatternFill("solid", fgColor="FF4472C4")


def _apply(path: Path, tmp_path: Path) -> Path:
    """Import ``path`` into a new plan (start 2024-01-01) and return the plan file."""
    plan_file = tmp_path / "p.relm"
    plan = PlanService.new(plan_file, name="P", start=date(2024, 1, 1))
    try:
        parsed = excel.read_workbook(path, service=plan)
        assert not parsed.errors, parsed.errors
        preview = excel.preview_merge(plan, parsed, release="Supplier")
        excel.apply_merge(plan, preview, preview.default_keys())
    finally:
        plan.close()
    return plan_file


def test_the_files_dates_stay_and_the_release_starts_at_the_earliest(tmp_path: Path) -> None:
    path = book(
        tmp_path / "dated.xlsx",
        [
            ["ID", "Task", "Start", "Finish", "% Complete", "Predecessors"],
            [1, "Analysis", datetime(2026, 3, 2), datetime(2026, 3, 6), 1.0, ""],
            [2, "Build", datetime(2026, 3, 16), datetime(2026, 3, 27), 0.2, ""],
            [3, "Test", datetime(2026, 3, 30), datetime(2026, 4, 3), 0, "2"],
        ],
    )
    plan_file = _apply(path, tmp_path)
    plan = PlanService.open(plan_file, readonly=True)  # what the file holds, reopened
    try:
        data, result = plan.schedule()
        release = next(r for r in data.releases if r.name == "Supplier")
        assert release.start == date(2026, 3, 2)
        by_name = {t.name: t for t in data.tasks}
        assert result.tasks[by_name["Build"].id].start == date(2026, 3, 16)
        assert result.tasks[by_name["Test"].id].start == date(2026, 3, 30)
        done = by_name["Analysis"]
        assert (done.actual_start, done.actual_finish) == (date(2026, 3, 2), date(2026, 3, 6))
    finally:
        plan.close()


def test_bars_filled_under_a_date_header_give_start_and_finish(tmp_path: Path) -> None:
    days = [datetime(2026, 3, 2 + i) for i in range(12)]  # Mon 2 March … Fri 13 March
    path = tmp_path / "bars.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Schedule"])
    ws.append(["Task", "Owner", *days])
    for name, first, last in (("Design", 0, 2), ("Build", 3, 9), ("Launch", 10, 10)):
        ws.append([name, "Ana"])
        for col in range(first, last + 1):
            ws.cell(row=ws.max_row, column=3 + col).fill = BAR
    ws.append(["Legend: blue is planned"])
    wb.save(path)
    parsed = excel.read_workbook(path)
    assert names(parsed) == ["Design", "Build", "Launch"]
    assert task(parsed, "Design")["constraint_date"] == date(2026, 3, 2)
    assert task(parsed, "Design")["duration"] == 3
    assert task(parsed, "Build")["duration"] == 5  # Thu 5 … Wed 11 March
    assert task(parsed, "Launch")["constraint_date"] == date(2026, 3, 12)
    assert "a calendar of dates" in " | ".join(str(p) for p in parsed.problems)


def test_week_columns_count_from_the_date_above_the_table(tmp_path: Path) -> None:
    path = tmp_path / "weeks.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Project start", datetime(2026, 1, 7)])  # a Wednesday: week 1 is 5 Jan
    ws.append([])
    ws.append(["Activity", *[f"KW {n}" for n in range(1, 9)]])
    for name, first, last in (("Konzept", 1, 2), ("Umsetzung", 3, 6)):
        ws.append([name])
        for week in range(first, last + 1):
            ws.cell(row=ws.max_row, column=1 + week).fill = BAR
    wb.save(path)
    parsed = excel.read_workbook(path)
    assert task(parsed, "Konzept")["constraint_date"] == date(2026, 1, 5)
    assert task(parsed, "Konzept")["duration"] == 10
    assert task(parsed, "Umsetzung")["constraint_date"] == date(2026, 1, 19)


def test_links_count_rows_without_an_id_column_and_reach_summary_tasks(tmp_path: Path) -> None:
    path = book(
        tmp_path / "links.xlsx",
        [
            ["WBS", "Task", "Duration", "Predecessors"],
            ["1", "Phase", "", ""],
            [1.1, "Setup", 2, ""],
            [1.2, "Work", "", ""],
            ["1.2.1", "Part A", 3, "1.1"],
            ["1.2.2", "Part B", 2, "1.2.1"],
            [1.3, "Wrap-up", 1, "1.2"],
        ],
    )
    parsed = excel.read_workbook(path)
    keys = {t.key: t.values["name"] for t in parsed.rows["task"]}
    links = {(keys[r.predecessor], keys[k]) for k, refs in parsed.links.items() for r in refs}
    assert links == {("Setup", "Part A"), ("Part A", "Part B"), ("Work", "Wrap-up")}
    no_ids = book(
        tmp_path / "rows.xlsx",
        [
            ["Task Name", "Duration", "Predecessors"],
            ["Plan", 2, ""],
            ["Do", 3, "1"],
            ["Check", 1, "1;2"],
        ],
    )
    parsed = excel.read_workbook(no_ids)
    keys = {t.key: t.values["name"] for t in parsed.rows["task"]}
    links = {(keys[r.predecessor], keys[k]) for k, refs in parsed.links.items() for r in refs}
    assert links == {("Plan", "Do"), ("Plan", "Check"), ("Do", "Check")}
    assert "no ID column: predecessor numbers" in " | ".join(str(p) for p in parsed.problems)


def test_outline_numbers_in_names_give_phases_and_summary_tasks(tmp_path: Path) -> None:
    path = book(
        tmp_path / "outline.xlsx",
        [
            ["Aufgabe", "Dauer"],
            ["1. Planung", ""],
            ["1.1 Konzept", ""],
            ["1.1.1 Skizzen", 2],
            ["1.1.2 Review", 1],
            ["1.2 Freigabe", 1],
            ["2. Umsetzung", ""],
            ["2.1 Bauen", 5],
        ],
    )
    plan_file = _apply(path, tmp_path)
    plan = PlanService.open(plan_file, readonly=True)
    try:
        data = plan.load()
        phases = {p.id: p.name for p in data.phases}
        by_name = {t.name: t for t in data.tasks}
        assert sorted(phases.values()) == ["Planung", "Umsetzung"]
        assert set(by_name) == {"Konzept", "Skizzen", "Review", "Freigabe", "Bauen"}
        assert by_name["Skizzen"].parent_id == by_name["Konzept"].id
        assert by_name["Review"].parent_id == by_name["Konzept"].id
        assert by_name["Konzept"].parent_id is None
        assert phases[by_name["Freigabe"].phase_id or 0] == "Planung"
        assert phases[by_name["Bauen"].phase_id or 0] == "Umsetzung"
    finally:
        plan.close()


def test_a_sheet_without_tasks_is_refused_with_its_header(tmp_path: Path) -> None:
    path = book(tmp_path / "empty.xlsx", [["Task", "Start", "Finish"], [], []])
    with pytest.raises(formats.FormatError, match=r"the header at sheet 'Plan' row 1 has no task"):
        excel.read_workbook(path)


def test_no_schedule_names_the_nearest_header_and_what_it_lacked(tmp_path: Path) -> None:
    path = book(tmp_path / "list.xlsx", [["Owner", "Notes"], ["Ana", "call back"]])
    with pytest.raises(formats.FormatError) as info:
        excel.read_workbook(path)
    assert "the nearest is sheet 'Plan' row 1, read as 'Owner' as team / owner, 'Notes' as " in (
        str(info.value)
    )
    assert "which lacks a task name column" in str(info.value)


def test_an_explicit_mapping_is_obeyed(tmp_path: Path) -> None:
    path = book(
        tmp_path / "mapped.xlsx",
        [["Task", "Effort"], ["A", "lots"], ["B", "some"], ["C", 3]],
    )
    mapping = ColumnMapping("Plan", 1, {"name": 0, "duration": 1}, ())
    parsed = excel.read_workbook(path, mapping)
    assert parsed.mapping is not None and parsed.mapping.columns["duration"] == 1
    assert task(parsed, "C")["duration"] == 3


def test_an_ms_project_file_named_xlsx_is_called_one(tmp_path: Path) -> None:
    # A real .mpp from the repository's corpus, renamed, and a bare OLE compound
    # file whose streams say MS Project: both are named for what they are.
    real = Path(__file__).parents[2] / "data" / "corpus" / "mspdi" / "projectlibre__New_Product.mpp"
    renamed = tmp_path / "plan.xlsx"
    shutil.copy(real, renamed)
    bare = tmp_path / "bare.xlsx"
    bare.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + b"MSProject.MPP9")
    for path in (renamed, bare):
        with pytest.raises(formats.FormatError, match=r"an MS Project \(\.mpp\) file"):
            excel.read_workbook(path)


def test_cli_import_of_a_sheet_without_tasks_exits_2_and_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from relm_desktop import cli

    plan_file = tmp_path / "p.relm"
    PlanService.new(plan_file, name="P", start=date(2024, 1, 1)).close()
    path = book(tmp_path / "empty.xlsx", [["Task", "Duration"], ["", ""]])
    args = cli._parser().parse_args(["import", str(plan_file), str(path)])
    args.plan = plan_file
    with pytest.raises(formats.FormatError, match=r"no schedule found in \S*empty\.xlsx"):
        formats.importer(path)(args, io.StringIO())
    plan = PlanService.open(plan_file, readonly=True)
    try:
        assert plan.load().releases == ()
    finally:
        plan.close()


def test_a_dry_run_shows_each_tasks_outline_duration_dates_and_links(tmp_path: Path) -> None:
    from relm_desktop import cli

    plan_file = tmp_path / "p.relm"
    PlanService.new(plan_file, name="P", start=date(2024, 1, 1)).close()
    path = book(
        tmp_path / "supplier.xlsx",
        [
            ["ID", "Task", "Start", "Finish", "Predecessors"],
            [1, "1. Build", "", "", ""],
            [2, "1.1 Parts", "", "", ""],
            [3, "1.1.1 Order", datetime(2026, 3, 2), datetime(2026, 3, 4), ""],
            [4, "1.1.2 Fit", "", "", "3"],
        ],
    )
    args = cli._parser().parse_args(["import", str(plan_file), str(path), "--dry-run"])
    args.plan = plan_file
    out = io.StringIO()
    assert formats.importer(path)(args, out) == 0
    text = out.getvalue()
    assert "add task 'Order' (Plan row 4): phase 'Build', WBS 1.1.1, under row 3, 3 d, " in text
    assert "from 2026-03-02" in text
    assert (
        "add task 'Fit' (Plan row 5): phase 'Build', WBS 1.1.2, under row 3, 1 d, after row 4"
        in (text)
    )


def test_bars_drawn_as_boxes_count_like_filled_ones(tmp_path: Path) -> None:
    from openpyxl.styles import Border, Side

    edge = Side(style="medium", color="FF0070C0")
    days = [datetime(2026, 3, 2 + i) for i in range(10)]
    path = tmp_path / "boxes.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Features", *days])
    for name, first, last in (("Accounts", 0, 1), ("Storage", 2, 6), ("Search", 7, 9)):
        ws.append([name])
        for col in range(first, last + 1):
            ws.cell(row=ws.max_row, column=2 + col).border = Border(top=edge, bottom=edge)
    wb.save(path)
    parsed = excel.read_workbook(path)
    assert task(parsed, "Storage")["constraint_date"] == date(2026, 3, 4)
    assert task(parsed, "Storage")["duration"] == 3  # Wed 4 … Sun 8 March
