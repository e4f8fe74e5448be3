"""What the main window needs from outside: settings and a way to ask the user.

Passed in (git-cola's context object) instead of globals, so a test gives the
window a temporary settings file and a ``Prompts`` that answers by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

ORGANISATION = "RELM"
APPLICATION = "RELM Desktop"
PLAN_FILTER = "RELM plans (*.relm);;All files (*)"
MAX_RECENT = 10


class Prompts:
    """Every question the application asks the user goes through here."""

    def open_path(self, parent: QWidget, directory: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open plan", directory, PLAN_FILTER)
        return Path(name) if name else None

    def save_path(self, parent: QWidget, title: str, directory: str = "") -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, directory, PLAN_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix == ".relm" else path.with_suffix(".relm")

    def ask_int(self, parent: QWidget, title: str, label: str, value: int) -> int | None:
        number, ok = QInputDialog.getInt(parent, title, label, value, -1000, 1000)
        return number if ok else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def error(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


@dataclass
class AppContext:
    """Settings and prompts for one main window."""

    settings: QSettings = field(default_factory=lambda: QSettings(ORGANISATION, APPLICATION))
    prompts: Prompts = field(default_factory=Prompts)

    @classmethod
    def for_file(cls, path: Path, prompts: Prompts | None = None) -> AppContext:
        """Settings kept in one INI file (tests, portable installs)."""
        settings = QSettings(str(path), QSettings.Format.IniFormat)
        return cls(settings=settings, prompts=prompts or Prompts())

    # -- recent files ---------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for one entry
            return [Path(value)]
        return [Path(v) for v in value] if isinstance(value, list) else []

    def add_recent(self, path: Path) -> None:
        # A server URL (its password taken out by the caller) is kept as it is.
        server = str(path).lower().startswith(("postgresql:", "postgres:"))
        path = path if server else path.resolve()
        paths = [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", [str(p) for p in [path, *paths][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        paths = [p for p in self.recent_files() if p != path.resolve() and p != path]
        self.settings.setValue("recent", [str(p) for p in paths])

    def clear_recent(self) -> None:
        self.settings.setValue("recent", [])
