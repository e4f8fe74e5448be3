"""The risk editor: every field of one risk, for a new risk or an existing one."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from relm_desktop.domain.enums import RiskStatus
from relm_desktop.domain.records import RiskRecord
from relm_desktop.gui.views.delegate import date_edit
from relm_desktop.layout.heatmap import band
from relm_desktop.services.records import PlanData

FIELDS = (
    "title",
    "description",
    "probability",
    "impact",
    "owner",
    "mitigation",
    "contingency",
    "status",
    "release_id",
    "task_id",
    "review_date",
)


def _text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class RiskEditor(QDialog):
    """Edit ``risk`` (a record) or, when it is None, describe a new one."""

    def __init__(
        self,
        data: PlanData,
        risk: RiskRecord | None = None,
        parent: QWidget | None = None,
        *,
        release_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("risk-editor")
        self.setWindowTitle("New risk" if risk is None else f"Risk — {risk.title}")
        self.data = data
        self.risk = risk
        self.title = QLineEdit(self)
        self.description = _text_box(self)
        self.probability = QSpinBox(self)
        self.impact = QSpinBox(self)
        for spin in (self.probability, self.impact):
            spin.setRange(1, 5)
            spin.setValue(3)
        self.score = QLabel(self)
        self.owner = QLineEdit(self)
        self.mitigation = _text_box(self)
        self.contingency = _text_box(self)
        self.status = QComboBox(self)
        for status in RiskStatus:
            self.status.addItem(status.label, status.value)
        self.release = QComboBox(self)
        self.release.addItem("— none —", None)
        for release in data.releases:
            self.release.addItem(f"{release.name} {release.version}".strip(), release.id)
        self.task = QComboBox(self)
        self.review = date_edit(self)
        self.has_review = QCheckBox("Review on", self)
        self.has_review.toggled.connect(self.review.setEnabled)
        form = QFormLayout(self)
        form.addRow("&Title", self.title)
        form.addRow("&Description", self.description)
        pi = QHBoxLayout()
        pi.addWidget(QLabel("Probability", self))
        pi.addWidget(self.probability)
        pi.addSpacing(12)
        pi.addWidget(QLabel("Impact", self))
        pi.addWidget(self.impact)
        pi.addSpacing(12)
        pi.addWidget(self.score, 1)
        form.addRow("Rating", pi)
        form.addRow("&Owner", self.owner)
        form.addRow("&Mitigation", self.mitigation)
        form.addRow("&Contingency", self.contingency)
        form.addRow("&Status", self.status)
        form.addRow("&Release", self.release)
        form.addRow("Linked &task", self.task)
        review = QHBoxLayout()
        review.addWidget(self.has_review)
        review.addWidget(self.review, 1)
        form.addRow("Review date", review)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #cf222e")
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.probability.valueChanged.connect(self._show_score)
        self.impact.valueChanged.connect(self._show_score)
        self.release.currentIndexChanged.connect(lambda _: self._fill_tasks())
        self.resize(520, 0)
        self._load(risk, release_id)

    def _load(self, risk: RiskRecord | None, release_id: int | None) -> None:
        if risk is not None:
            self.title.setText(risk.title)
            self.description.setPlainText(risk.description)
            self.probability.setValue(risk.probability)
            self.impact.setValue(risk.impact)
            self.owner.setText(risk.owner)
            self.mitigation.setPlainText(risk.mitigation)
            self.contingency.setPlainText(risk.contingency)
            self.status.setCurrentIndex(self.status.findData(str(risk.status.value)))
            release_id = risk.release_id
        self.release.setCurrentIndex(max(0, self.release.findData(release_id)))
        self._fill_tasks()
        if risk is not None and risk.task_id is not None:
            self.task.setCurrentIndex(max(0, self.task.findData(risk.task_id)))
        review: date | None = risk.review_date if risk is not None else None
        self.has_review.setChecked(review is not None)
        self.review.setEnabled(review is not None)
        day = review or date.today()
        self.review.setDate(QDate(day.year, day.month, day.day))
        self._show_score()

    def _fill_tasks(self) -> None:
        current = self.task.currentData()
        release_id = self.release.currentData()
        self.task.clear()
        self.task.addItem("— none —", None)
        for task in self.data.tasks:
            if release_id is None or task.release_id == release_id:
                self.task.addItem(task.name, task.id)
        self.task.setCurrentIndex(max(0, self.task.findData(current)))

    def _show_score(self) -> None:
        score = self.probability.value() * self.impact.value()
        self.score.setText(f"Score {score} ({band(score).value})")

    def values(self) -> dict[str, Any]:
        """Every field as the services expect it."""
        return {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText().strip(),
            "probability": self.probability.value(),
            "impact": self.impact.value(),
            "owner": self.owner.text().strip(),
            "mitigation": self.mitigation.toPlainText().strip(),
            "contingency": self.contingency.toPlainText().strip(),
            "status": self.status.currentData(),
            "release_id": self.release.currentData(),
            "task_id": self.task.currentData(),
            "review_date": self.review.date().toPython() if self.has_review.isChecked() else None,
        }

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the risk being edited (all, for a new one)."""
        values = self.values()
        if self.risk is None:
            return values
        out = {}
        for key, value in values.items():
            old = getattr(self.risk, key)
            old = old.value if hasattr(old, "value") else old
            if old != value:
                out[key] = value
        return out

    def _accept(self) -> None:
        if not self.title.text().strip():
            self.error.setText("A risk needs a title.")
            self.title.setFocus()
            return
        self.accept()
