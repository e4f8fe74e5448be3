"""The properties panel: edits the selected task or release, one undo step per field."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.enums import ConstraintType, Rag, ReleaseStatus
from relm_desktop.domain.text import plural
from relm_desktop.gui import dates
from relm_desktop.gui.forms import load_form
from relm_desktop.layout.timeline import Key, Node, RowKind

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

#: The date edits show this (as "—") to mean "no date".
NO_DATE = QDate(2000, 1, 1)


def to_qdate(day: date | None) -> QDate:
    return NO_DATE if day is None else QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date | None:
    if value == NO_DATE or not value.isValid():
        return None
    return date(value.year(), value.month(), value.day())


class PropertiesPanel(QStackedWidget):
    """Empty page, task form and release form (from ui/*.ui)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: PlanDocument | None = None
        self.key: Key | None = None
        self._loading = False
        empty = QWidget(self)
        hint = QLabel("Select a task or a release to see and edit its properties.", empty)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        box = QVBoxLayout(empty)
        box.addWidget(hint)
        box.addStretch(1)
        self.task_form = load_form("task_properties", self)
        self.release_form = load_form("release_properties", self)
        for page in (empty, self.task_form, self.release_form):
            self.addWidget(page)
        self._prepare()

    def child(self, form: QWidget, name: str) -> Any:
        widget = form.findChild(QWidget, name)
        assert widget is not None, name
        return widget

    def _prepare(self) -> None:
        t, r = self.task_form, self.release_form
        for form, name in ((t, "constraintDate"), (r, "targetDate")):
            dates.localize_editor(self.child(form, name))  # the .ui says ISO; the app's format
        combo: QComboBox = self.child(t, "constraintCombo")
        combo.addItem("None (as soon as possible)", "")
        for kind in ConstraintType:
            combo.addItem(kind.label, kind.value)
        for form, name in ((t, "constraintDate"), (r, "targetDate")):
            edit: QDateEdit = self.child(form, name)
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("—")
        status: QComboBox = self.child(r, "statusCombo")
        for item in ReleaseStatus:
            status.addItem(item.label, item.value)
        rag: QComboBox = self.child(r, "ragCombo")
        for rag_item in Rag:
            rag.addItem(rag_item.label, rag_item.value)
        # Commit a field when the user leaves it: one field, one undo step.
        for form, name, field in (
            (t, "nameEdit", "name"),
            (r, "nameEdit", "name"),
            (r, "versionEdit", "version"),
            (r, "ownerEdit", "owner"),
        ):
            line: QLineEdit = self.child(form, name)
            line.editingFinished.connect(lambda f=field, w=line: self._commit(f, w.text()))
        for name, field in (("durationSpin", "duration"), ("percentSpin", "percent_complete")):
            spin: QSpinBox = self.child(t, name)
            spin.editingFinished.connect(lambda f=field, w=spin: self._commit(f, w.value()))
        self.child(t, "constraintCombo").activated.connect(lambda _: self._commit_constraint())
        self.child(t, "constraintDate").editingFinished.connect(self._commit_constraint)
        team: QComboBox = self.child(t, "teamCombo")
        team.activated.connect(lambda _: self._commit("team_id", team.currentData() or None))
        self.environment_combo = self._add_environment_row(team)
        status.activated.connect(lambda _: self._commit("status", status.currentData()))
        rag.activated.connect(lambda _: self._commit("rag", rag.currentData()))
        target: QDateEdit = self.child(r, "targetDate")
        target.editingFinished.connect(
            lambda: self._commit("target_golive", from_qdate(target.date()))
        )
        for form, name, field in ((t, "notesEdit", "notes"), (r, "ragNoteEdit", "rag_note")):
            text: QPlainTextEdit = self.child(form, name)
            text.setProperty("relm_field", field)
            text.installEventFilter(self)

    def _add_environment_row(self, team: QComboBox) -> QComboBox:
        """The task's environment, under its team: a deployment books it for its dates."""
        form = self.task_form.findChild(QFormLayout, "form")
        assert form is not None
        combo = QComboBox(self.task_form)
        combo.setObjectName("environmentCombo")
        combo.setToolTip("A deployment task books this environment; freeze windows of it apply")
        label = QLabel("Envi&ronment", self.task_form)  # Alt+V is the View menu
        label.setBuddy(combo)
        row = form.rowCount() - 1
        for index in range(form.rowCount()):
            item = form.itemAt(index, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is team:
                row = index
        form.insertRow(row + 1, label, combo)
        combo.activated.connect(
            lambda _: self._commit("environment_id", combo.currentData() or None)
        )
        return combo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # QObject.eventFilter
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self._commit(str(watched.property("relm_field")), watched.toPlainText())
        return False

    # -- showing ----------------------------------------------------------------------
    def set_document(self, document: PlanDocument | None) -> None:
        self.document = document
        self.show_key(None)

    def show_key(self, key: Key | None) -> None:
        """Show the properties of ``key`` (or the empty page)."""
        self.key = key
        node = self.document.node(*key) if self.document is not None and key else None
        if node is None or node.kind is RowKind.PHASE:
            self.setCurrentIndex(0)
            return
        self._loading = True
        try:
            if node.kind is RowKind.TASK:
                self._fill_task(node)
                self.setCurrentWidget(self.task_form)
            else:
                self._fill_release(node)
                self.setCurrentWidget(self.release_form)
        finally:
            self._loading = False

    def refresh(self) -> None:
        if self.key is not None:
            self.show_key(self.key)

    def _fill_task(self, node: Node) -> None:
        t, task = self.task_form, node.task
        assert self.document is not None and self.document.snapshot is not None
        self.child(t, "titleLabel").setText(f"<b>{_escape(node.name)}</b>")
        self.child(t, "nameEdit").setText(task.name)
        self.child(t, "nameEdit").setCursorPosition(0)  # a long name shows its start
        self.child(t, "durationSpin").setValue(task.duration)
        combo: QComboBox = self.child(t, "constraintCombo")
        combo.setCurrentIndex(
            max(combo.findData(task.constraint_type.value if task.constraint_type else ""), 0)
        )
        self.child(t, "constraintDate").setDate(to_qdate(task.constraint_date))
        self.child(t, "percentSpin").setValue(task.percent_complete)
        team: QComboBox = self.child(t, "teamCombo")
        team.clear()
        team.addItem("(no team)", 0)
        for item in self.document.snapshot.data.teams:
            team.addItem(item.name + (" (supplier)" if item.is_supplier else ""), item.id)
        team.setCurrentIndex(max(team.findData(task.team_id or 0), 0))
        environment = self.environment_combo
        environment.clear()
        environment.addItem("(none)", 0)
        for env in self.document.snapshot.data.environments:
            environment.addItem(env.name + (" (production)" if env.is_production else ""), env.id)
        environment.setCurrentIndex(max(environment.findData(task.environment_id or 0), 0))
        self.child(t, "notesEdit").setPlainText(task.notes or "")
        lines = []
        if node.start:
            lines.append(
                f"Scheduled <b>{dates.format_weekday(node.start)}</b> → "
                f"<b>{dates.format_weekday(node.finish) if node.finish else ''}</b>"
            )
        if node.total_float is not None:
            # Negative: the release's target go-live (a deadline) cannot be met by that much.
            late = " · <b>late against the target</b>" if node.total_float < 0 else ""
            lines.append(
                f"Total float {node.total_float} d".replace("-", "−")
                + (" · <b>critical</b>" if node.critical else "")
                + late
            )
        if node.slip:
            sign = "+" if node.slip > 0 else ""
            lines.append(f"Slip against baseline {sign}{plural(node.slip, 'day')}")
        self.child(t, "scheduleLabel").setText("<br>".join(lines))

    def _fill_release(self, node: Node) -> None:
        r, release = self.release_form, node.release
        self.child(r, "titleLabel").setText(
            f"<b>{_escape(release.name)} {_escape(release.version)}</b>"
        )
        self.child(r, "nameEdit").setText(release.name)
        self.child(r, "nameEdit").setCursorPosition(0)
        self.child(r, "versionEdit").setText(release.version)
        status: QComboBox = self.child(r, "statusCombo")
        status.setCurrentIndex(max(status.findData(release.status.value), 0))
        self.child(r, "targetDate").setDate(to_qdate(release.target_golive))
        self.child(r, "ownerEdit").setText(release.owner)
        rag: QComboBox = self.child(r, "ragCombo")
        rag.setCurrentIndex(max(rag.findData(release.rag.value), 0))
        self.child(r, "ragNoteEdit").setPlainText(release.rag_note or "")
        text = ""
        if node.start and node.finish:
            text = (
                f"Runs <b>{dates.format_date(node.start)}</b> → "
                f"<b>{dates.format_date(node.finish)}</b>, "
                f"{node.percent}% done"
            )
        self.child(r, "summaryLabel").setText(text)

    # -- committing -------------------------------------------------------------------
    def _commit(self, field: str, value: object) -> None:
        if self._loading or self.document is None or self.key is None:
            return
        node = self.document.node(*self.key)
        if node is None:
            return
        if node.record.get(field) == value:
            return
        label = field.replace("_", " ")
        self.document.update(
            node.kind.value, node.id, {field: value}, f"Set {label} of '{node.name}'"
        )

    def _commit_constraint(self) -> None:
        if self._loading or self.document is None or self.key is None:
            return
        t = self.task_form
        kind = self.child(t, "constraintCombo").currentData() or None
        day = from_qdate(self.child(t, "constraintDate").date())
        node = self.document.node(*self.key)
        if node is None:
            return
        if kind and day is None:
            day = node.start or date.today()
        values = {"constraint_type": kind, "constraint_date": day if kind else None}
        current = node.task
        old_kind = current.constraint_type.value if current.constraint_type else None
        if (old_kind, current.constraint_date) == (kind, values["constraint_date"]):
            return
        self.document.update("task", node.id, values, f"Set constraint of '{node.name}'")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
