"""Binding form widgets to one record's fields; a finished edit is one update.

A ``FormBinder`` fills its widgets from a record and, when the user finishes
editing a field (leaves a text box, presses Enter, ticks a box), sends only
the fields that differ from the record in one ``commit(values)`` call — so a
form edit is one undo command, like a cell edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any, Generic

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from relm_desktop.gui.views.record_model import R


class _FocusOut(QObject):
    """Calls back when a watched widget loses focus (QPlainTextEdit has no editingFinished)."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # QObject.eventFilter
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False


class FormBinder(QObject, Generic[R]):
    """Widgets ↔ fields of one record; ``commit`` gets the changed fields."""

    def __init__(self, commit: Callable[[dict[str, Any]], object], parent: QObject) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.optional_dates: dict[str, QCheckBox] = {}
        self.record: R | None = None
        self._commit = commit
        self._loading = False
        self._focus = _FocusOut(self.commit, self)

    def bind(self, field: str, widget: QWidget, *, enabled_by: QCheckBox | None = None) -> None:
        """Bind ``widget`` to ``field``; a date may be switched off by a check box."""
        self.fields[field] = widget
        if isinstance(widget, QLineEdit):
            widget.editingFinished.connect(self.commit)
        elif isinstance(widget, QPlainTextEdit):
            widget.installEventFilter(self._focus)
        elif isinstance(widget, QSpinBox):
            widget.editingFinished.connect(self.commit)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _: self.commit())
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _: self.commit())
        elif isinstance(widget, QDateEdit):
            widget.editingFinished.connect(self.commit)
            if enabled_by is not None:
                self.optional_dates[field] = enabled_by
                enabled_by.toggled.connect(widget.setEnabled)
                enabled_by.toggled.connect(lambda _: self.commit())

    def load(self, record: R | None) -> None:
        """Show ``record`` (None: empty fields, to be created on the first commit)."""
        self.record = record
        self._loading = True
        try:
            for field, widget in self.fields.items():
                value = getattr(record, field) if record is not None else None
                self._show(field, widget, value)
        finally:
            self._loading = False

    def _show(self, field: str, widget: QWidget, value: Any) -> None:  # Any: any column's type
        if isinstance(widget, QLineEdit):
            widget.setText(str(value or ""))
        elif isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != (value or ""):
                widget.setPlainText(str(value or ""))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            key = value.value if isinstance(value, Enum) else value
            widget.setCurrentIndex(max(0, widget.findData(key)))
        elif isinstance(widget, QDateEdit):
            switch = self.optional_dates.get(field)
            if switch is not None:
                switch.setChecked(value is not None)
                widget.setEnabled(value is not None)
            day = value or date.today()
            widget.setDate(QDate(day.year, day.month, day.day))

    def value(self, field: str) -> Any:
        widget = self.fields[field]
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QDateEdit):
            switch = self.optional_dates.get(field)
            if switch is not None and not switch.isChecked():
                return None
            return widget.date().toPython()
        raise TypeError(widget)

    def changes(self) -> dict[str, Any]:
        out = {}
        for field in self.fields:
            new = self.value(field)
            old = getattr(self.record, field) if self.record is not None else None
            old = old.value if isinstance(old, Enum) else old
            if self.record is None:
                if new not in (None, "", 0, False):
                    out[field] = new
            elif new != old:
                out[field] = new
        return out

    def commit(self) -> None:
        """Send the changed fields (if any) as one edit."""
        if self._loading:
            return
        changes = self.changes()
        if changes:
            self._commit(changes)
