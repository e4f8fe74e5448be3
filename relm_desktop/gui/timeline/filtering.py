"""The timeline's filter and grouping in the GUI: the rows shown, the status
date they are judged at, and the bar above the timeline saying what is on."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from relm_desktop.domain.records import PlanData
from relm_desktop.domain.text import plural
from relm_desktop.layout.filters import ViewOptions, apply_view, describe
from relm_desktop.layout.timeline import RowKind, Timeline


def status_of(data: PlanData) -> date:
    """The plan's status date ("as of"): today when it has none."""
    day = data.info.status_date if data.info is not None else None
    return day or date.today()


def names_of(data: PlanData) -> tuple[dict[int, str], dict[int, str]]:
    """Team and environment names by id."""
    return {t.id: t.name for t in data.teams}, {e.id: e.name for e in data.environments}


def shown_timeline(
    timeline: Timeline, data: PlanData, options: ViewOptions, status: date
) -> Timeline:
    """The rows ``options`` show (the plan's own timeline when nothing is on)."""
    if options.plain:
        return timeline
    teams, environments = names_of(data)
    return apply_view(timeline, options, status=status, teams=teams, environments=environments)


def task_count(timeline: Timeline) -> int:
    return sum(1 for n in timeline.nodes if n.kind is RowKind.TASK and not n.children)


class FilterBar(QFrame):
    """ "Showing: Critical tasks — 12 of 80 tasks  [Show All]", hidden when nothing is on."""

    #: The user asked to show every row again.
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline-filter-bar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 6, 3)
        layout.setSpacing(8)
        self.label = QLabel(self)
        self.label.setObjectName("timeline-filter-label")
        self.count = QLabel(self)
        self.count.setObjectName("timeline-filter-count")
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.clear = QToolButton(self)
        self.clear.setObjectName("timeline-filter-clear")
        self.clear.setText("✕ Show All")
        self.clear.setToolTip("Show every task in release and phase order")
        self.clear.setAutoRaise(True)
        self.clear.clicked.connect(self.cleared)
        layout.addWidget(self.label)
        layout.addWidget(self.count)
        layout.addStretch(1)
        layout.addWidget(self.clear)
        self.hide()

    def show_options(
        self, options: ViewOptions, data: PlanData | None, shown: Timeline, whole: Timeline
    ) -> None:
        """Say what ``options`` show (of ``whole``); hidden when they show the plan as it is."""
        if options.plain or data is None:
            self.hide()
            return
        teams, environments = names_of(data)
        total = task_count(whole)
        self.label.setText(f"<b>Showing:</b> {html.escape(describe(options, teams, environments))}")
        self.count.setText(f"{task_count(shown):,} of {plural(total, 'task', thousands=True)}")
        self.show()
