"""Layouts met in the real workbooks of session 8, each rebuilt small (#19 items 2–4, 6, 9).

Each test writes a sheet laid out as a real file was (named in its docstring) and
checks what the import reads, as a person reads the sheet.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from relm_desktop.exchange.dates import DateOrder, parse_date, slash_order
from relm_desktop.exchange.xlsx.columns import match_field
from relm_desktop.exchange.xlsx.model import Severity
from relm_desktop.services import excel
from relm_desktop.services.formats import FormatError
from tests.exchange.foreign.helpers import book, names, task


def _phases(parsed: object) -> list[str]:
    return [p.values["name"] for p in parsed.rows["phase"]]  # type: ignore[attr-defined]


def test_a_year_first_column_reads_as_the_sheet_means_it() -> None:
    """jira-cli: '26/3/1' … '26/4/27' is 2026 (yy/m/d), not 26 March 2001."""
    column = ["26/3/1", "26/3/15", "26/3/23", "26/4/3"]
    assert slash_order(column) is DateOrder.YEAR_FIRST
    assert parse_date("26/3/23", DateOrder.YEAR_FIRST) == date(2026, 3, 23)
    # A day-first column that merely starts with 26 stays day-first.
    assert slash_order(["26/03/2026", "27/03/2026"]) is DateOrder.DAY_FIRST


def test_a_phase_written_once_per_group_carries_down(tmp_path: Path) -> None:
    """jira-cli: 工程 (phase) on each group's first row; a row without dates is work."""
    path = book(
        tmp_path / "groups.xlsx",
        [
            ["Phase", "Task", "Start Date", "End Date", "Notes"],
            ["Design", "Architecture", "26/3/1", "26/3/15", ""],
            ["", "Screens", "26/3/1", "26/3/24", ""],
            ["", "Ad design", "26/3/15", "26/3/31", ""],
            ["Testing", "Test plan", "", "", "dates to follow"],
            ["", "System test", "26/4/6", "26/4/10", ""],
            ["", "Acceptance", "26/4/13", "26/4/21", ""],
            ["Release", "STG release", "26/4/6", "26/4/6", ""],
            ["", "PRD release", "26/4/27", "26/4/27", ""],
        ],
    )
    parsed = excel.read_workbook(path)
    assert not parsed.errors
    assert _phases(parsed) == ["Design", "Testing", "Release"]
    assert task(parsed, "Screens")["phase"] == "Design"
    assert task(parsed, "Test plan")["phase"] == "Testing"  # a task, not a heading
    assert task(parsed, "PRD release")["constraint_date"] == date(2026, 4, 27)


def test_a_second_description_column_is_the_notes(tmp_path: Path) -> None:
    """nahku Zeitplan: Beschreibung / Start / Ende / Dauer (Tage) / Beschreibung."""
    path = book(
        tmp_path / "zeitplan.xlsx",
        [
            ["Beschreibung", "Start", "Ende", "Dauer (Tage)", "Beschreibung"],
            ["Kick-Off", datetime(2019, 10, 8), datetime(2019, 10, 8), 1, ""],
            ["Parser bauen", datetime(2019, 10, 22), datetime(2019, 11, 5), 14, "TPTP einlesen"],
            ["Bericht", datetime(2020, 4, 21), datetime(2020, 6, 1), 41, ""],
        ],
    )
    parsed = excel.read_workbook(path)
    assert names(parsed) == ["Kick-Off", "Parser bauen", "Bericht"]
    assert task(parsed, "Parser bauen")["notes"] == "TPTP einlesen"
    assert task(parsed, "Parser bauen")["duration"] == 11  # working days, not Dauer


def test_a_finish_before_its_start_warns_and_keeps_the_task(tmp_path: Path) -> None:
    """Gantt-chart-with-python: one row ends (2022-02-14) before it starts (2022-03-01)."""
    path = book(
        tmp_path / "typo.xlsx",
        [
            ["task", "stage", "start", "end"],
            ["Refine methodology", "Research paper", datetime(2022, 3, 1), datetime(2022, 2, 14)],
            ["Deployment", "Research paper", datetime(2022, 3, 15), datetime(2022, 3, 19)],
        ],
    )
    parsed = excel.read_workbook(path)
    assert not parsed.errors
    refine = task(parsed, "Refine methodology")
    assert (refine["constraint_date"], refine["duration"]) == (date(2022, 3, 1), 1)
    assert "2022-02-14" in str(refine["notes"])
    assert any(
        p.severity is Severity.WARNING and "before start" in p.message for p in parsed.problems
    )


