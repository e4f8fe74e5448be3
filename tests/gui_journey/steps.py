"""The coordinator's day in steps: each one made with real clicks and keys on the real window.

Modal dialogs (the risk editor, the file dialog, the pack dialog) block in
their own event loop: a :class:`ModalAnswer` polls for them with a timer and
answers them with keys and clicks; a failed check there rejects the dialog,
so the test fails instead of waiting for ever.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMenu,
    QWidget,
)

from relm_desktop.domain.enums import GateStatus
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.outline_dialogs import NewReleaseKindDialog
from relm_desktop.gui.pack_dialog import PackDialog
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.gui.views.readiness import ReadinessView
from relm_desktop.gui.views.risk_editor import RiskEditor
from relm_desktop.gui.views.risks import RiskView
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.records import PlanData
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle, view_of
from tests.gui_links.helpers import activate, type_into_cell
from tests.gui_outline.helpers import click_row, keys
from tests.gui_setup.setup_helpers import click, press, settings, tick, type_date, type_text

LEFT = Qt.MouseButton.LeftButton
OK = QDialogButtonBox.StandardButton.Ok
CTRL = Qt.KeyboardModifier.ControlModifier
#: How long a modal answer waits for its dialog (a PDF pack takes a few seconds).
MODAL_WAIT_MS = 60_000
#: How long an answered dialog may take to close.
CLOSE_WAIT_MS = 10_000


# -- reading the plan ------------------------------------------------------------------------
def task_id(data: PlanData, name: str) -> int:
    return next(t.id for t in data.tasks if t.name == name)


def shown_dates(win: MainWindow, ident: int) -> tuple[date, date]:
    """(start, finish) of a task as the timeline shows them."""
    assert win.document is not None and win.document.snapshot is not None
    node = win.document.snapshot.timeline.node(RowKind.TASK, ident)
    assert node is not None and node.start is not None and node.finish is not None
    return node.start, node.finish


# -- pictures for a person to look at -------------------------------------------------------
#: A folder to save the window in, both palettes, at the journey's milestones (off when unset):
#: RELM_JOURNEY_SHOTS=/tmp/shots pytest tests/gui_journey
SHOTS = os.environ.get("RELM_JOURNEY_SHOTS", "")


def shoot(win: MainWindow, name: str) -> None:
    """Save the window as it is now in the light and the dark palette (with SHOTS set)."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for scheme in ("dark", "light"):
        win.actions_by_id[f"relm.view.theme.{scheme}"].trigger()
        for _ in range(5):
            QApplication.processEvents()
        win.grab().save(str(folder / f"journey-{name}-{scheme}.png"))


# -- modal dialogs ---------------------------------------------------------------------------
class ModalAnswer:
    """Waits for a modal dialog of ``kind`` and answers it with ``then``.

    ``then`` returns None when it has answered, or a function to call again a
    moment later (until it returns None) for a dialog that works a while.
    """

    def __init__(self, kind: type[QWidget], then: Callable[[Any], Any]) -> None:
        self.kind = kind
        self.step: Callable[[Any], Any] = then
        self.dialog: QWidget | None = None
        self.error: BaseException | None = None
        self.done = False
        self.waited = self.closing = 0
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if self.dialog is None and not (isinstance(widget, self.kind) and widget.isVisible()):
            self.waited += 20
            if self.waited > MODAL_WAIT_MS:
                self.error = AssertionError(f"no {self.kind.__name__} showed")
                return
            QTimer.singleShot(20, self._poll)
            return
        self.dialog = self.dialog or widget
        try:
            following = self.step(self.dialog)
        except BaseException as exc:  # kept: check() raises it
            self.error = exc
            if isinstance(self.dialog, QDialog) and shiboken6.isValid(self.dialog):
                self.dialog.done(QDialog.DialogCode.Rejected)
            return
        if not self.done:
            self.step = following or self._closed
            QTimer.singleShot(50, self._poll)

    def _closed(self, dialog: QWidget) -> Callable[[QWidget], Any] | None:
        """Answered: the dialog must close, or a step went wrong (then it is rejected)."""
        if shiboken6.isValid(dialog) and dialog.isVisible():  # a static dialog is deleted
            self.closing += 50
            assert self.closing < CLOSE_WAIT_MS, f"{type(dialog).__name__} stayed open"
            return self._closed
        self.done = True
        return None

    def check(self, qtbot: Any) -> None:
        """Wait for the answer to finish; raise what went wrong inside it."""
        qtbot.waitUntil(lambda: self.done or self.error is not None, timeout=MODAL_WAIT_MS)
        if self.error is not None:
            raise self.error


