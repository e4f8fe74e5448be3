"""The main window: files, recent list, drops, docks, settings, actions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

from relm_desktop.gui.actions import ACTIONS, shortcut_rows
from relm_desktop.gui.app import UI_FONT
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.forms import form_names, load_form
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import read_task, settle, task_node, view_of


def test_ui_font_is_installed(app: QApplication) -> None:
    # Without fonts Qt draws empty boxes and says nothing: check the family is real.
    assert UI_FONT in QFontDatabase.families()
    assert app.font().family() == UI_FONT


def test_every_form_loads(app: QApplication) -> None:
    names = form_names()
    assert {"task_properties", "release_properties"} <= set(names)
    for name in names:
        widget = load_form(name)
        assert widget.findChild(QLineEdit, "nameEdit") is not None
        widget.deleteLater()


def test_welcome_state_without_a_plan(window: MainWindow) -> None:
    assert window.document is None
    assert window.stack.currentWidget() is window.welcome
    assert window.windowTitle() == "RELM Desktop"
    assert not window.actions_by_id["relm.file.close"].isEnabled()
    assert not window.actions_by_id["relm.task.new"].isEnabled()


def test_open_close_and_recent_files(
    qtbot: Any, window: MainWindow, demo_path: Path, tmp_path: Path, context: AppContext
) -> None:
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    assert "demo.relm" in window.windowTitle()
    assert context.recent_files()[0] == demo_path.resolve()
    window.actions_by_id["relm.file.close"].trigger()
    assert window.document is None
    assert window.stack.currentWidget() is window.welcome
    window._fill_recent_menu()
    recent = [a for a in window.recent_menu.actions() if a.data()]
    assert recent and recent[0].data() == str(demo_path.resolve())
    recent[0].trigger()
    settle(qtbot, window)
    assert window.document is not None and window.document.path == demo_path.resolve()
    assert window.welcome.recent.count() == 1


def test_opening_a_missing_file_reports_it(
    window: MainWindow, tmp_path: Path, prompts: Any, context: AppContext
) -> None:
    context.add_recent(tmp_path / "gone.relm")
    assert not window.open_plan(tmp_path / "gone.relm")
    assert "does not exist" in prompts.errors[0]
    assert context.recent_files() == []


def test_opening_a_file_that_is_not_a_plan(
    window: MainWindow, tmp_path: Path, prompts: Any
) -> None:
    bogus = tmp_path / "notes.relm"
    bogus.write_text("not a database")
    assert not window.open_plan(bogus)
    assert prompts.errors and window.document is None


def test_open_dialog_and_new_plan(
    qtbot: Any, window: MainWindow, demo_path: Path, tmp_path: Path, prompts: Any
) -> None:
    prompts.paths.append(demo_path)
    window.actions_by_id["relm.file.open"].trigger()
    settle(qtbot, window)
    assert window.document is not None
    fresh = tmp_path / "fresh"
    prompts.paths.append(fresh)
    window.actions_by_id["relm.file.new"].trigger()
    settle(qtbot, window)
    assert window.document is not None and window.document.path == fresh.with_suffix(".relm")
    # Insert in an empty plan creates a release to hold the task.
    window.actions_by_id["relm.task.new"].trigger()
    settle(qtbot, window)
    data = window.document.snapshot.data  # type: ignore[union-attr]
    assert len(data.releases) == 1 and data.tasks[0].name == "New task"


def test_save_as_copies_and_opens_the_copy(
    qtbot: Any, opened: MainWindow, tmp_path: Path, prompts: Any
) -> None:
    target = tmp_path / "copy.relm"
    prompts.paths.append(target)
    opened.actions_by_id["relm.file.save_as"].trigger()
    settle(qtbot, opened)
    assert target.exists()
    assert opened.document is not None and opened.document.path == target.resolve()
    assert "copy.relm" in opened.windowTitle()


def test_dropping_a_plan_file_opens_it(qtbot: Any, window: MainWindow, demo_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(demo_path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    settle(qtbot, window)
    assert window.document is not None and window.document.path == demo_path.resolve()


def test_window_layout_persists(
    qtbot: Any, app: QApplication, demo_path: Path, tmp_path: Path, prompts: Any
) -> None:
    context = AppContext.for_file(tmp_path / "persist.ini", prompts)
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show()
    first.problems_dock.hide()
    # The offscreen screen is 800×600: stay inside it or Qt clamps the restore.
    first.resize(760, 560)
    size = first.size()
    first.close()
    again = MainWindow(AppContext.for_file(tmp_path / "persist.ini", prompts))
    qtbot.addWidget(again)
    again.show()
    assert again.problems_dock.isHidden()
    assert again.size() == size


def test_actions_are_declared_once_with_platform_shortcuts() -> None:
    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))
    keys = {s for a in ACTIONS for s in a.shortcuts}
    for wanted in (
        "Ctrl+N",
        "Ctrl+O",
        "Ctrl+W",
        "Ctrl+Q",
        "Ctrl+Z",
        "Ctrl+Shift+Z",
        "Ctrl+Y",
        "Ctrl+F",
        "Del",
        "F2",
        "Ctrl+=",
        "Ctrl+-",
        "Ctrl+0",
        "Ins",
        "Ctrl+S",
    ):
        assert wanted in keys, wanted
    assert any(command == "Link Tasks" for _, command, _ in shortcut_rows())


def test_menus_toolbar_and_shortcut_help_come_from_the_table(window: MainWindow) -> None:
    in_menus = {a.objectName() for m in window.menus.values() for a in m.actions()}
    assert {a.id for a in ACTIONS} <= in_menus
    toolbar = {a.objectName() for a in window.toolbar.actions()}
    assert {a.id for a in ACTIONS if a.toolbar} <= toolbar
    redo = window.actions_by_id["relm.edit.redo"]
    assert QKeySequence("Ctrl+Y") in redo.shortcuts()
    window.actions_by_id["relm.help.shortcuts"].trigger()
    table = window.shortcuts_dialog.table
    assert table.rowCount() == len(shortcut_rows())
    window.shortcuts_dialog.close()


def test_problems_double_click_selects_the_culprit(qtbot: Any, opened: MainWindow) -> None:
    model = opened.problems.model
    assert model.rowCount() >= 1
    qtbot_model_row = next(i for i, p in enumerate(model.problems) if p.task_ids)
    opened.problems.activate(model.index(qtbot_model_row, 0))
    culprit = model.problems[qtbot_model_row].task_ids[0]
    assert view_of(opened).selected_keys() == [(RowKind.TASK, culprit)]
    assert opened.problems_dock.windowTitle().startswith("Problems (")


def test_problem_models_pass_model_tester(qtmodeltester: Any, opened: MainWindow) -> None:
    qtmodeltester.check(opened.problems.model)
    qtmodeltester.check(opened.portfolio.model)
    qtmodeltester.check(opened.portfolio.proxy)


def test_portfolio_filters_by_text_and_status(opened: MainWindow) -> None:
    panel = opened.portfolio
    assert panel.proxy.rowCount() == 5
    panel.filter_edit.setText("mobile")
    assert panel.proxy.rowCount() == 1
    panel.filter_edit.clear()
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("planned"))
    assert 0 < panel.proxy.rowCount() < 5
    panel.status_combo.setCurrentIndex(0)
    panel.table.selectRow(1)
    release = panel.model.release_id(panel.proxy.mapToSource(panel.proxy.index(1, 0)).row())
    assert view_of(opened).selected_keys() == [(RowKind.RELEASE, release)]
    assert opened.properties.currentWidget() is opened.properties.release_form


def test_properties_panel_edits_the_selected_task(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    view_of(opened).select_keys([node.key])
    form = opened.properties.task_form
    assert opened.properties.currentWidget() is form
    name = form.findChild(QLineEdit, "nameEdit")
    name.setText("Hypercare (two weeks)")
    name.editingFinished.emit()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).name == "Hypercare (two weeks)"
    assert opened.document.undo_stack.undoText() == "Set name of 'Hypercare'"  # type: ignore[union-attr]


def test_keyboard_delete_and_undo(qtbot: Any, opened: MainWindow, demo_path: Path) -> None:
    node = task_node(opened, "Hypercare", "Customer")
    view_of(opened).select_keys([node.key])
    assert opened.actions_by_id["relm.task.delete"].isEnabled()
    opened.actions_by_id["relm.task.delete"].trigger()
    settle(qtbot, opened)
    service = PlanService.open(demo_path, readonly=True)
    assert all(t.id != node.id for t in service.load().tasks)
    service.close()
    opened.actions_by_id["relm.edit.undo"].trigger()
    settle(qtbot, opened)
    assert read_task(demo_path, node.id).name == "Hypercare"


def test_find_selects_matching_task(opened: MainWindow) -> None:
    opened.actions_by_id["relm.edit.find"].trigger()
    opened.find_edit.setText("penetration")
    opened.find_next()
    keys = view_of(opened).selected_keys()
    assert len(keys) == 1
    assert opened.document.task_name(keys[0][1]) == "Penetration test"  # type: ignore[union-attr]


def test_link_selected_tasks(qtbot: Any, opened: MainWindow) -> None:
    a = task_node(opened, "Agree release scope", "Customer")
    b = task_node(opened, "Hypercare", "Customer")
    view_of(opened).select_keys([a.key, b.key])
    assert opened.actions_by_id["relm.task.link"].isEnabled()
    opened.actions_by_id["relm.task.link"].trigger()
    settle(qtbot, opened)
    links = opened.document.links_of(a.id)  # type: ignore[union-attr]
    assert any(lk.successor_id == b.id for lk in links)


def test_dark_palette_override(opened: MainWindow, app: QApplication) -> None:
    opened.actions_by_id["relm.view.theme.dark"].trigger()
    assert app.palette().window().color().lightness() < 80
    opened.actions_by_id["relm.view.theme.light"].trigger()
    assert app.palette().window().color().lightness() > 200
    assert opened.context.settings.value("scheme") == "light"


def test_status_bar_counts_say_one_task_not_one_tasks(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "one.relm"
    service = PlanService.new(path, name="One", start=date(2027, 1, 4), country="DE", source="t")
    release = service.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    service.create("task", {"release_id": release, "name": "Only", "duration": 3})
    service.close()
    assert window.open_plan(path)
    settle(qtbot, window)
    text = window.stats_label.text()
    assert text.startswith("1 release · 1 task · 0 links"), text
