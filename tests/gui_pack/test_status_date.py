"""Plan ▸ Status Date…: one undoable edit; the status bar, the timeline and the packs follow it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QRadioButton

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.status_date_dialog import StatusDateDialog
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle
from tests.gui_setup.setup_helpers import choose, shortcut

LEFT = Qt.MouseButton.LeftButton
AS_OF = date(2026, 3, 2)


def read_status(path: Path) -> date | None:
    service = PlanService.open(path, readonly=True)
    try:
        info = service.load().info
        assert info is not None
        return info.status_date
    finally:
        service.close()


def answer_dialog(qtbot: Any, typed: str | None, seen: list[tuple[bool, date | None]]) -> None:
    """When the dialog shows: pick "As of" and type ``typed`` (or pick "Today"), then OK."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StatusDateDialog):
            QTimer.singleShot(20, answer)
            return
        name = "today-radio" if typed is None else "fixed-radio"
        radio = dialog.findChild(QRadioButton, name)
        assert radio is not None
        qtbot.mouseClick(radio, LEFT, pos=radio.rect().center())
        if typed is not None:
            edit = dialog.date_edit
            qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(edit, typed)
        seen.append((dialog.fixed.isChecked(), dialog.chosen))
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        qtbot.mouseClick(ok, LEFT, pos=ok.rect().center())

    QTimer.singleShot(0, answer)


def open_dialog(qtbot: Any, window: MainWindow) -> None:
    choose(qtbot, window, "&Plan", "relm.plan.status_date")


def test_status_date_is_set_undone_and_redone(
    qtbot: Any, window: MainWindow, demo_path: Path
) -> None:
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    assert window.stats_label.text().endswith("as of today")
    assert window.timeline is not None and window.timeline.status_date == date.today()
    seen: list[tuple[bool, date | None]] = []
    answer_dialog(qtbot, "2026-03-02", seen)
    open_dialog(qtbot, window)
    settle(qtbot, window)
    assert seen == [(True, AS_OF)]
    assert read_status(demo_path) == AS_OF
    assert window.timeline.status_date == AS_OF
    assert window.timeline.chart.today == AS_OF  # the today line
    assert "as of" in window.stats_label.text() and "today" not in window.stats_label.text()
    assert window.document is not None
    assert window.document.undo_stack.undoText() == "Status Date 2026-03-02"

    shortcut(qtbot, window, Qt.Key.Key_Z)
    assert read_status(demo_path) is None
    assert window.timeline.status_date == date.today()
    assert window.stats_label.text().endswith("as of today")

    shortcut(qtbot, window, Qt.Key.Key_Y)
    assert read_status(demo_path) == AS_OF
    assert window.timeline.status_date == AS_OF

    # Back to "today": the dialog opens on the date set, and Today clears it.
    seen.clear()
    answer_dialog(qtbot, None, seen)
    open_dialog(qtbot, window)
    settle(qtbot, window)
    assert seen == [(False, None)]
    assert read_status(demo_path) is None
