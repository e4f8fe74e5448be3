"""The portfolio panel shows release names whole when it can, elided with their version
kept when it cannot, the whole name in a tooltip, and dates never clipped."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QStyleOptionViewItem, QToolTip

from relm_desktop.gui.docks.portfolio import NAME_ROLE, elided_name
from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import settle


def _shown_names(win: MainWindow) -> list[tuple[str, str, str]]:
    """(full name, version, text drawn) of every row, as the name delegate draws it."""
    table = win.portfolio.table
    rows = []
    for row in range(table.model().rowCount()):
        index = table.model().index(row, 0)
        name, version = index.data(NAME_ROLE)
        option = QStyleOptionViewItem()
        option.initFrom(table)
        option.rect = table.visualRect(index)
        option.widget = table
        text = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
        shown = elided_name(name, version, table.fontMetrics(), text.width() - 6)
        drawn = f"{shown[0]} {shown[1]}"
        assert table.fontMetrics().horizontalAdvance(drawn) <= text.width() - 6, drawn  # fits
        rows.append((name, version, drawn))
    return rows


def _tooltip_at(win: MainWindow, row: int) -> str:
    table = win.portfolio.table
    pos = table.visualRect(table.model().index(row, 0)).center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, table.viewport().mapToGlobal(pos))
    QApplication.sendEvent(table.viewport(), event)
    return QToolTip.text()


def _dock_width(qtbot: Any, win: MainWindow, width: int) -> None:
    win.resizeDocks([win.portfolio_dock], [width], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(win.portfolio_dock.width() - width) < 30)
    QApplication.processEvents()


def test_names_are_whole_in_the_default_panel(qtbot: Any, small: MainWindow) -> None:
    table = small.portfolio.table
    assert table.isColumnHidden(1)  # the status gave its room to the names
    for name, version, shown in _shown_names(small):
        assert shown == f"{name} {version}"


def _rename_first_release(qtbot: Any, win: MainWindow, name: str) -> None:
    """Rename the first release in the Properties panel, typing as a user does."""
    table = win.portfolio.table
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(0, 0)).center(),
    )
    edit = win.properties.release_form.findChild(QLineEdit, "nameEdit")
    qtbot.waitUntil(lambda: edit.isVisible())
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, name)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle(qtbot, win)


def test_a_long_name_is_elided_but_keeps_its_version(qtbot: Any, small: MainWindow) -> None:
    long = "Customer Self-Service Portal Modernisation Programme"
    _rename_first_release(qtbot, small, long)
    rows = _shown_names(small)
    elided = [(n, v, s) for n, v, s in rows if "…" in s]
    assert [n for n, _, _ in elided] == [long], rows
    for name, version, shown in elided:
        assert shown.endswith(f"… {version}")
        assert name.startswith(shown.split("…")[0])
    row = next(r for r, (n, _, s) in enumerate(rows) if "…" in s)
    tip = _tooltip_at(small, row)
    assert tip.splitlines()[0] == f"{long} {rows[row][1]}"
    # Undone, the short name is whole again.
    qtbot.keyClick(small, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, small)
    assert all("…" not in shown for _, _, shown in _shown_names(small))


def test_a_wide_panel_shows_status_and_whole_dates(qtbot: Any, small: MainWindow) -> None:
    _dock_width(qtbot, small, 480)
    table = small.portfolio.table
    assert not table.isColumnHidden(1)
    for column in (1, 2, 3):
        assert table.columnWidth(column) >= table.sizeHintForColumn(column)
    for name, version, shown in _shown_names(small):
        assert shown == f"{name} {version}"
    _dock_width(qtbot, small, 300)
    assert table.isColumnHidden(1)
