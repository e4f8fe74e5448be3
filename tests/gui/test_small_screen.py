"""A 1280×720 screen holds the whole window, whichever view or page is shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from relm_desktop.gui.main_window import MainWindow


def test_every_view_fits_a_1280_by_720_window(qtbot: Any, opened: MainWindow) -> None:
    opened.resize(1280, 720)
    for index in range(opened.tabs.count()):
        opened.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        hint = opened.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, opened.tabs.tabText(index)
        assert (opened.width(), opened.height()) == (1280, 720), opened.tabs.tabText(index)


def test_the_hidden_welcome_page_does_not_size_the_window(qtbot: Any, opened: MainWindow) -> None:
    assert opened.stack.currentWidget() is not opened.welcome
    assert opened.stack.minimumSizeHint().height() < opened.welcome.minimumSizeHint().height()
