"""Which importer or exporter handles a file, chosen by its extension.

Each format module registers itself here; the CLI and the GUI ask this table,
so a new format is one module and one registration.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

Handler = Callable[[argparse.Namespace, TextIO], int]

# extension → "module:function"; imported only when used, so the CLI starts fast.
_IMPORTERS: dict[str, str] = {
    ".xlsx": "relm_desktop.services.excel:cli_import",
    # MS Project XML and .mpp, GanttProject, CSV, OpenDocument: services/interchange.py
    ".xml": "relm_desktop.services.interchange:cli_import",
    ".mpp": "relm_desktop.services.interchange:cli_import",
    ".gan": "relm_desktop.services.interchange:cli_import",
    ".csv": "relm_desktop.services.interchange:cli_import",
    ".ods": "relm_desktop.services.interchange:cli_import",
}
_EXPORTERS: dict[str, str] = {
    ".xlsx": "relm_desktop.services.excel:cli_export",
    ".pdf": "relm_desktop.services.pack:cli_export",
    ".xml": "relm_desktop.services.interchange:cli_export",
    ".gan": "relm_desktop.services.interchange:cli_export",
    ".csv": "relm_desktop.services.interchange:cli_export",
    ".ics": "relm_desktop.services.interchange:cli_export",
}


class FormatError(Exception):
    """The file's format is not supported or the file is unreadable; names the file."""


def register_importer(extension: str, target: str) -> None:
    _IMPORTERS[extension.lower()] = target


def register_exporter(extension: str, target: str) -> None:
    _EXPORTERS[extension.lower()] = target


def _resolve(table: dict[str, str], path: Path, verb: str) -> Handler:
    ext = path.suffix.lower()
    if ext not in table:
        known = ", ".join(sorted(table)) or "none yet"
        raise FormatError(
            f"{path}: cannot {verb} {ext or 'files without an extension'} (supported: {known})"
        )
    module_name, func = table[ext].split(":")
    import importlib

    handler: Handler = getattr(importlib.import_module(module_name), func)
    return handler


def importer(path: Path) -> Handler:
    return _resolve(_IMPORTERS, path, "import")


def exporter(path: Path) -> Handler:
    return _resolve(_EXPORTERS, path, "export")


def importable() -> list[str]:
    return sorted(_IMPORTERS)


def exportable() -> list[str]:
    return sorted(_EXPORTERS)
