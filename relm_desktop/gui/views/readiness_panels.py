"""The readiness view's panels: a table with Add/Delete, rollout, rollback, stakeholders, PIR."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.enums import Raci, RolloutStrategy
from relm_desktop.domain.records import (
    FeatureFlagRecord,
    PlanData,
    ReleaseRecord,
    ReviewActionRecord,
    ReviewRecord,
    RollbackPlanRecord,
    RolloutWaveRecord,
)
from relm_desktop.gui.views.delegate import RecordDelegate, date_edit
from relm_desktop.gui.views.forms import FormBinder
from relm_desktop.gui.views.record_model import (
    Column,
    HasId,
    Kind,
    R,
    RecordTableModel,
    enum_choices,
)

#: Strategies whose rollout goes in waves.
WAVE_STRATEGIES = {RolloutStrategy.STAGED, RolloutStrategy.PILOT, RolloutStrategy.CANARY}


def text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(f"<b>{text}</b>", parent)
    label.setContentsMargins(0, 6, 0, 0)
    return label


class TablePanel(QWidget, Generic[R]):
    """A titled table of records with Add and Delete buttons."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        edit: Callable[[R, dict[str, Any]], bool],
        parent: QWidget | None = None,
        *,
        add_text: str = "Add",
        widths: Sequence[int] = (),
    ) -> None:
        super().__init__(parent)
        self.model: RecordTableModel[R] = RecordTableModel(columns, edit, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(RecordDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton(add_text, self)
        self.delete_button = QPushButton("Delete", self)
        self.title = QLabel(f"<b>{title}</b>", self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        self.buttons = top
        top.addWidget(self.add_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def selected(self) -> list[R]:
        return [self.model.record(i.row()) for i in self.table.selectionModel().selectedRows()]


class RolloutPanel(QWidget):
    """Rollout strategy, its waves (staged, pilot, canary) and the feature flags."""

    def __init__(self, edit: Callable[[str, HasId, dict[str, Any]], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.strategy = QComboBox(self)
        self.strategy.setObjectName("rollout-strategy")
        for value, label in enum_choices(RolloutStrategy):
            self.strategy.addItem(label, value)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.waves: TablePanel[RolloutWaveRecord] = TablePanel(
            "Waves",
            [
                Column("name", "Wave"),
                Column("audience", "Audience"),
                Column("percentage", "%", Kind.INT, maximum=100),
                Column("day", "Date", Kind.DATE),
            ],
            lambda r, v: edit("rollout_wave", r, v),
            self,
            add_text="Add wave",
            widths=(130, 200, 50, 100),
        )
        self.flags: TablePanel[FeatureFlagRecord] = TablePanel(
            "Feature flags",
            [
                Column("name", "Flag"),
                Column("description", "What it switches"),
                Column("default_on", "On by default", Kind.BOOL),
            ],
            lambda r, v: edit("feature_flag", r, v),
            self,
            add_text="Add flag",
            widths=(170, 280, 90),
        )
        top = QHBoxLayout()
        top.addWidget(QLabel("Rollout strategy", self))
        top.addWidget(self.strategy)
        top.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.waves, 3)
        layout.addWidget(self.flags, 2)

    def show_release(
        self,
        release: ReleaseRecord,
        waves: list[RolloutWaveRecord],
        flags: list[FeatureFlagRecord],
    ) -> None:
        self.strategy.setCurrentIndex(self.strategy.findData(str(release.rollout_strategy.value)))
        waved = release.rollout_strategy in WAVE_STRATEGIES
        self.hint.setText(
            f"{release.rollout_strategy.label} rollouts go out in the waves below."
            if waved
            else f"A {release.rollout_strategy.label.lower()} rollout needs no waves."
        )
        self.waves.model.set_records(waves)
        self.flags.model.set_records(flags)


class RollbackPanel(QWidget):
    """Triggers, steps, estimated time, owner and whether it was rehearsed."""

    def __init__(self, commit: Callable[[dict[str, Any]], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.binder: FormBinder[RollbackPlanRecord] = FormBinder(commit, self)
        self.triggers = text_box(self, 3)
        self.steps = text_box(self, 6)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 10_000)
        self.minutes.setSuffix(" min")
        self.owner = QLineEdit(self)
        self.rehearsed = QCheckBox("Rehearsed", self)
        self.note = QLabel(self)
        form = QFormLayout(self)
        form.addRow(self.note)
        form.addRow("Triggers", self.triggers)
        form.addRow("Steps", self.steps)
        form.addRow("Estimated time", self.minutes)
        form.addRow("Owner", self.owner)
        form.addRow("", self.rehearsed)
        for field, widget in (
            ("triggers", self.triggers),
            ("steps", self.steps),
            ("estimated_minutes", self.minutes),
            ("owner", self.owner),
            ("rehearsed", self.rehearsed),
        ):
            self.binder.bind(field, widget)

    def show_plan(self, plan: RollbackPlanRecord | None) -> None:
        self.binder.load(plan)
        self.note.setText(
            "" if plan is not None else "No rollback plan yet: filling in a field creates one."
        )


@dataclass(frozen=True, slots=True)
class StakeholderRow:
    """A stakeholder's role on one release, with the person's own fields."""

    id: int  # the role's id
    stakeholder_id: int
    name: str
    title: str
    email: str
    raci: Raci
    receives_pack: bool


def stakeholder_rows(data: PlanData, release_id: int) -> list[StakeholderRow]:
    people = {s.id: s for s in data.stakeholders}
    out = []
    for role in data.stakeholder_roles:
        person = people.get(role.stakeholder_id)
        if role.release_id != release_id or person is None:
            continue
        out.append(
            StakeholderRow(
                role.id,
                person.id,
                person.name,
                person.title,
                person.email,
                role.raci,
                person.receives_pack,
            )
        )
    order = "ARCI"
    return sorted(out, key=lambda r: (order.index(r.raci.value), r.name))


STAKEHOLDER_COLUMNS = [
    Column("name", "Stakeholder"),
    Column("title", "Role / title"),
    Column("raci", "RACI", Kind.CHOICE, choices=enum_choices(Raci)),
    Column("receives_pack", "Receives pack", Kind.BOOL),
    Column("email", "E-mail"),
]


class ReviewPanel(QWidget):
    """The post-implementation review and its actions."""

    def __init__(
        self,
        commit: Callable[[dict[str, Any]], object],
        edit_action: Callable[[ReviewActionRecord, dict[str, Any]], bool],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.binder: FormBinder[ReviewRecord] = FormBinder(commit, self)
        self.held = QCheckBox("Held on", self)
        self.held_on = date_edit(self)
        self.outcome = text_box(self, 2)
        self.incidents = text_box(self, 2)
        self.went_well = text_box(self, 2)
        self.went_badly = text_box(self, 2)
        self.note = QLabel(self)
        held = QHBoxLayout()
        held.addWidget(self.held)
        held.addWidget(self.held_on)
        held.addStretch(1)
        form = QFormLayout()
        form.addRow(self.note)
        form.addRow("PIR", held)
        form.addRow("Outcome", self.outcome)
        form.addRow("Incidents", self.incidents)
        form.addRow("Went well", self.went_well)
        form.addRow("Went badly", self.went_badly)
        self.binder.bind("held_on", self.held_on, enabled_by=self.held)
        for field in ("outcome", "incidents", "went_well", "went_badly"):
            self.binder.bind(field, getattr(self, field))
        self.action_table: TablePanel[ReviewActionRecord] = TablePanel(
            "Actions",
            [
                Column("action", "Action"),
                Column("owner", "Owner"),
                Column("due", "Due", Kind.DATE),
                Column("done", "Done", Kind.BOOL),
            ],
            edit_action,
            self,
            add_text="Add action",
            widths=(300, 130, 100, 50),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.action_table, 1)

    def show_review(self, review: ReviewRecord | None, actions: list[ReviewActionRecord]) -> None:
        self.binder.load(review)
        self.note.setText(
            "" if review is not None else "No review yet: filling in a field records one."
        )
        self.action_table.model.set_records(actions)


def align_top(widget: QWidget) -> None:
    layout = widget.layout()
    if layout is not None:
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
