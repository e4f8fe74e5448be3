"""Plan Settings shows the plan's float horizon and sets or clears it in one undo step.

The horizon (``plan_info.horizon``) is the day late dates and float are measured to
when it is after the last finish; a plan made from a one-release workbook keeps the
portfolio's finish there. Set through real clicks and keys, read back from the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle
from tests.gui_setup.setup_helpers import click, press, read_plan, settings, shortcut, type_date

OK = QDialogButtonBox.StandardButton.Ok
APPLY = QDialogButtonBox.StandardButton.Apply
HORIZON = date(2027, 1, 22)  # two weeks after Deploy to prod (Monday 11 January)


def deploy_float(path: Path) -> int:
    service = PlanService.open(path, readonly=True)
    try:
        data, result = service.schedule()
        deploy = next(t for t in data.tasks if t.name == "Deploy to prod")
        return result.tasks[deploy.id].total_float
    finally:
        service.close()


def test_the_float_horizon_is_set_undone_and_cleared(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.working_time")
    page = dialog.working_time
    assert not page.horizon_set.isChecked() and not page.horizon.isEnabled()
    assert page.horizon_note.text() == "now: to the plan's last finish"
    # Offered: the plan's last finish (Deploy to prod, Monday 11 January).
    assert page.horizon.date().toString(Qt.DateFormat.ISODate) == "2027-01-11"
    assert deploy_float(deployment_path) == 0

    click(qtbot, page.horizon_set)
    assert page.horizon.isEnabled() and dialog.buttons.button(APPLY).isEnabled()
    type_date(qtbot, page.horizon, HORIZON)
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, deploying)
    info = read_plan(deployment_path).info
    assert info is not None and info.horizon == HORIZON
    assert deploy_float(deployment_path) == 9  # 12 … 22 January: nine working days
    assert deploying.document is not None
    assert deploying.document.undo_stack.undoText() == "Set the float horizon"

    shortcut(qtbot, deploying, Qt.Key.Key_Z)
    info = read_plan(deployment_path).info
    assert info is not None and info.horizon is None
    assert deploy_float(deployment_path) == 0
    shortcut(qtbot, deploying, Qt.Key.Key_Y)
    info = read_plan(deployment_path).info
    assert info is not None and info.horizon == HORIZON

    # Shown when the dialog opens again, and cleared by unticking it.
    dialog = settings(qtbot, deploying, "relm.plan.working_time")
    page = dialog.working_time
    assert page.horizon_set.isChecked() and page.horizon.date().toString(Qt.DateFormat.ISODate) == (
        HORIZON.isoformat()
    )
    assert not dialog.buttons.button(APPLY).isEnabled()
    click(qtbot, page.horizon_set)
    press(qtbot, dialog, APPLY)
    settle(qtbot, deploying)
    info = read_plan(deployment_path).info
    assert info is not None and info.horizon is None
    assert deploying.document.undo_stack.undoText() == "Clear the float horizon"
    assert deploy_float(deployment_path) == 0
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
