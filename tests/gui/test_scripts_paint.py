"""Task names in any script in the app: typed into the Task cell, saved, drawn with real glyphs.

Qt finds fonts for CJK, Hebrew, Arabic and emoji through fontconfig; the test
checks that every character of each name resolves to a real glyph (not the
empty box) in the table's font, and that the name cell is painted with ink.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QInputMethodEvent, QTextLayout
from PySide6.QtWidgets import QApplication, QLineEdit

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.pack_dialog import PackDialog
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import read_task, settle, task_node, view_of

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
NAMES = ("发布计划 迁移", "リリース準備", "한국어 배포", "בדיקת מערכת", "إطلاق النظام", "🚀 Launch")


def missing_glyphs(text: str, win: MainWindow) -> list[str]:
    """Characters of ``text`` Qt draws as the .notdef box in the table's font."""
    layout = QTextLayout(text, view_of(win).tree.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    bad = [i for run in layout.glyphRuns() for i in run.glyphIndexes() if i == 0]
    return [text] if bad else []


def ink(win: MainWindow, ident: int) -> int:
    """Pixels in the Task cell that differ from its background."""
    view = view_of(win)
    tree = view.tree
    index = view.model.index_of((RowKind.TASK, ident), int(Column.NAME))
    tree.scrollTo(index)
    QApplication.processEvents()
    image = tree.viewport().grab(tree.visualRect(index)).toImage()
    back = QColor(image.pixel(1, 1))
    return sum(
        QColor(image.pixel(x, y)).lightness() < back.lightness() - 60
        for y in range(image.height())
        for x in range(image.width())
    )


def rename(qtbot: Any, win: MainWindow, ident: int, text: str) -> None:
    view = view_of(win)
    tree = view.tree
    index = view.model.index_of((RowKind.TASK, ident), int(Column.NAME))
    tree.scrollTo(index)
    if tree.currentIndex() != index:  # a click on the current cell would open the editor itself
        qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    # CJK, Hebrew, Arabic and emoji arrive from an input method as a commit
    # string (QTest's key clicks know only ASCII keys)
    typed = QInputMethodEvent()
    typed.setCommitString(text)
    QApplication.sendEvent(editor, typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible(), timeout=3000)
    settle(qtbot, win)


def test_names_in_any_script_are_typed_saved_and_drawn(
    qtbot: Any, opened: MainWindow, demo_path: Path
) -> None:
    assert opened.document is not None
    task = task_node(opened, "Publish release plan")
    old = task.name
    for name in NAMES:
        rename(qtbot, opened, task.id, name)
        assert read_task(demo_path, task.id).name == name
        assert view_of(opened).model.index_of(task.key, int(Column.NAME)).data() == name
        assert missing_glyphs(name, opened) == []
        assert ink(opened, task.id) > 40
    qtbot.keyClick(opened, Qt.Key.Key_Z, CTRL)
    settle(qtbot, opened)
    assert read_task(demo_path, task.id).name == NAMES[-2]
    qtbot.keyClick(opened, Qt.Key.Key_Y, CTRL)
    settle(qtbot, opened)
    assert read_task(demo_path, task.id).name == NAMES[-1]
    assert old not in NAMES


def test_export_dialog_warns_naming_text_no_font_draws(
    qtbot: Any, demo_path: Path, tmp_path: Path
) -> None:
    service = PlanService.open(demo_path, source="test")
    try:
        task = service.load().tasks[0]
        service.update("task", task.id, {"name": "Odd \U000f0001 task"})  # private use: no font
        dialog = PackDialog(service)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.path.setText(str(tmp_path / "pack.pdf"))
        qtbot.mouseClick(dialog.export, LEFT)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
        status = dialog.status.text()
        assert "Open it now?" in status
        assert "Warning: cannot draw U+F0001 in “Odd \U000f0001 task”" in status
    finally:
        service.close()
