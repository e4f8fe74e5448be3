"""The task table's columns as the user arranged them: shown, order and widths.

Kept per user in QSettings under one key, by column name rather than as the
header's ``saveState`` bytes, so a column added in a later version (the
header's section count changes) neither scrambles nor loses the rest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from relm_desktop.gui.timeline.column_chooser import ColumnChooser
from relm_desktop.gui.timeline.tree_model import HEADERS, Column
from relm_desktop.gui.timeline.view import TimelineView, column_widths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.context import AppContext

    _Base = QMainWindow
else:
    _Base = object

SETTINGS_KEY = "timeline/columns"
#: Set once the user drags the table/chart divider: their split is kept, not refitted.
USER_SPLIT_KEY = "timeline/splitter_user"
#: Always shown, first and in this order: the ID the Predecessors column refers
#: to, and the task name, which carries the tree's indentation.
FIXED = (Column.ID, Column.NAME)
#: What a new user sees, left to right.
DEFAULT_SHOWN = (
    *FIXED,
    Column.DURATION,
    Column.START,
    Column.FINISH,
    Column.PERCENT,
    Column.TEAM,
)
#: The most of the timeline's width a column change gives the table (the chart keeps the rest).
TABLE_SHARE = 0.75


@dataclass(frozen=True)
class ColumnLayout:
    """Columns shown, left to right (``FIXED`` first), and widths the user gave."""

    shown: tuple[Column, ...] = DEFAULT_SHOWN
    widths: Mapping[Column, int] = field(default_factory=dict)

    def to_text(self) -> str:
        return json.dumps(
            {
                "shown": [c.name for c in self.shown],
                "widths": {c.name: w for c, w in self.widths.items()},
            }
        )

    @classmethod
    def from_text(cls, text: str) -> ColumnLayout | None:
        """The layout saved as ``text``; None when it cannot be read. Names of
        columns this version does not have are skipped."""
        try:
            saved = json.loads(text)
            names, widths = list(saved["shown"]), dict(saved["widths"])
        except (ValueError, KeyError, TypeError):
            return None
        known = Column.__members__
        shown = [known[n] for n in dict.fromkeys(names) if isinstance(n, str) and n in known]
        shown = [*FIXED, *(c for c in shown if c not in FIXED)]
        sizes = {
            known[n]: w
            for n, w in widths.items()
            if n in known and isinstance(w, int) and not isinstance(w, bool) and 8 <= w <= 2000
        }
        return cls(tuple(shown), sizes)

    def choice(self) -> list[tuple[Column, bool]]:
        """Every column, the shown ones first in their order (as the chooser lists them)."""
        rest = [c for c in Column if c not in self.shown]
        return [(c, True) for c in self.shown] + [(c, False) for c in rest]

    @classmethod
    def from_choice(
        cls, choice: Sequence[tuple[Column, bool]], widths: Mapping[Column, int]
    ) -> ColumnLayout:
        shown = [c for c, ticked in choice if ticked and c not in FIXED]
        return cls((*FIXED, *shown), dict(widths))


def load_layout(settings: QSettings) -> ColumnLayout | None:
    value = settings.value(SETTINGS_KEY)
    return ColumnLayout.from_text(value) if isinstance(value, str) else None


class TableColumns(QObject):
    """Shows, orders and sizes a timeline's table columns, and remembers them.

    Also the table header's right-click menu. Lives as long as its view.
    """

    def __init__(self, view: TimelineView, settings: QSettings) -> None:
        super().__init__(view)
        self.setObjectName("table-columns")
        self.view = view
        self.settings = settings
        self.header = view.tree.horizontalHeader()
        self.menu: QMenu | None = None
        self.dialog: ColumnChooser | None = None
        #: Widths of every column, hidden ones too (the header says 0 for those).
        self._widths: dict[Column, int] = {}
        self._applying = False
        self._defaults = self.default_widths()
        self.header.setSectionsMovable(True)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._popup_menu)
        self.header.sectionResized.connect(self._on_resized)
        self.header.sectionMoved.connect(self._on_moved)
        self.apply(load_layout(settings) or ColumnLayout(), save=False, fit=True)
        # Sizes set before the splitter is laid out are scaled, not kept: the table
        # came up ~70 px short of its columns and cut the last one. Fit once shown.
        # A split the user chose is theirs, as in MS Project; one saved without their
        # hand (a plan still opening) is fitted again.
        self._shown_once = False
        self.user_split = settings.value(USER_SPLIT_KEY) in (True, "true")
        view.splitter.installEventFilter(self)
        view.splitter.splitterMoved.connect(self._on_split_moved)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # QObject.eventFilter
        if event.type() == QEvent.Type.Show and not self._shown_once:
            self._shown_once = True
            if not self.user_split:
                QTimer.singleShot(0, self.fit_splitter)
        return False

    def _on_split_moved(self) -> None:  # emitted for the user's drags only, not setSizes
        if not self.user_split:
            self.user_split = True
            self.settings.setValue(USER_SPLIT_KEY, True)

    def default_widths(self) -> dict[Column, int]:
        # The view has just set every column's first width; a hidden one says 0.
        widths = column_widths(self.view.tree.font())
        tree = self.view.tree
        return {c: tree.columnWidth(int(c)) or widths.get(c) or 80 for c in Column}

    # -- reading and applying -------------------------------------------------------------
    def layout(self) -> ColumnLayout:
        """The columns as the table shows them now."""
        header = self.header
        order = sorted(Column, key=lambda c: header.visualIndex(int(c)))
        shown = tuple(c for c in order if not header.isSectionHidden(int(c)))
        widths = {c: self._widths[c] for c in Column if c in self._widths}
        return ColumnLayout(shown, widths)

    def apply(self, layout: ColumnLayout, *, save: bool = True, fit: bool = True) -> None:
        """Show ``layout``'s columns in its order at its widths; hide the rest."""
        header, tree = self.header, self.view.tree
        self._applying = True
        try:
            shown = [*FIXED, *(c for c in layout.shown if c not in FIXED)]
            order = [*shown, *(c for c in Column if c not in shown)]
            for position, column in enumerate(order):
                header.moveSection(header.visualIndex(int(column)), position)
            for column in Column:
                width = layout.widths.get(column) or self._defaults[column]
                self._widths[column] = width
                tree.setColumnHidden(int(column), False)
                tree.setColumnWidth(int(column), width)
                tree.setColumnHidden(int(column), column not in shown)
        finally:
            self._applying = False
        if fit:
            self.fit_splitter()
        if save:
            self.save()
        tree.viewport().update()

    def save(self) -> None:
        self.settings.setValue(SETTINGS_KEY, self.layout().to_text())

    def fit_splitter(self) -> None:
        """Give the table the width its columns need (at most ``TABLE_SHARE`` of the view)."""
        splitter = self.view.splitter
        want = self.view.table_width()
        if not splitter.isVisible():
            # Not laid out yet (a plan opening): its sizes mean nothing; the chart
            # takes the rest when it shows, as TimelineView first sets it.
            splitter.setSizes([want, 4000])
            return
        total = sum(splitter.sizes())
        want = min(want, int(total * TABLE_SHARE))
        splitter.setSizes([want, max(total - want, 0)])

    def set_shown(self, column: Column, shown: bool) -> None:
        """Show or hide one column (the ``FIXED`` ones always show)."""
        if column in FIXED:
            return
        current = self.layout()
        if (column in current.shown) == shown:
            return
        if shown:
            columns = (*current.shown, column)
        else:
            columns = tuple(c for c in current.shown if c is not column)
        self.apply(ColumnLayout(columns, current.widths))

    def reset(self, *, fit: bool = True) -> None:
        """The columns a new user sees, at their first widths."""
        self.apply(ColumnLayout(DEFAULT_SHOWN, {}), save=False, fit=fit)
        self.settings.remove(SETTINGS_KEY)

    # -- the user moving and sizing sections -------------------------------------------------
    def _on_resized(self, logical: int, _old: int, new: int) -> None:
        if self._applying or new <= 0:  # hiding a section "resizes" it to 0
            return
        self._widths[Column(logical)] = new
        self.save()

    def _on_moved(self, _logical: int, _old: int, _new: int) -> None:
        if self._applying:
            return
        # A section dragged before or between the fixed ones: they go back in front.
        self._applying = True
        try:
            for position, column in enumerate(FIXED):
                self.header.moveSection(self.header.visualIndex(int(column)), position)
        finally:
            self._applying = False
        self.save()
        self.view.tree.viewport().update()

    # -- the header's menu and the chooser ---------------------------------------------------
    def build_menu(self) -> QMenu:
        """Every column with a tick when shown, then the chooser and a reset."""
        menu = QMenu(self.view)
        menu.setObjectName("column-menu")
        shown = self.layout().shown
        for column in Column:
            action = QAction(HEADERS[column], menu)
            action.setCheckable(True)
            action.setChecked(column in shown)
            action.setData(int(column))
            if column in FIXED:
                action.setEnabled(False)  # always shown
            else:
                action.toggled.connect(lambda on, c=column: self.set_shown(c, on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("Column &Chooser…", self.choose)
        menu.addAction("&Reset Columns", self.reset)
        return menu

    def _popup_menu(self, pos: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.build_menu()
        self.menu.popup(self.header.viewport().mapToGlobal(pos))

    def choose(self) -> None:
        """Open the column chooser; its choice applies when the user presses OK."""
        current = self.layout()
        defaults = ColumnLayout(DEFAULT_SHOWN, {}).choice()
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = self.dialog = ColumnChooser(current.choice(), defaults, self.view)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(
            lambda: self.apply(ColumnLayout.from_choice(dialog.choice(), self._widths))
        )
        dialog.open()


def columns_of(view: TimelineView) -> TableColumns | None:
    """The column keeper installed on ``view``, if any."""
    for child in view.children():
        if isinstance(child, TableColumns):
            return child
    return None


class ColumnsMixin(_Base):
    """The main window's column commands (View ▸ Columns…, and reset with the layout)."""

    if TYPE_CHECKING:
        context: AppContext
        timeline: TimelineView | None

    def install_columns(self, view: TimelineView) -> None:
        """Give a newly opened plan's table the user's columns."""
        TableColumns(view, self.context.settings)

    def choose_columns(self) -> None:
        keeper = columns_of(self.timeline) if self.timeline is not None else None
        if keeper is not None:
            keeper.choose()

    def reset_columns(self) -> None:
        """Forget the user's columns; the open table shows the defaults."""
        keeper = columns_of(self.timeline) if self.timeline is not None else None
        if keeper is not None:
            keeper.reset(fit=False)  # Reset Layout sizes the splitter itself
            keeper.user_split = False
        self.context.settings.remove(SETTINGS_KEY)
        self.context.settings.remove(USER_SPLIT_KEY)
