"""The task table's model: the timeline's visible rows (releases → phases → tasks).

Edits are validated here (so the model refuses bad input whatever the
editor) and then handed to ``edit`` — the document — as one undoable update.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.gui import dates
from relm_desktop.gui.timeline.task_texts import constraint_text, outside_text, rolled_up_days
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import Key, LinkItem, Node, RowKind, RowLayout, Timeline
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.services.edits import EditError
from relm_desktop.services.links import LinkSpec, format_links, parse_links

Index = QModelIndex | QPersistentModelIndex
#: The invalid index, as a shared default argument.
ROOT = QModelIndex()
#: ``edit(entity, id, values, undo_text) -> accepted``
EditFn = Callable[[str, int, Mapping[str, Any], str], bool]
#: ``set_links(task id, predecessors, undo_text) -> accepted``: replaces its incoming links.
LinksFn = Callable[[int, Sequence[LinkSpec], str], bool]

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
#: A task's constraint as text ("Start no earlier than 5 Jan 27"), None when it has none.
CONSTRAINT_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    NAME = 0
    DURATION = 1
    START = 2
    FINISH = 3
    PERCENT = 4
    TEAM = 5
    CONSTRAINT = 6
    # Optional columns (the column chooser shows or hides them).
    PREDECESSORS = 7
    WBS = 8
    CONSTRAINT_DATE = 9
    TOTAL_FLOAT = 10
    ENVIRONMENT = 11
    BASELINE_START = 12
    BASELINE_FINISH = 13
    SLIP = 14
    NOTES = 15
    # The task's ID, which the Predecessors column refers to ("3FS+2d"); always shown, first.
    ID = 16


HEADERS = {
    Column.NAME: "Task",
    Column.DURATION: "Days",
    Column.START: "Start",
    Column.FINISH: "Finish",
    Column.PERCENT: "Done",
    Column.TEAM: "Team",
    Column.CONSTRAINT: "Constraint",
    Column.PREDECESSORS: "Predecessors",
    Column.WBS: "WBS",
    Column.CONSTRAINT_DATE: "Constraint date",
    Column.TOTAL_FLOAT: "Total float",
    Column.ENVIRONMENT: "Environment",
    Column.BASELINE_START: "Baseline start",
    Column.BASELINE_FINISH: "Baseline finish",
    Column.SLIP: "Slip",
    Column.NOTES: "Notes",
    Column.ID: "ID",
}
_EDITABLE_TASK = {
    Column.NAME,
    Column.DURATION,
    Column.START,
    Column.PERCENT,
    Column.TEAM,
    Column.CONSTRAINT_DATE,
    Column.ENVIRONMENT,
    Column.NOTES,
}
_EDITABLE_INTS = frozenset(int(c) for c in _EDITABLE_TASK) | {int(Column.PREDECESSORS)}
#: A summary task's dates, duration and % come from its subtasks (as in MS Project).
_ROLLED_UP = frozenset(int(c) for c in (Column.DURATION, Column.START, Column.PERCENT))
_NAME, _DURATION, _PERCENT = int(Column.NAME), int(Column.DURATION), int(Column.PERCENT)
_CONSTRAINT = int(Column.CONSTRAINT)
_FLOAT = int(Column.TOTAL_FLOAT)
#: Columns of numbers, right-aligned like the table's other figures.
NUMBER_COLUMNS = frozenset(
    int(c) for c in (Column.DURATION, Column.PERCENT, Column.TOTAL_FLOAT, Column.SLIP)
)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_SIZE = int(Qt.ItemDataRole.SizeHintRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: The longest note line kept for the table (the tooltip shows the whole note).
_NOTE_SHOWN = 300
_READ_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_FLAGS = _READ_FLAGS | Qt.ItemFlag.ItemIsEditable


def format_date(day: date | None) -> str:
    """``day`` in the app's one date format (the user's locale), cached per date."""
    return dates.format_date(day)


def parse_date(text: str) -> date | None:
    """A date typed by the user: in the locale's format, ISO, or '12 Jan 2026'."""
    return dates.parse_date(text)


