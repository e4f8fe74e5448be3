"""Alt+letter opens the menu it names, whatever panel has the focus."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QLabel

from relm_desktop.gui.actions import MENU_ORDER
from relm_desktop.gui.main_window import MainWindow


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text)
    return found.group(1).casefold() if found else None


def test_panel_labels_do_not_take_a_menus_alt_key(qtbot: Any, opened: MainWindow) -> None:
    menus = {_letter(title) for title in MENU_ORDER} - {None}
    assert menus >= {"f", "e", "v", "t", "p", "h"}
    clashes = []
    for dock in opened.docks:
        for label in dock.findChildren(QLabel):
            letter = _letter(label.text())
            if label.buddy() is not None and letter in menus:
                clashes.append(f"{dock.objectName()}: {label.text()!r}")
    assert clashes == []
