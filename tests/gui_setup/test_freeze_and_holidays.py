"""Plan Settings from the Plan menu: freeze windows and working time move the schedule.

Everything through real clicks and keys on the real window; each Apply is one
undo step in the main window (Ctrl+Z, Ctrl+Y) and lands in the plan file and
its audit trail.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.setup.dialog import Page, PlanSettingsDialog
from tests.gui.gui_helpers import settle, task_node
from tests.gui_setup.setup_helpers import (
    audit_rows,
    click,
    press,
    read_plan,
    settings,
    shortcut,
    tick,
    type_date,
    type_text,
)

OK = QDialogButtonBox.StandardButton.Ok
APPLY = QDialogButtonBox.StandardButton.Apply


def deploy_start(window: MainWindow) -> date | None:
    return task_node(window, "Deploy to prod").start


def undo(qtbot: Any, window: MainWindow) -> None:
    shortcut(qtbot, window, Qt.Key.Key_Z)


def redo(qtbot: Any, window: MainWindow) -> None:
    shortcut(qtbot, window, Qt.Key.Key_Y)


def add_freeze_window(
    qtbot: Any, dialog: PlanSettingsDialog, name: str, start: date, finish: date
) -> None:
    page = dialog.freeze_windows
    click(qtbot, page.add_button)
    type_text(qtbot, page.editors["name"], name)
    type_date(qtbot, page.editors["start"], start)  # type: ignore[arg-type]
    type_date(qtbot, page.editors["finish"], finish)  # type: ignore[arg-type]


def test_each_plan_command_opens_settings_on_its_page(qtbot: Any, deploying: MainWindow) -> None:
    for action, page in (
        ("relm.plan.working_time", Page.WORKING_TIME),
        ("relm.plan.freeze_windows", Page.FREEZE_WINDOWS),
        ("relm.plan.environments", Page.ENVIRONMENTS),
        ("relm.plan.teams", Page.TEAMS),
        ("relm.plan.stakeholders", Page.STAKEHOLDERS),
    ):
        dialog = settings(qtbot, deploying, action)
        assert dialog.stack.currentWidget() is dialog.pages[page]
        assert dialog.isModal() and not dialog.buttons.button(APPLY).isEnabled()
        press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())


def test_a_freeze_window_pushes_the_deployment_and_undo_brings_it_back(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    assert deploy_start(deploying) == date(2027, 1, 11)  # after five days of Build
    dialog = settings(qtbot, deploying, "relm.plan.freeze_windows")
    add_freeze_window(qtbot, dialog, "Year-end freeze", date(2027, 1, 11), date(2027, 1, 15))
    tick(qtbot, dialog.freeze_windows.editors["environment_ids"], "Production")  # type: ignore[arg-type]
    type_text(qtbot, dialog.freeze_windows.editors["reason"], "Finance close")
    assert dialog.freeze_windows.model.rows[-1]["environment_ids"] == (1,)
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, deploying)

    assert deploy_start(deploying) == date(2027, 1, 18)  # pushed past the window
    stored = read_plan(deployment_path)
    assert [(f.name, f.start, f.finish, f.reason) for f in stored.freezes] == [
        ("Year-end freeze", date(2027, 1, 11), date(2027, 1, 15), "Finance close")
    ]
    assert stored.freeze_environments == ((stored.freezes[0].id, 1),)
    assert ("create", "gui", "", None, None) in audit_rows(deployment_path, "freeze_window")
    assert deploying.document is not None
    assert deploying.document.undo_stack.undoText() == "Add freeze window 'Year-end freeze'"

    undo(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 11)
    assert read_plan(deployment_path).freezes == ()
    redo(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 18)
    again = read_plan(deployment_path)
    assert [f.id for f in again.freezes] == [stored.freezes[0].id]  # the same row, its id kept
    assert again.freeze_environments == stored.freeze_environments
    sources = {source for _, source, *_ in audit_rows(deployment_path, "freeze_window")}
    assert {"gui", "undo", "redo"} <= sources

    # The saved window edited: Production unticked, it covers Staging only.
    dialog = settings(qtbot, deploying, "relm.plan.freeze_windows")
    listing = dialog.freeze_windows.editors["environment_ids"]
    tick(qtbot, listing, "Production")  # type: ignore[arg-type]
    tick(qtbot, listing, "Staging")  # type: ignore[arg-type]
    press(qtbot, dialog, OK)
    settle(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 11)
    assert read_plan(deployment_path).freeze_environments == ((stored.freezes[0].id, 2),)
    undo(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 18)


def test_overlapping_freeze_windows_are_marked(qtbot: Any, deploying: MainWindow) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.freeze_windows")
    page = dialog.freeze_windows
    add_freeze_window(qtbot, dialog, "Year end", date(2027, 12, 20), date(2028, 1, 3))
    assert not page.notes.isVisible()
    add_freeze_window(qtbot, dialog, "New Year", date(2028, 1, 2), date(2028, 1, 5))
    assert page.notes.isVisible()
    assert page.notes.text() == "⚠ Year end overlaps New Year."
    model = page.model
    for row in (0, 1):
        assert model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "Overlaps New Year"
    # Moved apart, neither is marked any more.
    click(qtbot, dialog.freeze_windows.table.viewport())  # focus stays on the table's row
    type_date(qtbot, page.editors["start"], date(2028, 1, 4))  # type: ignore[arg-type]
    assert not page.notes.isVisible()
    assert model.data(model.index(1, 0), Qt.ItemDataRole.DecorationRole) is None


def test_a_named_day_off_and_working_days_move_the_dates(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.working_time")
    days = dialog.working_time.days_off
    click(qtbot, days.add_button)
    type_date(qtbot, days.editors["day"], date(2027, 1, 6))  # type: ignore[arg-type]
    type_text(qtbot, days.editors["name"], "Offsite")
    press(qtbot, dialog, APPLY)
    settle(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 12)
    assert [(d.day, d.name) for d in read_plan(deployment_path).days_off] == [
        (date(2027, 1, 6), "Offsite")
    ]
    # The dialog shows the plan as it now is: the day off saved, nothing staged.
    assert days.model.rows[0]["id"] is not None
    assert not dialog.buttons.button(APPLY).isEnabled()

    click(qtbot, dialog.working_time.weekdays[5])  # Saturday becomes a working day
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 11)  # Sat 9 Jan makes up for the 6th
    calendar = read_plan(deployment_path).calendar
    assert calendar is not None and calendar.workdays == "012345"
    assert ("update", "gui", "workdays", "01234", "012345") in audit_rows(
        deployment_path, "calendar"
    )

    undo(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 12)
    undo(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 11)
    assert read_plan(deployment_path).days_off == ()
    redo(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 12)


def test_public_holidays_follow_the_country_and_region_chosen(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.working_time")
    page = dialog.working_time
    assert page.holidays.count() == 0 and page.country.currentData() == ""
    page.country.setFocus()
    qtbot.keyClicks(page.country, "Germany")
    assert page.country.currentText() == "Germany (DE)"
    page.region.setFocus()
    qtbot.keyClicks(page.region, "BY")
    assert page.region.currentData() == "BY"
    page.year.setFocus()
    type_text(qtbot, page.year, "2027")
    shown = [page.holidays.item(i).text() for i in range(page.holidays.count())]
    assert "Wed 2027-01-06   Epiphany" in shown  # a Bavarian holiday
    assert page.summary.text() == f"{len(shown)} public holidays in 2027"
    press(qtbot, dialog, OK)
    settle(qtbot, deploying)
    calendar = read_plan(deployment_path).calendar
    assert calendar is not None and (calendar.country, calendar.subdivision) == ("DE", "BY")
    assert deploy_start(deploying) == date(2027, 1, 12)  # Epiphany is a day off now
    undo(qtbot, deploying)
    assert deploy_start(deploying) == date(2027, 1, 11)
    calendar = read_plan(deployment_path).calendar
    assert calendar is not None and calendar.country is None