def parse_int(text: object, low: int, high: int, what: str) -> int:
    """An integer in [low, high]; accepts '5', '5d', '40%'."""
    if isinstance(text, bool):
        raise ValueError(f"{what}: expected a number")
    if isinstance(text, int):
        value = text
    else:
        match = re.fullmatch(r"\s*(-?\d+)\s*(d|days?|%)?\s*", str(text))
        if match is None:
            raise ValueError(f"{what}: {text!r} is not a whole number")
        value = int(match.group(1))
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low} and {high}")
    return value


class TaskTreeModel(QAbstractItemModel):
    """The visible rows of a ``RowLayout`` as a flat table.

    The tree (releases → phases → tasks) is flattened by the layout, which
    already knows which branches are folded; the table draws indentation and
    fold arrows itself. A flat model lets ``QTableView`` show 10,000 rows
    without the per-row layout pass ``QTreeView`` makes on every reset and
    expand (~0.5–0.9 s at that size). ``internalId`` of an index is its
    node's position in the timeline.
    """

    def __init__(self, edit: EditFn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self._layout: RowLayout | None = None
        self._rows: list[int] = []
        self._row_of_node: dict[int, int] | None = None
        self._teams: dict[int, str] = {}
        self._environments: dict[int, str] = {}
        #: Counts a summary row's working days (its duration, rolled up).
        self._calendar: WorkCalendar | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._size = QSize(40, ROW_HEIGHT)
        self._display_cache: dict[int, tuple[str, ...]] = {}
        self.last_error = ""
        #: Each task's incoming links, in plan order (made when first asked for).
        self._incoming: dict[int, list[LinkItem]] | None = None
        #: Where a Predecessors edit goes (the view sets it: one undoable call).
        self.set_links: LinksFn | None = None
        #: The whole plan's rows and links (the view's are filtered): what IDs refer to.
        self.plan_timeline: Callable[[], Timeline | None] = lambda: self.timeline

    # -- feeding ------------------------------------------------------------------
    @property
    def timeline(self) -> Timeline | None:
        return self._layout.timeline if self._layout is not None else None

    @property
    def row_layout(self) -> RowLayout | None:
        return self._layout

    def set_rows(
        self,
        layout: RowLayout | None,
        teams: Mapping[int, str] | None = None,
        environments: Mapping[int, str] | None = None,
        calendar: WorkCalendar | None = None,
    ) -> bool:
        """Show ``layout``'s rows; returns True when the rows changed (a model reset)."""
        if calendar is not None:
            self._calendar = calendar
        if teams is not None:
            self._teams = dict(teams)
        if environments is not None:
            self._environments = dict(environments)
        self._display_cache.clear()
        self._incoming = None
        old = self._layout
        same = (
            old is not None
            and layout is not None
            and old.rows == layout.rows
            and old.timeline.structure() == layout.timeline.structure()
        )
        if same and layout is not None:
            self._layout = layout
            if self._rows:
                last = self.createIndex(len(self._rows) - 1, len(Column) - 1, self._rows[-1])
                self.dataChanged.emit(self.createIndex(0, 0, self._rows[0]), last)
            return False
        self.beginResetModel()
        self._layout = layout
        self._rows = layout.rows if layout is not None else []
        self._row_of_node = None
        self.endResetModel()
        return True

    def teams(self) -> dict[int, str]:
        return dict(self._teams)

    def environments(self) -> dict[int, str]:
        return dict(self._environments)

    def node(self, index: Index) -> Node | None:
        if not index.isValid() or self._layout is None:
            return None
        return self._layout.timeline.nodes[index.internalId()]

    def node_at(self, row: int) -> Node | None:
        """The node shown at ``row``, None past the rows (as ``node(index(row, 0))``)."""
        if self._layout is None or not 0 <= row < len(self._rows):
            return None
        return self._layout.timeline.nodes[self._rows[row]]

    def row_of_key(self, key: Key) -> int | None:
        """The visible row showing ``key``, or None when folded away or unknown."""
        timeline = self.timeline
        if timeline is None or key not in timeline.by_key:
            return None
        node = timeline.by_key[key]
        if key[0] is RowKind.TASK and self._layout is not None:
            # The row layout's own map of tasks: no map of every row made per reset
            # (~1.5 ms at 10,000 rows, each time a selection is restored after an edit).
            row = self._layout.row_of_task.get(key[1])
            if row is not None and row < len(self._rows) and self._rows[row] == node:
                return row
        if self._row_of_node is None:
            self._row_of_node = {shown: row for row, shown in enumerate(self._rows)}
        return self._row_of_node.get(node)

    def index_of(self, key: Key, column: int = 0) -> QModelIndex:
        row = self.row_of_key(key)
        if row is None:
            return QModelIndex()
        return self.createIndex(row, column, self._rows[row])

    def display_row(self, node_index: int) -> tuple[str, ...]:
        """Every column's text for a node, cached (the delegate reads it directly)."""
        row = self._display_cache.get(node_index)
        if row is None:
            assert self._layout is not None
            node = self._layout.timeline.nodes[node_index]
            row = tuple(str(self._display(node, c)) for c in Column)
            if len(self._display_cache) > 4000:  # bounded, like the chart's caches
                self._display_cache.clear()
            self._display_cache[node_index] = row
        return row

    # -- QAbstractItemModel ---------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if parent.isValid() or not 0 <= row < len(self._rows) or not 0 <= column < len(Column):
            return QModelIndex()
        return self.createIndex(row, column, self._rows[row])

    def parent(self, child: Index | None = None) -> Any:
        if child is None:  # QObject.parent()
            return super().parent()
        return QModelIndex()  # QAbstractItemModel.parent: the rows are flat

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def hasChildren(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and bool(self._rows)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Column(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole and section != Column.NAME:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        column = index.column()
        if node.kind is RowKind.GROUP:  # a team's or environment's heading: nothing to edit
            return _READ_FLAGS
        if column == _NAME or (node.kind is RowKind.TASK and column in _EDITABLE_INTS):
            if column in _ROLLED_UP and node.is_summary:
                return _READ_FLAGS
            return _EDITABLE_FLAGS
        return _READ_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._layout is None or not index.isValid():
            return None
        ident = index.internalId()
        if role == _DISPLAY:
            return self.display_row(ident)[index.column()]
        if role == _SIZE:
            return self._size
        node = self._layout.timeline.nodes[ident]
        column = index.column()
        if role == _FONT:
            return self._bold if node.is_summary else None
        if role == _ALIGN:
            return _RIGHT if column in NUMBER_COLUMNS else None
        if role == _FOREGROUND:
            if column == _FLOAT and self.display_row(ident)[_FLOAT].startswith("-"):
                base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
                return negative_color(base)
            return None
        if role == _EDIT:
            return self._edit_value(node, Column(column))
        if role == _TOOLTIP:
            return self._tooltip(node, Column(column))
        if role == KEY_ROLE:
            return f"{node.kind.value}:{node.id}"
        if role == CONSTRAINT_ROLE:
            return self.display_row(ident)[_CONSTRAINT] or None
        return None

    def _display(self, node: Node, column: Column) -> Any:
        if column is Column.NAME:
            return node.name
        if column is Column.START:
            return format_date(node.start)
        if column is Column.FINISH:
            return format_date(node.finish)
        if column is Column.PERCENT:
            return f"{node.percent}%"
        # What the scheduler and the baseline give any row, summaries too.
        if column is Column.TOTAL_FLOAT:
            return f"{node.total_float}d" if node.total_float is not None else ""
        if column is Column.BASELINE_START:
            return format_date(node.baseline_start)
        if column is Column.BASELINE_FINISH:
            return format_date(node.baseline_finish)
        if column is Column.SLIP:
            slip = node.slip
            return "" if slip is None else f"{slip:+d}d" if slip else "0d"
        if column is Column.WBS:  # computed with the outline; a task's stored code if not
            return node.wbs or (node.task.wbs if node.kind is RowKind.TASK else "")
        if column is Column.DURATION and node.is_summary:
            days = rolled_up_days(node, self._calendar)
            return "" if days is None else str(days)
        if node.kind is not RowKind.TASK:
            return ""
        if column is Column.DURATION:
            return "◆" if node.milestone else str(node.task.duration)
        if column is Column.TEAM:
            team = node.task.team_id
            return self._teams.get(team, "") if team is not None else ""
        if column is Column.CONSTRAINT:
            return constraint_text(node)
        if column is Column.ID:
            return str(node.id)
        if column is Column.PREDECESSORS:
            return format_links(self.predecessors(node.id))
        if column is Column.CONSTRAINT_DATE:
            return format_date(node.task.constraint_date) if node.task.constraint_type else ""
        if column is Column.ENVIRONMENT:
            environment = node.task.environment_id
            return self._environments.get(environment, "") if environment is not None else ""
        if column is Column.NOTES:
            return note_lines(node.task.notes)[0][:_NOTE_SHOWN]
        return ""

    def _edit_value(self, node: Node, column: Column) -> object:
        if column is Column.NAME:
            return node.name
        if node.kind is not RowKind.TASK:
            return None
        record = node.task
        if column is Column.DURATION:
            return record.duration
        if column is Column.PERCENT:
            return record.percent_complete
        if column is Column.START:
            return node.start
        if column is Column.TEAM:
            return record.team_id
        if column is Column.PREDECESSORS:
            return format_links(self.predecessors(node.id))
        if column is Column.ENVIRONMENT:
            return record.environment_id
        if column is Column.CONSTRAINT_DATE:
            return record.constraint_date
        if column is Column.NOTES:
            return note_lines(record.notes)[0]
        return None

    def _tooltip(self, node: Node, column: Column) -> str | None:
        if node.kind is not RowKind.TASK:
            return None
        if column is Column.NOTES and node.task.notes.strip():
            return node.task.notes.strip()  # the whole note: the cell shows its first line
        lines = [node.name]
        pinned = constraint_text(node)
        if pinned:
            lines.append(f"Constraint: {pinned}")
        lines.extend(outside_text(node.task))
        if node.total_float is not None:
            lines.append(f"Total float: {node.total_float} working days")
        if node.slip:
            lines.append(f"Slip against baseline: {node.slip:+d} days")
        return "\n".join(lines)

    def setData(  # QAbstractItemModel.setData
        self,
        index: Index,
        value: Any,  # Any: QAbstractItemModel.setData's signature
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        """Validate and pass the edit on; invalid input is refused with ``last_error`` set."""
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = Column(index.column())
        if column is Column.PREDECESSORS:
            return self._set_predecessors(node, value)
        try:
            values, text = self._values_for(node, column, value)
        except ValueError as exc:
            self.last_error = str(exc)
            return False
        self.last_error = ""
        if not values:
            return False  # nothing changed: no edit, no undo step
        return self._edit(node.kind.value, node.id, values, text)

    # -- predecessors ---------------------------------------------------------------------
    def predecessors(self, task_id: int) -> list[LinkSpec]:
        """The task's incoming links as the Predecessors column shows them."""
        if self._incoming is None:
            self._incoming = {}
            timeline = self.plan_timeline()
            for link in timeline.links if timeline is not None else ():
                self._incoming.setdefault(link.successor, []).append(link)
        return [
            LinkSpec(link.predecessor, DependencyType(link.type), link.lag)
            for link in self._incoming.get(task_id, ())
        ]

    def _set_predecessors(self, node: Node, value: object) -> bool:
        """Parse ``3FS+2d; 5SS-1d`` and hand the whole list on as one edit."""
        timeline = self.plan_timeline()
        if node.kind is not RowKind.TASK or timeline is None or self.set_links is None:
            self.last_error = f"Predecessors cannot be edited on a {node.kind.value}"
            return False
        names = {n.id: n.name for n in timeline.nodes if n.kind is RowKind.TASK}
        try:
            specs = parse_links(str(value or ""), node.id, names)
        except EditError as exc:
            self.last_error = f"Predecessors of '{node.name}': {exc}"
            return False
        self.last_error = ""
        if set(specs) == set(self.predecessors(node.id)):
            return False  # the same links, perhaps written differently: nothing to do
        shown = format_links(specs) or "none"
        return self.set_links(node.id, specs, f"Set predecessors of '{node.name}' to {shown}")

    def _values_for(self, node: Node, column: Column, value: object) -> tuple[dict[str, Any], str]:
        label = f"'{node.name}'"
        if column is Column.NAME:
            name = str(value).strip()
            if not name:
                raise ValueError("A name cannot be empty")
            if len(name) > 200 and node.kind is not RowKind.TASK:
                raise ValueError("A name is at most 200 characters")
            if name == node.name:
                return {}, ""
            return {"name": name}, f"Rename {label} to '{name}'"
        if node.kind is not RowKind.TASK:
            raise ValueError(f"{HEADERS[column]} cannot be edited on a {node.kind.value}")
        if column is Column.DURATION:
            days = parse_int(value, 0, 10_000, "Duration")
            if days == node.task.duration:
                return {}, ""
            return {"duration": days}, f"Set duration of {label} to {days} days"
        if column is Column.PERCENT:
            percent = parse_int(value, 0, 100, "% complete")
            if percent == node.task.percent_complete:
                return {}, ""
            return {"percent_complete": percent}, f"Set {label} to {percent}% complete"
        if column is Column.START:
            if value in (None, ""):
                if node.task.constraint_type is None:
                    return {}, ""
                return {"constraint_type": None, "constraint_date": None}, f"Unpin {label}"
            day = value if isinstance(value, date) else parse_date(str(value))
            if day == node.start:
                return {}, ""  # the date shown, left as it was: pins nothing
            return (
                {"constraint_type": ConstraintType.START_NO_EARLIER_THAN, "constraint_date": day},
                f"Start {label} no earlier than {format_date(day)}",
            )
        if column is Column.TEAM:
            team = _team_id(value, self._teams)
            if team == node.task.team_id:
                return {}, ""
            name = self._teams.get(team, "no team") if team else "no team"
            return {"team_id": team}, f"Assign {label} to {name}"
        if column is Column.ENVIRONMENT:
            environment = _id_by_name(value, self._environments, "environment")
            if environment == node.task.environment_id:
                return {}, ""
            if environment is None:
                return {"environment_id": None}, f"Clear the environment of {label}"
            name = self._environments[environment]
            return {"environment_id": environment}, f"Set the environment of {label} to {name}"
        if column is Column.NOTES:
            return self._note_values(node, value)
        if column is Column.CONSTRAINT_DATE:
            return self._constraint_date_values(node, value)
        raise ValueError(f"{HEADERS[column]} is calculated by the scheduler")

    def _note_values(self, node: Node, value: object) -> tuple[dict[str, Any], str]:
        """The cell edits the note's first line; the lines below it are kept."""
        first, rest = note_lines(node.task.notes)
        line = " ".join(str(value or "").split())  # one line, as the cell shows it
        if line == first:
            return {}, ""
        notes = f"{line}\n{rest}" if rest else line
        label = f"'{node.name}'"
        text = f"Edit the notes of {label}" if notes else f"Clear the notes of {label}"
        return {"notes": notes}, text

    def _constraint_date_values(self, node: Node, value: object) -> tuple[dict[str, Any], str]:
        """A new date for the task's constraint; a task without one has no date to set."""
        kind = node.task.constraint_type
        label = f"'{node.name}'"
        if kind is None:
            raise ValueError(
                f"{label} has no constraint to date: give it one first (type a Start date, "
                "or choose a constraint in Task Information)"
            )
        if value in (None, ""):
            raise ValueError(f"{kind.label} needs a date")
        day = value if isinstance(value, date) else parse_date(str(value))
        if day == node.task.constraint_date:
            return {}, ""
        return {"constraint_date": day}, f"{kind.label} {format_date(day)} for {label}"


def negative_color(base: QColor) -> QColor:
    """Red for negative float, readable on a light or a dark table's ``base``."""
    return QColor("#ff7b72") if base.lightness() < 128 else QColor("#c62828")


def note_lines(notes: str) -> tuple[str, str]:
    """A note's first line (what the Notes cell shows and edits) and the lines below it."""
    first, _, rest = notes.strip().partition("\n")
    return first.strip(), rest


def _team_id(value: object, teams: Mapping[int, str]) -> int | None:
    return _id_by_name(value, teams, "team")


def _id_by_name(value: object, names: Mapping[int, str], what: str) -> int | None:
    """The id of the ``what`` (team, environment) given by id or name; None for none."""
    if value in (None, "", 0):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value not in names:
            raise ValueError(f"{what.capitalize()} #{value} does not exist")
        return value
    for ident, name in names.items():
        if name.casefold() == str(value).strip().casefold():
            return ident
    raise ValueError(f"No {what} is called {value!r}")
