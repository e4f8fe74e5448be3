"""Environments, teams and stakeholders in Plan Settings; deleting what is in use.

Removing a used environment names what uses it and offers "Clear Uses and
Delete"; the Apply then clears those uses and deletes in one undo step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from relm_desktop.gui.main_window import MainWindow
from tests.gui.gui_helpers import settle, task_node, view_of
from tests.gui_setup.setup_helpers import (
    answer_message_box,
    audit_rows,
    click,
    click_row,
    press,
    read_plan,
    settings,
    shortcut,
    type_text,
)

OK = QDialogButtonBox.StandardButton.Ok


def environment_of(path: Path, task: int) -> int | None:
    found: int | None = next(t for t in read_plan(path).tasks if t.id == task).environment_id
    return found


def test_deleting_a_used_environment_clears_its_uses_in_one_undo_step(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.environments")
    page = dialog.environments
    click_row(qtbot, page.table, 0)
    assert page.model.rows[page.current()]["name"] == "Production"
    seen: list[str] = []
    answer_message_box("Clear Uses and Delete", seen)
    click(qtbot, page.remove_button)
    assert seen == [
        "Environment 'Production' is still in use.\nUsed by 1 task (Deploy to prod).\n\n"
        "Clearing takes it off each of them, in the same step as the delete; "
        "Undo puts everything back."
    ]
    assert [row["name"] for row in page.model.rows] == ["Staging"]
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, deploying)
    stored = read_plan(deployment_path)
    assert [e.name for e in stored.environments] == ["Staging"]
    assert [t.environment_id for t in stored.tasks] == [None, None]
    assert ("update", "gui", "environment_id", "1", None) in audit_rows(deployment_path, "task")
    assert ("delete", "gui", "", None, None) in audit_rows(deployment_path, "environment")

    shortcut(qtbot, deploying, Qt.Key.Key_Z)
    stored = read_plan(deployment_path)
    assert [e.name for e in stored.environments] == ["Production", "Staging"]
    assert [t.environment_id for t in stored.tasks] == [None, 1]
    shortcut(qtbot, deploying, Qt.Key.Key_Y)
    assert [e.name for e in read_plan(deployment_path).environments] == ["Staging"]


def test_cancelling_the_uses_question_keeps_the_environment(
    qtbot: Any, deploying: MainWindow
) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.environments")
    page = dialog.environments
    click_row(qtbot, page.table, 0)
    seen: list[str] = []
    answer_message_box("Cancel", seen)
    click(qtbot, page.remove_button)
    assert len(seen) == 1
    assert [row["name"] for row in page.model.rows] == ["Production", "Staging"]
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).isEnabled()
    # An unused environment goes without a question.
    click_row(qtbot, page.table, 1)
    click(qtbot, page.remove_button)
    assert [row["name"] for row in page.model.rows] == ["Production"]
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).isEnabled()


def test_teams_suppliers_and_stakeholders_are_added_and_undone(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.teams")
    teams = dialog.teams
    click(qtbot, teams.add_button)
    type_text(qtbot, teams.editors["name"], "Acme Hosting")
    kind: QComboBox = teams.editors["is_supplier"]  # type: ignore[assignment]
    kind.setFocus()
    qtbot.keyClicks(kind, "Supplier")
    type_text(qtbot, teams.editors["contact"], "noc@acme.example")
    type_text(qtbot, teams.editors["capacity"], "5")
    assert teams.model.rows[-1] == {
        "id": None,
        "name": "Acme Hosting",
        "is_supplier": True,
        "contact": "noc@acme.example",
        "capacity": 5,
    }
    click(qtbot, dialog.sections.viewport())  # the list of pages: go to Stakeholders
    click_row(qtbot, dialog.sections, 4)
    people = dialog.stakeholders
    assert dialog.stack.currentWidget() is people
    click(qtbot, people.add_button)
    type_text(qtbot, people.editors["name"], "Dana Reyes")
    type_text(qtbot, people.editors["title"], "Head of Operations")
    type_text(qtbot, people.editors["email"], "dana@example.com")
    click(qtbot, people.editors["receives_pack"])
    press(qtbot, dialog, OK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, deploying)

    stored = read_plan(deployment_path)
    assert [(t.name, t.is_supplier, t.contact, t.capacity) for t in stored.teams] == [
        ("Acme Hosting", True, "noc@acme.example", 5)
    ]
    assert [(s.name, s.title, s.email, s.receives_pack) for s in stored.stakeholders] == [
        ("Dana Reyes", "Head of Operations", "dana@example.com", True)
    ]
    assert deploying.document is not None
    assert deploying.document.undo_stack.undoText() == "Change plan settings (2 edits)"
    shortcut(qtbot, deploying, Qt.Key.Key_Z)
    stored = read_plan(deployment_path)
    assert stored.teams == () and stored.stakeholders == ()
    shortcut(qtbot, deploying, Qt.Key.Key_Y)
    assert [t.name for t in read_plan(deployment_path).teams] == ["Acme Hosting"]


def test_a_refused_apply_says_why_and_keeps_the_dialog(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    dialog = settings(qtbot, deploying, "relm.plan.environments")
    page = dialog.environments
    click(qtbot, page.add_button)
    type_text(qtbot, page.editors["name"], "Staging")  # already there
    press(qtbot, dialog, OK)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "Not applied: environment: an entry with the same value already exists" in (
        dialog.error.text()
    )
    assert [e.name for e in read_plan(deployment_path).environments] == ["Production", "Staging"]


def test_properties_set_a_tasks_environment_undoably(
    qtbot: Any, deploying: MainWindow, deployment_path: Path
) -> None:
    build = task_node(deploying, "Build")
    view_of(deploying).select_keys([build.key])
    combo: QComboBox = deploying.properties.environment_combo
    qtbot.waitUntil(combo.isVisible)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(none)",
        "Production (production)",
        "Staging",
    ]
    assert combo.currentText() == "(none)"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next item: Production, as a user picks it
    settle(qtbot, deploying)
    assert environment_of(deployment_path, build.id) == 1
    assert deploying.document is not None
    assert deploying.document.undo_stack.undoText() == "Set environment id of 'Build'"
    shortcut(qtbot, deploying, Qt.Key.Key_Z)
    assert environment_of(deployment_path, build.id) is None
    view_of(deploying).select_keys([build.key])
    assert deploying.properties.environment_combo.currentText() == "(none)"
    shortcut(qtbot, deploying, Qt.Key.Key_Y)
    assert environment_of(deployment_path, build.id) == 1
