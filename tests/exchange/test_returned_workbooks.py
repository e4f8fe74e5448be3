"""A workbook sent to a supplier and returned edited: nothing lost, nothing foreign touched.

Each case edits our export the way a supplier would (openpyxl, as Excel would
save it), then imports it with the CLI (``relm import``), as the coordinator
would; the GUI preview of the same files is in tests/gui_exchange.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from relm_desktop import cli
from relm_desktop.services import excel, formats
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import signature
from tests.plan_locations import location_of

RELEASE = "Mobile App"


def run(plan: Path | str, workbook: Path, *extra: str) -> tuple[int, str]:
    """``relm import PLAN WORKBOOK …`` through the CLI's parser and format table."""
    args = cli._parser().parse_args(["import", str(plan), str(workbook), *extra])
    args.plan = plan
    out = io.StringIO()
    try:
        code = formats.importer(workbook)(args, out)
    except (EditError, formats.FormatError) as exc:
        return 2, out.getvalue() + f"relm: {exc}\n"
    return code, out.getvalue()


def sent(service: PlanService, tmp_path: Path, release: str | None = RELEASE) -> Path:
    path = tmp_path / "returned.xlsx"
    excel.export_workbook(service, path, release=release)
    return path


def rows_of(ws: openpyxl.worksheet.worksheet.Worksheet) -> tuple[dict[str, int], dict[str, int]]:
    """Header → column, task (or row) name → row number."""
    headers = {str(c.value): c.column for c in ws[1]}
    col = headers.get("Name") or headers.get("Title") or headers.get("Stakeholder")
    if col is None:
        return headers, {}
    names = {str(ws.cell(row=r, column=col).value): r for r in range(2, ws.max_row + 1)}
    return headers, names


@pytest.fixture
def plan(demo: PlanService) -> Path | str:
    return location_of(demo)  # a file, or the server URL


def test_missing_sheets_remove_nothing_and_say_so(
    demo: PlanService, plan: Path | str, tmp_path: Path
) -> None:
    path = sent(demo, tmp_path)
    book = openpyxl.load_workbook(path)
    for name in ("Risks", "Stakeholders", "Releases", "Teams", "Freeze Windows"):
        del book[name]
    book.save(path)
    before = signature(demo)
    code, out = run(plan, path)
    assert code == 0, out
    for name in ("Risks", "Stakeholders", "Releases", "Teams", "Freeze Windows"):
        assert f"warning: {name}: sheet is missing: nothing is removed from it" in out
    assert not [line for line in out.splitlines() if line.startswith("remove ")]
    assert "added 0, changed 0, removed 0" in out
    assert signature(demo) == before


