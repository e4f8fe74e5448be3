"""The merge preview: what an import would add, change and remove, row by row.

Each row has a checkbox; changes list their fields old → new underneath.
Removals (rows missing from a sheet of the workbook) start unticked; applying
one that removes a release, or more than a tenth of a sheet, asks first and
names what goes. Validation problems, including what the rehearsed apply
refused, are listed with sheet, row and column; while any of them is an error,
Apply stays disabled (an import is all or nothing).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.text import plural
from relm_desktop.exchange.merge import ADD, CHANGE, REMOVE, MergePreview, _show, entity_label
from relm_desktop.exchange.moves import MoveNote
from relm_desktop.exchange.xlsx.model import Severity
from relm_desktop.gui.exchange.moves_panel import MovesPanel, move_notes

_COLOURS = {ADD: "#2E7D32", CHANGE: "#1565C0", REMOVE: "#C62828"}
_KEY = Qt.ItemDataRole.UserRole


class MergePreviewDialog(QDialog):
    """Shows a :class:`MergePreview`; ``accepted_keys()`` is what the user ticked."""

    def __init__(self, preview: MergePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Import preview")
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        counts = {a: len(preview.by_action(a)) for a in (ADD, CHANGE, REMOVE)}
        removals = (
            f"{counts[REMOVE]} proposed for removal (missing from the workbook; unticked)"
            if counts[REMOVE]
            else "nothing to remove"
        )
        self.summary = QLabel(
            f"{counts[ADD]} to add, {counts[CHANGE]} to change, {removals}. "
            "Untick what you do not want."
        )
        self.summary.setWordWrap(True)
        #: The confirmation of large removals while it is open (tests answer it).
        self.confirmation: QMessageBox | None = None
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setObjectName("previewRows")
        self.tree.setHeaderLabels(["What", "Where", "Old", "New"])
        self.tree.setColumnWidth(0, 360)
        for row in preview.rows:
            what = f"{row.action}: {entity_label(row.entity)} '{row.label}'"
            item = QTreeWidgetItem(
                [
                    what + (f" — {row.note}" if row.note else ""),
                    f"{row.sheet} row {row.row}" if row.row else "",
                    "",
                    "",
                ]
            )
            if row.note:  # e.g. why a row with an ID is added as new
                note = QTreeWidgetItem([row.note])
                note.setFlags(note.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.addChild(note)
                item.setToolTip(0, row.note)
            item.setData(0, _KEY, row.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if row.default else Qt.CheckState.Unchecked)
            item.setForeground(0, QBrush(QColor(_COLOURS[row.action])))
            for change in row.fields:
                child = QTreeWidgetItem(
                    [_field_label(change.field), "", _show(change.old), _show(change.new)]
                )
                child.setFlags(child.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            if row.note:
                item.setExpanded(True)
        split.addWidget(self.tree)
        # The tasks the rehearsed apply schedules off the file's dates, and why.
        self.moves = MovesPanel(move_notes(preview.parsed.problems))
        if self.moves.notes:
            split.addWidget(self.moves)
        self.problems = QListWidget()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        for problem in preview.parsed.problems:
            if not isinstance(problem, MoveNote):  # listed in the moves panel above
                self.problems.addItem(f"{problem.severity.value}: {problem}")
        split.addWidget(self.problems)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(split.count() - 1, 1)
        layout.addWidget(split)
        bar = QHBoxLayout()
        all_button, none_button = QPushButton("Accept all"), QPushButton("Accept none")
        all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        bar.addWidget(all_button)
        bar.addWidget(none_button)
        bar.addStretch()
        layout.addLayout(bar)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        errors = [p for p in preview.parsed.problems if p.severity is Severity.ERROR]
        self.apply_button.setEnabled(not errors and not preview.parsed.questions)
        if errors:
            self.summary.setText(
                self.summary.text() + f"  {plural(len(errors), 'error')} must be fixed "
                "in the workbook first: nothing will be imported."
            )
        self.apply_button.clicked.connect(self._apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _apply(self) -> None:
        """Accept, after an explicit yes when a release or a tenth of a sheet would go."""
        risky = self.preview.removals_to_confirm(self.accepted_keys())
        if risky:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Remove from the plan?",
                "The ticked removals take out:\n\n"
                + "\n".join(f"• {line}" for line in risky)
                + "\n\nThey are missing from the workbook; remove them from the plan?",
                QMessageBox.StandardButton.Cancel,
                self,
            )
            remove = box.addButton("Remove them", QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            self.confirmation = box
            box.exec()
            self.confirmation = None
            if box.clickedButton() is not remove:
                return
        self.accept()

    def _check_all(self, state: Qt.CheckState) -> None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None:
                item.setCheckState(0, state)

    def accepted_keys(self) -> set[str]:
        keys = set()
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                keys.add(str(item.data(0, _KEY)))
        return keys


def _field_label(field: str) -> str:
    """``percent_complete`` → ``% complete``: the words a coordinator reads."""
    return field.replace("percent_", "% ").replace("_id", "").replace("_", " ")
