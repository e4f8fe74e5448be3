"""A window on a server plan shows another person's edits by reading only the rows
their commits named: what it shows then equals the plan read whole."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import copy_location
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
START = date(2027, 1, 4)


@pytest.fixture(scope="module")
def app(qapp: QApplication) -> QApplication:
    return make_application([])


@pytest.fixture
def window(qtbot: Any, app: QApplication, tmp_path: Path, server_url: str) -> Iterator[MainWindow]:
    source = tmp_path / "demo.relm"
    build_demo(source, start=START).close()
    copy_location(source, server_url)
    shown = MainWindow(AppContext.for_file(tmp_path / "window.ini", ScriptedPrompts()))
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.show()
    assert shown.open_server_location(server_url)
    settle(qtbot, shown)
    yield shown
    shown.close_plan()


def test_anothers_edits_are_shown_from_the_rows_they_named(
    qtbot: Any, window: MainWindow, server_url: str
) -> None:
    document = window.document
    assert document is not None and document.snapshot is not None
    statements: list[str] = []
    event.listen(
        document.service.store.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, *_: statements.append(sql),
    )
    task = document.snapshot.data.tasks[2].id
    risk = document.snapshot.data.risks[0].id
    other = PlanService.open(server_url)  # another person, on another computer
    other.load()
    other.update("task", task, {"name": "Renamed by Ann", "duration": 7})
    other.update("risk", risk, {"title": "Vendor late (Ann)"})

    def shown() -> bool:
        snapshot = document.snapshot
        assert snapshot is not None
        names = {t.id: t.name for t in snapshot.data.tasks}
        titles = {r.id: r.title for r in snapshot.data.risks}
        return names[task] == "Renamed by Ann" and titles[risk] == "Vendor late (Ann)"

    qtbot.waitUntil(shown, timeout=5000)
    settle(qtbot, window)
    # Read: the task and the risk with their versions; never the plan whole.
    assert statements and not any("FROM plan_info" in sql for sql in statements)
    snapshot = document.snapshot
    assert snapshot is not None
    whole = other.load()
    other.close()
    assert snapshot.data == whole
    # Rescheduled from what was read: the new duration is in the schedule shown.
    scheduled = snapshot.result.tasks[task]
    assert document.service.schedule(whole)[1].tasks[task] == scheduled
    # And this window may edit the row Ann changed: its version came with it.
    assert document.update("task", task, {"notes": "seen"}, "Notes")
