"""New Release…, New Phase…, Move to Phase… and Delete Release from the Task menu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMenu

from relm_desktop.domain.enums import ReleaseKind
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.outline_dialogs import MoveToDialog, NewPhaseDialog, NewReleaseKindDialog
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import activate, stored
from tests.gui_outline.conftest import RecordingPrompts
from tests.gui_outline.helpers import LEFT, click_row, links, outline, places, redo, undo

Ids = dict[str, int]


def task_menu_entry(qtbot: Any, win: MainWindow, mnemonic: Qt.Key) -> None:
    """Task ▸ an entry: a click on the menu bar's Task, then the entry's letter.

    (Alt+T would do, but with a task selected the Properties panel's "&Team" takes it.)
    """
    activate(qtbot, win)
    bar = win.menuBar()
    title = win.menus["&Task"].menuAction()
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(title).center())
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.title() == "&Task"
    qtbot.keyClick(menu, mnemonic)


def opened_dialog(qtbot: Any, win: MainWindow, kind: type[QDialog]) -> Any:
    qtbot.waitUntil(
        lambda: isinstance(win.outline_dialog, kind) and win.outline_dialog.isVisible(),
        timeout=3000,
    )
    return win.outline_dialog


def press_ok(qtbot: Any, dialog: QDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, LEFT)


def test_new_release_from_a_template_of_the_kind_chosen(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    task_menu_entry(qtbot, outlined, Qt.Key.Key_N)
    dialog: NewReleaseKindDialog = opened_dialog(qtbot, outlined, NewReleaseKindDialog)
    assert dialog.list.currentItem().text() == "Blank release"
    item = dialog.list.findItems("Emergency fix", Qt.MatchFlag.MatchExactly)[0]
    rect = dialog.list.visualItemRect(item)
    qtbot.mouseClick(dialog.list.viewport(), LEFT, pos=rect.center())
    assert dialog.kind.currentData() == ReleaseKind.EMERGENCY  # the template's kind
    qtbot.keyClicks(dialog.name, "Payments")
    qtbot.keyClicks(dialog.version, "4.2")
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "Patch")
    press_ok(qtbot, dialog)
    settle(qtbot, outlined)
    data = stored(plan_path)
    release = next(r for r in data.releases if r.name == "Payments")
    assert (release.version, release.release_kind) == ("4.2", ReleaseKind.PATCH)
    assert any(t.release_id == release.id for t in data.tasks)
    assert view_of(outlined).selected_keys() == [(RowKind.RELEASE, release.id)]
    undo(qtbot, outlined)
    assert all(r.name != "Payments" for r in stored(plan_path).releases)
    redo(qtbot, outlined)
    assert any(r.id == release.id for r in stored(plan_path).releases)


def test_new_blank_release_and_a_phase_after_the_selected_one(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    task_menu_entry(qtbot, outlined, Qt.Key.Key_N)
    dialog: NewReleaseKindDialog = opened_dialog(qtbot, outlined, NewReleaseKindDialog)
    press_ok(qtbot, dialog)
    assert "name the release" in dialog.error.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Mobile")
    press_ok(qtbot, dialog)
    settle(qtbot, outlined)
    mobile = next(r for r in stored(plan_path).releases if r.name == "Mobile")
    assert not any(p.release_id == mobile.id for p in stored(plan_path).phases)
    # New Phase… on R1's Build phase row goes between Build and Test.
    click_row(qtbot, outlined, (RowKind.PHASE, ids["Build"]))
    task_menu_entry(qtbot, outlined, Qt.Key.Key_H)
    phase_dialog: NewPhaseDialog = opened_dialog(qtbot, outlined, NewPhaseDialog)
    assert phase_dialog.after.currentText() == "Build"
    qtbot.keyClicks(phase_dialog.name, "Security review")
    press_ok(qtbot, phase_dialog)
    settle(qtbot, outlined)

    def phases() -> list[str]:
        found = [p for p in stored(plan_path).phases if p.release_id == ids["R1"]]
        return [p.name for p in sorted(found, key=lambda p: p.position)]

    assert phases() == ["Build", "Security review", "Test"]
    assert view_of(outlined).selected_keys()[0][0] is RowKind.PHASE
    undo(qtbot, outlined)
    assert phases() == ["Build", "Test"]
    redo(qtbot, outlined)
    assert phases() == ["Build", "Security review", "Test"]


def test_move_to_phase_from_the_menu(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path
) -> None:
    click_row(qtbot, outlined, (RowKind.TASK, ids["A"]))
    before = places(plan_path)
    task_menu_entry(qtbot, outlined, Qt.Key.Key_P)
    dialog: MoveToDialog = opened_dialog(qtbot, outlined, MoveToDialog)
    item = dialog.list.findItems("R2  ›  Test", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(dialog.list.viewport(), LEFT, pos=dialog.list.visualItemRect(item).center())
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    settle(qtbot, outlined)
    assert [n for n, _, _ in outline(plan_path, ids["R2"])] == ["X", "A"]
    undo(qtbot, outlined)
    assert places(plan_path) == before


def test_delete_release_asks_naming_what_goes_and_undo_brings_it_all_back(
    qtbot: Any, outlined: MainWindow, ids: Ids, plan_path: Path, prompts: RecordingPrompts
) -> None:
    assert outlined.document is not None
    outlined.document.service.link(ids["T2"], ids["X"])  # a link to another release
    outlined.document.reschedule()
    settle(qtbot, outlined)
    before, old_links = places(plan_path), links(plan_path)
    click_row(qtbot, outlined, (RowKind.RELEASE, ids["R1"]))
    prompts.confirms = [False]
    task_menu_entry(qtbot, outlined, Qt.Key.Key_A)
    settle(qtbot, outlined)
    assert prompts.questions == [
        "Delete 'R1 1.0' with 2 phases, 7 tasks, 4 links (1 to other releases), "
        "0 risks and 0 gates?"
    ]
    assert places(plan_path) == before  # answered No
    prompts.confirms = [True]
    task_menu_entry(qtbot, outlined, Qt.Key.Key_A)
    settle(qtbot, outlined)
    assert set(places(plan_path)) == {ids["X"]} and not links(plan_path)
    assert all(r.id != ids["R1"] for r in stored(plan_path).releases)
    undo(qtbot, outlined)
    assert places(plan_path) == before and links(plan_path) == old_links
    redo(qtbot, outlined)
    assert set(places(plan_path)) == {ids["X"]}
