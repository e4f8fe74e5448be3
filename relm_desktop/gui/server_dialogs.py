"""The Open Server Plan dialog and the sync conflicts list shown in the Problems panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.services.sync import with_password

URL_HINT = "postgresql://user@host/database?sslmode=require"


class OpenServerDialog(QDialog):
    """A server plan's URL, and a password that is used, or kept in the keyring, never
    in settings (libpq's ~/.pgpass and service files work without one)."""

    def __init__(self, parent: QWidget | None = None, url: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Server Plan")
        self.setObjectName("open-server-dialog")
        self.url = QLineEdit(url, self)
        self.url.setObjectName("server-url")
        self.url.setPlaceholderText(URL_HINT)
        # Room for a real URL with its options, not only the hint.
        self.url.setMinimumWidth(self.fontMetrics().horizontalAdvance(URL_HINT) * 3 // 2)
        self.password = QLineEdit(self)
        self.password.setObjectName("server-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from the keyring or ~/.pgpass if empty")
        self.remember = QCheckBox("Remember the password in the system keyring", self)
        self.remember.setObjectName("server-remember")
        note = QLabel(
            "The plan lives on the team's PostgreSQL server; edits are shared as you make them.",
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Server URL:", self.url)
        form.addRow("&Password:", self.password)
        form.addRow("", self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.url.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._check()

    def _check(self) -> None:
        text = self.url.text().strip().lower()
        self.open_button.setEnabled(text.startswith(("postgresql://", "postgres://")))

    def location(self) -> str:
        """The URL to connect with (the password in it only for this connection)."""
        return with_password(self.url.text().strip(), self.password.text())


class ConflictsPanel(QWidget):
    """Fields changed on both sides at the last sync: the server's value stands; pick
    "Keep Mine" to write the local one back (sent up at the next sync)."""

    #: (conflict id, keep the local value)
    resolve = Signal(int, bool)

    COLUMNS = ("Item", "Field", "Server", "Local (yours)")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync-conflicts")
        self.title = QLabel(self)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("sync-conflicts-table")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.table.verticalHeader()
        rows.hide()
        # Compact rows as in the problems table below: three show in a short dock.
        row = self.fontMetrics().height() + 6
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(row)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(row * 3)
        self.table.setMaximumHeight(row * 5)
        self.keep_server = QPushButton("Keep &Server's", self)
        self.keep_server.setObjectName("keep-server")
        self.keep_mine = QPushButton("Keep &Mine", self)
        self.keep_mine.setObjectName("keep-mine")
        self.keep_server.clicked.connect(lambda: self._pick(False))
        self.keep_mine.clicked.connect(lambda: self._pick(True))
        self.table.itemSelectionChanged.connect(self._enable)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.keep_server)
        top.addWidget(self.keep_mine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.rows: list[dict[str, Any]] = []
        self.set_conflicts([])

    def set_conflicts(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            cells = (row["label"], row["field"], row["server"] or "—", row["local"] or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                self.table.setItem(number, column, item)
        self.title.setText(
            f"<b>Sync conflicts ({len(rows)})</b>: the server's value stands unless you keep yours"
        )
        self.setVisible(bool(rows))
        if rows:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.keep_server.setEnabled(chosen)
        self.keep_mine.setEnabled(chosen)

    def _pick(self, keep_local: bool) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self.resolve.emit(self.rows[selected[0].row()]["id"], keep_local)
