"""The Risks view: heat map and exposure per release beside the risk register."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.records import RiskRecord
from relm_desktop.domain.rules import exposure, ranked_risks, review_overdue, risk_is_active
from relm_desktop.domain.text import plural
from relm_desktop.gui.views.base import SnapshotView
from relm_desktop.gui.views.delegate import RecordDelegate
from relm_desktop.gui.views.heatmap import HeatMap
from relm_desktop.gui.views.risk_editor import RiskEditor
from relm_desktop.gui.views.risk_model import RiskFilter, RiskModel
from relm_desktop.gui.views.selection import SelectionBus
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.heatmap import cell_counts
from relm_desktop.layout.timeline import Key, RowKind

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

_WIDTHS = (250, 130, 28, 28, 46, 84, 86, 110, 130, 170, 260)


class RiskView(SnapshotView):
    """Click a heat-map cell to filter the register; click it again to clear."""

    kinds = frozenset({"release", "task", "risk"})

    def __init__(
        self, document: PlanDocument, bus: SelectionBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, bus, parent)
        self.setObjectName("risks-view")
        self._names: dict[int, str] = {}
        self._tasks: dict[int, str] = {}
        self.model = RiskModel(self._edit, self._release_name, self._task_name, self)
        self.proxy = RiskFilter(self)
        self.proxy.setSourceModel(self.model)
        self.heatmap = HeatMap(self)
        self.cell_label = QLabel(self)
        self.cell_label.setObjectName("risk-cell-filter")
        self.exposure_label = QLabel(self)
        self.exposure_label.setObjectName("risk-exposure")
        self.exposure_label.setTextFormat(Qt.TextFormat.RichText)
        self.exposure_label.setWordWrap(True)  # long release names wrap, not widen the panel
        self.table = QTableView(self)
        self.table.setObjectName("risk-register")
        self.search = QLineEdit(self)
        self.search.setObjectName("risk-search")
        self.search.setPlaceholderText("Filter risks…")
        self.search.setClearButtonEnabled(True)
        self.release_box = QComboBox(self)
        self.release_box.setObjectName("risk-release")
        self.release_box.setMinimumContentsLength(12)
        self.release_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.closed_box = QCheckBox("Show closed", self)
        self.closed_box.setChecked(True)
        self.add_button = QPushButton("Add…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.delete_button = QPushButton("Delete", self)
        self._build()

    def _build(self) -> None:
        table = self.table
        table.setModel(self.proxy)
        table.setItemDelegate(RecordDelegate(table))
        table.setSortingEnabled(True)
        table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(_WIDTHS):
            table.setColumnWidth(column, width)
        # The heat map and the exposure table scroll in their column when the
        # window is short (1280×720 with the docks), rather than forcing the
        # window taller or squeezing the labels on top of each other.
        left = QWidget(self)
        left.setObjectName("risk-summary")
        side = QVBoxLayout(left)
        side.setContentsMargins(8, 8, 8, 8)
        title = QLabel("<b>Probability × impact</b> — active risks", left)
        title.setWordWrap(True)
        self.cell_label.setWordWrap(True)
        side.addWidget(title)
        self.heatmap.setMaximumHeight(300)  # leaves the exposure table in sight at 720 px
        side.addWidget(self.heatmap)
        side.addWidget(self.cell_label)
        side.addSpacing(6)
        side.addWidget(self.exposure_label)
        side.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("risk-summary-scroll")
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.heatmap.minimumWidth() + 40)
        right = QWidget(self)
        main = QVBoxLayout(right)
        main.setContentsMargins(4, 8, 8, 8)
        # Two rows: the buttons beside the register's title, the filters under them,
        # so a narrow register squeezes no filter to nothing.
        heading = QHBoxLayout()
        heading.addWidget(QLabel("<b>Risk register</b>", right), 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            heading.addWidget(button)
        bar = QHBoxLayout()
        self.search.setMinimumWidth(120)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.release_box)
        bar.addWidget(self.closed_box)
        main.addLayout(heading)
        main.addLayout(bar)
        main.addWidget(table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("risk-splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.heatmap.cell_clicked.connect(self.toggle_cell)
        self.search.textChanged.connect(lambda text: self._filter(text=text.strip()))
        self.release_box.currentIndexChanged.connect(
            lambda _: self._filter(release_id=self.release_box.currentData())
        )
        self.closed_box.toggled.connect(lambda on: self._filter(show_closed=on))
        self.add_button.clicked.connect(self.add_dialog)
        self.edit_button.clicked.connect(self.edit_dialog)
        self.delete_button.clicked.connect(self.delete_selected)
        table.doubleClicked.connect(self._double_clicked)
        table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self._update_cell_label()

    # -- feeding ------------------------------------------------------------------------
    def refresh(self, snapshot: Snapshot) -> None:
        data = snapshot.data
        self._names = {r.id: f"{r.name} {r.version}".strip() for r in data.releases}
        self._tasks = {t.id: t.name for t in data.tasks}
        current = self.release_box.currentData()
        self.release_box.blockSignals(True)
        self.release_box.clear()
        self.release_box.addItem("All releases", None)
        for release in data.releases:
            self.release_box.addItem(self._names[release.id], release.id)
        self.release_box.setCurrentIndex(max(0, self.release_box.findData(current)))
        self.release_box.blockSignals(False)
        # In the agreed order, which the score sort keeps among equal scores (a stable
        # sort): the register lists risks as the packs do.
        self.model.set_records(ranked_risks(data.risks))
        self._update_summary()
        self._update_cell_label()

    def _update_summary(self) -> None:
        risks = [r for r in self.model.records if self.proxy.matches(r, ignore_cell=True)]
        self.heatmap.set_counts(cell_counts(r for r in risks if risk_is_active(r)))
        by_release: dict[int | None, list[RiskRecord]] = defaultdict(list)
        for risk in self.model.records:
            by_release[risk.release_id].append(risk)
        rows = []
        for rid, name in [*self._names.items(), (None, "Portfolio-wide")]:
            mine = by_release.get(rid, [])
            if not mine:
                continue
            active = [r for r in mine if risk_is_active(r)]
            late = sum(review_overdue(r, self.model.today) for r in mine)
            late_text = f"<span style='color:#b35900'>⚠ {late}</span>" if late else ""
            rows.append(
                f"<tr><td>{escape(name)}</td><td align='right'>{len(active)}</td>"
                f"<td align='right'><b>{exposure(mine)}</b></td><td>{late_text}</td></tr>"
            )
        total = exposure(self.model.records)
        self.exposure_label.setText(
            "<b>Exposure by release</b> (sum of active scores)"
            "<table cellspacing='0' cellpadding='3' width='100%'>"
            "<tr><th align='left'>Release</th><th align='right'>Active</th>"
            "<th align='right'>Exposure</th><th align='left'>Reviews due</th></tr>"
            + "".join(rows)
            + f"<tr><td><b>Total</b></td><td></td><td align='right'><b>{total}</b></td>"
            "<td></td></tr></table>"
        )

    def _release_name(self, ident: int | None) -> str:
        return self._names.get(ident, "") if ident is not None else "Portfolio-wide"

    def _task_name(self, ident: int | None) -> str:
        return self._tasks.get(ident, "") if ident is not None else ""

    # -- filtering ------------------------------------------------------------------------
    def _filter(self, **changes: object) -> None:
        self.proxy.set_filters(**changes)
        self._update_summary()
        self._update_cell_label()

    def toggle_cell(self, probability: int, impact: int) -> None:
        cell = (probability, impact)
        self.set_cell(None if self.proxy.cell == cell else cell)

    def set_cell(self, cell: tuple[int, int] | None) -> None:
        self.heatmap.set_selected(cell)
        self._filter(cell=cell)

    def _update_cell_label(self) -> None:
        shown = self.proxy.rowCount()
        if self.proxy.cell is None:
            self.cell_label.setText(
                f"{plural(shown, 'risk')} shown. Click a cell to filter the register."
            )
        else:
            p, i = self.proxy.cell
            self.cell_label.setText(
                f"Showing probability {p} × impact {i}: {plural(shown, 'risk')}."
                " Click the cell again to clear."
            )

    # -- editing --------------------------------------------------------------------------
    def _edit(self, risk: RiskRecord, values: dict[str, Any]) -> bool:
        field = next(iter(values))
        text = f"Change {field.replace('_', ' ')} of risk '{risk.title}'"
        return self.document.update("risk", risk.id, values, text)

    def selected_risks(self) -> list[RiskRecord]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.record(self.proxy.mapToSource(index).row()) for index in rows]

    def add_dialog(self) -> None:
        if self.snapshot is None:
            return
        editor = RiskEditor(self.snapshot.data, None, self, release_id=self.proxy.release_id)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.add_risk(editor.values())

    def add_risk(self, values: dict[str, Any]) -> int | None:
        return self.document.create("risk", values, f"Add risk '{values.get('title', '')}'")

    def edit_dialog(self) -> None:
        risks = self.selected_risks()
        if risks and self.snapshot is not None:
            self.open_editor(risks[0])

    def open_editor(self, risk: RiskRecord) -> RiskEditor:
        """Open the editor on ``risk``; OK applies the changed fields as one undo step."""
        assert self.snapshot is not None
        editor = RiskEditor(self.snapshot.data, risk, self)
        editor.accepted.connect(lambda: self.apply_editor(editor))
        editor.open()
        return editor

    def apply_editor(self, editor: RiskEditor) -> bool:
        changes = editor.changes()
        if not changes or editor.risk is None:
            return False
        return self.document.update(
            "risk", editor.risk.id, changes, f"Edit risk '{editor.risk.title}'"
        )

    def _double_clicked(self, index: QModelIndex) -> None:
        if not self.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.open_editor(self.model.record(self.proxy.mapToSource(index).row()))

    def delete_selected(self) -> bool:
        risks = self.selected_risks()
        if not risks:
            return False
        text = (
            f"Delete risk '{risks[0].title}'" if len(risks) == 1 else f"Delete {len(risks)} risks"
        )
        return self.document.delete("risk", [r.id for r in risks], text)

    # -- selection --------------------------------------------------------------------------
    def _on_table_selection(self, *_: object) -> None:
        risks = self.selected_risks()
        if len(risks) == 1 and risks[0].task_id is not None:
            self.publish([(RowKind.TASK, risks[0].task_id)])

    def follow_selection(self, keys: list[Key]) -> None:
        """Select the risks linked to the selected tasks (if any are listed)."""
        tasks = {ident for kind, ident in keys if kind is RowKind.TASK}
        if not tasks:
            return
        model = self.table.selectionModel()
        model.clearSelection()
        for row, risk in enumerate(self.model.records):
            if risk.task_id in tasks:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    model.select(
                        index,
                        QItemSelectionModel.SelectionFlag.Select
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )

    def prepare_screenshot(self) -> None:
        """Dates as of mid-February 2027, so the demo shows overdue reviews."""
        from datetime import date

        self.model.today = date(2027, 2, 22)
        self.refresh_now()
