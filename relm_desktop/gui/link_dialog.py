"""The link dialog: a double-clicked arrow's type and lag, or Delete Link.

OK with a change is one undoable update; Delete Link one undoable delete;
Cancel, or OK with nothing changed, writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.enums import DependencyType
from relm_desktop.gui.task_info import lag_box, refused_with, show_error, type_box

if TYPE_CHECKING:
    from relm_desktop.domain.records import DependencyRecord
    from relm_desktop.gui.document import PlanDocument


class LinkDialog(QDialog):
    """Edit or delete one dependency."""

    def __init__(
        self, document: PlanDocument, link: DependencyRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("link-dialog")
        self.document = document
        self.link = link
        self.pred = document.task_name(link.predecessor_id)
        self.succ = document.task_name(link.successor_id)
        self.setWindowTitle("Task Dependency")
        self.kind = type_box(self, link.type)
        self.kind.setObjectName("link-type")
        self.lag = lag_box(self, link.lag)
        self.lag.setObjectName("link-lag")
        self.lag.setToolTip("Working days; negative for a lead")
        form = QFormLayout()
        form.addRow("From:", QLabel(self.pred, self))
        form.addRow("To:", QLabel(self.succ, self))
        form.addRow("&Type:", self.kind)
        form.addRow("&Lag:", self.lag)
        self.error = QLabel(self)
        self.error.setObjectName("link-error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.delete_button = QPushButton("&Delete Link", self)
        self.delete_button.setObjectName("link-delete")
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self.delete_link)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    @property
    def label(self) -> str:
        return f"'{self.pred}' → '{self.succ}'"

    def accept(self) -> None:  # QDialog.accept
        kind = DependencyType(self.kind.currentData())
        lag = self.lag.value()
        values: dict[str, object] = {}
        if kind != self.link.type:
            values["type"] = kind
        if lag != self.link.lag:
            values["lag"] = lag
        if values:
            text = f"Set link {self.label} to {kind.value}{lag:+d}d"
            done, refusal = refused_with(
                self.document,
                lambda: self.document.update("dependency", self.link.id, values, text),
            )
            if not done and refusal:
                show_error(self.error, refusal)
                return
        super().accept()

    def delete_link(self) -> None:
        self.document.delete("dependency", [self.link.id], f"Delete link {self.label}")
        super().accept()


def show_link_dialog(parent: QWidget, document: PlanDocument, link_id: int) -> LinkDialog | None:
    """Open the link dialog (window-modal, not blocking); None if the link is unknown."""
    snapshot = document.snapshot
    link = next((k for k in snapshot.data.links if k.id == link_id), None) if snapshot else None
    if link is None:
        return None
    dialog = LinkDialog(document, link, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    dialog.activateWindow()  # typing goes to it at once
    return dialog
