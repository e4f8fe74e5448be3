"""Other tools' files dropped on the window import as from File ▸ Import From Other Tools.

The drag events go to the widget under the drop point (the timeline), as a
file manager's drag does, and reach the window through Qt's propagation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.services import formats
from relm_desktop.services.interchange import read_foreign
from relm_desktop.services.plan import PlanService
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle
from tests.gui_interchange.helpers import PreviewAnswer, undo_redo
from tests.interchange.conftest import GAN, MSPDI

K = Qt.Key
COPY = Qt.DropAction.CopyAction
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def names(path: Path) -> list[str]:
    """The task names the plan file holds (opened on its own)."""
    service = PlanService.open(path, readonly=True, source="test")
    try:
        return sorted(t.name for t in service.load().tasks)
    finally:
        service.close()


def drag_and_drop(win: MainWindow, *urls: QUrl) -> bool:
    """Drag ``urls`` over the middle of the window and drop them; whether the enter was taken."""
    point = QPoint(win.width() * 2 // 3, win.height() // 2)
    target = win.childAt(point)
    assert target is not None and target is not win
    local = target.mapFrom(win, point)
    mime = QMimeData()
    mime.setUrls(list(urls))
    enter = QDragEnterEvent(local, COPY, mime, LEFT, NONE)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(target, QDropEvent(QPointF(local), COPY, mime, LEFT, NONE))
    return True


def empty_plan(qtbot: Any, win: MainWindow, tmp_path: Path, start: date) -> Path:
    plan = tmp_path / "empty.relm"
    PlanService.new(plan, name="Empty", start=start, source="test").close()
    assert win.open_plan(plan)
    settle(qtbot, win)
    return plan


def german_csv(path: Path) -> Path:
    """A CSV as Excel writes it in a German locale: semicolons, cp1252, row predecessors."""
    path.write_bytes(
        "Aufgabe;Dauer;Vorgänger\r\nAnalyse;3;\r\nBau;5;1\r\nAbnahme;2;2\r\n".encode("cp1252")
    )
    return path


@pytest.mark.parametrize(
    ("source", "start"),
    [
        (MSPDI / "mpxj__task-links-project2019-mspdi.xml", date(2018, 10, 1)),
        (GAN / "ts-ganttproject-parser__task-with-dependencies.gan", date(2024, 1, 1)),
        (None, date(2024, 1, 1)),
    ],
    ids=["xml", "gan", "csv"],
)
def test_a_dropped_file_goes_through_the_merge_preview_and_undoes(
    qtbot: Any, window: MainWindow, tmp_path: Path, source: Path | None, start: date
) -> None:
    plan = empty_plan(qtbot, window, tmp_path, start)
    path = source or german_csv(tmp_path / "export_de.csv")
    expected = sorted(r.label for r in read_foreign(path).parsed.rows["task"])
    assert expected
    answer = PreviewAnswer(qtbot)

    assert drag_and_drop(window, QUrl.fromLocalFile(str(path)))
    assert window.document is not None
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=10000)
    assert answer.seen and sum(r.startswith("add: task") for r in answer.rows) == len(expected)
    assert names(plan) == expected
    assert window.document.undo_stack.undoText() == f"Import {path.name}"
    undo_redo(qtbot, window, K.Key_Z)
    assert names(plan) == []
    undo_redo(qtbot, window, K.Key_Y)
    assert names(plan) == expected


def test_an_unknown_extension_is_refused_with_what_is_supported(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    plan = empty_plan(qtbot, window, tmp_path, date(2024, 1, 1))
    notes = tmp_path / "minutes.docx"
    notes.write_bytes(b"PK\x03\x04 not a schedule")

    assert drag_and_drop(window, QUrl.fromLocalFile(str(notes)))
    assert len(prompts.errors) == 1
    message = prompts.errors[0]
    assert "minutes.docx" in message and "cannot import .docx" in message
    assert all(ext in message for ext in [*formats.importable(), ".relm"])
    assert window.document is not None and window.document.undo_stack.count() == 0
    assert names(plan) == []

    # A link that is no local file is not taken at all.
    assert not drag_and_drop(window, QUrl("https://example.org/plan.xml"))
    assert len(prompts.errors) == 1


def test_a_file_dropped_before_any_plan_is_open_says_to_open_one(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts
) -> None:
    assert window.document is None
    gan = GAN / "ts-ganttproject-parser__milestone-task.gan"
    assert drag_and_drop(window, QUrl.fromLocalFile(str(gan)))
    assert prompts.errors == [f"Open a plan first, then drop {gan.name} on it to import it."]
