"""The freeze windows page: name, dates, environments, reason; overlaps marked.

A window overlapping another (a shared day and a shared environment, none
listed meaning all) gets a warning icon and tooltip, and a line under the
table says which windows overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import QWidget

from relm_desktop.gui.setup.model import Field, Kind, Row
from relm_desktop.gui.setup.record_page import RecordPage
from relm_desktop.services.setup_uses import WindowSpan, overlaps

FIELDS = (
    Field("name", "Name", placeholder="e.g. Year-end change freeze"),
    Field("start", "Start", Kind.DATE),
    Field("finish", "Finish", Kind.DATE),
    Field(
        "environment_ids",
        "Environments",
        Kind.ENVIRONMENTS,
        tip="Tick the environments the freeze covers; none ticked means all of them",
    ),
    Field("reason", "Reason", placeholder="Why nothing may be deployed"),
)


class FreezeWindowsPage(RecordPage):
    """Freeze windows staged for editing, overlapping ones marked."""

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        self._overlaps: dict[int, list[str]] = {}
        super().__init__(
            "freeze_window",
            "freeze window",
            FIELDS,
            intro=(
                "No deployment task runs inside a freeze window that covers its environment: "
                "the scheduler moves it past the window."
            ),
            new_row=lambda: {
                "name": "New freeze window",
                "start": today(),
                "finish": today() + timedelta(days=6),
                "environment_ids": (),
                "reason": "",
            },
            parent=parent,
        )
        self.model.marks = self.mark

    def mark(self, position: int) -> str:
        names = self._overlaps.get(position)
        return f"Overlaps {', '.join(names)}" if names else ""

    def rows_changed(self) -> None:
        rows: list[Row] = self.model.rows
        self._overlaps = overlaps(
            WindowSpan(
                position,
                str(row.get("name", "")),
                row["start"],
                row["finish"],
                frozenset(row.get("environment_ids") or ()),
            )
            for position, row in enumerate(rows)
            if isinstance(row.get("start"), date) and isinstance(row.get("finish"), date)
        )
        # Each pair is said once: from the window that starts first.
        said: set[frozenset[str]] = set()
        unique = []
        for position, names in sorted(self._overlaps.items()):
            name = str(rows[position]["name"])
            fresh = [other for other in names if frozenset({name, other}) not in said]
            said.update(frozenset({name, other}) for other in fresh)
            if fresh:
                unique.append(f"{name} overlaps {', '.join(fresh)}")
        self.notes.setText("⚠ " + "; ".join(unique) + "." if unique else "")
        self.notes.setVisible(bool(unique))
        self.model.refresh()
