from __future__ import annotations

from typing import Any

from relm_desktop.gui.main_window import MainWindow


def test_opens_demo(opened: MainWindow, qtbot: Any) -> None:
    assert opened.timeline is not None
    assert opened.timeline.model.rowCount() == 5
    assert "demo.relm" in opened.windowTitle()
