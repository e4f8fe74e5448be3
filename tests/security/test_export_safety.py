"""The .xlsx export: exclusive temporary files, no formula in any sheet, cells that fit.

Issue #15 items 5 and 8: a link planted at a predictable temporary name must not
be followed; a failed export leaves nothing behind; formula-looking text gets
the quote prefix in every sheet (Dependencies and Gantt included); text longer
than Excel's 32,767 characters is cut with a warning on export and refused on
import, naming sheet, row and column.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from relm_desktop.cli import main
from relm_desktop.exchange.xlsx import fastrows
from relm_desktop.exchange.xlsx.export import export_plan
from relm_desktop.exchange.xlsx.safety import FORMULA_LEADS, MAX_CELL_TEXT, looks_like_formula
from relm_desktop.services import excel
from relm_desktop.services.formats import FormatError
from relm_desktop.services.plan import PlanService

#: Text a spreadsheet would run as a formula, one per leading character the guard knows.
RISKY = (
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=x",
    "\r=x",
    "\n=x",
    "\uff1d1+1",
    "\uff0bcmd",
    "\uff0d2+3",
    "\uff20SUM(A1)",
    "  =HYPERLINK(x)",
)


@pytest.fixture
def plan(tmp_path: Path) -> PlanService:
    service = PlanService.new(tmp_path / "risky.relm", name="Risky", start=date(2027, 3, 1))
    release = service.create("release", {"name": "R1", "version": "1"}).ids[0]
    ids = [
        service.create(
            "task",
            {"release_id": release, "position": i, "name": f"{text}", "duration": 2, "notes": text},
        ).ids[0]
        for i, text in enumerate(RISKY)
    ]
    for first, second in itertools.pairwise(ids):
        service.link(first, second)
    yield service
    service.close()


def test_the_guard_knows_every_formula_lead() -> None:
    assert {"=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20"} <= set(
        FORMULA_LEADS
    )
    assert all(looks_like_formula(text) for text in RISKY)
    assert not any(looks_like_formula(t) for t in ("Build", "1+1", "a=b", " x", ""))


def test_no_sheet_holds_a_formula_and_risky_text_is_quoted(
    plan: PlanService, tmp_path: Path
) -> None:
    path = tmp_path / "risky.xlsx"
    excel.export_workbook(plan, path)
    book = openpyxl.load_workbook(path)
    quoted: dict[str, set[str]] = {}
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    assert cell.quotePrefix, (ws.title, cell.coordinate, repr(cell.value))
                    quoted.setdefault(ws.title, set()).add(cell.value)
    # Each sheet that shows task names shows every risky one, quoted (openpyxl reads \r as \n).
    expected = {t.replace("\r", "\n") for t in RISKY}
    for sheet in ("Tasks", "Dependencies", "Gantt"):
        assert {v.replace("\r", "\n") for v in quoted[sheet]} >= expected, sheet


def test_risky_text_round_trips(plan: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "risky.xlsx"
    excel.export_workbook(plan, path)
    parsed = excel.read_workbook(path, service=plan)
    assert not parsed.errors, parsed.errors[:3]
    names = {row.values["name"] for row in parsed.rows["task"]}
    assert names == {text.strip() for text in RISKY}  # import strips cells, as ever
    preview = excel.preview_merge(plan, parsed)
    changed = {r.label for r in preview.rows if r.action != "unchanged"}
    assert not changed & {t for t in RISKY if t == t.strip()}, changed


def test_planted_links_at_old_temporary_names_are_not_followed(
    plan: PlanService, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "out.xlsx"
    planted = [tmp_path / ".out.xlsx.part", tmp_path / "out.xlsx.rows"]
    for link in planted:
        link.symlink_to(victim)
    excel.export_workbook(plan, target)
    assert victim.read_text() == "precious"
    assert target.is_file() and not target.is_symlink()
    assert openpyxl.load_workbook(target).sheetnames[0] == "README"
    for link in planted:  # left alone: neither followed nor removed
        assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == [
        ".out.xlsx.part"
    ]


def test_export_over_a_link_replaces_the_link_not_its_target(
    plan: PlanService, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "out.xlsx"
    target.symlink_to(victim)
    excel.export_workbook(plan, target)
    assert victim.read_text() == "precious" and not target.is_symlink()


def test_temporary_file_is_private_until_it_is_renamed(
    plan: PlanService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    splice = fastrows.FastRows.splice

    def spy(self: fastrows.FastRows, source: object, target: object) -> None:
        seen.append(os.fstat(target.fileno()).st_mode & 0o777)  # type: ignore[attr-defined]
        splice(self, source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(fastrows.FastRows, "splice", spy)
    excel.export_workbook(plan, tmp_path / "out.xlsx")
    assert seen == [0o600]
    assert (tmp_path / "out.xlsx").stat().st_mode & 0o077 != 0o077  # then an ordinary file


@pytest.mark.parametrize("when", ["while writing", "while splicing"])
def test_a_failed_export_leaves_no_temporary_file(
    plan: PlanService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.xlsx"
    target.write_bytes(b"the previous export")

    def fail(*args: object, **kwargs: object) -> None:
        if when == "while splicing":
            target_file = args[2]
            target_file.write(b"half a workbook")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    if when == "while writing":
        monkeypatch.setattr("relm_desktop.exchange.xlsx.export.write_gantt", fail)
    else:
        monkeypatch.setattr(fastrows.FastRows, "splice", fail)
    with pytest.raises((FormatError, OSError)):
        excel.export_workbook(plan, target)
    assert [p.name for p in folder.iterdir()] == ["out.xlsx"]
    assert target.read_bytes() == b"the previous export"


def test_long_text_is_cut_with_a_warning(plan: PlanService, tmp_path: Path) -> None:
    data, result = plan.schedule()
    first = data.tasks[0]
    long_tasks = (first._replace(name="N" * 40_000, notes="x" * 33_000), *data.tasks[1:])
    longer = dataclasses.replace(data, tasks=long_tasks)
    counts = export_plan(tmp_path / "long.xlsx", longer, result)
    book = openpyxl.load_workbook(tmp_path / "long.xlsx")
    lengths = {
        (ws.title, c.coordinate): len(c.value)
        for ws in book
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and len(c.value) > 1000
    }
    assert lengths and set(lengths.values()) == {MAX_CELL_TEXT}
    assert {sheet for sheet, _cell in lengths} == {"Tasks", "Dependencies", "Gantt"}
    assert len(counts.warnings) == 3
    assert counts.warnings[0].startswith("Tasks: 2 cell(s) longer than Excel's 32,767")


def test_cli_export_prints_the_warning_on_stderr(
    plan: PlanService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "risky.relm"
    plan.close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE task SET notes = ? WHERE id = 1", ("y" * 40_000,))
    out = tmp_path / "cli.xlsx"
    assert main(["export", str(path), str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"warning: {out}: Tasks: 1 cell(s)"), err


def test_import_refuses_text_longer_than_a_cell_naming_it(
    plan: PlanService, tmp_path: Path
) -> None:
    exported = tmp_path / "risky.xlsx"
    excel.export_workbook(plan, exported)
    # Written by hand: openpyxl and xlsxwriter both cut such text themselves.
    path = tmp_path / "long.xlsx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":  # README, Releases, Tasks
                data = data.replace(b"<t>-2+3</t>", b"<t>" + b"L" * 40_000 + b"</t>", 1)
            target.writestr(info, data)
    with pytest.raises(FormatError, match=r"'Tasks', cell F4 .*40,000 characters.*32,767"):
        excel.read_workbook(path)
