"""File ▸ Import From and Export To, through the keyboard, the merge preview and undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services.interchange import export_to, read_foreign
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle
from tests.gui_interchange.conftest import ScriptedAsk, ScriptedPrompts
from tests.gui_interchange.helpers import PreviewAnswer, menu_keys, undo_redo
from tests.interchange.conftest import GAN, MSPDI, build_release_plan

K = Qt.Key
LINKS_XML = MSPDI / "mpxj__task-links-project2019-mspdi.xml"


def _tasks(path: Path) -> dict[str, tuple[int, int]]:
    """name → (duration, release id) of every task, read from the plan file itself."""
    service = PlanService.open(path, readonly=True, source="test")
    try:
        data = service.load()
    finally:
        service.close()
    return {t.name: (t.duration, t.release_id) for t in data.tasks}


def _names(path: Path) -> list[str]:
    service = PlanService.open(path, readonly=True, source="test")
    try:
        return sorted(t.name for t in service.load().tasks)
    finally:
        service.close()


def _open(qtbot: Any, win: MainWindow, path: Path) -> None:
    assert win.open_plan(path)
    settle(qtbot, win)


def test_ms_project_import_from_the_menu_previews_applies_and_undoes(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, tmp_path: Path
) -> None:
    plan = tmp_path / "empty.relm"
    PlanService.new(plan, name="Empty", start=date(2018, 10, 1), source="test").close()
    _open(qtbot, window, plan)
    ask.paths.append(LINKS_XML)
    answer = PreviewAnswer(qtbot)
    menu_keys(qtbot, window, K.Key_H, K.Key_M)  # File ▸ Import From Other Tools ▸ MS Project Plan
    qtbot.waitUntil(
        lambda: window.document is not None and window.document.undo_stack.count() == 1,
        timeout=10000,
    )
    assert ask.filters == [
        "MS Project plans (*.xml *.mpp);;MS Project XML (*.xml);;MS Project (*.mpp)"
    ]
    assert answer.seen and sum(r.startswith("add: task") for r in answer.rows) == 16
    assert len(_names(plan)) == 16
    undo_stack = window.document.undo_stack
    undo_redo(qtbot, window, K.Key_Z)
    assert undo_stack.index() == 0 and _names(plan) == []
    undo_redo(qtbot, window, K.Key_Y)
    assert undo_stack.index() == 1 and len(_names(plan)) == 16


def test_a_supplier_file_merges_into_the_release_with_a_preview_of_the_change(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.relm"
    service = build_release_plan(plan)
    service.create("release", {"name": "R2"})
    xml = tmp_path / "supplier.xml"
    export_to(service, xml, "R1")
    service.close()
    # The supplier says testing takes eight days, not six.
    text = xml.read_text(encoding="utf-8")
    at = text.index("<Name>Test</Name>")
    xml.write_text(
        text[:at]
        + text[at:].replace("<Duration>PT48H0M0S</Duration>", "<Duration>PT64H0M0S</Duration>", 1),
        encoding="utf-8",
    )
    _open(qtbot, window, plan)
    ask.paths.append(xml)
    answer = PreviewAnswer(qtbot)
    menu_keys(qtbot, window, K.Key_H, K.Key_M)
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=10000)
    assert ask.asked == []  # the file names its release (R1), which the plan has
    assert answer.rows == ["change: task 'Test'"]
    assert answer.details["change: task 'Test'"] == [("duration", "6", "8")]
    r1 = _tasks(plan)["Deploy"][1]
    assert _tasks(plan)["Test"] == (8, r1)
    undo_redo(qtbot, window, K.Key_Z)
    assert _tasks(plan)["Test"] == (6, r1)
    undo_redo(qtbot, window, K.Key_Y)
    assert _tasks(plan)["Test"] == (8, r1)


def test_a_file_of_another_name_goes_into_the_release_the_user_picks(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.relm"
    build_release_plan(plan).close()
    _open(qtbot, window, plan)
    ask.paths.append(GAN / "ts-ganttproject-parser__task-with-dependencies.gan")
    ask.choices.append("R1")
    answer = PreviewAnswer(qtbot, apply=False)
    menu_keys(qtbot, window, K.Key_H, K.Key_G)  # File ▸ Import From Other Tools ▸ GanttProject File
    qtbot.waitUntil(lambda: answer.seen, timeout=10000)
    assert ask.asked[0][1][1:] == ["R1"] and ask.asked[0][1][0].startswith("New release: ")
    # Into R1: its tasks that the file lacks are offered for removal (unticked).
    assert "remove: task 'Deploy'" in answer.rows
    assert window.document.undo_stack.count() == 0
    assert _tasks(plan)["Test"] == (6, _tasks(plan)["Deploy"][1])


def _csv(path: Path) -> Path:
    path.write_bytes(
        "Aufgabe;Dauer;Vorgänger\r\nAnalyse;3;\r\nBau;5;1\r\nAbnahme;2;2\r\n".encode("cp1252")
    )
    return path


@pytest.mark.parametrize(
    ("key", "source", "count"),
    [
        (K.Key_G, GAN / "ts-ganttproject-parser__task-with-dependencies.gan", 0),
        (K.Key_C, None, 3),
    ],
    ids=["gan", "csv"],
)
def test_gan_and_csv_import_from_the_menu(
    qtbot: Any,
    window: MainWindow,
    ask: ScriptedAsk,
    tmp_path: Path,
    key: Qt.Key,
    source: Path | None,
    count: int,
) -> None:
    plan = tmp_path / "empty.relm"
    PlanService.new(plan, name="Empty", start=date(2024, 1, 1), source="test").close()
    _open(qtbot, window, plan)
    path = source or _csv(tmp_path / "export_de.csv")
    expected = sorted(r.label for r in read_foreign(path).parsed.rows["task"])
    assert count in (0, len(expected))
    ask.paths.append(path)
    answer = PreviewAnswer(qtbot)
    menu_keys(qtbot, window, K.Key_H, key)
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=10000)
    assert answer.seen and _names(plan) == expected
    assert ask.filters == [
        "GanttProject files (*.gan)" if key == K.Key_G else "CSV files (*.csv *.txt)"
    ]
    undo_redo(qtbot, window, K.Key_Z)
    assert _names(plan) == []
    undo_redo(qtbot, window, K.Key_Y)
    assert _names(plan) == expected


def test_an_unreadable_file_is_one_line_and_changes_nothing(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.relm"
    build_release_plan(plan).close()
    _open(qtbot, window, plan)
    bad = tmp_path / "bomb.xml"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>')
    ask.paths.append(bad)
    before = _tasks(plan)
    menu_keys(qtbot, window, K.Key_H, K.Key_M)
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=10000)
    assert len(prompts.errors) == 1 and "bomb.xml" in prompts.errors[0]
    assert "\n" not in prompts.errors[0]
    assert window.document.undo_stack.count() == 0 and _tasks(plan) == before


def test_exports_from_the_menu_portfolio_or_one_release(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.relm"
    service = build_release_plan(plan)
    r2 = service.create("release", {"name": "R2", "position": 1}).ids[0]
    service.create(
        "task", {"release_id": r2, "name": "R2 go-live", "duration": 0, "is_golive": True}
    )
    service.close()
    _open(qtbot, window, plan)
    xml, csv, ics = tmp_path / "all.xml", tmp_path / "r1", tmp_path / "cal.ics"
    ask.paths.extend([xml, csv, ics])
    ask.choices.extend(["All releases", "R1", "R2"])
    menu_keys(qtbot, window, K.Key_X, K.Key_M)  # File ▸ Export To Other Tools ▸ MS Project XML
    menu_keys(qtbot, window, K.Key_X, K.Key_C)  # File ▸ Export To Other Tools ▸ CSV File
    menu_keys(qtbot, window, K.Key_L)  # File ▸ Export Calendar (.ics)
    qtbot.waitUntil(lambda: ics.exists(), timeout=10000)
    assert [a[0] for a in ask.asked] == ["Export MS Project XML", "Export CSV", "Export Calendar"]
    assert ask.filters == ["MS Project XML (*.xml)", "CSV files (*.csv)", "iCalendar files (*.ics)"]
    portfolio = read_foreign(xml).parsed.rows["task"]
    assert {"R2 go-live", "Deploy"} <= {r.label for r in portfolio}
    one = read_foreign(tmp_path / "r1.csv").parsed.rows["task"]  # the extension added
    assert "Deploy" in {r.label for r in one} and "R2 go-live" not in {r.label for r in one}
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    # R2's go-live, and the plan's freeze windows, which hold for every release.
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Freeze: Quarter end (Production)",
        "R2: go-live",
    ]


def test_the_new_file_entries_have_letters_of_their_own(window: MainWindow) -> None:
    """Alt+F then one letter reaches each; a letter shared in the File menu would not."""

    def letter(text: str) -> str:
        at = text.replace("&&", "").find("&")
        return text.replace("&&", "")[at + 1].lower() if at >= 0 else ""

    entries = [a.text() for a in window.menus["&File"].actions() if a.text()]
    letters = [letter(t) for t in entries]
    for mine in ("Import From Ot&her Tools", "E&xport To Other Tools", "Export Ca&lendar (.ics)…"):
        assert mine in entries
        assert letters.count(letter(mine)) == 1, mine


def test_a_portfolio_file_imports_as_its_releases_one_preview_each(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, tmp_path: Path
) -> None:
    source = tmp_path / "source.relm"
    service = build_release_plan(source)
    r2 = service.create("release", {"name": "R2", "position": 1}).ids[0]
    service.create("task", {"release_id": r2, "name": "Pilot", "duration": 4})
    xml = tmp_path / "portfolio.xml"
    export_to(service, xml)
    service.close()
    plan = tmp_path / "empty.relm"
    PlanService.new(plan, name="Empty", start=date(2027, 3, 1), source="test").close()
    _open(qtbot, window, plan)
    ask.paths.append(xml)
    answer = PreviewAnswer(qtbot, times=2)
    menu_keys(qtbot, window, K.Key_H, K.Key_M)
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=10000)
    assert len(answer.answered) == 2 and ask.asked == []
    assert "add: release 'R1'" in answer.rows and "add: release 'R2'" in answer.rows
    releases = {name: rel for name, (_d, rel) in _tasks(plan).items()}
    assert releases["Pilot"] != releases["Deploy"]
    assert len(_names(plan)) == 8
    undo_redo(qtbot, window, K.Key_Z)
    assert _names(plan) == []
    undo_redo(qtbot, window, K.Key_Y)
    assert len(_names(plan)) == 8
