"""One date format across the app, the user's locale's: shown and typed the same everywhere."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QPushButton

from relm_desktop.domain.enums import ConstraintType
from relm_desktop.gui import dates
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.gui.views.risk_editor import RiskEditor
from relm_desktop.gui.views.risks import RiskView
from tests.gui.gui_helpers import read_task, settle, task_node, view_of
from tests.gui_rough.conftest import open_window


def _us(day: date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


#: How each locale writes a date (the short format, with four-digit years).
WRITTEN = {
    "en_US": _us,
    "de_DE": lambda day: f"{day:%d.%m.%Y}",
    "en_GB": lambda day: f"{day:%d/%m/%Y}",
}
LOCALES = pytest.mark.parametrize("locale_name", list(WRITTEN), indirect=True)


@pytest.fixture
def localized(qtbot: Any, locale_name: str, app: Any, context: AppContext, demo_path: Any) -> Any:
    win = open_window(qtbot, context, demo_path, (1500, 900))
    yield win
    win.close_plan()


def _open_start_editor(qtbot: Any, win: MainWindow, name: str) -> QDateEdit:
    view = view_of(win)
    node = task_node(win, name, "Customer")
    view.select_keys([node.key])
    index = view.model.index_of(node.key, Column.START)
    tree = view.tree
    tree.scrollTo(index)
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: tree.findChild(QDateEdit) is not None)
    editor = tree.findChild(QDateEdit)
    assert editor is not None
    qtbot.waitUntil(editor.isVisible)
    return editor


@LOCALES
def test_table_properties_and_a_dialog_show_one_format(
    qtbot: Any, locale_name: str, localized: MainWindow
) -> None:
    write = WRITTEN[locale_name]
    win = localized
    node = task_node(win, "Hypercare", "Customer")
    assert node.start is not None
    model = view_of(win).model
    assert model.index_of(node.key, Column.START).data() == write(node.start)
    assert model.index_of(node.key, Column.FINISH).data() == write(node.finish)
    # Properties: the release's target go-live, in the same format.
    data = win.document.snapshot.data  # type: ignore[union-attr]
    release = next(r for r in data.releases if r.name.startswith("Customer"))
    table = win.portfolio.table
    row = next(
        r for r in range(table.model().rowCount())
        if str(table.model().index(r, 0).data()).startswith("Customer")
    )  # fmt: skip
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(row, 0)).center(),
    )  # fmt: skip
    target = win.properties.release_form.findChild(QDateEdit, "targetDate")
    qtbot.waitUntil(target.isVisible)
    assert release.target_golive is not None
    assert target.text() == write(release.target_golive)
    # A dialog: the risk editor, opened with Edit… on a risk with a review date.
    bar = win.tabs.tabBar()
    tab = next(i for i in range(bar.count()) if bar.tabText(i) == "Risks")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
    view = win.tabs.currentWidget()
    assert isinstance(view, RiskView)
    risk_row = next(
        r for r in range(view.proxy.rowCount())
        if view.model.record(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).review_date
    )  # fmt: skip
    cell = view.table.visualRect(view.proxy.index(risk_row, 0)).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    edit_button = view.findChildren(QPushButton)
    qtbot.mouseClick(next(b for b in edit_button if b.text() == "Edit…"), Qt.MouseButton.LeftButton)
    editor = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RiskEditor))
    qtbot.waitUntil(editor.isVisible)
    assert editor.risk is not None and editor.risk.review_date is not None
    assert editor.review.text() == write(editor.risk.review_date)
    # …and the register's Review column says the same.
    review_col = next(
        c for c in range(view.proxy.columnCount())
        if view.proxy.headerData(c, Qt.Orientation.Horizontal) == "Review"
    )  # fmt: skip
    assert view.proxy.index(risk_row, review_col).data() == write(editor.risk.review_date)
    editor.reject()


@LOCALES
def test_typing_a_date_in_the_locale_format_into_start(
    qtbot: Any, locale_name: str, localized: MainWindow, demo_path: Any
) -> None:
    win = localized
    node = task_node(win, "Hypercare", "Customer")
    assert node.start is not None and read_task(demo_path, node.id).constraint_type is None
    day = node.start + timedelta(days=14)
    editor = _open_start_editor(qtbot, win, "Hypercare")
    assert editor.displayFormat() == dates.display_format()
    # Typed from the first section on, as after clicking into the editor's start.
    editor.setSelectedSection(editor.sectionAt(0))
    qtbot.keyClicks(editor, WRITTEN[locale_name](day))
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_Return)
    stack = win.document.undo_stack  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: stack.count() == 1)
    settle(qtbot, win)
    stored = read_task(demo_path, node.id)
    assert stored.constraint_type is ConstraintType.START_NO_EARLIER_THAN
    assert stored.constraint_date == day
    assert task_node(win, "Hypercare", "Customer").start == day
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert read_task(demo_path, node.id).constraint_type is None
    qtbot.keyClick(win, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, win)
    assert read_task(demo_path, node.id).constraint_date == day


@LOCALES
def test_the_parser_takes_the_locale_iso_and_the_old_table_format(locale_name: str) -> None:
    day = date(2027, 1, 5)
    assert dates.format_date(day) == WRITTEN[locale_name](day)
    assert dates.parse_date(WRITTEN[locale_name](day)) == day
    assert dates.parse_date(" 2027-01-05 ") == day
    assert dates.parse_date("5 Jan 2027") == day
    assert dates.parse_date("5 Jan 27") == day  # what the table showed before
    short = QLocale().toString(
        QLocale().toDate("2027-01-05", "yyyy-MM-dd"), QLocale.FormatType.ShortFormat
    )
    assert dates.parse_date(short) == day  # a two-digit year is this century's
    with pytest.raises(ValueError, match=r"'soon' is not a date \(use "):
        dates.parse_date("soon")


def test_the_c_locale_shows_iso_dates() -> None:
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    dates.use_locale()
    try:
        assert dates.display_format() == "yyyy-MM-dd"
        assert dates.format_date(date(2027, 1, 5)) == "2027-01-05"
    finally:
        QLocale.setDefault(before)
        dates.use_locale()


def test_each_date_is_formatted_once() -> None:
    day = date(2031, 7, 9)
    assert dates.format_date(day) is dates.format_date(day)  # kept, not made again
    assert dates.format_date(None) == ""
