"""A settings page over one kind of row: a table, Add and Remove, a form for the selected row.

Edits stay on the page until the dialog applies them (``edits``). Removing a
row the plan still uses asks first, naming what uses it, and offers to clear
those uses (``confirm_clearing``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.gui.setup.model import Field, Kind, Row, StagedModel
from relm_desktop.gui.views.delegate import date_edit
from relm_desktop.services.setup import Add, Remove, SetupEdit, Update
from relm_desktop.services.setup_uses import Uses


def confirm_clearing(parent: QWidget, noun: str, name: str, uses: Uses) -> bool:
    """Ask before deleting a row still in use; True for "Clear Uses and Delete"."""
    box = QMessageBox(parent)
    box.setObjectName("setup-uses-box")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"Delete {noun}")
    box.setText(f"{noun.capitalize()} '{name}' is still in use.")
    box.setInformativeText(
        f"{uses.describe()}.\n\nClearing takes it off each of them, in the same step as "
        "the delete; Undo puts everything back."
    )
    clear = box.addButton("Clear Uses and Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is clear


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RecordPage(QWidget):
    """Rows of ``entity`` staged for editing; ``edits`` says what Apply must do."""

    #: Something on the page changed (the dialog enables Apply).
    changed = Signal()

    def __init__(
        self,
        entity: str,
        noun: str,
        fields: Sequence[Field],
        *,
        intro: str,
        new_row: Callable[[], Row],
        uses: Callable[[int], Uses] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"setup-page-{entity}")
        self.entity = entity
        self.noun = noun
        self.fields = list(fields)
        self.new_row = new_row
        self.uses = uses
        self.originals: dict[int, Row] = {}
        self.removed: list[int] = []
        self._loading = False
        self.model = StagedModel(fields, self)
        self.model.warning_icon = self.style().standardIcon(
            self.style().StandardPixmap.SP_MessageBoxWarning
        )

        heading = QLabel(intro, self)
        heading.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName(f"setup-table-{entity}")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.add_button = QPushButton(f"&Add {noun.title()}", self)
        self.add_button.setObjectName(f"setup-add-{entity}")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setObjectName(f"setup-remove-{entity}")
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        self.form_box = QGroupBox(f"Selected {noun}", self)
        form = QFormLayout(self.form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        for spec in self.fields:
            editor = self._editor(spec)
            editor.setObjectName(f"setup-{entity}-{spec.key}")
            if spec.tip:
                editor.setToolTip(spec.tip)
            self.editors[spec.key] = editor
            form.addRow(f"{spec.label}:", editor)

        self.notes = QLabel(self)  # a line under the table (the freeze page's overlaps)
        self.notes.setObjectName(f"setup-notes-{entity}")
        self.notes.setWordWrap(True)
        self.notes.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading)
        column.addWidget(self.table, 1)
        column.addWidget(self.notes)
        column.addLayout(buttons)
        column.addWidget(self.form_box)
        self._show_current()

    # -- editors ----------------------------------------------------------------------
    def _editor(self, spec: Field) -> QWidget:
        key = spec.key
        if spec.kind is Kind.FLAG:
            box = QCheckBox(spec.extra.get("text", ""), self)
            box.toggled.connect(lambda on: self._stage(key, bool(on)))
            return box
        if spec.kind is Kind.NUMBER:
            spin = QSpinBox(self)
            spin.setRange(*spec.bounds)
            spin.valueChanged.connect(lambda value: self._stage(key, int(value)))
            return spin
        if spec.kind is Kind.DATE:
            edit = date_edit(self)
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.dateChanged.connect(lambda value: self._stage(key, to_date(value)))
            return edit
        if spec.kind is Kind.CHOICE:
            combo = QComboBox(self)
            for value, label in spec.choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(lambda _i: self._stage(key, combo.currentData()))
            return combo
        if spec.kind is Kind.ENVIRONMENTS:
            listing = QListWidget(self)
            listing.setMaximumHeight(96)
            listing.itemChanged.connect(lambda _item: self._stage(key, self._checked(listing)))
            return listing
        line = QLineEdit(self)
        line.setPlaceholderText(spec.placeholder)
        line.textEdited.connect(lambda text: self._stage(key, text))
        return line

    @staticmethod
    def _checked(listing: QListWidget) -> tuple[int, ...]:
        return tuple(
            int(listing.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(listing.count())
            if listing.item(i).checkState() == Qt.CheckState.Checked
        )

    def _fill_editor(self, spec: Field, editor: QWidget, value: Any) -> None:
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QListWidget):
            editor.clear()
            for env, name in sorted(self.model.names.items(), key=lambda pair: pair[1]):
                item = QListWidgetItem(name, editor)
                item.setData(Qt.ItemDataRole.UserRole, env)
                checked = env in (value or ())
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            editor.setCursorPosition(0)
        elif isinstance(editor, QDateEdit) and isinstance(value, date):
            editor.setDate(QDate(value.year, value.month, value.day))

    # -- rows -------------------------------------------------------------------------
    def load(self, rows: Sequence[Row], names: dict[int, str] | None = None) -> None:
        """Show the plan's rows (each with its ``id``), forgetting staged edits."""
        self.originals = {row["id"]: dict(row) for row in rows}
        self.removed = []
        self.model.names = dict(names or {})
        self.model.set_rows(rows)
        self.rows_changed()
        if rows:
            self.select(0)
        self._show_current()

    def current(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select(self, position: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(position, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _show_current(self) -> None:
        position = self.current()
        has_row = 0 <= position < len(self.model.rows)
        self.form_box.setEnabled(has_row)
        self.remove_button.setEnabled(has_row)
        if not has_row:
            return
        row = self.model.rows[position]
        self._loading = True
        try:
            for spec in self.fields:
                self._fill_editor(spec, self.editors[spec.key], row.get(spec.key))
        finally:
            self._loading = False

    def _stage(self, key: str, value: object) -> None:
        position = self.current()
        if self._loading or position < 0:
            return
        self.model.set_value(position, key, value)
        self.rows_changed()
        self.changed.emit()

    def rows_changed(self) -> None:
        """The staged rows changed: subclasses mark what follows from them (overlaps)."""

    def add_row(self) -> None:
        position = self.model.append({"id": None, **self.new_row()})
        self.rows_changed()
        self.select(position)
        first = self.editors[self.fields[0].key]
        first.setFocus()
        if isinstance(first, QLineEdit):
            first.selectAll()
        self.changed.emit()

    def remove_current(self) -> None:
        position = self.current()
        if position < 0:
            return
        row = self.model.rows[position]
        ident = row.get("id")
        if ident is not None and self.uses is not None:
            found = self.uses(ident)
            name = str(self.originals[ident].get("name", ""))
            if found and not confirm_clearing(self, self.noun, name, found):
                return
        self.model.remove(position)
        if ident is not None:
            self.removed.append(ident)
        self.rows_changed()
        if self.model.rows:
            self.select(min(position, len(self.model.rows) - 1))
        self._show_current()
        self.changed.emit()

    # -- what Apply does --------------------------------------------------------------
    def edits(self) -> tuple[list[SetupEdit], list[SetupEdit]]:
        """(adds and updates, removes): the dialog makes every page's removes last."""
        keys = [spec.key for spec in self.fields if spec.kind is not Kind.ENVIRONMENTS]
        with_envs = any(spec.kind is Kind.ENVIRONMENTS for spec in self.fields)
        made: list[SetupEdit] = []
        for row in self.model.rows:
            values = {key: row.get(key) for key in keys}
            envs = tuple(sorted(row.get("environment_ids") or ())) if with_envs else None
            ident = row.get("id")
            if ident is None:
                made.append(Add(self.entity, values, envs))
                continue
            old = self.originals[ident]
            changed = {k: v for k, v in values.items() if old.get(k) != v}
            old_envs = tuple(sorted(old.get("environment_ids") or ())) if with_envs else None
            new_envs = envs if envs != old_envs else None
            if changed or new_envs is not None:
                made.append(Update(self.entity, ident, changed, new_envs))
        return made, [Remove(self.entity, ident) for ident in self.removed]
