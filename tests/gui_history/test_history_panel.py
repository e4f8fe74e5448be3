"""The History panel lists the audit trail, filtered by item, user and dates."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from relm_desktop.gui.docks.history import HistoryPanel
from relm_desktop.services.plan import PlanService


def make_plan(tmp_path: Path) -> tuple[PlanService, int]:
    service = PlanService.new(tmp_path / "h.relm", name="H", start=date(2027, 1, 4))
    release = service.create("release", {"name": "R"}).ids[0]
    task = service.create("task", {"release_id": release, "name": "Build"}).ids[0]
    service.update("task", task, {"duration": 4})
    with service.as_source("undo"):
        service.update("task", task, {"duration": 1})
    return service, task


def test_panel_shows_item_history_and_filters(qtbot, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, task = make_plan(tmp_path)
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.set_service(service)
    whole = panel.model.rowCount()
    assert whole >= 5
    qtmodeltester.check(panel.model)

    panel.set_selected("task", task)
    panel.scope.setCurrentIndex(1)
    model = panel.model
    rows = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert [(r[2], r[4], r[5], r[6]) for r in rows] == [
        ("Undo (undo)", "duration", "4", "1"),
        ("Update", "duration", "1", "4"),
        ("Create", "", "", ""),
    ]
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole).count("@") == 1

    panel.user.setCurrentText("nobody")  # not in the list: keeps "All users"
    panel.scope.setCurrentIndex(0)
    panel.until.setDate(QDate(2001, 1, 1))
    assert panel.model.rowCount() == 0
    panel.until.setDate(QDate.currentDate())
    assert panel.model.rowCount() == whole
    service.close()
