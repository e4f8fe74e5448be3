"""Template dialogs: a new release from a template, and a release saved as one.

``template_actions`` gives the two menu commands; each dialog ends in one
undo command (``ApplyTemplateCommand`` / ``SaveTemplateCommand``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.text import plural
from relm_desktop.gui.views.commands import ApplyTemplateCommand, SaveTemplateCommand
from relm_desktop.gui.views.delegate import date_edit
from relm_desktop.services.templates import builtin_templates

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument


def available_templates(document: PlanDocument) -> list[tuple[dict[str, Any], bool]]:
    """(body, built-in?) of every template: the built-ins first, then the plan's own."""
    out = [(body, True) for body in builtin_templates()]
    names = {body["name"] for body, _ in out}
    snapshot = document.snapshot
    for record in snapshot.data.templates if snapshot is not None else ():
        body = json.loads(record.body)
        if record.name not in names:
            out.append((body, False))
    return out


def describe(body: dict[str, Any]) -> str:
    """A short rich-text summary of a template."""
    release = body.get("release", {})
    counts = (
        f"{plural(len(body.get('phases', [])), 'phase')} · "
        f"{plural(len(body.get('tasks', [])), 'task')} · "
        f"{plural(len(body.get('links', [])), 'link')} · "
        f"{plural(len(body.get('gates', [])), 'gate')}"
    )
    if body.get("waves"):
        counts += f" · {len(body['waves'])} rollout waves"
    kind = release.get("release_kind", "").replace("_", " ")
    strategy = release.get("rollout_strategy", "").replace("_", " ")
    return (
        f"<b>{escape(body['name'])}</b><br>{escape(body.get('description', ''))}"
        f"<br><br>{counts}<br>Kind: {kind or '—'} · rollout: {strategy or '—'}"
        f"<br>Phases: {escape(', '.join(body.get('phases', [])))}"
    )


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class NewReleaseDialog(QDialog):
    """Pick a template, name the release and its dates; OK creates it (one undo step)."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new-release-dialog")
        self.setWindowTitle("New release from template")
        self.document = document
        self.release_id: int | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("template-list")
        for body, builtin in available_templates(document):
            item = QListWidgetItem(body["name"] + ("" if builtin else "  (saved in this plan)"))
            item.setData(Qt.ItemDataRole.UserRole, body)
            self.list.addItem(item)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setMinimumWidth(300)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.name = QLineEdit(self)
        self.name.setObjectName("release-name")
        self.version = QLineEdit(self)
        self.owner = QLineEdit(self)
        start = date.today() + timedelta(days=(7 - date.today().weekday()) % 7)
        self.start = date_edit(self)
        self.start.setDate(_qdate(start))
        self.has_target = QCheckBox("Target go-live", self)
        self.target = date_edit(self)
        self.target.setDate(_qdate(start + timedelta(weeks=6)))
        self.target.setEnabled(False)
        self.has_target.toggled.connect(self.target.setEnabled)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #cf222e")
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Version", self.version)
        form.addRow("&Owner", self.owner)
        form.addRow("&Start", self.start)
        target = QHBoxLayout()
        target.addWidget(self.has_target)
        target.addWidget(self.target, 1)
        form.addRow("", target)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.create_release)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda item, _: self._preview(item))
        self.list.setCurrentRow(0)
        self.resize(760, 460)

    def _preview(self, item: QListWidgetItem | None) -> None:
        self.preview.setText(describe(item.data(Qt.ItemDataRole.UserRole)) if item else "")

    def select_template(self, name: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole)["name"] == name:
                self.list.setCurrentRow(row)
                return
        raise LookupError(name)

    def template_name(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)["name"]) if item is not None else None

    def create_release(self) -> None:
        """Apply the template; the dialog closes only when the release was created."""
        template = self.template_name()
        name = self.name.text().strip()
        if template is None or not name:
            self.error.setText("Choose a template and name the release.")
            return
        command = ApplyTemplateCommand(
            self.document,
            template,
            name=name,
            version=self.version.text().strip(),
            start=_py_date(self.start.date()),
            target_golive=_py_date(self.target.date()) if self.has_target.isChecked() else None,
            owner=self.owner.text().strip(),
        )
        if not self.document.push(command):
            self.error.setText("The release could not be created (see the status bar).")
            return
        self.release_id = command.release_id
        self.accept()


class SaveTemplateDialog(QDialog):
    """Save a release's shape as a template kept in the plan."""

    def __init__(
        self, document: PlanDocument, release_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("save-template-dialog")
        self.setWindowTitle("Save release as template")
        self.document = document
        self.template_id: int | None = None
        self.release = QComboBox(self)
        snapshot = document.snapshot
        for record in snapshot.data.releases if snapshot is not None else ():
            self.release.addItem(f"{record.name} {record.version}".strip(), record.id)
        if release_id is not None:
            self.release.setCurrentIndex(max(0, self.release.findData(release_id)))
        self.name = QLineEdit(self)
        self.name.setObjectName("template-name")
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(70)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #cf222e")
        form = QFormLayout(self)
        form.addRow("&Release", self.release)
        form.addRow("Template &name", self.name)
        form.addRow("&Description", self.description)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.release.currentIndexChanged.connect(lambda _: self._suggest())
        self._suggest()
        self.resize(480, 0)

    def _suggest(self) -> None:
        self.name.setText(f"{self.release.currentText()} template")

    def save(self) -> None:
        release_id = self.release.currentData()
        name = self.name.text().strip()
        if release_id is None or not name:
            self.error.setText("Choose a release and name the template.")
            return
        names = {body["name"].casefold() for body, _ in available_templates(self.document)}
        if name.casefold() in names:
            self.error.setText(f"A template named '{name}' already exists.")
            return
        command = SaveTemplateCommand(
            self.document, release_id, name, self.description.toPlainText().strip()
        )
        if not self.document.push(command):
            self.error.setText("The template could not be saved (see the status bar).")
            return
        self.template_id = command.template_id
        self.accept()


def template_actions(
    parent: QWidget,
    document: Callable[[], PlanDocument | None],
    current_release: Callable[[], int | None] = lambda: None,
) -> list[QAction]:
    """'New Release from Template…' and 'Save Release as Template…' for the menus.

    ``document`` returns the open document (None: the actions do nothing);
    ``current_release`` the release to preselect when saving.
    """
    new = QAction("New Release from &Template…", parent)
    new.setObjectName("relm.release.from_template")
    new.setStatusTip("Create a release with the phases, tasks, links and gates of a template")
    save = QAction("Save Release as Te&mplate…", parent)
    save.setObjectName("relm.release.save_template")
    save.setStatusTip("Keep the selected release's shape as a template in this plan")

    def open_new() -> None:
        doc = document()
        if doc is not None:
            NewReleaseDialog(doc, parent).exec()

    def open_save() -> None:
        doc = document()
        if doc is not None:
            SaveTemplateDialog(doc, current_release(), parent).exec()

    new.triggered.connect(open_new)
    save.triggered.connect(open_save)
    return [new, save]


def _py_date(day: QDate) -> date:
    """A QDate as a date (QDate.toPython is typed as returning object)."""
    return date(day.year(), day.month(), day.day())
