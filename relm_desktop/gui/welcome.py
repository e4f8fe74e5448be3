"""The page shown when no plan is open: new, open, and the recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel("RELM Desktop", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel("Plan, schedule and ship releases.", self)
        subtitle.setEnabled(False)
        new = QPushButton("New plan…", self)
        new.setObjectName("welcome-new")
        new.clicked.connect(self.new_requested)
        opener = QPushButton("Open plan…", self)
        opener.setObjectName("welcome-open")
        opener.clicked.connect(self.open_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(opener)
        buttons.addStretch(1)
        self.recent = QListWidget(self)
        self.recent.setObjectName("welcome-recent")
        self.recent.setMaximumWidth(640)
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(18)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(QLabel("Recent plans", self))
        column.addWidget(self.recent, 2)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}    —    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
