"""One selection shared by every view: what is selected, as (kind, id) keys.

A view publishes the keys the user picked; every other view follows. The bus
drops a publication equal to the current selection, so a view that follows
and publishes back in turn cannot start a loop.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from relm_desktop.layout.timeline import Key, RowKind


class SelectionBus(QObject):
    """Publishes the current selection; ``changed`` carries ``[(RowKind, id), …]``."""

    changed = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys: list[Key] = []

    def publish(self, keys: Iterable[tuple[str, int]]) -> None:
        """Make ``keys`` the selection (a no-op when nothing changes)."""
        clean = [(RowKind(kind), int(ident)) for kind, ident in keys]
        if clean == self.keys:
            return
        self.keys = clean
        self.changed.emit(list(clean))

    def task_ids(self) -> list[int]:
        return [ident for kind, ident in self.keys if kind is RowKind.TASK]

    def release_ids(self) -> list[int]:
        return [ident for kind, ident in self.keys if kind is RowKind.RELEASE]
