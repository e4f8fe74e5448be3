"""The Readiness view, per release: gates and go/no-go, rollout, rollback, stakeholders, PIR."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.enums import GateCategory, GateStatus, Raci
from relm_desktop.domain.records import GateRecord, ReleaseRecord, ReviewActionRecord
from relm_desktop.domain.rules import GoNoGo, readiness
from relm_desktop.domain.text import plural
from relm_desktop.gui import dates
from relm_desktop.gui.banner import Banner
from relm_desktop.gui.theme import Tone
from relm_desktop.gui.views.base import GO_COLOR, NO_GO_COLOR, SnapshotView
from relm_desktop.gui.views.commands import CreateRowsCommand
from relm_desktop.gui.views.readiness_panels import (
    STAKEHOLDER_COLUMNS,
    ReviewPanel,
    RollbackPanel,
    RolloutPanel,
    StakeholderRow,
    TablePanel,
    stakeholder_rows,
)
from relm_desktop.gui.views.record_model import Column, HasId, Kind, enum_choices
from relm_desktop.gui.views.selection import SelectionBus
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.timeline import Key, RowKind
from relm_desktop.services.changes import SCHEDULE_KINDS
from relm_desktop.services.templates import builtin_templates

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

GATE_COLUMNS = [
    Column("name", "Gate"),
    Column("category", "Category", Kind.CHOICE, choices=enum_choices(GateCategory)),
    Column("status", "Status", Kind.CHOICE, choices=enum_choices(GateStatus)),
    Column("evidence", "Evidence"),
    Column("approver", "Approver"),
    Column("decided_on", "Date", Kind.DATE),
    Column("waiver_reason", "Waiver reason"),
]
_TONES = {GoNoGo.GO: Tone.GO, GoNoGo.NO_GO: Tone.NO_GO, GoNoGo.PENDING: Tone.PENDING}


def _quoted(gates: tuple[GateRecord, ...]) -> str:
    return ", ".join(f"'{escape(g.name)}'" for g in gates)


class ReadinessView(SnapshotView):
    """One release at a time, picked here or by selecting it (or a task) elsewhere."""

    #: The release's scheduled go-live as well as its readiness records.
    kinds = SCHEDULE_KINDS | {
        "gate",
        "rollout_wave",
        "feature_flag",
        "rollback_plan",
        "stakeholder",
        "stakeholder_role",
        "review",
        "review_action",
    }

    def __init__(
        self, document: PlanDocument, bus: SelectionBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, bus, parent)
        self.setObjectName("readiness-view")
        #: Asks why a gate is waived (tests replace it); None or "" refuses the waiver.
        self.ask_reason: Callable[[str], str | None] = self._ask_reason
        #: Asks for a new stakeholder's name (tests replace it).
        self.ask_name: Callable[[], str | None] = self._ask_name
        self.release_box = QComboBox(self)
        self.release_box.setObjectName("readiness-release")
        self.release_box.setMinimumContentsLength(24)
        self.facts = QLabel(self)
        self.banner = Banner(self)  # its colours follow the palette
        self.banner.setObjectName("go-no-go")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setWordWrap(True)
        self.gates: TablePanel[GateRecord] = TablePanel(
            "Gates", GATE_COLUMNS, self._edit_gate, self, add_text="Add gate",
            widths=(215, 84, 72, 190, 125, 86, 200),
        )  # fmt: skip
        self.gates.table.setObjectName("gates-table")
        self.gates.model.row_style = self._gate_style
        self.template_button = QToolButton(self)
        self.template_button.setText("Add from template")
        self.template_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.template_menu = QMenu(self)
        self.template_menu.aboutToShow.connect(self._fill_template_menu)
        self.template_button.setMenu(self.template_menu)
        self.gates.buttons.insertWidget(2, self.template_button)
        self.rollout = RolloutPanel(self._edit_row, self)
        self.rollback = RollbackPanel(self._commit_rollback, self)
        self.stakeholders: TablePanel[StakeholderRow] = TablePanel(
            "Stakeholders (RACI)", STAKEHOLDER_COLUMNS, self._edit_stakeholder, self,
            add_text="Add person", widths=(170, 200, 110, 100),
        )  # fmt: skip
        self.review = ReviewPanel(self._commit_review, self._edit_action, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("readiness-tabs")
        # Each panel scrolls on its own: the PIR form alone is ~360 px tall, and
        # unscrolled it held the whole window above 720 px.
        self.tabs.addTab(_scrolled(self.rollout), "Rollout")
        self.tabs.addTab(_scrolled(self.rollback), "Rollback plan")
        self.tabs.addTab(_scrolled(self.review), "Review (PIR)")
        self._build()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Release", self))
        top.addWidget(self.release_box)
        top.addSpacing(12)
        top.addWidget(self.facts, 1)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.gates)
        left.addWidget(self.stakeholders)
        left.setSizes([330, 260])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.release_box.currentIndexChanged.connect(lambda _: self._show_release())
        self.gates.add_button.clicked.connect(self.add_gate)
        self.gates.delete_button.clicked.connect(
            lambda: self._delete("gate", self.gates.selected(), "gate")
        )
        self.rollout.strategy.activated.connect(lambda _: self._set_strategy())
        self.rollout.waves.add_button.clicked.connect(self.add_wave)
        self.rollout.waves.delete_button.clicked.connect(
            lambda: self._delete("rollout_wave", self.rollout.waves.selected(), "wave")
        )
        self.rollout.flags.add_button.clicked.connect(self.add_flag)
        self.rollout.flags.delete_button.clicked.connect(
            lambda: self._delete("feature_flag", self.rollout.flags.selected(), "flag")
        )
        self.stakeholders.add_button.clicked.connect(self._stakeholder_menu)
        self.stakeholders.delete_button.clicked.connect(
            lambda: self._delete("stakeholder_role", self.stakeholders.selected(), "role")
        )
        self.review.action_table.add_button.clicked.connect(self.add_action)
        self.review.action_table.delete_button.clicked.connect(
            lambda: self._delete("review_action", self.review.action_table.selected(), "action")
        )

    # -- feeding ------------------------------------------------------------------------
    @property
    def release_id(self) -> int | None:
        value = self.release_box.currentData()
        return int(value) if value is not None else None

    def set_release(self, release_id: int) -> None:
        index = self.release_box.findData(release_id)
        if index >= 0:
            self.release_box.setCurrentIndex(index)

    def refresh(self, snapshot: Snapshot) -> None:
        current = self.release_id
        self.release_box.blockSignals(True)
        self.release_box.clear()
        for release in snapshot.data.releases:
            self.release_box.addItem(f"{release.name} {release.version}".strip(), release.id)
        self.release_box.setCurrentIndex(max(0, self.release_box.findData(current)))
        self.release_box.blockSignals(False)
        self._show_release()

    def release(self) -> ReleaseRecord | None:
        if self.snapshot is None:
            return None
        return next((r for r in self.snapshot.data.releases if r.id == self.release_id), None)

    def _show_release(self) -> None:
        release = self.release()
        if release is None or self.snapshot is None:
            return
        data, result = self.snapshot.data, self.snapshot.result
        rid = release.id
        gates = [g for g in data.gates if g.release_id == rid]
        self.gates.model.set_records(gates)
        golive = result.release_golive.get(rid)
        self.facts.setText(
            f"{release.release_kind.label} · {release.status.label} · target go-live "
            f"{dates.format_date(release.target_golive) or '—'} · scheduled "
            f"{dates.format_date(golive) or '—'} · owner "
            f"{release.owner or '—'}"
        )
        self._show_readiness(gates)
        self.rollout.show_release(
            release,
            [w for w in data.waves if w.release_id == rid],
            [f for f in data.feature_flags if f.release_id == rid],
        )
        self.rollback.show_plan(next((p for p in data.rollbacks if p.release_id == rid), None))
        self.stakeholders.model.set_records(stakeholder_rows(data, rid))
        review = next((r for r in data.reviews if r.release_id == rid), None)
        actions = [a for a in data.review_actions if review and a.review_id == review.id]
        self.review.show_review(review, actions)

    def _show_readiness(self, gates: list[GateRecord]) -> None:
        state = readiness(gates)
        parts = [f"<span style='font-size:15pt; font-weight:bold'>{state.status.label}</span>"]
        parts.append(f"&nbsp;&nbsp;{state.met} of {plural(state.total, 'gate')} met")
        if state.failed:
            parts.append(f"&nbsp;·&nbsp;<b>blocked by</b> {_quoted(state.failed)} (failed)")
        if state.pending:
            parts.append(f"&nbsp;·&nbsp;pending: {_quoted(state.pending)}")
        if not gates:
            parts.append("&nbsp;·&nbsp;no gates yet: nobody has said this release may go")
        self.banner.setText("".join(parts))
        self.banner.set_tone(_TONES[state.status])
        self.readiness = state

    @staticmethod
    def _gate_style(gate: GateRecord) -> tuple[QColor | None, QColor | None] | None:
        if gate.status == GateStatus.FAILED:
            return (NO_GO_COLOR, QColor(207, 34, 46, 22))
        if gate.status == GateStatus.PASSED:
            return (GO_COLOR, None)
        if gate.status == GateStatus.WAIVED:
            return (QColor("#6e7781"), None)
        return None

    # -- gates ----------------------------------------------------------------------------
    def _edit_gate(self, gate: GateRecord, values: dict[str, Any]) -> bool:
        """One update per edit; waiving asks for the reason first (refused without one)."""
        values = dict(values)
        status = values.get("status")
        if status == GateStatus.WAIVED.value and not gate.waiver_reason.strip():
            reason = (self.ask_reason(gate.name) or "").strip()
            if not reason:
                self.document.failed.emit(f"Gate '{gate.name}' needs a reason to be waived")
                return False
            values["waiver_reason"] = reason
        if (
            values.get("waiver_reason") == ""
            and gate.status == GateStatus.WAIVED
            and "status" not in values
        ):
            self.document.failed.emit(f"A waived gate keeps its reason ('{gate.name}')")
            return False
        if status and status != GateStatus.PENDING.value and gate.decided_on is None:
            values.setdefault("decided_on", date.today())
        field = "status" if status else next(iter(values))
        word = f"to {GateStatus(status).label.lower()}" if status else ""
        text = f"Set {field.replace('_', ' ')} of gate '{gate.name}' {word}".rstrip()
        return self.document.update("gate", gate.id, values, text)

    def _ask_reason(self, name: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            self, "Waive gate", f"Why may the release go without '{name}'?"
        )
        return text if ok else None

    def set_gate_status(self, gate_id: int, status: GateStatus) -> bool:
        gate = next(g for g in self.gates.model.records if g.id == gate_id)
        return self._edit_gate(gate, {"status": status.value})

    def add_gate(self) -> None:
        if self.release_id is None:
            return
        n = len(self.gates.model.records)
        values = {"release_id": self.release_id, "name": f"New gate {n + 1}", "position": n}
        self.document.create("gate", values, "Add gate")

    def template_gates(self) -> dict[str, list[dict[str, Any]]]:
        """Gates of every template: the plan's own, then the built-ins."""
        out: dict[str, list[dict[str, Any]]] = {}
        if self.snapshot is not None:
            for template in self.snapshot.data.templates:
                out[template.name] = json.loads(template.body).get("gates", [])
        for body in builtin_templates():
            out.setdefault(body["name"], body.get("gates", []))
        return out

    def _fill_template_menu(self) -> None:
        self.template_menu.clear()
        for name, gates in self.template_gates().items():
            action = self.template_menu.addAction(f"{name} ({plural(len(gates), 'gate')})")
            action.triggered.connect(lambda _=False, n=name: self.add_template_gates(n))

    def add_template_gates(self, template: str) -> bool:
        """Add the template's gates this release lacks (by name), as one undo step."""
        if self.release_id is None:
            return False
        have = {g.name.casefold() for g in self.gates.model.records}
        start = len(self.gates.model.records)
        rows = [
            {
                "release_id": self.release_id,
                "name": gate["name"],
                "category": gate.get("category", "quality"),
                "position": start + k,
            }
            for k, gate in enumerate(
                g
                for g in self.template_gates().get(template, [])
                if g["name"].casefold() not in have
            )
        ]
        if not rows:
            self.document.failed.emit(f"This release already has every gate of '{template}'")
            return False
        text = f"Add {plural(len(rows), 'gate')} from template '{template}'"
        return self.document.push(CreateRowsCommand(self.document, "gate", rows, text))

    # -- rollout, rollback, stakeholders, review ----------------------------------------------
    def _edit_row(self, entity: str, record: HasId, values: dict[str, Any]) -> bool:
        field = next(iter(values)).replace("_", " ")
        label = entity.replace("_", " ")
        return self.document.update(entity, record.id, values, f"Change {field} of {label}")

    def _set_strategy(self) -> None:
        release = self.release()
        value = self.rollout.strategy.currentData()
        if release is not None and value != release.rollout_strategy.value:
            self.document.update(
                "release", release.id, {"rollout_strategy": value}, "Change rollout strategy"
            )

    def add_wave(self) -> None:
        n = len(self.rollout.waves.model.records)
        values = {"release_id": self.release_id, "name": f"Wave {n + 1}", "position": n}
        self.document.create("rollout_wave", values, "Add rollout wave")

    def add_flag(self) -> None:
        n = len(self.rollout.flags.model.records)
        values = {"release_id": self.release_id, "name": f"new-flag-{n + 1}"}
        self.document.create("feature_flag", values, "Add feature flag")

    def _commit_one(
        self, entity: str, record: HasId | None, values: dict[str, Any], what: str
    ) -> None:
        if record is None:
            self.document.create(entity, {"release_id": self.release_id, **values}, f"Add {what}")
        else:
            self.document.update(entity, record.id, values, f"Edit {what}")

    def _commit_rollback(self, values: dict[str, Any]) -> None:
        self._commit_one("rollback_plan", self.rollback.binder.record, values, "rollback plan")

    def _commit_review(self, values: dict[str, Any]) -> None:
        self._commit_one("review", self.review.binder.record, values, "review (PIR)")

    def _edit_stakeholder(self, row: StakeholderRow, values: dict[str, Any]) -> bool:
        if "raci" in values:
            return self.document.update(
                "stakeholder_role", row.id, values, f"Set RACI of {row.name} to {values['raci']}"
            )
        return self.document.update(
            "stakeholder", row.stakeholder_id, values, f"Edit stakeholder {row.name}"
        )

    def _stakeholder_menu(self) -> None:
        if self.snapshot is None:
            return
        menu = QMenu(self)
        present = {r.stakeholder_id for r in self.stakeholders.model.records}
        for person in self.snapshot.data.stakeholders:
            if person.id not in present:
                action = menu.addAction(person.name)
                action.triggered.connect(lambda _=False, p=person.id: self.add_stakeholder(p))
        menu.addSeparator()
        menu.addAction("New person…").triggered.connect(lambda: self.add_stakeholder(None))
        menu.popup(
            self.stakeholders.add_button.mapToGlobal(
                self.stakeholders.add_button.rect().bottomLeft()
            )
        )

    def add_stakeholder(self, stakeholder_id: int | None, raci: Raci = Raci.INFORMED) -> bool:
        """Give a person (a new one when ``stakeholder_id`` is None) a role on the release."""
        stack = self.document.undo_stack
        stack.beginMacro("Add stakeholder")
        try:
            if stakeholder_id is None:
                name = (self.ask_name() or "").strip()
                if name:
                    stakeholder_id = self.document.create(
                        "stakeholder", {"name": name}, f"Add stakeholder {name}"
                    )
            ok = stakeholder_id is not None and (
                self.document.create(
                    "stakeholder_role",
                    {"stakeholder_id": stakeholder_id, "release_id": self.release_id, "raci": raci},
                    "Add stakeholder role",
                )
                is not None
            )
        finally:
            stack.endMacro()
        return ok

    def _ask_name(self) -> str | None:
        text, ok = QInputDialog.getText(self, "New stakeholder", "Name of the person or group:")
        return text if ok else None

    def _edit_action(self, action: ReviewActionRecord, values: dict[str, Any]) -> bool:
        return self.document.update("review_action", action.id, values, "Edit PIR action")

    def add_action(self) -> None:
        review = self.review.binder.record
        stack = self.document.undo_stack
        stack.beginMacro("Add PIR action")
        try:
            review_id = (
                review.id
                if review is not None
                else self.document.create(
                    "review", {"release_id": self.release_id}, "Add review (PIR)"
                )
            )
            if review_id is not None:
                self.document.create(
                    "review_action", {"review_id": review_id, "action": "New action"}, "Add action"
                )
        finally:
            stack.endMacro()

    def _delete(self, entity: str, records: Sequence[HasId], noun: str) -> bool:
        if not records:
            return False
        text = f"Delete {noun}" if len(records) == 1 else f"Delete {len(records)} {noun}s"
        return self.document.delete(entity, [r.id for r in records], text)

    # -- selection --------------------------------------------------------------------------
    def follow_selection(self, keys: list[Key]) -> None:
        """Show the release of the selected release or task."""
        if self.snapshot is None or not keys:
            return
        kind, ident = keys[0]
        if kind is RowKind.RELEASE:
            self.set_release(ident)
        elif kind is RowKind.TASK:
            task = next((t for t in self.snapshot.data.tasks if t.id == ident), None)
            if task is not None:
                self.set_release(task.release_id)

    def prepare_screenshot(self) -> None:
        for index in range(self.release_box.count()):
            if self.release_box.itemText(index).startswith("Payments"):
                self.release_box.setCurrentIndex(index)


def _scrolled(panel: QWidget) -> QScrollArea:
    area = QScrollArea(panel.parentWidget())
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
