"""Confirm or change which spreadsheet column feeds which task field.

The choice is remembered per header signature (the sheet name and its header
texts) in QSettings, so the same supplier's next workbook maps the same way.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.exchange.xlsx.columns import FIELD_LABELS
from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.model import ColumnMapping

SETTINGS_GROUP = "exchange/mappings"
NOT_USED = -1


def remembered(settings: QSettings, mapping: ColumnMapping) -> ColumnMapping | None:
    """The mapping the user chose last time for a sheet with these headers, if any."""
    raw = settings.value(f"{SETTINGS_GROUP}/{_key(mapping.signature())}")
    if not raw:
        return None
    try:
        data = json.loads(str(raw))
        columns = {str(k): int(v) for k, v in data["columns"].items()}
    except (ValueError, KeyError, TypeError):
        return None
    return ColumnMapping(
        mapping.sheet, int(data.get("header_row", mapping.header_row)), columns, mapping.headers
    )


def remember(settings: QSettings, mapping: ColumnMapping) -> None:
    settings.setValue(
        f"{SETTINGS_GROUP}/{_key(mapping.signature())}", json.dumps(mapping.to_json())
    )


def _key(signature: str) -> str:
    import hashlib

    return hashlib.sha1(signature.encode("utf-8")).hexdigest()[:16]


class ColumnMappingDialog(QDialog):
    """One drop-down per task field listing the sheet's columns (or "not used")."""

    def __init__(self, mapping: ColumnMapping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Match the columns")
        self.mapping = mapping
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"Sheet <b>{mapping.sheet}</b>: check which column holds each field. "
                "Your choice is remembered for workbooks with the same headers."
            )
        )
        form = QFormLayout()
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 1000)
        self.header_row.setValue(mapping.header_row)
        form.addRow("Header row", self.header_row)
        self.combos: dict[str, QComboBox] = {}
        for field, label in FIELD_LABELS.items():
            combo = QComboBox()
            combo.setObjectName(f"column_{field}")
            combo.addItem("— not used —", NOT_USED)
            for index, header in enumerate(mapping.headers):
                text = f"{column_letter(index)}: {header}" if header else column_letter(index)
                combo.addItem(text, index)
            chosen = mapping.columns.get(field, NOT_USED)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            self.combos[field] = combo
            form.addRow(label, combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def result_mapping(self) -> ColumnMapping:
        columns = {
            field: int(combo.currentData())
            for field, combo in self.combos.items()
            if int(combo.currentData()) != NOT_USED
        }
        return ColumnMapping(
            self.mapping.sheet, self.header_row.value(), columns, self.mapping.headers
        )

    def changed(self) -> bool:
        mine = self.result_mapping()
        return (mine.columns, mine.header_row) != (self.mapping.columns, self.mapping.header_row)
