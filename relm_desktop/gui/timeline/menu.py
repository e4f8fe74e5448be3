"""The right-click menu of a task in the timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from relm_desktop.domain.enums import DependencyType
from relm_desktop.layout.timeline import RowKind

if TYPE_CHECKING:
    from relm_desktop.domain.records import DependencyRecord

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.view import TimelineView


def task_menu(view: TimelineView, task_id: int, parent: QWidget | None = None) -> QMenu:
    """Build (not show) the menu for ``task_id``; tests trigger its actions directly."""
    document = view.document
    node = document.node(RowKind.TASK, task_id)
    menu = QMenu(parent or view)
    if node is None:
        return menu
    name = node.name

    def add(text: str, slot: Callable[[], object], object_name: str) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(object_name)
        action.triggered.connect(slot)
        return action

    add("Edit properties…", lambda: view.edit_requested.emit("task", task_id), "edit")
    add("Rename", lambda: view.rename(RowKind.TASK, task_id), "rename")
    if node.milestone:
        add(
            "Make a task (1 day)",
            lambda: document.update("task", task_id, {"duration": 1}, f"Make '{name}' a task"),
            "make-task",
        )
    else:
        add(
            "Make milestone",
            lambda: document.update("task", task_id, {"duration": 0}, f"Make '{name}' a milestone"),
            "make-milestone",
        )
    menu.addSeparator()
    add("Select predecessors", lambda: view.select_related(task_id, upstream=True), "preds")
    add("Select successors", lambda: view.select_related(task_id, upstream=False), "succs")
    links = document.links_of(task_id)
    if links:
        menu.addSeparator()
        section = menu.addMenu("Links")
        section.setObjectName("links")
        for link in links:
            _link_menu(view, section, link)
    menu.addSeparator()
    add("Delete task", lambda: document.delete("task", [task_id], f"Delete '{name}'"), "delete")
    return menu


def _link_menu(view: TimelineView, parent: QMenu, link: DependencyRecord) -> None:
    document = view.document
    pred = document.task_name(link.predecessor_id)
    succ = document.task_name(link.successor_id)
    lag = f" {link.lag:+d}d" if link.lag else ""
    sub = parent.addMenu(f"{pred} → {succ} ({link.type.value}{lag})")
    sub.setObjectName(f"link-{link.id}")
    group = QActionGroup(sub)
    for kind in DependencyType:
        action = sub.addAction(f"{kind.label} ({kind.value})")
        action.setObjectName(f"link-{link.id}-{kind.value}")
        action.setCheckable(True)
        action.setChecked(kind == link.type)
        group.addAction(action)
        action.triggered.connect(
            lambda _checked=False, k=kind: document.update(
                "dependency",
                link.id,
                {"type": k},
                f"Make link '{pred}' → '{succ}' {k.label.lower()}",
            )
        )
    sub.addSeparator()
    lag_action = sub.addAction("Set lag…")
    lag_action.setObjectName(f"link-{link.id}-lag")
    lag_action.triggered.connect(lambda: view.ask_lag(link.id, link.lag, f"{pred} → {succ}"))
    remove = sub.addAction("Remove link")
    remove.setObjectName(f"link-{link.id}-remove")
    remove.triggered.connect(
        lambda: document.delete("dependency", [link.id], f"Unlink '{pred}' → '{succ}'")
    )
