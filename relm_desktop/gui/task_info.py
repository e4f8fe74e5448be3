"""Task Information, as in MS Project: general, predecessors, constraint and notes of a task.

OK applies every change as one undo step (one ``services.links.edit_task``
call); Cancel, or OK with nothing changed, writes nothing. A refused change
(a loop, an unknown ID) is said in the dialog, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.gui.link_commands import push_task_edit
from relm_desktop.gui.timeline.tree_model import format_date
from relm_desktop.gui.views.delegate import date_edit
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services.links import MAX_LAG, LinkSpec

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument
    from relm_desktop.layout.timeline import Node

#: Why a summary task's duration, % complete and dates cannot be typed in.
ROLLED_UP = "Rolls up from this summary task's subtasks: edit the subtasks to change it."

#: Predecessor table columns.
ID, NAME, TYPE, LAG = range(4)


def lag_box(parent: QWidget, value: int = 0) -> QSpinBox:
    """A lag in working days; negative is a lead."""
    spin = QSpinBox(parent)
    spin.setRange(-MAX_LAG, MAX_LAG)
    spin.setSuffix(" d")
    spin.setValue(value)
    return spin


def type_box(parent: QWidget, value: DependencyType = DependencyType.FS) -> QComboBox:
    """FS, SS, FF or SF, shown with its name."""
    combo = QComboBox(parent)
    for kind in DependencyType:
        combo.addItem(f"{kind.value} — {kind.label}", kind.value)
    combo.setCurrentIndex(combo.findData(value.value))
    return combo


class TaskInfoDialog(QDialog):
    """Every field of one task a coordinator edits, and its predecessors with type and lag."""

    def __init__(self, document: PlanDocument, node: Node, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("task-info")
        self.document = document
        self.node = node
        self.task = node.task
        snapshot = document.snapshot
        assert snapshot is not None
        self.names = {n.id: n.name for n in snapshot.timeline.nodes if n.kind is RowKind.TASK}
        self.teams = {t.id: t.name for t in snapshot.data.teams}
        self.before: list[LinkSpec] = [
            LinkSpec(k.predecessor_id, k.type, k.lag)
            for k in snapshot.data.links
            if k.successor_id == self.task.id
        ]
        self.setWindowTitle(f"Task Information — {node.name}")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("task-info-tabs")
        self.tabs.addTab(self._general(), "&General")
        self.tabs.addTab(self._predecessors(), "&Predecessors")
        self.tabs.addTab(self._advanced(), "&Advanced")
        self.tabs.addTab(self._notes(), "&Notes")
        self.error = QLabel(self)
        self.error.setObjectName("task-info-error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 400)

    # -- tabs -----------------------------------------------------------------------------
    def _general(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        task = self.task
        self.name = QLineEdit(task.name, page)
        self.name.setObjectName("task-info-name")
        self.name.setMaxLength(500)
        self.duration = QSpinBox(page)
        self.duration.setObjectName("task-info-duration")
        self.duration.setRange(0, 10_000)
        self.duration.setSuffix(" working days")
        self.duration.setSpecialValueText("0 (milestone)")
        self.duration.setValue(task.duration)
        self.percent = QSpinBox(page)
        self.percent.setObjectName("task-info-percent")
        self.percent.setRange(0, 100)
        self.percent.setSuffix(" %")
        self.percent.setValue(task.percent_complete or 0)
        self.team = QComboBox(page)
        self.team.setObjectName("task-info-team")
        self.team.addItem("(no team)", 0)
        for ident, name in sorted(self.teams.items(), key=lambda item: item[1].casefold()):
            self.team.addItem(name, ident)
        self.team.setCurrentIndex(max(self.team.findData(task.team_id or 0), 0))
        start = QLabel(format_date(self.node.start) or "—", page)
        finish = QLabel(format_date(self.node.finish) or "—", page)
        start.setObjectName("task-info-start")
        finish.setObjectName("task-info-finish")
        self.date_labels = (start, finish)
        self.scheduled = scheduled = QLabel("as scheduled", page)
        scheduled.setObjectName("task-info-dates-note")
        scheduled.setEnabled(False)
        dates = QHBoxLayout()
        dates.addWidget(start)
        dates.addWidget(QLabel("–", page))
        dates.addWidget(finish)
        dates.addSpacing(8)
        dates.addWidget(scheduled)
        dates.addStretch(1)
        form.addRow("&Name:", self.name)
        form.addRow("&Duration:", self.duration)
        form.addRow("% &Complete:", self.percent)
        form.addRow("&Team:", self.team)
        form.addRow("Dates:", dates)
        if self.node.is_summary:
            self._show_rolled_up()
        return page

    def _show_rolled_up(self) -> None:
        """A summary's duration and % complete come from its subtasks: shown, not edited.

        As in MS Project, the fields hold the rolled-up figures (the timeline's
        span in working days, the children's weighted progress), greyed out.
        """
        snapshot = self.document.snapshot
        start, finish = self.node.start, self.node.finish
        if snapshot is not None and start is not None and finish is not None:
            calendar = snapshot.calendar
            span = calendar.working_days_between(start, finish) + calendar.is_working(finish)
            self.duration.setValue(max(span, 0))
        self.percent.setValue(self.node.percent)
        self.scheduled.setText("rolled up from subtasks")
        for widget in (self.duration, self.percent, *self.date_labels):
            widget.setEnabled(False)
            widget.setToolTip(ROLLED_UP)

    def _predecessors(self) -> QWidget:
        page = QWidget(self)
        self.table = QTableWidget(0, 4, page)
        self.table.setObjectName("task-info-predecessors")
        self.table.setHorizontalHeaderLabels(["ID", "Task name", "Type", "Lag"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ID, 60), (TYPE, 170), (LAG, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        for spec in self.before:
            self._add_row(spec)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_button = QPushButton("&Add", page)
        self.add_button.setObjectName("task-info-add")
        self.add_button.clicked.connect(self.add_predecessor)
        self.remove_button = QPushButton("&Remove", page)
        self.remove_button.setObjectName("task-info-remove")
        self.remove_button.clicked.connect(self.remove_predecessor)
        hint = QLabel("Type a task's ID (the table's first column).", page)
        hint.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(hint)
        layout = QVBoxLayout(page)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        return page

    def _advanced(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.constraint = QComboBox(page)
        self.constraint.setObjectName("task-info-constraint")
        self.constraint.addItem("As soon as possible (none)", "")
        for kind in ConstraintType:
            self.constraint.addItem(kind.label, kind.value)
        pinned = self.task.constraint_type
        self.constraint.setCurrentIndex(
            max(self.constraint.findData(pinned.value if pinned else ""), 0)
        )
        self.constraint_date = date_edit(page)
        self.constraint_date.setObjectName("task-info-constraint-date")
        day = self.task.constraint_date or self.node.start or date.today()
        self.constraint_date.setDate(QDate(day.year, day.month, day.day))
        self.constraint.currentIndexChanged.connect(self._on_constraint)
        self._on_constraint()
        form.addRow("&Constraint:", self.constraint)
        form.addRow("Constraint &date:", self.constraint_date)
        return page

    def _notes(self) -> QWidget:
        page = QWidget(self)
        self.notes = QPlainTextEdit(self.task.notes, page)
        self.notes.setObjectName("task-info-notes")
        self.notes.setTabChangesFocus(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.notes)
        return page

    # -- predecessors table -----------------------------------------------------------------
    def _add_row(self, spec: LinkSpec | None) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        ident = QTableWidgetItem(str(spec.predecessor) if spec else "")
        name = QTableWidgetItem(self.names.get(spec.predecessor, "") if spec else "")
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, ID, ident)
        self.table.setItem(row, NAME, name)
        self.table.setCellWidget(
            row, TYPE, type_box(self.table, spec.type if spec else DependencyType.FS)
        )
        self.table.setCellWidget(row, LAG, lag_box(self.table, spec.lag if spec else 0))
        self.table.blockSignals(False)
        return row

    def add_predecessor(self) -> None:
        """A new row, its ID cell open for typing."""
        row = self._add_row(None)
        self.tabs.setCurrentIndex(1)
        self.table.setCurrentCell(row, ID)
        self.table.setFocus()
        item = self.table.item(row, ID)
        if item is not None:
            self.table.editItem(item)

    def remove_predecessor(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != ID:
            return
        text = item.text().strip()
        name = self.table.item(item.row(), NAME)
        if name is None:
            return
        found = self.names.get(int(text)) if text.isdigit() else None
        name.setText(found if found is not None else ("(no such task)" if text else ""))

    def predecessor_specs(self) -> list[LinkSpec]:
        """The table's rows as links; ``ValueError`` says which row is wrong."""
        out: list[LinkSpec] = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, ID)
            text = item.text().strip() if item is not None else ""
            if not text:
                continue  # an empty row added and left: no link
            if not text.isdigit() or int(text) not in self.names:
                raise ValueError(f"Predecessors, row {row + 1}: there is no task with ID {text}")
            ident = int(text)
            if ident == self.task.id:
                raise ValueError(f"'{self.task.name}' cannot be its own predecessor")
            if ident in {s.predecessor for s in out}:
                raise ValueError(f"Predecessors: task {ident} is listed twice")
            kind = self.table.cellWidget(row, TYPE)
            lag = self.table.cellWidget(row, LAG)
            assert isinstance(kind, QComboBox) and isinstance(lag, QSpinBox)
            out.append(LinkSpec(ident, DependencyType(kind.currentData()), lag.value()))
        return out

    # -- the edit ------------------------------------------------------------------------------
    def _on_constraint(self) -> None:
        self.constraint_date.setEnabled(bool(self.constraint.currentData()))

    def values(self) -> dict[str, Any]:
        """The fields that differ from the task's."""
        task = self.task
        name = self.name.text().strip()
        if not name:
            raise ValueError("A task's name cannot be empty")
        kind_value = self.constraint.currentData()
        kind = ConstraintType(kind_value) if kind_value else None
        qd = self.constraint_date.date()
        day = date(qd.year(), qd.month(), qd.day()) if kind is not None else None
        team = self.team.currentData() or None
        wanted: dict[str, Any] = {
            "name": name,
            "duration": self.duration.value(),
            "percent_complete": self.percent.value(),
            "team_id": team,
            "constraint_type": kind,
            "constraint_date": day,
            "notes": self.notes.toPlainText(),
        }
        if self.node.is_summary:  # shown rolled up, never written back
            del wanted["duration"], wanted["percent_complete"]
        current = {key: getattr(task, key) for key in wanted}
        if "percent_complete" in current:
            current["percent_complete"] = current["percent_complete"] or 0
        return {key: value for key, value in wanted.items() if value != current[key]}

    def changes(self) -> tuple[dict[str, Any], list[LinkSpec] | None]:
        """(fields that changed, the new predecessors or None when they did not change)."""
        values = self.values()
        specs = self.predecessor_specs()
        return values, (None if set(specs) == set(self.before) else specs)

    def accept(self) -> None:  # QDialog.accept
        try:
            values, specs = self.changes()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        if values or specs is not None:
            done, refusal = refused_with(
                self.document,
                lambda: push_task_edit(
                    self.document, self.task.id, values, specs, f"Edit '{self.node.name}'"
                ),
            )
            if not done and refusal:
                self.show_error(refusal)
                return
        super().accept()

    def show_error(self, text: str) -> None:
        show_error(self.error, text)


def show_error(label: QLabel, text: str) -> None:
    """A refusal in red that reads on the palette shown (light or dark)."""
    dark = label.palette().color(QPalette.ColorRole.Window).lightness() < 128
    label.setStyleSheet(f"color: {'#ff7b72' if dark else '#c62828'};")
    label.setText(text)
    label.show()


def refused_with(document: PlanDocument, work: Callable[[], bool]) -> tuple[bool, str]:
    """Run an edit; (its result, why the document refused it or "")."""
    refusals: list[str] = []

    def keep(text: str) -> None:
        refusals.append(text)

    document.failed.connect(keep)
    try:
        done = work()
    finally:
        document.failed.disconnect(keep)
    return done, refusals[-1] if refusals else ""


def show_task_info(parent: QWidget, document: PlanDocument, task_id: int) -> TaskInfoDialog | None:
    """Open Task Information for ``task_id`` (window-modal, not blocking); None if unknown."""
    node = document.node(RowKind.TASK, task_id)
    if node is None or document.snapshot is None:
        return None
    dialog = TaskInfoDialog(document, node, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    dialog.activateWindow()  # typing goes to it at once
    return dialog
