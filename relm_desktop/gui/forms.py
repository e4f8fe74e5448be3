"""Loading Qt Designer forms from ``ui/`` at run time."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from relm_desktop.gui.resources import ui_dir


@cache
def _loader() -> QUiLoader:
    # A QUiLoader loads every Qt Designer plugin on the library paths when it
    # is made (QtWebEngine's, QtQuick's, PySide's: ~20 ms and 8 MB, and ~200 ms
    # more of disk reads on a cold start, all while the main window is built).
    # Our forms use stock widgets only, so it is made without them.
    saved = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        return QUiLoader()
    finally:
        QCoreApplication.setLibraryPaths(saved)


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget described by ``ui/<name>.ui``."""
    path = ui_dir() / f"{name}.ui"
    handle = QFile(str(path))
    if not handle.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot open form {path}")
    try:
        widget = _loader().load(handle, parent)
    finally:
        handle.close()
    if widget is None:
        raise RuntimeError(f"form {path} did not load")
    return widget


def form_names() -> list[str]:
    return sorted(p.stem for p in ui_dir().glob("*.ui"))
