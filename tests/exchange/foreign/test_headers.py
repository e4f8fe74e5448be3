"""#19 item 2: headers are matched on their head word, folded, in seven languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from relm_desktop.exchange.xlsx.columns import match_field
from relm_desktop.services import excel
from tests.exchange.foreign.helpers import book, task


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Task Owner", "team"),
        ("TASK TITLE", "name"),
        ("TASK #", "id"),
        ("TASK START-DATE", "start"),
        ("Verantwortliche*r", "team"),
        ("Énde", "finish"),
        ("№", "id"),
        ("Completion %", "percent_complete"),
        ("Project Lead", "team"),
        ("Ressourcennamen", "team"),
        ("Actividades", "name"),
        ("Projets", "name"),
        ("Nome da tarefa", "name"),
        ("Data de início", "start"),
        ("Duur", "duration"),
        ("Voorgangers", "predecessors"),
        ("Predecessori", "predecessors"),
        ("Duartion", "duration"),  # one typo
    ],
)
def test_header_names_its_field(header: str, field: str) -> None:
    found = match_field(header)
    assert found is not None and found[0] == field


def test_head_word_wins_over_first_word_and_status_text_is_not_progress(tmp_path: Path) -> None:
    path = book(
        tmp_path / "heads.xlsx",
        [
            ["TASK #", "Task Owner", "TASK TITLE", "TASK START-DATE", "Status", "% Complete"],
            [1, "Ana", "Kick-off", date(2026, 3, 2), "On track", 0.5],
            [2, "Bo", "Build", date(2026, 3, 9), "At risk", 0.25],
            [3, "Cy", "Ship", date(2026, 3, 16), "Late", 0],
        ],
    )
    parsed = excel.read_workbook(path)
    assert parsed.mapping is not None
    assert parsed.mapping.columns == {
        "id": 0,
        "team": 1,
        "name": 2,
        "start": 3,
        "percent_complete": 5,
    }
    assert task(parsed, "Build")["team"] == "Bo"
    assert task(parsed, "Build")["percent_complete"] == 25


def test_a_status_column_of_words_is_not_read_as_progress(tmp_path: Path) -> None:
    path = book(
        tmp_path / "status.xlsx",
        [
            ["Task", "Start", "Status"],
            ["A", date(2026, 3, 2), "En cours"],
            ["B", date(2026, 3, 3), "Terminé"],
            ["C", date(2026, 3, 4), "À faire"],
        ],
    )
    parsed = excel.read_workbook(path)
    assert parsed.mapping is not None and "percent_complete" not in parsed.mapping.columns
    assert not parsed.errors
    assert "C (Status): holds no % complete" in " | ".join(str(p) for p in parsed.problems)
