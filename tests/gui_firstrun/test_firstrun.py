"""First run: the welcome page's commands, the About dialog and the app icon."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import QDate, qVersion
from PySide6.QtWidgets import QApplication, QLabel

from relm_desktop import __version__
from relm_desktop.gui.about import AboutDialog, app_icon, data_dir
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.templates import NewReleaseDialog
from relm_desktop.gui.welcome import demo_plan_path
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle


def test_welcome_offers_every_first_run_command(window: MainWindow) -> None:
    page = window.welcome
    assert window.stack.currentWidget() is page
    texts = {key: button.text().split("\n")[0] for key, button in page.buttons.items()}
    assert texts == {
        "new": "New plan…",
        "template": "New plan from template…",
        "open": "Open…",
        "demo": "Open demo plan",
    }
    assert all(button.isVisible() for button in page.buttons.values())
    logo = page.findChild(QLabel, "welcome-logo")
    assert logo is not None and not logo.pixmap().isNull()
    # No recent plans yet: a hint instead of an empty list.
    assert page.no_recent.isVisible() and not page.recent.isVisible()


def test_new_plan_button_creates_the_file(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    prompts.paths.append(tmp_path / "first")
    window.welcome.buttons["new"].click()
    settle(qtbot, window)
    target = tmp_path / "first.relm"
    assert target.exists()
    assert window.document is not None and window.document.path == target.resolve()
    assert window.stack.currentWidget() is window.tabs


def test_new_plan_cancelled_stays_on_welcome(window: MainWindow) -> None:
    window.welcome.buttons["new"].click()  # the prompt answers None: cancelled
    assert window.document is None and window.stack.currentWidget() is window.welcome


def test_open_button_opens_the_chosen_plan(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, demo_path: Path
) -> None:
    prompts.paths.append(demo_path)
    window.welcome.buttons["open"].click()
    settle(qtbot, window)
    assert window.document is not None and window.document.path == demo_path.resolve()


def test_recent_plan_opens_from_the_list(qtbot: Any, window: MainWindow, demo_path: Path) -> None:
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    window.close_plan()
    page = window.welcome
    assert page.recent.count() == 1 and page.recent.isVisible()
    page.recent.itemActivated.emit(page.recent.item(0))
    settle(qtbot, window)
    assert window.document is not None and window.document.path == demo_path.resolve()


def test_open_demo_builds_it_in_the_data_dir(
    qtbot: Any, window: MainWindow, data_home: Path
) -> None:
    path = demo_plan_path()
    assert str(path).startswith(str(data_home)) and not path.exists()
    window.welcome.buttons["demo"].click()
    settle(qtbot, window)
    assert path.exists()
    assert window.document is not None and window.document.path == path.resolve()
    assert len(window.document.snapshot.data.releases) == 5  # type: ignore[union-attr]
    # Deleted since: the next click builds it again.
    window.close_plan()
    path.unlink()
    window.welcome.buttons["demo"].click()
    settle(qtbot, window)
    assert path.exists()
    assert window.document is not None and window.document.path == path.resolve()


def test_new_plan_from_template_ends_with_a_release(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    prompts.paths.append(tmp_path / "templated.relm")
    window.welcome.buttons["template"].click()
    dialog = window.template_dialog
    assert isinstance(dialog, NewReleaseDialog) and dialog.isVisible()
    assert window.document is not None
    assert window.document.path == (tmp_path / "templated.relm").resolve()
    dialog.select_template("Standard minor release")
    dialog.name.setText("Payments 4.2")
    dialog.version.setText("4.2")
    dialog.start.setDate(QDate(2027, 3, 1))
    dialog.create_release()
    assert dialog.result() == NewReleaseDialog.DialogCode.Accepted
    settle(qtbot, window)
    data = window.document.snapshot.data  # type: ignore[union-attr]
    assert [r.name for r in data.releases] == ["Payments 4.2"]
    assert len([t for t in data.tasks if t.release_id == dialog.release_id]) == 14


def test_new_plan_from_template_cancelled(window: MainWindow) -> None:
    window.welcome.buttons["template"].click()  # no path given: nothing happens
    assert window.document is None and not hasattr(window, "template_dialog")


def test_about_shows_the_versions(qtbot: Any, window: MainWindow) -> None:
    window.actions_by_id["relm.help.about"].trigger()
    dialog = window.about_dialog
    assert isinstance(dialog, AboutDialog) and dialog.isVisible()
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for version in (__version__, qVersion(), PySide6.__version__, platform.python_version()):
        assert version in shown
    assert str(data_dir()) in shown
    assert window.context.settings.fileName() in shown
    dialog.copy()
    assert __version__ in QApplication.clipboard().text()
    dialog.close()


def test_every_top_level_window_has_the_icon(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    assert not app_icon().isNull()
    assert not QApplication.windowIcon().isNull()
    prompts.paths.append(tmp_path / "icons.relm")
    window.welcome.buttons["template"].click()
    window.actions_by_id["relm.help.about"].trigger()
    window.actions_by_id["relm.help.shortcuts"].trigger()
    tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert window in tops and len(tops) >= 4
    for widget in tops:
        assert not widget.windowIcon().isNull(), widget.objectName()
    window.template_dialog.reject()
    window.about_dialog.close()
    window.shortcuts_dialog.close()
