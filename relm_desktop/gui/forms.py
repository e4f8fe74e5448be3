"""Loading Qt Designer forms from ``ui/`` at run time."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from relm_desktop.gui.resources import ui_dir


@cache
def _loader() -> QUiLoader:
    # Making a QUiLoader scans the plugin paths for custom widgets (~13 ms):
    # once per process is enough.
    return QUiLoader()


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