# -- a new plan and its setup ----------------------------------------------------------------
def new_empty_plan(qtbot: Any, win: MainWindow, prompts: ScriptedPrompts, path: Path) -> None:
    """Welcome page ▸ New plan, saved at ``path``; the country question skipped (set later)."""
    prompts.paths.append(path)
    click(qtbot, win.welcome.buttons["new"])
    settle(qtbot, win)
    dialog = win.new_plan_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    skip = dialog.findChild(QWidget, "new-plan-skip")
    assert skip is not None
    click(qtbot, skip)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def set_public_holidays(qtbot: Any, win: MainWindow, country: str) -> None:
    """Plan ▸ Working Time and Holidays…: the country typed into its box, then OK."""
    dialog = settings(qtbot, win, "relm.plan.working_time")
    box = dialog.working_time.country
    box.setFocus()
    qtbot.keyClicks(box, country)
    assert box.currentText().startswith(country)
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, win)


def add_environment(qtbot: Any, win: MainWindow, name: str, *, production: bool) -> None:
    """Plan ▸ Environments…: Add, its name typed, Production ticked, OK."""
    dialog = settings(qtbot, win, "relm.plan.environments")
    page = dialog.environments
    click(qtbot, page.add_button)
    type_text(qtbot, page.editors["name"], name)
    if production:
        flag = page.editors["is_production"]
        assert isinstance(flag, QCheckBox)
        click(qtbot, flag)
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, win)


def add_team(qtbot: Any, win: MainWindow, name: str, contact: str, capacity: int) -> None:
    """Plan ▸ Teams and Suppliers…: an internal team with its contact and capacity."""
    dialog = settings(qtbot, win, "relm.plan.teams")
    page = dialog.teams
    click(qtbot, page.add_button)
    type_text(qtbot, page.editors["name"], name)
    type_text(qtbot, page.editors["contact"], contact)
    type_text(qtbot, page.editors["capacity"], str(capacity))
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, win)


def add_freeze_window(
    qtbot: Any, win: MainWindow, name: str, start: date, finish: date, environment: str
) -> None:
    """Plan ▸ Freeze Windows…: Add, name and dates typed, one environment ticked, OK."""
    dialog = settings(qtbot, win, "relm.plan.freeze_windows")
    page = dialog.freeze_windows
    click(qtbot, page.add_button)
    type_text(qtbot, page.editors["name"], name)
    for field, day in (("start", start), ("finish", finish)):
        editor = page.editors[field]
        assert isinstance(editor, QDateEdit)
        type_date(qtbot, editor, day)
    tick(qtbot, page.editors["environment_ids"], environment)  # type: ignore[arg-type]
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, win)


# -- releases and the outline ----------------------------------------------------------------
def task_menu(qtbot: Any, win: MainWindow, mnemonic: Qt.Key) -> None:
    """Task ▸ an entry: a click on the menu bar's Task, then the entry's letter."""
    activate(qtbot, win)
    bar = win.menuBar()
    title = win.menus["&Task"].menuAction()
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(title).center())
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.title() == "&Task"
    qtbot.keyClick(menu, mnemonic)


def new_release_from_template(
    qtbot: Any, win: MainWindow, template: str, name: str, version: str
) -> None:
    """Task ▸ New Release…: the template clicked in the list, name and version typed, OK."""
    task_menu(qtbot, win, Qt.Key.Key_N)
    qtbot.waitUntil(
        lambda: (
            isinstance(win.outline_dialog, NewReleaseKindDialog) and win.outline_dialog.isVisible()
        ),
        timeout=3000,
    )
    dialog = win.outline_dialog
    assert isinstance(dialog, NewReleaseKindDialog)
    item = dialog.list.findItems(template, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(dialog.list.viewport(), LEFT, pos=dialog.list.visualItemRect(item).center())
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.version, version)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(buttons.button(OK), LEFT)
    settle(qtbot, win)


def insert_task_after(qtbot: Any, win: MainWindow, anchor: int, name: str) -> int:
    """Click the anchor's row, press Insert, type the new task's name into its Name cell."""
    click_row(qtbot, win, (RowKind.TASK, anchor))
    keys(qtbot, win, Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier)
    selected = view_of(win).selected_task_ids()
    assert len(selected) == 1 and selected[0] != anchor
    type_into_cell(qtbot, win, selected[0], Column.NAME, name)
    return selected[0]


def set_environment_in_properties(qtbot: Any, win: MainWindow, ident: int, name: str) -> None:
    """Select the task, then type the environment's name into the Properties panel's box."""
    click_row(qtbot, win, (RowKind.TASK, ident))
    combo = win.properties.environment_combo
    qtbot.waitUntil(combo.isVisible)
    combo.setFocus()
    qtbot.keyClicks(combo, name)  # a closed combo box picks the item typed, and commits
    settle(qtbot, win)


