"""Dialogs of the outline commands: New Release…, New Phase…, Move to Phase / Release….

New Release… is the template dialog (``views.templates.NewReleaseDialog``)
with a blank release first in its list and the release's kind; each dialog
ends in one undo command, and closes only once the plan took the edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.enums import ReleaseKind
from relm_desktop.gui.commands import OutlineCommand, PlanCommand
from relm_desktop.gui.views.commands import _CreatesRows
from relm_desktop.gui.views.templates import NewReleaseDialog, _py_date
from relm_desktop.services.edits import Batch

if TYPE_CHECKING:
    from datetime import date

    from relm_desktop.domain.records import PhaseRecord, ReleaseRecord
    from relm_desktop.gui.document import PlanDocument

#: The list entry standing for "no template".
BLANK = {
    "name": "Blank release",
    "description": "No phases or tasks yet: add them with New Phase… and New Task.",
    "blank": True,
}
#: Red that reads on the light and the dark palette (as the link dialogs use).
ERROR_STYLE = "color: #e5534b"


def push_showing_refusal(document: PlanDocument, command: PlanCommand, error: QLabel) -> bool:
    """Push ``command``; a refusal's reason shows in the dialog's ``error`` label."""
    document.failed.connect(error.setText)
    try:
        return document.push(command)
    finally:
        document.failed.disconnect(error.setText)


class NewReleaseCommand(_CreatesRows):
    """A release, blank or from a template, of the chosen kind (one service call)."""

    def __init__(self, document: PlanDocument, values: dict[str, Any]) -> None:
        template = values.get("template")
        source = f" from template '{template}'" if template else ""
        super().__init__(document, f"New release '{values['name']}'{source}")
        self.values = values
        self.release_id: int | None = None

    def create(self) -> Batch:
        batch = self.document.service.outline.new_release(**self.values)
        self.release_id = batch.parts[-1].ids[0]
        return batch


class NewReleaseKindDialog(NewReleaseDialog):
    """New Release…: a blank release or one from a template; name, version, kind and dates."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.setWindowTitle("New release")
        blank = QListWidgetItem("Blank release")
        blank.setData(Qt.ItemDataRole.UserRole, BLANK)
        self.list.insertItem(0, blank)
        self.kind = QComboBox(self)
        self.kind.setObjectName("release-kind")
        for kind in ReleaseKind:
            self.kind.addItem(kind.value.replace("_", " ").capitalize(), kind)
        # In the template dialog's own form, after the version, so the labels line up.
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        items = (layout.itemAt(i) for i in range(layout.count()))
        form = next(f for f in (i.layout() for i in items if i) if isinstance(f, QFormLayout))
        form.insertRow(2, "&Kind", self.kind)
        self.list.currentItemChanged.connect(lambda item, _: self._follow_template(item))
        self.list.setCurrentRow(0)
        self.error.setStyleSheet(ERROR_STYLE)

    def _preview(self, item: QListWidgetItem | None) -> None:  # NewReleaseDialog._preview
        body = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if body is not None and body.get("blank"):
            self.preview.setText(f"<b>{body['name']}</b><br>{body['description']}")
            return
        super()._preview(item)

    def _follow_template(self, item: QListWidgetItem | None) -> None:
        """The kind a template is made for, until the user picks another."""
        body = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        kind = (body or {}).get("release", {}).get("release_kind", ReleaseKind.MINOR.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(ReleaseKind(kind))))

    def create_release(self) -> None:  # NewReleaseDialog.create_release
        item = self.list.currentItem()
        body = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        name = self.name.text().strip()
        if body is None or not name:
            self.error.setText("Choose a template (or a blank release) and name the release.")
            return
        target: date | None = _py_date(self.target.date()) if self.has_target.isChecked() else None
        command = NewReleaseCommand(
            self.document,
            {
                "name": name,
                "version": self.version.text().strip(),
                "kind": ReleaseKind(self.kind.currentData()),
                "start": _py_date(self.start.date()),
                "target_golive": target,
                "owner": self.owner.text().strip(),
                "template": None if body.get("blank") else body["name"],
            },
        )
        if not push_showing_refusal(self.document, command, self.error):
            return
        self.release_id = command.release_id
        self.accept()


def _release_label(release: ReleaseRecord) -> str:
    return f"{release.name} {release.version}".strip()


