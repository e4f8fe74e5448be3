"""Plain data an Excel import produces: rows, problems, questions.

Everything here is Qt-free and database-free: the services turn a
:class:`ParsedImport` into a merge preview and then into edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relm_desktop.exchange.xlsx.week_question import WeekQuestion


class Severity(StrEnum):
    ERROR = "error"  # the row (or the file) cannot be imported as it is
    WARNING = "warning"  # imported, but look at it
    INFO = "info"  # something was skipped or interpreted on purpose


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation finding, located by sheet, row and column like a spreadsheet user would."""

    sheet: str
    row: int | None  # 1-based spreadsheet row
    column: str | None  # column letter (and header), e.g. "D (Duration)"
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f" column {self.column}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class ImportedRow:
    """One spreadsheet row turned into field values of one entity.

    ``ident`` is the stable id from the ID column (our own workbooks); ``key``
    identifies the row inside the import (its id, or sheet and row number).
    References to other rows are by name (``release``, ``phase``, ``team``,
    ``environment``) or, for tasks' predecessors, by the referenced row's key.
    """

    entity: str
    sheet: str
    row: int
    key: str
    ident: int | None
    values: dict[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A predecessor of an imported task: the key of the predecessor row, type and lag."""

    predecessor: str
    type: str  # FS, SS, FF, SF
    lag: int  # working days, may be negative


@dataclass(frozen=True, slots=True)
class DateQuestion:
    """Text dates in a column that read both day-first and month-first."""

    sheet: str
    column: str
    examples: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.sheet} column {self.column}: dates like {', '.join(self.examples)} read both "
            "as day/month and month/day; say which (--date-order dmy or mdy)"
        )


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which spreadsheet column feeds which task field, for one sheet of a foreign workbook."""

    sheet: str
    header_row: int  # 1-based
    columns: dict[str, int]  # field → 0-based column index
    headers: tuple[str, ...]  # header text per column (for display and the signature)

    def signature(self) -> str:
        """A key for remembering the user's mapping of the same layout next time."""
        cleaned = "|".join(h.strip().lower() for h in self.headers if h.strip())
        return f"{self.sheet.strip().lower()}#{cleaned}"

    def to_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "header_row": self.header_row, "columns": self.columns}


class NoScheduleError(ValueError):
    """The workbook holds no schedule we can read; the message says why."""


@dataclass(slots=True)
class ParsedImport:
    """A workbook read and validated, ready to be compared with a plan.

    ``native`` is True for a workbook RELM exported (rows carry stable ids);
    ``releases_covered`` are the names of the releases such an export held, so
    rows of other releases are never proposed for removal.
    """

    path: str
    native: bool
    rows: dict[str, list[ImportedRow]] = field(default_factory=dict)
    links: dict[str, list[LinkRef]] = field(default_factory=dict)  # task key → predecessors
    problems: list[Problem] = field(default_factory=list)
    questions: list[DateQuestion] = field(default_factory=list)
    mapping: ColumnMapping | None = None
    releases_covered: tuple[str, ...] = ()
    all_releases: bool = True
    plan_name: str | None = None  # the plan a native workbook was exported from
    #: The day the exporting plan measured float to (the Plan sheet's "Plan finish").
    plan_finish: date | None = None
    #: Task key → its grey "Not before" (the start a predecessor outside the workbook
    #: allowed) and whether that is the day's end (a milestone right after it).
    shown_starts: dict[str, tuple[date, bool]] = field(default_factory=dict)
    #: Task key → its grey "Needed by": the late finish a successor outside the workbook set.
    needed_by: dict[str, date] = field(default_factory=dict)
    hidden_keys: set[str] = field(default_factory=set)  # rows skipped because hidden

    #: Sheet → field → 0-based column, as a native reader found the headers.
    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Week or period numbers with no date to count from (asked; refused until answered).
    week_question: WeekQuestion | None = None
    #: Task key → (start, finish) as the file states them: what "moved" is measured from.
    stated_dates: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def count(self, entity: str) -> int:
        return len(self.rows.get(entity, ()))


class CancelledError(Exception):
    """The user cancelled a long import or export; nothing was changed."""