def test_an_id_column_of_outline_numbers_is_the_wbs(tmp_path: Path) -> None:
    """Jobs_Hub WBS: ID 1, 1.1, 1.2, 2, 2.1 kept by Excel as numbers; whole ones head."""
    path = book(
        tmp_path / "wbs.xlsx",
        [
            ["ID", "Entregables", "Duracion(Horas)", "Recurso"],
            [1, "Analisis del Software", "", ""],
            [1.1, "     Diseño de Visual", 3, "Acción de grupo"],
            [1.2, "    Documentacion Arquitectura", 6, "JM71"],
            [2, "Desarrollo del Software", "", ""],
            [2.1, "    Des. Frontend", 24, "CD56"],
            [2.2, "    Des. Backend", 24, "AM51"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert _phases(parsed) == ["Analisis del Software", "Desarrollo del Software"]
    assert task(parsed, "Diseño de Visual")["wbs"] == "1.1"
    assert task(parsed, "Des. Backend")["phase"] == "Desarrollo del Software"


def test_weeks_labelled_by_their_first_day_without_a_year(tmp_path: Path) -> None:
    """projeto-GIZ: ATIVIDADES under 'Semana 30/04' … with one X per row."""
    weeks = ["Semana 30/04", "Semana 07/05", "Semana 14/05", "Semana 28/05", "Semana 04/06"]
    path = book(
        tmp_path / "semanas.xlsx",
        [
            ["ATIVIDADES", *weeks],
            ["Definição do projeto", "X", "", "", "", ""],
            ["Sistema de cadastro", "", "X", "X", "", ""],
            ["Layout da página", "", "", "X", "X", ""],
            ["Validação", "", "", "", "", "X"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert names(parsed) == [
        "Definição do projeto",
        "Sistema de cadastro",
        "Layout da página",
        "Validação",
    ]
    assert task(parsed, "Sistema de cadastro")["duration"] == 10  # two weeks
    assert task(parsed, "Layout da página")["duration"] == 15  # 14/05 to 28/05 is 3 weeks


def test_a_column_grouping_the_rows_is_their_phase_not_a_milestone(tmp_path: Path) -> None:
    """python-gantt-excel-addin: 'ms' = milestone1, milestone1, milestone2 … left of events."""
    path = book(
        tmp_path / "ms.xlsx",
        [
            ["title", "ms", "start", "end", "events"],
            ["project-x", "milestone1", datetime(2023, 11, 15), datetime(2023, 11, 15), "stage1"],
            ["", "milestone1", datetime(2024, 2, 1), datetime(2024, 2, 1), "stage2"],
            ["", "milestone2", datetime(2023, 9, 12), datetime(2023, 9, 26), "stage3"],
            ["", "milestone2", datetime(2023, 10, 10), datetime(2023, 10, 31), "stage4"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert _phases(parsed) == ["milestone1", "milestone2"]
    assert task(parsed, "stage4")["phase"] == "milestone2"
    assert task(parsed, "stage4")["duration"] == 16  # a bar, not a milestone
    assert task(parsed, "stage1")["duration"] == 1


def test_headings_with_colons_and_bulleted_items(tmp_path: Path) -> None:
    """Webhuesli Zeitplan: 'Realisieren:' heads 'Server-Software:', whose ' - ' items follow."""
    path = book(
        tmp_path / "iperka.xlsx",
        [
            ["Tätigkeiten", "KW 50", "KW 51", "KW 52", "KW 01", "KW 02"],
            ["Planen:"],
            ["Zeitplan erstellen", "X"],
            ["Realisieren:"],
            ["Server-Software:"],
            ["- Temperaturregelung", "", "X", "X"],
            ["- Socket bereitstellen", "", "X"],
            ["Dokumentation:"],
            ["Zeitplan nachführen", "", "X", "X", "X", "X"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert _phases(parsed) == ["Planen", "Realisieren", "Dokumentation"]
    assert names(parsed) == [
        "Zeitplan erstellen",
        "Server-Software",
        "Temperaturregelung",
        "Socket bereitstellen",
        "Zeitplan nachführen",
    ]
    summary = next(t for t in parsed.rows["task"] if t.values["name"] == "Server-Software")
    assert task(parsed, "Temperaturregelung")["parent_id"] == summary.key
    assert task(parsed, "Temperaturregelung")["phase"] == "Realisieren"


def test_a_table_repeated_under_its_header_continues_its_tasks(tmp_path: Path) -> None:
    """rigidfibers: 'Phase/Task' over Week 36 … 41, then again over Week 42 … 47."""
    first = [f"Week {n}" for n in range(36, 42)]
    second = [f"Week {n}" for n in range(42, 48)]
    path = book(
        tmp_path / "blocks.xlsx",
        [
            ["Phase/Task", *first],
            ["1. Research", "x", "x", "", "", "", ""],
            ["2. Thesis Report", "", "", "", "", "x", "x"],
            ["3. Other"],
            [],
            ["Phase/Task", *second],
            ["1. Research"],
            ["2. Thesis Report", "x", "x", "x"],
            ["3. Other", "", "", "", "x"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert names(parsed) == ["Research", "Thesis Report", "Other"]
    assert task(parsed, "Research")["duration"] == 10  # weeks 36–37
    assert task(parsed, "Thesis Report")["duration"] == 25  # weeks 40–44, across both
    assert task(parsed, "Other")["duration"] == 5  # its bar is all in the second block


def _sideways_book(path: Path) -> Path:
    """RPI_AMP's layout: tasks across row 1, week1… down column A, bars as red cells,
    and every other cell of the table boxed by a medium border (the sheet's grid)."""
    import openpyxl
    from openpyxl.styles import Border, PatternFill, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    tasks = {"Raspberry Learning": (1, 3), "C++ Learning": (2, 3), "Main Code": (6, 7)}
    ws.append(["Time", *tasks])
    edge = Side(style="medium")
    red = PatternFill("solid", fgColor="FFFF0000")
    for week in range(1, 9):
        ws.append([f"week{week}"])
        for col, (first, last) in enumerate(tasks.values(), start=2):
            cell = ws.cell(week + 1, col)
            cell.border = Border(top=edge, bottom=edge, left=edge, right=edge)
            if first <= week <= last:
                cell.fill = red
    wb.save(path)
    return path


def test_a_gantt_drawn_sideways_is_read_turned(tmp_path: Path) -> None:
    """RPI_AMP: the tasks head the columns, the weeks run down the rows."""
    parsed = excel.read_workbook(_sideways_book(tmp_path / "sideways.xlsx"))
    assert names(parsed) == ["Raspberry Learning", "C++ Learning", "Main Code"]
    assert task(parsed, "Raspberry Learning")["duration"] == 15  # weeks 1–3
    assert task(parsed, "Main Code")["duration"] == 10  # weeks 6–7, the grid's borders aside
    assert any("sideways" in p.message for p in parsed.problems)
    # A calendar label is no typo of a field ("week1" is not "weeks"); a word still is.
    assert match_field("week1") is None
    assert match_field("Duraton") == ("duration", 1)


def test_a_japanese_status_column_gives_way_to_the_progress_column(tmp_path: Path) -> None:
    """jira-cli: ステータス (対応中, 未着手) beside 進捗率 (100%, 30%)."""
    path = book(
        tmp_path / "status.xlsx",
        [
            ["タスク", "開始日", "終了日", "ステータス", "進捗率"],
            ["インフラ設計", "26/3/1", "26/3/15", "対応中", "100%"],
            ["画面設計", "26/3/1", "26/3/24", "対応中", "30%"],
            ["広告実装", "26/3/23", "26/4/3", "未着手", "0%"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert task(parsed, "画面設計")["percent_complete"] == 30
    assert task(parsed, "インフラ設計")["percent_complete"] == 100


def test_a_refusal_names_the_columns_it_could_not_read(tmp_path: Path) -> None:
    """ClinicaDental: Actividad / Estado / Fecha Inicio (empty) / Horas: no timing read."""
    path = book(
        tmp_path / "horas.xlsx",
        [
            ["Actividad", "Estado", "Fecha Inicio", "Horas"],
            ["Portada", "Finalizado", "", 0.5],
            ["Diagrama de clases", "Finalizado", "", 4],
            ["Manual usuario", "No Comenzada", "", 0],
        ],
    )
    with pytest.raises(FormatError, match=r"'Horas'.*column mapping"):
        excel.read_workbook(path)
