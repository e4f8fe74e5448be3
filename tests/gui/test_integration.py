"""The main window hosts every view and the History panel; undo and redo reach the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent, QKeySequence

from relm_desktop.domain.enums import ChangeAction
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.history import HistoryFilter, change_log
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle, task_node


def test_all_views_are_tabs(opened: MainWindow) -> None:
    titles = [opened.tabs.tabText(i) for i in range(opened.tabs.count())]
    assert titles == ["Timeline", "Dependencies", "Risks", "Readiness", "Release calendar"]


def test_undo_and_redo_are_logged_and_shown_in_history(qtbot: Any, opened: MainWindow) -> None:
    node = task_node(opened, "Build features")
    document = opened.document
    assert document is not None
    assert document.update("task", node.id, {"duration": 25}, "Change duration")
    settle(qtbot, opened)
    document.undo_stack.undo()
    settle(qtbot, opened)
    document.undo_stack.redo()
    settle(qtbot, opened)
    log = change_log(document.service, HistoryFilter(entity="task", entity_id=node.id))
    actions = [(r.action, r.field, r.new) for r in log[:3]]
    assert actions == [
        (ChangeAction.REDO, "duration", "25"),
        (ChangeAction.UNDO, "duration", "20"),
        (ChangeAction.UPDATE, "duration", "25"),
    ]
    opened.history_dock.raise_()
    opened.select_keys([(RowKind.TASK, node.id)])
    opened.history.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: opened.history.model.rowCount() >= 4)
    assert opened.history.model.index(0, 2).data().startswith("Redo")


def test_dropping_a_returned_workbook_imports_it_as_one_undo_step(
    qtbot: Any, opened: MainWindow, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from relm_desktop.gui.exchange import Interaction
    from relm_desktop.services.excel import export_workbook

    class AcceptAll(Interaction):
        def review(self, parent: Any, preview: Any) -> set[str] | None:
            return {row.key for row in preview.rows}

    document = opened.document
    assert document is not None
    workbook = tmp_path / "returned.xlsx"
    export_workbook(document.service, workbook)
    book = load_workbook(workbook)
    sheet = book["Tasks"]
    header = [c.value for c in sheet[1]]
    name_col = header.index("Name") + 1
    row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, name_col).value == "Build features"
    )
    sheet.cell(row, name_col).value = "Build features (supplier estimate)"
    book.save(workbook)

    opened.exchange_interaction = AcceptAll()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(workbook))])
    opened.dropEvent(
        QDropEvent(
            QPoint(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    settle(qtbot, opened)
    names = {t.name for t in PlanService.open(document.path, readonly=True).load().tasks}
    assert "Build features (supplier estimate)" in names and "Build features" not in names
    document.undo_stack.undo()
    settle(qtbot, opened)
    names = {t.name for t in PlanService.open(document.path, readonly=True).load().tasks}
    assert "Build features" in names


def test_file_menu_offers_exchange_and_pack(opened: MainWindow) -> None:
    file_menu = next(a.menu() for a in opened.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    assert "&Import Excel Workbook…" in texts
    assert "&Export Excel Workbook…" in texts
    assert "Export Release &Pack (PDF)…" in texts


def test_no_two_actions_share_a_shortcut() -> None:
    from relm_desktop.gui.actions import ACTIONS

    seen: dict[str, str] = {}
    for spec in ACTIONS:
        for shortcut in spec.shortcuts:
            key = QKeySequence(shortcut).toString()
            assert key not in seen, f"{shortcut} is on {seen[key]} and {spec.id}"
            seen[key] = spec.id


def test_plan_held_by_another_instance_is_offered_read_only(
    qtbot: Any, window: MainWindow, demo_path: Path, prompts: Any
) -> None:
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys\nfrom pathlib import Path\n"
                "from relm_desktop.services.plan import PlanService\n"
                "s = PlanService.open(Path(sys.argv[1]), lock=True)\n"
                "print('holding', flush=True)\nsys.stdin.readline()\ns.close()\n"
            ),
            str(demo_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        prompts.confirms = [False]
        assert not window.open_plan(demo_path)
        assert window.document is None
        prompts.confirms = [True]
        assert window.open_plan(demo_path)
        settle(qtbot, window)
        assert window.document is not None and window.document.service.store.readonly
        assert "[read-only]" in window.windowTitle()
        import_action = next(
            a for a in window.findChildren(QAction) if a.text() == "&Import Excel Workbook…"
        )
        assert not import_action.isEnabled()
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def test_docks_hide_on_the_welcome_page_and_come_back(
    qtbot: Any, window: MainWindow, demo_path: Path
) -> None:
    docks = [window.portfolio_dock, window.properties_dock, window.problems_dock]
    assert all(d.isHidden() for d in docks)
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    assert not any(d.isHidden() for d in docks)
    window.close_plan()
    assert all(d.isHidden() for d in docks)


def test_a_plan_on_read_only_media_offers_to_open_read_only(
    qtbot: Any, window: MainWindow, demo_path: Path, prompts: Any, monkeypatch: Any
) -> None:
    import errno

    from relm_desktop.store import lock as lock_module

    def read_only_media(self: Any) -> str:
        raise OSError(errno.EROFS, "Read-only file system")

    # What a lock file on read-only media (a CD, a locked share) does when made.
    monkeypatch.setattr(lock_module._LockFile, "take", read_only_media)
    prompts.confirms = [False]
    assert not window.open_plan(demo_path)
    assert window.document is None
    prompts.confirms = [True]
    assert window.open_plan(demo_path)
    settle(qtbot, window)
    assert window.document is not None and window.document.service.store.readonly
    assert "[read-only]" in window.windowTitle()


def test_a_plan_that_cannot_be_read_is_explained_not_shown_empty(
    qtbot: Any, window: MainWindow, demo_path: Path, prompts: Any
) -> None:
    import sqlite3

    con = sqlite3.connect(demo_path)
    with con:  # another tool wrote an enum's name where RELM stores its value
        con.execute(
            "UPDATE task SET constraint_type = 'START_NO_EARLIER_THAN', "
            "constraint_date = '2027-03-01' WHERE id = (SELECT min(id) FROM task)"
        )
    con.close()
    assert window.open_plan(demo_path)  # the file itself is sound: it opens, then fails to read
    qtbot.waitUntil(lambda: window.document is None, timeout=15_000)
    assert len(prompts.errors) == 1, prompts.errors
    message = prompts.errors[0]
    assert message.startswith(f"{demo_path} cannot be shown.")
    assert "constraint_type 'START_NO_EARLIER_THAN'" in message and "relm check" in message
    assert window.stack.currentWidget() is not window.tabs  # back on the welcome page
    # Closed for real: the plan can be opened again once repaired, with no lock left.
    assert PlanService.open(demo_path, lock=True).close() is None
