"""The merge preview's "what moved" panel: tasks scheduled off the file's dates, and why.

The rehearsal of the import lists them (``services.import_moves``) as info
problems; this panel shows them as a table — the task, its row, the date the
file gives, the scheduled date, the shift and the reason — under a one-line
summary, which alone says so when nothing moved.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from relm_desktop.domain.text import plural
from relm_desktop.exchange.moves import MoveNote, TaskMove
from relm_desktop.exchange.xlsx.model import Problem
from relm_desktop.gui import dates

HEADERS = ("Task", "Row", "File says", "Scheduled", "Moved", "Why")


def move_notes(problems: Iterable[Problem]) -> list[MoveNote]:
    return [p for p in problems if isinstance(p, MoveNote)]


def _shift(move: TaskMove) -> str:
    if move.shift == 0:
        return "next working day" if move.scheduled > move.stated else "same day"
    days = plural(abs(move.shift), "working day")
    return f"{'+' if move.shift > 0 else '−'}{days}"


class MovesPanel(QWidget):
    """A summary line and, when something moved, one row per moved task."""

    def __init__(self, notes: list[MoveNote], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes = notes
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        summary = next((n for n in notes if n.move is None), None)
        text = summary.message if summary is not None else ""
        self.summary = QLabel(text[:1].upper() + text[1:] + ("." if text else ""))
        self.summary.setObjectName("movesSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTreeWidget()
        self.table.setObjectName("movedTasks")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(list(HEADERS))
        moves = [n.move for n in notes if n.move is not None]
        for move in moves:
            item = QTreeWidgetItem(
                [
                    move.name,
                    str(move.row or ""),
                    dates.format_weekday(move.stated),
                    dates.format_weekday(move.scheduled),
                    _shift(move),
                    move.reason,
                ]
            )
            item.setToolTip(0, move.name)
            item.setToolTip(5, move.reason)
            self.table.addTopLevelItem(item)
        for column in range(len(HEADERS) - 1):
            self.table.resizeColumnToContents(column)
        self.table.setVisible(bool(moves))
        layout.addWidget(self.table)

    def moved_names(self) -> list[str]:
        """The tasks listed, top to bottom (what a reader sees in the first column)."""
        items = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]
