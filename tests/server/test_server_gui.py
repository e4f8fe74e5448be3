"""The app on a server plan: open it from the File menu, see another window's edits
within 2 s, a stale edit refused and reloaded, an offline copy synced with its
conflict picked in the Problems panel; each edit undone and redone per window.
A sync runs on a worker thread: held up by the server, it leaves the window
responsive, with its busy indicator showing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.server_dialogs import OpenServerDialog
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import copy_location
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle
from tests.server.cluster import Cluster

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
START = date(2027, 1, 4)


@pytest.fixture(scope="module")
def app(qapp: QApplication) -> QApplication:
    return make_application([])


@pytest.fixture
def published(tmp_path: Path, server_url: str) -> str:
    source = tmp_path / "demo.relm"
    build_demo(source, start=START).close()
    copy_location(source, server_url)
    return server_url


def make_window(qtbot: Any, tmp_path: Path, name: str) -> tuple[MainWindow, ScriptedPrompts]:
    prompts = ScriptedPrompts()
    window = MainWindow(AppContext.for_file(tmp_path / f"{name}.ini", prompts))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    return window, prompts


@pytest.fixture
def windows(qtbot: Any, app: QApplication, tmp_path: Path) -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for window in made:
        window.close_plan()


def key(
    qtbot: Any,
    window: MainWindow,
    which: Qt.Key,
    mods: Any = Qt.KeyboardModifier.NoModifier,
    dialog: Callable[[], None] | None = None,
) -> None:
    """A key pressed in ``window``, made the active one first (two windows are open)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    if dialog is not None:  # answered once the key has opened it (it is modal)
        QTimer.singleShot(0, dialog)
    qtbot.keyClick(window, which, mods)


def open_from_menu(qtbot: Any, window: MainWindow, url: str) -> None:
    """Ctrl+Alt+O, type the URL into the dialog, press Enter."""

    def fill() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, OpenServerDialog))
        qtbot.keyClicks(dialog.url, url)
        qtbot.keyClick(dialog.url, Qt.Key.Key_Return)

    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    key(qtbot, window, Qt.Key.Key_O, ctrl_alt, dialog=fill)
    settle(qtbot, window)


def names(window: MainWindow) -> dict[int, str]:
    assert window.document is not None and window.document.snapshot is not None
    return {t.id: t.name for t in window.document.snapshot.data.tasks}


def test_two_windows_see_each_others_edits_and_undo_their_own(
    qtbot: Any, tmp_path: Path, published: str, windows: list[MainWindow]
) -> None:
    first, first_prompts = make_window(qtbot, tmp_path, "first")
    second, _ = make_window(qtbot, tmp_path, "second")
    windows.extend([first, second])
    open_from_menu(qtbot, first, published)
    open_from_menu(qtbot, second, published)
    assert first.document is not None and second.document is not None
    task = min(names(first))
    old = names(first)[task]
    # Recent plans keep the URL (no password) and reopen it.
    assert str(first.context.recent_files()[0]).endswith(published.split("//", 1)[1])

    assert first.document.update("task", task, {"name": "Shared edit"}, "Rename")
    qtbot.waitUntil(lambda: names(second)[task] == "Shared edit", timeout=2000)
    assert first.document.undo_stack.count() == 1
    assert second.document.undo_stack.count() == 0  # undo stays per window

    key(qtbot, first, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: names(second)[task] == old, timeout=2000)
    key(qtbot, first, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: names(second)[task] == "Shared edit", timeout=2000)

    # A third person changes the row; before the second window has heard of it, its
    # own edit of that row is refused naming who, and it reloads instead of overwriting.
    other = PlanService.open(published)
    other.load()
    other.update("task", task, {"name": "Third person"})
    other.close()
    failures: list[str] = []
    second.document.failed.connect(failures.append)
    assert not second.document.update("task", task, {"name": "Second window"}, "Rename")
    assert failures and "was changed by" in failures[0]
    qtbot.waitUntil(lambda: names(second)[task] == "Third person", timeout=2000)
    check = PlanService.open(published)
    try:
        assert {t.id: t.name for t in check.load().tasks}[task] == "Third person"
    finally:
        check.close()
    assert first_prompts.errors == []


