"""A release past its target go-live: negative float and critical in the app (issue #20 item 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from tests.gui.gui_helpers import bar_point, settle, view_of


def test_a_late_release_shows_negative_float_in_properties_and_the_float_column(
    qtbot: Any, window: MainWindow, demo_path: Path
) -> None:
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    assert window.document is not None and window.document.snapshot is not None
    snapshot = window.document.snapshot
    late = [
        r
        for r in snapshot.data.releases
        if r.target_golive and snapshot.result.release_golive[r.id] > r.target_golive
    ]
    assert late, "the demo has a release past its target"
    release = late[0]
    golive = next(t for t in snapshot.data.tasks if t.release_id == release.id and t.is_golive)
    node = next(n for n in snapshot.timeline.nodes if n.id == golive.id and n.task is not None)
    assert node.total_float is not None and node.total_float < 0 and node.critical
    # Click its bar: the Properties panel says how late, the same number.
    point = bar_point(window, node)
    view = view_of(window)
    qtbot.mouseClick(view.chart.viewport(), Qt.MouseButton.LeftButton, pos=point)
    label = window.properties.findChild(QLabel, "scheduleLabel")
    assert label is not None
    qtbot.waitUntil(lambda: "Total float" in label.text())
    assert f"Total float −{-node.total_float} d" in label.text()
    assert "late against the target" in label.text()
    # The float column shows the same negative number.
    index = view.model.index_of(node.key, int(Column.TOTAL_FLOAT))
    assert index.isValid()
    assert index.data() == f"{node.total_float}d"