# -- the views -------------------------------------------------------------------------------
def open_tab(qtbot: Any, win: MainWindow, kind: type[QWidget]) -> Any:
    """Click the tab of the view of ``kind``; that view."""
    view = next(v for v in win.views if isinstance(v, kind))
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(win.tabs.indexOf(view)).center())
    qtbot.waitUntil(lambda: win.tabs.currentWidget() is view)
    return view


def add_risk(qtbot: Any, win: MainWindow, title: str, release: str, task: str) -> None:
    """Risks view ▸ Add…: the title typed, the release and task picked by typing, OK."""
    view: RiskView = open_tab(qtbot, win, RiskView)

    def fill(editor: RiskEditor) -> None:
        qtbot.keyClicks(editor.title, title)
        for box, text in ((editor.release, release), (editor.task, task)):
            box.setFocus()
            qtbot.keyClicks(box, text)
            assert box.currentText().startswith(text), box.currentText()
        qtbot.mouseClick(editor.buttons.button(OK), LEFT)

    answer = ModalAnswer(RiskEditor, fill)
    qtbot.mouseClick(view.add_button, LEFT)
    answer.check(qtbot)
    settle(qtbot, win)


def pass_every_gate(qtbot: Any, win: MainWindow) -> ReadinessView:
    """Readiness view: a double-click on each gate's Status, Down (Pending → Passed), Enter."""
    view: ReadinessView = open_tab(qtbot, win, ReadinessView)
    table, model = view.gates.table, view.gates.model
    status = next(k for k, c in enumerate(model.columns) if c.field == "status")
    for row in range(model.rowCount()):
        activate(qtbot, win)  # the risk editor or the last edit's reschedule took it
        index = table.model().index(row, status)
        table.scrollTo(index)
        # A double-click opens the cell's editor (F2 is the window's Rename).
        centre = table.visualRect(index).center()
        qtbot.mouseClick(table.viewport(), LEFT, pos=centre)
        qtbot.mouseDClick(table.viewport(), LEFT, pos=centre)
        qtbot.waitUntil(lambda: table.state() is QAbstractItemView.State.EditingState, timeout=3000)
        # The last row's editor may linger until deleted later: the one shown is this row's.
        editor = next(c for c in table.findChildren(QComboBox) if c.isVisible())
        assert editor.currentText() == "Pending"
        qtbot.keyClick(editor, Qt.Key.Key_Down)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(qtbot, win)
        qtbot.waitUntil(lambda r=row: model.records[r].status is GateStatus.PASSED, timeout=5000)
    return view


# -- exports ---------------------------------------------------------------------------------
def export_excel(qtbot: Any, win: MainWindow, path: Path) -> None:
    """Ctrl+E; the save dialog (opened in the plan's folder) answered with the file's name typed
    and a click on Save. ``path`` must be in the plan's folder."""
    assert win.document is not None and win.document.path is not None
    assert path.parent == win.document.path.parent

    def type_name(dialog: QFileDialog) -> None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(edit, path.name)
        # A completion popup would take the click on Save: the name must match no file.
        assert QApplication.activePopupWidget() is None
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        assert buttons is not None
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None and save.isEnabled()
        qtbot.mouseClick(save, LEFT)

    answer = ModalAnswer(QFileDialog, type_name)
    activate(qtbot, win)
    qtbot.keyClick(win, Qt.Key.Key_E, CTRL)
    answer.check(qtbot)
    qtbot.waitUntil(lambda: win.statusBar().currentMessage() == f"Exported {path}", timeout=30_000)


def export_pack(qtbot: Any, win: MainWindow, release: str, path: Path) -> None:
    """Ctrl+Shift+P; the release picked, the path typed, Export, then Close when written."""

    def fill(dialog: PackDialog) -> Callable[[PackDialog], Any]:
        dialog.scope.setFocus()
        qtbot.keyClicks(dialog.scope, release)
        assert dialog.scope.currentText().startswith(release)
        dialog.path.setFocus()
        qtbot.keyClick(dialog.path, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(dialog.path, str(path))
        qtbot.mouseClick(dialog.export, LEFT)
        return close_when_written

    def close_when_written(dialog: PackDialog) -> Callable[[PackDialog], Any] | None:
        if dialog.busy:
            return close_when_written
        assert dialog.written == path, dialog.status.text()
        qtbot.mouseClick(dialog.close_button, LEFT)
        return None

    answer = ModalAnswer(PackDialog, fill)
    activate(qtbot, win)
    qtbot.keyClick(win, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    answer.check(qtbot)