def test_offline_copy_sync_and_a_conflict_picked_in_the_problems_panel(
    qtbot: Any, tmp_path: Path, published: str, windows: list[MainWindow]
) -> None:
    window, prompts = make_window(qtbot, tmp_path, "train")
    windows.append(window)
    open_from_menu(qtbot, window, published)
    copy = tmp_path / "train.relm"
    prompts.paths.append(copy)
    window.actions_by_id["relm.file.offline_copy"].trigger()
    assert copy.exists()
    assert window.open_plan(copy)
    settle(qtbot, window)
    assert window.document is not None
    task = min(names(window))
    assert window.document.update("task", task, {"notes": "mine"}, "Notes")
    server = PlanService.open(published)
    server.load()
    server.update("task", task, {"notes": "theirs"})
    server.close()

    key(qtbot, window, Qt.Key.Key_F9)  # File ▸ Sync, on a worker thread
    qtbot.waitUntil(lambda: not window.is_syncing(), timeout=30_000)
    settle(qtbot, window)
    panel = window._conflicts
    assert panel is not None and panel.isVisible()
    assert panel.table.rowCount() == 1
    cells = [panel.table.item(0, column) for column in (2, 3)]
    assert [cell.text() if cell else None for cell in cells] == ["theirs", "mine"]
    assert window.document.snapshot is not None
    notes = {t.id: t.notes for t in window.document.snapshot.data.tasks}
    assert notes[task] == "theirs"  # the server's value stands

    qtbot.mouseClick(panel.keep_mine, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert panel.table.rowCount() == 0 and not panel.isVisible()
    reopened = PlanService.open(copy)
    try:
        assert {t.id: t.notes for t in reopened.load().tasks}[task] == "mine"
    finally:
        reopened.close()
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert panel.table.rowCount() == 1
    key(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert panel.table.rowCount() == 0

    key(qtbot, window, Qt.Key.Key_F9)  # the kept value goes up
    qtbot.waitUntil(lambda: not window.is_syncing(), timeout=30_000)
    settle(qtbot, window)
    server = PlanService.open(published)
    try:
        assert {t.id: t.notes for t in server.load().tasks}[task] == "mine"
    finally:
        server.close()


def test_a_sync_held_up_by_the_server_leaves_the_window_responsive(
    qtbot: Any,
    tmp_path: Path,
    cluster: Cluster,
    published: str,
    windows: list[MainWindow],
    app: QApplication,
) -> None:
    window, prompts = make_window(qtbot, tmp_path, "slow")
    windows.append(window)
    copy = tmp_path / "train.relm"
    copy_location(published, copy)
    assert window.open_plan(copy)
    settle(qtbot, window)
    assert window.document is not None
    task = min(names(window))
    assert window.document.update("task", task, {"notes": "mine"}, "Notes")
    server = PlanService.open(published)
    server.load()
    server.update("task", task, {"notes": "theirs"})
    server.close()

    # Another session holds the change log: the sync waits on the server until it
    # lets go (the database's lock_timeout ends a sync that never gets to run).
    database = published.split("?")[0].rsplit("/", 1)[-1]
    cluster.admin(f"ALTER DATABASE \"{database}\" SET lock_timeout = '30s'")
    blocker = psycopg.connect(
        host=str(cluster.socket_dir), port=cluster.port, user="postgres", dbname=database
    )
    blocker.execute("LOCK TABLE change_record IN ACCESS EXCLUSIVE MODE")
    seen: list[bool] = []  # one entry per tick of a GUI-thread timer: was a sync running?

    def tick() -> None:
        assert QThread.currentThread() is app.thread()
        seen.append(window.is_syncing())
        if seen.count(True) == 10 and not blocker.closed:
            blocker.rollback()  # the server lets the sync go on
            blocker.close()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    try:
        key(qtbot, window, Qt.Key.Key_F9)  # File ▸ Sync
        indicator = window._sync_indicator
        assert indicator is not None and indicator.isVisible()
        assert indicator.label.text() == "Syncing train.relm with its server…"
        assert published.split("?")[0] in indicator.toolTip()
        qtbot.waitUntil(lambda: seen.count(True) >= 10, timeout=30_000)
        qtbot.waitUntil(lambda: not window.is_syncing(), timeout=30_000)
    finally:
        timer.stop()
        if not blocker.closed:
            blocker.close()
    settle(qtbot, window)
    assert not indicator.isVisible()
    assert prompts.errors == []
    panel = window._conflicts
    assert panel is not None and panel.isVisible()
    cells = [panel.table.item(0, column) for column in (2, 3)]
    assert [cell.text() if cell else None for cell in cells] == ["theirs", "mine"]
    assert window.document is not None and window.document.path == copy
