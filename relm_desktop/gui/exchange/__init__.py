"""Excel import and export in the GUI: column mapping, merge preview, progress and undo.

The main window calls :func:`import_file` (File ▸ Import, or a dropped .xlsx)
and :func:`export_file` (File ▸ Export). Questions go through an
:class:`Interaction`, which tests replace to answer them.
"""

from relm_desktop.gui.exchange.flow import ImportCommand, Interaction, export_file, import_file

__all__ = ["ImportCommand", "Interaction", "export_file", "import_file"]
