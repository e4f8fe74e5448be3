"""Choosing the task table's columns: the header's menu, View ▸ Columns…, kept per user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.columns import DEFAULT_SHOWN, SETTINGS_KEY, ColumnLayout
from relm_desktop.gui.timeline.tree_model import Column
from tests.gui.gui_helpers import settle, view_of
from tests.gui_columns.helpers import (
    LEFT,
    chooser_row,
    click_chooser_row,
    click_menu_item,
    header_menu,
    menu_action,
    open_chooser_from_view_menu,
    shown_columns,
    toggle_from_header,
)


def test_a_new_user_sees_the_default_columns_and_constraint_is_optional(
    opened: MainWindow,
) -> None:
    assert shown_columns(opened) == list(DEFAULT_SHOWN)
    assert Column.CONSTRAINT not in shown_columns(opened)


def test_the_header_menu_shows_and_hides_a_column(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened)
    menu = header_menu(qtbot, opened)
    assert menu_action(menu, "WBS").isCheckable()
    assert not menu_action(menu, "WBS").isChecked()
    assert menu_action(menu, "Task").isChecked() and not menu_action(menu, "Task").isEnabled()
    assert menu_action(menu, "Column Chooser…") and menu_action(menu, "Reset Columns")
    before = view.splitter.sizes()[0]
    click_menu_item(qtbot, menu, "Total float")
    assert shown_columns(opened)[-1] is Column.TOTAL_FLOAT
    # The table's side of the splitter grew by the new column.
    assert view.splitter.sizes()[0] == view.table_width() > before
    menu = header_menu(qtbot, opened)
    assert menu_action(menu, "Total float").isChecked()
    click_menu_item(qtbot, menu, "Team")
    assert Column.TEAM not in shown_columns(opened)
    saved = ColumnLayout.from_text(str(opened.context.settings.value(SETTINGS_KEY)))
    assert saved is not None and saved.shown == tuple(shown_columns(opened))


def test_the_chooser_ticks_and_orders_columns_and_they_come_back_after_a_restart(
    qtbot: Any, opened: MainWindow, demo_path: Path, context: AppContext
) -> None:
    dialog = open_chooser_from_view_menu(qtbot, opened)
    assert [dialog.column_at(r) for r in range(2)] == [Column.ID, Column.NAME]
    # Tick Environment and Notes with the keyboard (Space on the selected line).
    for column in (Column.ENVIRONMENT, Column.NOTES):
        click_chooser_row(qtbot, dialog, column)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    # Environment up above the dates: three Move Ups from below Team.
    click_chooser_row(qtbot, dialog, Column.ENVIRONMENT)
    start = chooser_row(dialog, Column.ENVIRONMENT)
    for _ in range(start - chooser_row(dialog, Column.START)):
        qtbot.mouseClick(dialog.up, LEFT)
    # The fixed columns stay where they are: nothing moves above them.
    click_chooser_row(qtbot, dialog, Column.DURATION)
    assert not dialog.up.isEnabled()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, LEFT)
    expected = [
        Column.ID,
        Column.NAME,
        Column.DURATION,
        Column.ENVIRONMENT,
        Column.START,
        Column.FINISH,
        Column.PERCENT,
        Column.TEAM,
        Column.NOTES,
    ]
    assert shown_columns(opened) == expected
    # A width the user drags is remembered too.
    header = view_of(opened).tree.horizontalHeader()
    notes = int(Column.NOTES)
    before = header.sectionSize(notes)
    edge = header.sectionViewportPosition(notes) + before - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), LEFT, pos=QPoint(edge, y))
    qtbot.mouseMove(header.viewport(), QPoint(edge + 40, y))
    qtbot.mouseRelease(header.viewport(), LEFT, pos=QPoint(edge + 40, y))
    width = header.sectionSize(notes)
    assert width == before + 40

    # Close the app; a new window with the same settings opens the plan as it was left.
    opened.close()
    again = MainWindow(context)
    qtbot.addWidget(again)
    again.resize(1500, 900)
    again.show()
    try:
        assert again.open_plan(demo_path)
        settle(qtbot, again)
        assert shown_columns(again) == expected
        assert view_of(again).tree.horizontalHeader().sectionSize(notes) == width
    finally:
        again.close_plan()


def test_reset_columns_and_reset_layout_bring_the_defaults_back(
    qtbot: Any, opened: MainWindow
) -> None:
    toggle_from_header(qtbot, opened, Column.SLIP)
    assert Column.SLIP in shown_columns(opened)
    click_menu_item(qtbot, header_menu(qtbot, opened), "Reset Columns")
    assert shown_columns(opened) == list(DEFAULT_SHOWN)
    assert opened.context.settings.value(SETTINGS_KEY) is None

    toggle_from_header(qtbot, opened, Column.BASELINE_START)
    assert opened.context.settings.value(SETTINGS_KEY) is not None
    opened.actions_by_id["relm.view.reset_layout"].trigger()
    assert shown_columns(opened) == list(DEFAULT_SHOWN)
    assert opened.context.settings.value(SETTINGS_KEY) is None
    view = view_of(opened)
    assert view.splitter.sizes()[0] == view.table_width()


def test_a_saved_layout_survives_unknown_and_missing_names() -> None:
    text = '{"shown": ["NAME", "NO_SUCH", "SLIP", "SLIP"], "widths": {"SLIP": 90, "X": 5}}'
    layout = ColumnLayout.from_text(text)
    assert layout is not None
    assert layout.shown == (Column.ID, Column.NAME, Column.SLIP)
    assert dict(layout.widths) == {Column.SLIP: 90}
    assert ColumnLayout.from_text("not json") is None
    assert ColumnLayout.from_text('{"shown": 3}') is None
