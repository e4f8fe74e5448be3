"""File ▸ Export To Other Tools ▸ GanttProject File, through the keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services.interchange import read_foreign
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle
from tests.gui_interchange.conftest import ScriptedAsk
from tests.gui_interchange.helpers import menu_keys
from tests.interchange.conftest import build_release_plan

K = Qt.Key


def test_gan_export_from_the_menu_writes_the_chosen_release(
    qtbot: Any, window: MainWindow, ask: ScriptedAsk, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.relm"
    service = build_release_plan(plan)
    r2 = service.create("release", {"name": "R2", "position": 1}).ids[0]
    service.create("task", {"release_id": r2, "name": "R2 go-live", "duration": 0})
    service.close()
    assert window.open_plan(plan)
    settle(qtbot, window)
    out = tmp_path / "r1"  # no extension typed: the dialog's adds it
    ask.paths.append(out)
    ask.choices.append("R1")
    menu_keys(qtbot, window, K.Key_X, K.Key_G)  # File ▸ Export To Other Tools ▸ GanttProject
    gan = tmp_path / "r1.gan"
    qtbot.waitUntil(gan.exists, timeout=10000)
    assert [a[0] for a in ask.asked] == ["Export GanttProject File"]
    assert ask.filters == ["GanttProject files (*.gan)"]
    rows = read_foreign(gan).parsed.rows
    service = PlanService.open(plan, readonly=True, source="test")
    data = service.load()
    service.close()
    r1 = {t.name for t in data.tasks if t.release_id != r2}
    assert {r.label for r in rows["task"]} == r1  # R1's tasks, not R2's
    assert [r.label for r in rows["phase"]] == ["Build", "Ship"]