class NewPhaseDialog(QDialog):
    """New Phase…: its name, its release and the phase it comes after."""

    def __init__(
        self,
        document: PlanDocument,
        release_id: int,
        after: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new-phase-dialog")
        self.setWindowTitle("New phase")
        self.document = document
        self.phase_id: int | None = None
        snapshot = document.snapshot
        self.releases = list(snapshot.data.releases) if snapshot is not None else []
        self.phases: list[PhaseRecord] = list(snapshot.data.phases) if snapshot else []
        self.name = QLineEdit(self)
        self.name.setObjectName("phase-name")
        self.name.setPlaceholderText("e.g. Hypercare")
        self.release = QComboBox(self)
        self.release.setObjectName("phase-release")
        for release in self.releases:
            self.release.addItem(_release_label(release), release.id)
        self.release.setCurrentIndex(max(0, self.release.findData(release_id)))
        self.after = QComboBox(self)
        self.after.setObjectName("phase-after")
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Release", self.release)
        form.addRow("&After", self.after)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.create_phase)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.release.currentIndexChanged.connect(lambda _: self._fill_after(None))
        self._fill_after(after)
        self.setMinimumWidth(420)

    def _fill_after(self, after: int | None) -> None:
        """The release's phases; by default after ``after``, else after the last."""
        release = self.release.currentData()
        self.after.clear()
        self.after.addItem("(first in the release)", None)
        ours = sorted((p for p in self.phases if p.release_id == release), key=lambda p: p.position)
        for phase in ours:
            self.after.addItem(phase.name, phase.id)
        chosen = self.after.findData(after) if after is not None else self.after.count() - 1
        self.after.setCurrentIndex(max(0, chosen))

    def create_phase(self) -> None:
        name = self.name.text().strip()
        release = self.release.currentData()
        if not name or release is None:
            self.error.setText("Name the phase and choose its release.")
            return
        after = self.after.currentData()
        command = OutlineCommand(
            self.document, lambda outline: outline.new_phase(release, name, after)
        )
        if not push_showing_refusal(self.document, command, self.error):
            return
        assert command.edit is not None
        self.phase_id = int(command.edit.created["phase"][0]["id"])
        self.accept()


class MoveToDialog(QDialog):
    """Move to Phase… / Move to Release…: pick where the selected tasks go."""

    def __init__(
        self,
        document: PlanDocument,
        ids: list[int],
        *,
        phases: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("move-to-dialog")
        what = "phase" if phases else "release"
        self.setWindowTitle(f"Move to {what}")
        self.document = document
        self.ids = ids
        self.phases = phases
        self.moved = False
        snapshot = document.snapshot
        data = snapshot.data if snapshot is not None else None
        count = len(ids)
        noun = "task" if count == 1 else f"{count} tasks"
        first = f"'{document.task_name(ids[0])}'" if count == 1 else noun
        parents = {t.parent_id for t in data.tasks} if data is not None else set()
        along = " with their subtasks" if count > 1 else " with its subtasks"
        along = along if parents.intersection(ids) else ""
        label = QLabel(f"Move {first}{along} to the end of this {what}:", self)
        label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("move-targets")
        current = document.task(ids[0])
        for release in data.releases if data is not None else ():
            if not phases:
                item = QListWidgetItem(_release_label(release))
                item.setData(Qt.ItemDataRole.UserRole, release.id)
                self.list.addItem(item)
                if current is not None and release.id == current.release_id:
                    self.list.setCurrentItem(item)
                continue
            ours = sorted(
                (p for p in data.phases if p.release_id == release.id) if data else (),
                key=lambda p: p.position,
            )
            for phase in ours:
                item = QListWidgetItem(f"{_release_label(release)}  ›  {phase.name}")
                item.setData(Qt.ItemDataRole.UserRole, phase.id)
                self.list.addItem(item)
                if current is not None and phase.id == current.phase_id:
                    self.list.setCurrentItem(item)
        self.list.itemDoubleClicked.connect(lambda _: self.move_tasks())
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Move")
        buttons.accepted.connect(self.move_tasks)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, 360)

    def move_tasks(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.error.setText("Choose where the tasks go.")
            return
        target = int(item.data(Qt.ItemDataRole.UserRole))
        ids = list(self.ids)
        if self.phases:
            command = OutlineCommand(self.document, lambda o: o.move_to_phase(ids, target))
        else:
            command = OutlineCommand(self.document, lambda o: o.move_to_release(ids, target))
        if not push_showing_refusal(self.document, command, self.error):
            return
        self.moved = True
        self.accept()


__all__ = ["MoveToDialog", "NewPhaseDialog", "NewReleaseCommand", "NewReleaseKindDialog"]
