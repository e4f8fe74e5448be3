"""New Plan asks whose public holidays the plan skips, defaulting from the system locale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.setup.countries import system_country
from relm_desktop.gui.setup.new_plan import NewPlanDialog
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle
from tests.gui_setup.setup_helpers import audit_rows, click, read_plan, shortcut


def new_plan(qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, path: Path) -> NewPlanDialog:
    prompts.paths.append(path)
    click(qtbot, window.welcome.buttons["new"])
    settle(qtbot, window)
    dialog = window.new_plan_dialog
    assert isinstance(dialog, NewPlanDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_new_plan_asks_for_country_and_region_and_stores_them(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    path = tmp_path / "fresh.relm"
    dialog = new_plan(qtbot, window, prompts, path)
    assert not dialog.isModal()  # nothing else waits on it
    default = system_country()[0] or None
    assert dialog.country_code() == (default or "")
    calendar = read_plan(path).calendar
    assert calendar is not None and calendar.country == default  # made with the default

    dialog.country.setFocus()
    qtbot.keyClicks(dialog.country, "Germany")
    assert dialog.country.currentText() == "Germany (DE)"
    dialog.region.setFocus()
    qtbot.keyClicks(dialog.region, "BY")
    assert dialog.region.currentText() == "BY — Bayern"
    assert dialog.count.text().endswith(f"public holidays in {dialog.start_year}")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[union-attr]
    click(qtbot, ok)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, window)

    calendar = read_plan(path).calendar
    assert calendar is not None and (calendar.country, calendar.subdivision) == ("DE", "BY")
    assert ("update", "gui", "country", default, "DE") in audit_rows(path, "calendar")
    shortcut(qtbot, window, Qt.Key.Key_Z)
    calendar = read_plan(path).calendar
    assert calendar is not None and (calendar.country, calendar.subdivision) == (default, None)


def test_skipping_keeps_the_default_and_pushes_nothing(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    dialog = new_plan(qtbot, window, prompts, tmp_path / "skipped.relm")
    dialog.country.setFocus()
    qtbot.keyClicks(dialog.country, "France")
    skip = dialog.findChild(QPushButton, "new-plan-skip")
    assert skip is not None
    click(qtbot, skip)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.document is not None and window.document.undo_stack.count() == 0
    calendar = read_plan(tmp_path / "skipped.relm").calendar
    assert calendar is not None and calendar.country == (system_country()[0] or None)


def test_the_default_country_is_the_locales_when_holidays_knows_it() -> None:
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert system_country(german) == ("DE", "")
    assert system_country(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == (
        "US",
        "",
    )
    assert system_country(QLocale.c()) == ("", "")
    esperanto = QLocale(QLocale.Language.Esperanto)  # territory "001", the world: no holidays
    assert system_country(esperanto) == ("", "")
