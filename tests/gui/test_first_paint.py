"""Opening a plan: the window paints first, then the worker loads the plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from relm_desktop.gui.first_paint import after_first_paint
from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import settle


class PaintLog(QObject):
    def __init__(self, widget: QWidget, log: list[str]) -> None:
        super().__init__(widget)
        self.log = log
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # QObject.eventFilter
        if event.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def test_a_hidden_widget_runs_the_callback_at_once(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_paint(widget, lambda: calls.append("run"))
    assert calls == ["run"]


def test_a_shown_widget_runs_it_once_after_painting(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    log: list[str] = []
    widget.show()
    PaintLog(widget, log)
    after_first_paint(widget, lambda: log.append("run"), wait_ms=5_000)
    assert log == []
    qtbot.waitUntil(lambda: "run" in log, timeout=3_000)
    widget.update()
    qtbot.wait(50)
    assert log[0] == "paint" and log.count("run") == 1


def test_it_runs_after_a_while_even_without_a_paint(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    calls: list[str] = []
    widget.setUpdatesEnabled(False)  # nothing paints
    after_first_paint(widget, lambda: calls.append("run"), wait_ms=50)
    qtbot.waitUntil(lambda: calls == ["run"], timeout=2_000)
    widget.setUpdatesEnabled(True)
    qtbot.wait(50)
    assert calls == ["run"]


def test_opening_a_plan_paints_the_window_before_loading_it(
    qtbot: Any, window: MainWindow, demo_path: Path
) -> None:
    log: list[str] = []
    assert window.open_plan(demo_path)
    document, chart = window.document, window.timeline.chart  # type: ignore[union-attr]
    assert document is not None and not document.is_busy()  # not started yet
    PaintLog(chart.viewport(), log)
    started = document.reschedule

    def reschedule() -> None:
        log.append("load")
        started()

    document.reschedule = reschedule  # type: ignore[method-assign]
    settle(qtbot, window)
    assert log.index("paint") < log.index("load") and log.count("load") == 1
