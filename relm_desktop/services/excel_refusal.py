"""An import's refusal of one row, located as a validation problem is."""

from __future__ import annotations

from relm_desktop.exchange.merge import MergePreview, RowChange
from relm_desktop.exchange.plan_context import column_named
from relm_desktop.services.edits import EditError


class RowRefusedError(EditError):
    """Apply refuses one row: located by sheet, row and column header, as a problem is."""

    def __init__(self, preview: MergePreview, row: RowChange, field: str, header: str, why: str):
        self.sheet = row.sheet
        self.row = row.row
        self.column = column_named(preview.parsed, row.sheet, field, header) if row.row else None
        self.why = why
        where = f"{row.sheet} row {row.row} column {self.column}: " if row.row else ""
        super().__init__(where + why)
