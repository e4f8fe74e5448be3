"""Help ▸ About: the app icon, the versions that matter for a bug report, and where
settings and data are kept. Also home of ``app_icon``, used for every window.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QSettings, QSize, QStandardPaths, Qt, qVersion
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relm_desktop import __version__
from relm_desktop.gui.resources import resources_dir

SUMMARY = (
    "Release planning for coordinators: schedules on working days, readiness gates, "
    "risks, Excel exchange with suppliers and PDF release packs."
)


def app_icon() -> QIcon:
    """The application icon: the SVG plus the PNG sizes desktops pick from."""
    folder = resources_dir() / "app"
    icon = QIcon()
    svg = folder / "relm.svg"
    if svg.exists():
        icon.addFile(str(svg))
    for png in sorted(folder.glob("relm-*.png")):
        size = png.stem.rsplit("-", 1)[-1]
        if size.isdigit():
            icon.addFile(str(png), QSize(int(size), int(size)))
    return icon


def brand(parent: QWidget, logo_px: int, scale: float) -> tuple[QLabel, QLabel]:
    """The application's logo and its name in a bold font ``scale`` times the parent's,
    as the About dialog and the welcome page show them."""
    logo = QLabel(parent)
    logo.setPixmap(app_icon().pixmap(QSize(logo_px, logo_px)))
    title = QLabel("RELM Desktop", parent)
    font = QFont(parent.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    title.setFont(font)
    return logo, title


def data_dir() -> Path:
    """Where the application keeps its own files (the demo plan)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".relm"


def versions() -> dict[str, str]:
    """The versions shown in the About dialog (and copied for bug reports)."""
    return {
        "RELM Desktop": __version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Python": platform.python_version(),
    }


def settings_location(settings: QSettings | None = None) -> str:
    """The settings file (or registry key) in use."""
    return (settings or QSettings()).fileName()


class AboutDialog(QDialog):
    """Icon, name, versions, and where settings and data live; a button copies it all."""

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.setWindowTitle("About RELM Desktop")
        logo, title = brand(self, 96, 1.8)
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        summary = QLabel(SUMMARY, self)
        summary.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, str] = {}
        for name, version in versions().items():
            self._row(form, name, version)
        self._row(form, "Settings", settings_location(settings))
        self._row(form, "Data", str(data_dir()))
        self._row(form, "Platform", f"{platform.system()} {platform.release()}")
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(summary)
        text.addSpacing(10)
        text.addLayout(form)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("&Copy Versions", self)
        copy.setObjectName("about-copy")
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(top)
        layout.addSpacing(12)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _row(self, form: QFormLayout, name: str, value: str) -> None:
        label = QLabel(value, self)
        label.setObjectName(f"about-{name.lower().replace(' ', '-')}")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        form.addRow(f"{name}:", label)
        self.values[name] = value

    def text(self) -> str:
        """Everything shown, one ``name: value`` per line."""
        return "\n".join(f"{name}: {value}" for name, value in self.values.items())

    def copy(self) -> None:
        """Put the versions on the clipboard (for a bug report)."""
        QGuiApplication.clipboard().setText(self.text() + f"\n{sys.version}")


def show_about(parent: QWidget, settings: QSettings | None = None) -> AboutDialog:
    """Open the About dialog (window-modal, non-blocking) and return it."""
    dialog = AboutDialog(parent, settings)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
