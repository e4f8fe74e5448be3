"""The demo portfolio's MS Project file through File ▸ Import From: its links between
releases come in with the releases, the status bar says so, and one undo takes all."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services.demo import build_demo
from relm_desktop.services.interchange import export_to
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle
from tests.gui_interchange.conftest import ScriptedAsk
from tests.gui_interchange.helpers import PreviewAnswer, menu_keys, undo_redo

K = Qt.Key
BETWEEN = (
    "SELECT p.name, s.name, d.type, d.lag FROM dependency d "
    "JOIN task p ON p.id = d.predecessor_id JOIN task s ON s.id = d.successor_id "
    "WHERE p.release_id != s.release_id ORDER BY p.name"
)


def _between(path: Path) -> list[tuple[str, str, str, int]]:
    with sqlite3.connect(path) as db:
        return list(db.execute(BETWEEN))


def test_links_between_releases_come_in_and_go_with_one_undo(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, tmp_path: Path
) -> None:
    source = tmp_path / "demo.relm"
    service = build_demo(source, start=date(2027, 1, 4), source="test")
    xml = tmp_path / "demo.xml"
    export_to(service, xml)
    service.close()
    expected = _between(source)
    assert len(expected) == 3
    plan = tmp_path / "empty.relm"
    PlanService.new(plan, name="Empty", start=date(2027, 1, 4), source="test").close()
    assert window.open_plan(plan)
    settle(qtbot, window)
    ask.paths.append(xml)
    answer = PreviewAnswer(qtbot, times=5)  # one preview a release
    document = window.document
    assert document is not None
    menu_keys(qtbot, window, K.Key_H, K.Key_M)
    qtbot.waitUntil(lambda: document.undo_stack.count() == 1, timeout=20000)
    assert len(answer.answered) == 5
    assert _between(plan) == expected
    assert "3 links between releases" in window.statusBar().currentMessage()
    undo_redo(qtbot, window, K.Key_Z)
    assert _between(plan) == []
    undo_redo(qtbot, window, K.Key_Y)
    assert _between(plan) == expected