def test_a_deleted_row_is_only_proposed_and_removed_with_apply_removals(
    demo: PlanService, plan: Path | str, tmp_path: Path
) -> None:
    path = sent(demo, tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    _headers, names = rows_of(ws)
    gone = sorted(names, key=names.__getitem__)[3]
    ws.delete_rows(names[gone])
    book.save(path)
    code, out = run(plan, path, "--dry-run")
    assert code == 0, out
    assert f"remove task '{gone}' [kept: removed only with --apply-removals]" in out
    assert "would add 0, change 0, remove 0; plan unchanged" in out
    code, out = run(plan, path)
    assert code == 0 and "removed 0, skipped 1" in out, out
    assert gone in {t.name for t in demo.load().tasks if t.release_id == _release_id(demo)}
    code, out = run(plan, path, "--apply-removals")
    assert code == 0 and "removed 1, skipped 0" in out, out
    assert gone not in {t.name for t in demo.load().tasks if t.release_id == _release_id(demo)}
    assert "removing" not in out  # one task of 18 is no tenth: no confirmation line


def test_removing_a_release_or_a_tenth_of_a_sheet_names_what_goes(
    demo: PlanService, plan: Path | str, tmp_path: Path
) -> None:
    path = sent(demo, tmp_path, release=None)
    book = openpyxl.load_workbook(path)
    ws = book["Releases"]
    _headers, names = rows_of(ws)
    ws.delete_rows(names["Login Hotfix"])
    gates = book["Gates"]
    for _ in range(3):
        gates.delete_rows(2)
    book.save(path)
    preview = excel.preview_merge(demo, excel.read_workbook(path))
    removals = {r.key for r in preview.by_action("remove")}
    assert removals and not removals & preview.default_keys()
    lines = preview.removals_to_confirm(removals)
    assert any(line.startswith("1 release of 5: 'Login Hotfix'") for line in lines), lines
    assert any(line.startswith("3 gates of ") for line in lines), lines
    _code, out = run(plan, path, "--dry-run", "--apply-removals")
    assert "removing 1 release of 5: 'Login Hotfix' (--apply-removals)" in out, out
    assert "plan unchanged" in out


def _release_id(service: PlanService, name: str = RELEASE) -> int:
    return next(r.id for r in service.load().releases if r.name == name)


def test_supplier_rows_other_release_ids_are_refused_new_ids_added(
    demo: PlanService, plan: Path | str, tmp_path: Path
) -> None:
    data = demo.load()
    foreign = next(t for t in data.tasks if t.release_id != _release_id(demo))
    free = max(t.id for t in data.tasks) + 100
    path = sent(demo, tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers, _names = rows_of(ws)
    last = ws.max_row
    rows = [
        {"Release": RELEASE, "Name": "Supplier task, no ID", "Duration (days)": 2},
        {"ID": free, "Release": RELEASE, "Name": "Supplier task, free ID", "Duration (days)": 3},
        {"ID": foreign.id, "Release": RELEASE, "Name": "Takes over", "Duration (days)": 1},
    ]
    for offset, values in enumerate(rows, start=1):
        for header, value in values.items():
            ws.cell(row=last + offset, column=headers[header], value=value)
    book.save(path)
    before = signature(demo)
    code, out = run(plan, path, "--dry-run")
    assert code == 2, out
    id_col = openpyxl.utils.get_column_letter(headers["ID"])
    assert (
        f"error: Tasks row {last + 3} column {id_col} (ID): ID {foreign.id} is task "
        f"'{foreign.name}' of release "
    ) in out
    assert "leave ID empty for a new row" in out
    code, out = run(plan, path)
    assert code == 2 and "not imported" in out
    assert signature(demo) == before
    # Without the row that takes over another release's task, the others are added.
    book = openpyxl.load_workbook(path)
    book["Tasks"].delete_rows(last + 3)
    book.save(path)
    code, out = run(plan, path)
    assert code == 0, out
    assert f"add task 'Supplier task, free ID' (Tasks row {last + 2}) [ID {free} is not in " in out
    assert "added 2, changed 0, removed 0" in out
    after = demo.load().tasks
    assert next(t for t in after if t.id == foreign.id) == foreign
    assert {"Supplier task, no ID", "Supplier task, free ID"} <= {t.name for t in after}


def test_dangling_predecessor_fails_the_dry_run_as_it_would_fail_apply(
    demo: PlanService, plan: Path | str, tmp_path: Path
) -> None:
    path = sent(demo, tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers, _names = rows_of(ws)
    row = 5
    ws.cell(row=row, column=headers["Predecessors"], value="77777")
    book.save(path)
    before = signature(demo)
    code, out = run(plan, path, "--dry-run")
    col = openpyxl.utils.get_column_letter(headers["Predecessors"])
    message = (
        f"error: Tasks row {row} column {col} (Predecessors): task 77777 is neither in the "
        "plan nor among the accepted rows"
    )
    assert code == 2 and message in out, out
    parsed = excel.read_workbook(path)
    preview = excel.preview_merge(demo, parsed)
    assert [str(p) for p in parsed.errors] == [message.removeprefix("error: ")]
    with pytest.raises(EditError, match="not imported"):
        excel.apply_merge(demo, preview, preview.default_keys())
    assert signature(demo) == before


def test_an_edited_calculated_cell_is_reported_with_its_address(
    demo: PlanService, tmp_path: Path
) -> None:
    path = sent(demo, tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers, _names = rows_of(ws)
    letter = openpyxl.utils.get_column_letter(headers["Start"])
    ws[f"{letter}4"] = ws[f"{letter}4"].value + timedelta(days=3)
    float_letter = openpyxl.utils.get_column_letter(headers["Total float"])
    ws[f"{float_letter}6"] = 99
    wbs = openpyxl.utils.get_column_letter(headers["WBS"])
    ws[f"{wbs}7"] = "9.9"  # an outline number is never read back as anything
    needed = openpyxl.utils.get_column_letter(headers["Needed by"])
    ws[f"{needed}8"] = date(2027, 12, 31)
    not_before = openpyxl.utils.get_column_letter(headers["Not before"])
    ws[f"{not_before}9"] = date(2027, 1, 1)
    # Row 10 as a workbook exported before Needed by and Not before were checked:
    # its shorter check covers the five older columns only.
    check = openpyxl.utils.get_column_letter(headers["Check"])
    ws[f"{check}10"] = str(ws[f"{check}10"].value)[:10]
    ws[f"{not_before}10"] = date(2027, 1, 1)
    ws[f"{letter}10"] = ws[f"{letter}10"].value + timedelta(days=1)
    book.save(path)
    parsed = excel.read_workbook(path)
    found = sorted(
        (p.row, p.column or "") for p in parsed.problems if "calculated cell" in p.message
    )
    assert found == [
        (4, f"{letter} (Start)"),
        (6, f"{float_letter} (Total float)"),
        (7, f"{wbs} (WBS)"),
        (8, f"{needed} (Needed by)"),
        (9, f"{not_before} (Not before)"),
        (10, f"{letter} (Start)"),
    ]
    assert excel.preview_merge(demo, parsed).rows == []


def test_date_order_reads_text_dates_in_our_own_workbook(
    demo: PlanService, plan: Path | str, tmp_path: Path
) -> None:
    path = sent(demo, tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers, _names = rows_of(ws)
    ident = ws.cell(row=ws.max_row, column=headers["ID"]).value
    ws.cell(row=ws.max_row, column=headers["Actual start"], value="03/04/2027")
    book.save(path)
    code, out = run(plan, path)
    assert code == 2 and "'03/04/2027' reads both as day/month and month/day" in out, out
    code, out = run(plan, path, "--date-order", "dmy")
    assert code == 0, out
    task = next(t for t in demo.load().tasks if t.id == ident)
    assert task.actual_start == date(2027, 4, 3)


def test_plan_wide_sheets_merge_into_the_plan_they_came_from(
    demo: PlanService, tmp_path: Path
) -> None:
    path = sent(demo, tmp_path, release=None)
    book = openpyxl.load_workbook(path)
    teams = book["Teams"]
    headers, names = rows_of(teams)
    team = sorted(names, key=names.__getitem__)[0]
    teams.cell(row=names[team], column=headers["Capacity"], value=9)
    freezes = book["Freeze Windows"]
    headers, frozen = rows_of(freezes)
    # An existing window changes environments (a link-table edit, undone apart).
    first = min(frozen, key=frozen.__getitem__)
    envs = [str(c.value) for c in book["Environments"]["B"][1:]]
    listed = str(freezes.cell(frozen[first], headers["Environments"]).value or "")
    other = next(e for e in envs if e not in listed)
    freezes.cell(frozen[first], headers["Environments"], other)
    row = freezes.max_row + 1
    values = {
        "Name": "Audit freeze",
        "Start": date(2027, 3, 1),
        "Finish": date(2027, 3, 5),
        "Environments": "Production",
    }
    for header, value in values.items():
        freezes.cell(row=row, column=headers[header], value=value)
    plan_sheet = book["Plan"]
    headers, _names = rows_of(plan_sheet)
    plan_sheet.cell(row=2, column=headers["Working days"], value="Mon; Tue; Wed; Thu")
    book.save(path)
    before = demo.load()
    preview = excel.preview_merge(demo, excel.read_workbook(path))
    assert sorted((r.action, r.entity, r.label) for r in preview.rows) == [
        ("add", "freeze_window", "Audit freeze"),
        ("change", "freeze_window", first),
        ("change", "plan_info", "Plan settings"),
        ("change", "team", team),
    ]
    outcome = excel.apply_merge(demo, preview, preview.default_keys())
    after = demo.load()
    assert after.calendar is not None and after.calendar.workdays == "0123"
    assert next(t.capacity for t in after.teams if t.name == team) == 9
    freeze = next(f for f in after.freezes if f.name == "Audit freeze")
    production = next(e.id for e in after.environments if e.name == "Production")
    assert (freeze.id, production) in after.freeze_environments
    changed = next(f.id for f in after.freezes if f.name == first)
    other_id = next(e.id for e in after.environments if e.name == other)
    assert [e for f, e in after.freeze_environments if f == changed] == [other_id]
    excel.revert_import(demo, outcome)
    undone = demo.load()
    assert (undone.calendar, undone.teams, undone.freezes, undone.freeze_environments) == (
        before.calendar,
        before.teams,
        before.freezes,
        before.freeze_environments,
    )
