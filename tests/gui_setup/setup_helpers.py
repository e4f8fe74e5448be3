"""Driving Plan Settings with real clicks and keys, and reading the plan file back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDateEdit,
    QDialogButtonBox,
    QListWidget,
    QMessageBox,
    QWidget,
)
from sqlalchemy import select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.setup.dialog import PlanSettingsDialog
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData
from tests.gui.gui_helpers import settle

LEFT = Qt.MouseButton.LeftButton


def choose(qtbot: Any, window: MainWindow, menu_title: str, action_id: str) -> None:
    """Open a menu from the menu bar with the mouse and click one of its commands."""
    bar = window.menuBar()
    menu = window.menus[menu_title]
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    action = window.actions_by_id[action_id]
    assert action.isEnabled(), action_id
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def settings(qtbot: Any, window: MainWindow, action_id: str) -> PlanSettingsDialog:
    """Plan Settings opened from the Plan menu, shown."""
    choose(qtbot, window, "&Plan", action_id)
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def shortcut(qtbot: Any, window: MainWindow, key: Qt.Key) -> None:
    """Ctrl+``key`` in the (activated) main window, then wait for the new schedule."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)


def click(qtbot: Any, widget: QWidget) -> None:
    """Click a widget's middle; a check box on its box (its text may end well before)."""
    middle = widget.rect().center()
    if isinstance(widget, QCheckBox):
        middle.setX(8)
    qtbot.mouseClick(widget, LEFT, pos=middle)


def press(qtbot: Any, dialog: PlanSettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    """Click OK, Apply or Cancel."""
    click(qtbot, dialog.buttons.button(which))


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Replace what a line edit holds by typing, as a user does (select all, type)."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def type_date(qtbot: Any, edit: QDateEdit, day: date) -> None:
    """Step the year with the arrow keys, then type the date in the editor's format.

    (Typed over, a QDateEdit's year section keeps its year offscreen; day and
    month take what is typed.)
    """
    edit.setFocus()
    edit.setCurrentSection(QDateEdit.Section.YearSection)  # where a click on the year lands
    step = Qt.Key.Key_Up if day.year > edit.date().year() else Qt.Key.Key_Down
    for _ in range(abs(day.year - edit.date().year())):
        qtbot.keyClick(edit, step)
    type_text(qtbot, edit, QDate(day.year, day.month, day.day).toString(edit.displayFormat()))
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date() == QDate(day.year, day.month, day.day)


def click_row(qtbot: Any, view: QAbstractItemView, row: int, column: int = 0) -> None:
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())


def tick(qtbot: Any, listing: QListWidget, text: str) -> None:
    """Toggle the check box of the item called ``text`` (click it, then Space)."""
    item = listing.findItems(text, Qt.MatchFlag.MatchExactly)[0]
    rect = listing.visualItemRect(item)
    qtbot.mouseClick(listing.viewport(), LEFT, pos=rect.center())
    qtbot.keyClick(listing, Qt.Key.Key_Space)


def answer_message_box(button_text: str, seen: list[str]) -> None:
    """When the next message box shows, note its text and click the button called so."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, answer)


def read_plan(path: Path) -> PlanData:
    """The plan as stored in the file now (opened separately, read-only)."""
    service = PlanService.open(path, readonly=True)
    try:
        return service.load()
    finally:
        service.close()


def audit_rows(path: Path, entity: str) -> list[tuple[str, str, str, str | None, str | None]]:
    """(action, source, field, old, new) of the audit rows about ``entity``."""
    service = PlanService.open(path, readonly=True)
    try:
        with service.store.reading() as session:
            rows = session.scalars(select(ChangeRecord).where(ChangeRecord.entity == entity))
            return [(r.action.value, r.source, r.field, r.old, r.new) for r in rows]
    finally:
        service.close()
