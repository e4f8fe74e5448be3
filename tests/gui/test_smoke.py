from __future__ import annotations

from typing import Any

from relm_desktop.gui.main_window import MainWindow


def test_opens_demo(opened: MainWindow, qtbot: Any) -> None:
    assert opened.timeline is not None
    timeline = opened.timeline.model.timeline
    assert timeline is not None and len(timeline.roots) == 5
    # The table is flat: every release, phase and task is a row.
    assert opened.timeline.model.rowCount() == len(timeline.nodes)
    assert "demo.relm" in opened.windowTitle()
