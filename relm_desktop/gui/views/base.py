"""What every view of this package shares: the snapshot feed, lazy refresh, colours."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QApplication, QWidget

from relm_desktop.gui.theme import DARK, LIGHT, ChartColors
from relm_desktop.gui.views.selection import SelectionBus
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.timeline import Key
from relm_desktop.services.changes import OpChanges

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

#: Okabe-Ito colours for releases, in portfolio order (colour-blind safe).
RELEASE_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
GO_COLOR = QColor("#1a7f37")
NO_GO_COLOR = QColor("#cf222e")
PENDING_COLOR = QColor("#9a6700")
WARNING_COLOR = QColor("#b35900")


def release_color(position: int) -> QColor:
    return QColor(RELEASE_COLORS[position % len(RELEASE_COLORS)])


def chart_colors() -> ChartColors:
    """The chart colours matching the application palette now (light or dark)."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.palette().window().color().lightness() < 128:
        return DARK
    return LIGHT


class SnapshotView(QWidget):
    """A view fed by ``document.scheduled``; it redraws only while shown.

    A hidden view just remembers the newest snapshot and catches up when it
    is shown, so a reschedule costs nothing for the tabs nobody looks at. A
    view naming the kinds it shows in ``kinds`` does nothing at all when an
    edit changed none of them (the records it holds are still the plan's).
    """

    #: Entity kinds (table names) this view shows; None: it redraws on every change.
    kinds: ClassVar[frozenset[str] | None] = None

    def __init__(
        self, document: PlanDocument, bus: SelectionBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.bus = bus
        self.snapshot: Snapshot | None = None
        self._dirty = False
        self._following = False
        document.scheduled.connect(self._on_scheduled)
        bus.changed.connect(self._on_bus)

    def _on_scheduled(self, snapshot: Snapshot, changes: OpChanges | None = None) -> None:
        self.snapshot = snapshot
        if changes is not None and self.kinds is not None and not changes.touches(self.kinds):
            return
        self._dirty = True
        if self.isVisible():
            self.refresh_now()

    def refresh_now(self) -> None:
        """Redraw from the newest snapshot (also the document's, if none came yet)."""
        if self.snapshot is None:
            self.snapshot = self.document.snapshot
        if self.snapshot is None:
            return
        self._dirty = False
        self.refresh(self.snapshot)
        self._follow(self.bus.keys)

    def refresh(self, snapshot: Snapshot) -> None:
        raise NotImplementedError

    def follow_selection(self, keys: list[Key]) -> None:
        """Show ``keys`` as selected without publishing them back."""

    def publish(self, keys: list[Key]) -> None:
        if not self._following:
            self.bus.publish(keys)

    def _on_bus(self, keys: list[Key]) -> None:
        if self._dirty:
            return  # applied by refresh_now when shown
        self._follow(keys)

    def _follow(self, keys: list[Key]) -> None:
        self._following = True
        try:
            self.follow_selection(keys)
        finally:
            self._following = False

    def showEvent(self, event: QShowEvent) -> None:  # QWidget.showEvent
        super().showEvent(event)
        if self._dirty or (self.snapshot is None and self.document.snapshot is not None):
            self.refresh_now()
