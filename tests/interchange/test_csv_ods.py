"""CSV and OpenDocument import: encodings and delimiters sniffed; our CSV export round trips."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from relm_desktop.cli import main
from relm_desktop.exchange.csv_import import read_csv, read_ods
from relm_desktop.exchange.foreign_plan import ForeignPlan
from relm_desktop.services.interchange import export_to
from relm_desktop.services.plan import PlanService
from tests.interchange.conftest import build_release_plan
from tests.tools import require_tool

ROWS = [("Analyse", 3, ""), ("Bau", 5, "1"), ("Abnahme", 0, "2")]


def _tasks(plan: ForeignPlan) -> list[tuple[str, int]]:
    return [(r.label, r.values["duration"]) for r in plan.parsed.rows["task"]]


def _links(plan: ForeignPlan) -> list[tuple[str, str]]:
    labels = {r.key: r.label for r in plan.parsed.rows["task"]}
    return sorted(
        (labels[r.predecessor], labels[k]) for k, refs in plan.parsed.links.items() for r in refs
    )


@pytest.mark.parametrize(
    ("encoding", "delimiter", "header"),
    [
        ("utf-8", ",", ("Task Name", "Duration", "Predecessors")),
        ("utf-8-sig", ",", ("Task Name", "Duration", "Predecessors")),
        ("cp1252", ";", ("Vorgangsname", "Dauer", "Vorgänger")),  # Excel, German locale
        ("utf-8-sig", ";", ("Nom de la tâche", "Durée", "Prédécesseurs")),  # French
        ("utf-8", "\t", ("Task Name", "Duration", "Predecessors")),
    ],
    ids=["utf8-comma", "utf8-bom-comma", "cp1252-semicolon-de", "bom-semicolon-fr", "tab"],
)
def test_encoding_and_delimiter_are_sniffed(
    tmp_path: Path, encoding: str, delimiter: str, header: tuple[str, ...]
) -> None:
    lines = [delimiter.join(header)] + [
        delimiter.join((f"{name} ä€é" if i == 0 else name, str(days), pred))
        for i, (name, days, pred) in enumerate(ROWS)
    ]
    path = tmp_path / "tickets.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    plan = read_csv(path)
    assert _tasks(plan) == [("Analyse ä€é", 3), ("Bau", 5), ("Abnahme", 0)]
    assert _links(plan) == [("Analyse ä€é", "Bau"), ("Bau", "Abnahme")]
    assert not plan.parsed.errors


def _dump(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], set[str]]:
    service = PlanService.open(path, readonly=True, source="test")
    try:
        data = service.load()
    finally:
        service.close()
    names = {t.id: t.name for t in data.tasks}
    phases = {p.id: p.name for p in data.phases}
    teams = {t.id: t.name for t in data.teams}
    tasks = sorted(
        (
            t.name,
            t.duration,
            t.percent_complete,
            phases.get(t.phase_id or -1),
            names.get(t.parent_id or -1),
            teams.get(t.team_id or -1),
            t.constraint_type.value if t.constraint_type else None,
            t.constraint_date,
        )
        for t in data.tasks
    )
    links = sorted(
        (names[x.predecessor_id], names[x.successor_id], x.type.value, x.lag) for x in data.links
    )
    return tasks, links, {r.name for r in data.releases}


def test_our_csv_export_imports_back_task_for_task(tmp_path: Path) -> None:
    original = tmp_path / "plan.relm"
    build_release_plan(original).close()
    csv = tmp_path / "plan.csv"
    assert main(["export", str(original), str(csv)]) == 0
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    copy = tmp_path / "copy.relm"
    assert main(["import", str(copy), str(csv)]) == 0
    # Release, phases, outline, durations, progress, teams, constraints and links as written.
    assert _dump(copy) == _dump(original)


def test_a_formula_looking_cell_is_exported_as_text(tmp_path: Path) -> None:
    service = build_release_plan(tmp_path / "plan.relm")
    data = service.load()
    docs = next(t.id for t in data.tasks if t.name == "Docs")
    service.update("task", docs, {"name": "=HYPERLINK(1)"})
    export_to(service, tmp_path / "out.csv")
    service.close()
    assert "'=HYPERLINK(1)" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def _soffice_convert(source: Path, out_dir: Path, target: str) -> Path:
    """LibreOffice writes ``source`` again in another format (headless, own profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice") or require_tool("soffice")
    profile = Path("/tmp") / f"lo-relm-{uuid.uuid4().hex[:8]}"
    try:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", target, "--outdir", str(out_dir), str(source)],
            check=False, capture_output=True, timeout=120,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    result = out_dir / f"{source.stem}.{target.split(':')[0]}"
    assert result.is_file(), f"LibreOffice wrote nothing for {source}"  # it exits 0 regardless
    return result


@pytest.mark.slow
def test_ods_written_by_libreoffice_reads_with_the_same_rules(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Schedule"
    sheet.append(["Supplier plan, March"])  # a title line above the header
    sheet.append(["Task Name", "Duration", "Start", "Predecessors", "% Complete"])
    sheet.append(["Analyse", "3 days", date(2024, 3, 4), None, 50])
    sheet.append(["Bau", "5 days", None, "1", 0])
    sheet.append(["Abnahme", "0 days", None, "2", 0])
    book.create_sheet("Notes").append(["nothing to import here"])
    book.save(tmp_path / "supplier.xlsx")
    ods = _soffice_convert(tmp_path / "supplier.xlsx", tmp_path / "out", "ods")
    plan = read_ods(ods)
    assert _tasks(plan) == [("Analyse", 3), ("Bau", 5), ("Abnahme", 0)]
    assert _links(plan) == [("Analyse", "Bau"), ("Bau", "Abnahme")]
    first = plan.parsed.rows["task"][0].values
    assert first["percent_complete"] == 50
    assert (first["constraint_type"], first["constraint_date"]) == ("snet", date(2024, 3, 4))
    target = tmp_path / "new.relm"
    assert main(["import", str(target), str(ods)]) == 0
    assert [t[0] for t in _dump(target)[0]] == ["Abnahme", "Analyse", "Bau"]


def test_an_unreadable_ods_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "broken.ods"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    plan = tmp_path / "plan.relm"
    build_release_plan(plan).close()
    before = _dump(plan)
    assert main(["import", str(plan), str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert "broken.ods" in err and len(err.splitlines()) == 1
    assert _dump(plan) == before
