"""Second half of reading a foreign schedule: rows become tasks, phases and links.

A mixin of :class:`~relm_desktop.exchange.xlsx.rows.RowReader`, which has
classified the rows and worked out the outline; it reads them as
:class:`~relm_desktop.exchange.xlsx.classified.ClassifiedRow` and never
imports ``rows``. What it needs of the reader (the layout's headers, dates, the
duration unit, reporting problems) it declares as abstract methods here.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date
from typing import Any

from relm_desktop.exchange.durations import DurationError, parse_duration
from relm_desktop.exchange.predecessors import (
    PredecessorError,
    expand_letter_ranges,
    parse_predecessors,
)
from relm_desktop.exchange.xlsx.classified import MILESTONE_WORDS, ClassifiedRow, ref_text
from relm_desktop.exchange.xlsx.convert import squashed
from relm_desktop.exchange.xlsx.model import (
    ImportedRow,
    LinkRef,
    NoScheduleError,
    ParsedImport,
    Severity,
)

_DONE_WORDS = {
    "done",
    "complete",
    "completed",
    "finished",
    "erledigt",
    "fertig",
    "terminé",
    "termine",
    "completado",
    "hecho",
    "完了",
}
_SPLIT_PEOPLE = re.compile(r"\s*(?:,|;|/|&|\band\b|\bund\b|\bet\b|\by\b)\s*")


class TaskBuilder(ABC):
    """Builds the parsed import's phases, tasks and links from classified rows."""

    rows: list[ClassifiedRow]
    parsed: ParsedImport
    mismatches: list[int]  # rows whose Duration differs from their dates
    sheet: str
    #: Working days from the first date to the last, both included.
    workdays: Callable[[date, date], int]

    # -- supplied by RowReader, which knows the sheet's layout and date order ----------
    @abstractmethod
    def problem(self, row: int | None, field_: str | None, message: str, sev: Severity) -> None:
        """Report a problem at a 0-based row and a field's column (either may be None)."""

    @abstractmethod
    def _date(self, r: int, field_: str, value: object, notes: list[str]) -> date | None:
        """A cell read as a date (None when blank; a placeholder goes to ``notes``)."""

    @abstractmethod
    def placeholder(self, r: int, field_: str, value: object, notes: list[str]) -> None:
        """A cell holding text where a value belongs (tba, n/a): a warning, kept in notes."""

    @abstractmethod
    def collapse_repeats(self) -> None:
        """Fold a problem repeated on many rows into one line."""

    @abstractmethod
    def _unit(self) -> int:
        """Days per duration unit (0: durations count calendar days)."""

    @abstractmethod
    def _milestone(self, row: ClassifiedRow) -> bool:
        """True when the row's type, phase or name says it is a milestone."""

    @abstractmethod
    def _has_ids(self) -> bool:
        """True when the sheet has an ID or WBS column for predecessors to name."""

    @abstractmethod
    def _linked(self) -> bool:
        """True when the sheet has a predecessor column (references must be unique)."""

    @abstractmethod
    def _header(self, field_: str) -> str:
        """The header text of a field's column (the field's name if it has none)."""

    def build(self) -> None:
        """Emit phases, tasks and links into the parsed import."""
        unit = self._unit()
        order: list[str] = []  # phases in the order their headings appear
        used: set[str] = set()
        tasks: list[ImportedRow] = []
        # Open summaries, outermost first: (level, name, row key, a summary task?). The
        # outermost summary (or a section heading above it) is the phase; every summary
        # below it is a summary task, the parent of the rows under it (#19 item 9).
        stack: list[tuple[int, str, str, bool]] = []
        section = ""
        # ID → row key and WBS → row key apart: "2" is often both an ID and another
        # row's WBS, and predecessors name IDs first (as MS Project does).
        by_kind: dict[str, dict[str, str]] = {"id": {}, "wbs": {}}
        summaries: set[str] = set()  # summary rows that became phases
        fractions = self._fraction_column()
        for row in self.rows:
            while stack and stack[-1][0] >= row.level:
                stack.pop()
            key = f"row:{row.row + 1}"
            for ref, field_ in ((row.ref_id, "id"), (row.wbs, "wbs")):
                keys = by_kind[field_]
                if ref and ref in keys and keys[ref] != key:
                    self.problem(
                        row.row,
                        field_,
                        f"{ref!r} is also the {field_.upper()} of "
                        f"row {keys[ref].removeprefix('row:')}"
                        + ("; predecessors would be ambiguous" if self._linked() else ""),
                        Severity.ERROR if self._linked() else Severity.WARNING,
                    )
                elif ref:
                    keys[ref] = key
            if row.kind == "section":
                section = row.name
                stack.clear()
                order.append(section)
                continue
            phase = section or next((entry[1] for entry in stack if not entry[3]), "")
            parents = [entry for entry in stack if entry[3]]
            # A top-level summary is the phase, unless a phase column already names one.
            column_phase = str(row.values.get("phase") or "").strip()
            if row.kind == "summary" and not (section or stack or column_phase):
                stack.append((row.level, row.name, key, False))
                summaries.add(key)
                order.append(row.name)
                continue
            values = self._task_values(row, unit, fractions, phase)
            if parents:
                values["parent_id"] = parents[-1][2]
            if row.kind == "summary":
                stack.append((row.level, row.name, key, True))
                # The scheduler rolls a summary up from its children: no dates of its own.
                values.pop("constraint_type", None)
                values.pop("constraint_date", None)
            if values.get("phase"):
                used.add(values["phase"])
                if values["phase"] not in order:
                    order.append(values["phase"])
            values["position"] = len(tasks)
            tasks.append(ImportedRow("task", self.sheet, row.row + 1, key, None, values, row.name))
        phases = [name for i, name in enumerate(order) if name in used and name not in order[:i]]
        self.parsed.rows["phase"] = [
            ImportedRow(
                "phase", self.sheet, 0, f"phase:{name}", None, {"name": name, "position": i}, name
            )
            for i, name in enumerate(phases)
        ]
        if not tasks:  # nothing to import: say why instead of adding an empty release
            mapping = self.parsed.mapping
            where = f"sheet {self.sheet!r} row {mapping.header_row}" if mapping else self.sheet
            mapped = set(mapping.columns.values()) if mapping else set()
            others = [
                h for c, h in enumerate(mapping.headers if mapping else ()) if h and c not in mapped
            ]
            hint = (
                f"; its other columns ({', '.join(repr(h) for h in others[:4])}) were not read "
                "as dates or durations: map one in the column mapping (--mapping)"
                if others
                else ""
            )
            raise NoScheduleError(
                f"no schedule found in {self.parsed.path}: the header at {where} "
                "has no task row under it (a row with a name and a date, duration or "
                "predecessor)" + hint
            )
        self.parsed.rows["task"] = tasks
        self._links(tasks, {**by_kind["wbs"], **by_kind["id"]}, summaries)
        if self.mismatches:
            first = ", ".join(str(r + 1) for r in self.mismatches[:3])
            self.problem(
                None,
                "duration",
                f"on {len(self.mismatches)} rows (rows {first}…) Duration differs from the "
                "working days between start and finish; the dates are kept",
                Severity.INFO,
            )
        kept = sum(1 for t in tasks if t.values.get("constraint_date"))
        linked = sum(1 for t in tasks if self.parsed.links.get(t.key))
        if kept or linked:
            self.problem(
                None,
                None,
                f"dates: {kept} tasks keep the start the file gives (start no earlier than)"
                + (
                    f"; {linked} tasks with predecessors start when their links allow, "
                    "which can move them from the dates written"
                    if linked
                    else ""
                ),
                Severity.INFO,
            )
        nested = {str(t.values["parent_id"]) for t in tasks if t.values.get("parent_id")}
        self.problem(
            None,
            None,
            f"{len(tasks)} tasks, {len(phases)} phases read"
            + (f"; {len(summaries)} top-level summary rows became phases" if summaries else "")
            + (f"; {len(nested)} summary tasks" if nested else ""),
            Severity.INFO,
        )
        self.collapse_repeats()

    def _fraction_column(self) -> bool:
        values = [r.values.get("percent_complete") for r in self.rows]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        return bool(numbers) and all(0 <= v <= 1 for v in numbers)

    def _task_values(
        self, row: ClassifiedRow, unit: int, fractions: bool, phase: str
    ) -> dict[str, Any]:
        v = row.values
        r = row.row
        out: dict[str, Any] = {"name": row.name, "wbs": row.wbs, "phase": phase}
        notes: list[str] = [str(v["notes"]).strip()] if v.get("notes") not in ("", None) else []
        start, finish = (
            self._date(r, "start", v.get("start"), notes),
            self._date(r, "finish", v.get("finish"), notes),
        )
        self.parsed.stated_dates[f"row:{r + 1}"] = (start, finish)  # what "moved" compares
        written = None  # what the Duration column says, cross-checked against the dates
        if v.get("duration") not in ("", None) and unit:
            try:
                written = parse_duration(v["duration"], unit_days=unit)
            except DurationError:
                self.placeholder(r, "duration", v["duration"], notes)
        if self._milestone(row) or (written == 0 and (start is None or finish in (None, start))):
            duration = 0
        elif start and finish:
            if finish < start:
                # A typo a person reads past: keep the task at its start, say so.
                self.problem(
                    r,
                    "finish",
                    f"finish {finish.isoformat()} is before start {start.isoformat()}; "
                    "the start is kept, a one-day task (the finish is in its notes)",
                    Severity.WARNING,
                )
                notes.append(f"{self._header('finish')}: {finish.isoformat()}")
            # Start and finish both written: their working days win (a one-day task when
            # they are the same day); Duration is often calendar days, so only compared.
            duration = max(self.workdays(start, finish), 1)
            if written is not None and written != duration:
                self.mismatches.append(r)
        elif written is not None:
            duration = written
        else:
            duration = 1
            self.problem(r, "duration", "no duration or dates; 1 day assumed", Severity.INFO)
        out["duration"] = duration
        unlinked = not re.search(r"[^\W_]", str(row.preds or ""))  # "-" names no task
        if start and unlinked:
            out["constraint_type"] = "snet"
            out["constraint_date"] = start
        elif finish and unlinked:  # only a due date: a day's work on it, else a deadline
            out["constraint_type"] = "snet" if duration <= 1 else "fnlt"
            out["constraint_date"] = finish
        for f in ("actual_start", "actual_finish"):
            out[f] = self._date(r, f, v.get(f), notes)
        category = str(v.get("phase") or "").strip()
        if category and category.lower() not in MILESTONE_WORDS:
            if phase:
                notes.append(f"{self._header('phase')}: {category}")
            else:
                out["phase"] = category
        people = [p for p in _SPLIT_PEOPLE.split(str(v.get("team") or "").strip()) if p]
        if people:
            out["team"] = people[0]
            if len(people) > 1:
                notes.append(f"{self._header('team')}: {', '.join(people)}")
        out["percent_complete"] = self._percent(r, v.get("percent_complete"), fractions)
        if out["percent_complete"] == 100 and start and not out["actual_start"]:
            # Marked done: what the file says happened is fact, not a plan to move.
            out["actual_start"] = start
            out["actual_finish"] = out["actual_finish"] or finish or start
        out["notes"] = "\n".join(notes)
        return out

    def _percent(self, r: int, value: object, fractions: bool) -> int:
        if value in ("", None):
            return 0
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = value * 100 if fractions else value
        else:
            text = str(value).strip().rstrip("%").strip().replace(",", ".")
            if text.lower() in _DONE_WORDS:
                return 100
            try:
                number = float(text)
            except ValueError:
                self.problem(
                    r, "percent_complete", f"{value!r} is not a percentage; ignored", Severity.INFO
                )
                return 0
        if not 0 <= number <= 100:
            self.problem(
                r, "percent_complete", f"{value!r} is not between 0 and 100", Severity.ERROR
            )
            return 0
        return round(number)

    def _links(self, tasks: list[ImportedRow], keys: dict[str, str], summaries: set[str]) -> None:
        by_row = {row.row + 1: row for row in self.rows}
        named = [row for row in self.rows if row.named]
        ordinal = {str(i): f"row:{row.row + 1}" for i, row in enumerate(named, start=1)}
        counted: list[int] = []
        order = [ref for ref in keys if ref.isalpha()]
        for task in tasks:
            raw = by_row[task.row].preds
            if raw in ("", None):
                continue
            raw_text = ref_text(raw) if isinstance(raw, float) else squashed(str(raw))
            text = expand_letter_ranges(raw_text, order)
            try:
                items = parse_predecessors(text)
            except PredecessorError as exc:
                self.problem(task.row - 1, "predecessors", str(exc), Severity.ERROR)
                continue
            links: list[LinkRef] = []
            for item in items:
                targets = [keys.get(item.ref)]
                if targets[0] is None and not self._has_ids() and item.ref in ordinal:
                    # No ID column: a number counts the table's rows, as in MS Project.
                    targets = [ordinal[item.ref]]
                    counted.append(task.row)
                if (
                    targets[0] is None
                    and "." in item.ref
                    and all(p in keys for p in item.ref.split("."))
                ):
                    targets = [keys[p] for p in item.ref.split(".")]
                    self.problem(
                        task.row - 1,
                        "predecessors",
                        f"{item.ref} read as "
                        f"{', '.join(item.ref.split('.'))} (a list typed with a decimal "
                        "comma)",
                        Severity.WARNING,
                    )
                for target in targets:
                    if target is None:
                        self.problem(
                            task.row - 1,
                            "predecessors",
                            f"{item.ref!r} matches no ID or WBS in the sheet",
                            Severity.ERROR,
                        )
                    elif target in summaries:
                        self.problem(
                            task.row - 1,
                            "predecessors",
                            f"{item.ref!r} is a top-level summary row, a phase here (a link "
                            "names a task); link skipped",
                            Severity.WARNING,
                        )
                    elif target == task.key:
                        self.problem(
                            task.row - 1,
                            "predecessors",
                            "a task cannot depend on itself; link skipped",
                            Severity.WARNING,
                        )
                    elif all(link.predecessor != target for link in links):
                        links.append(LinkRef(target, item.type, item.lag))
            self.parsed.links[task.key] = links
        if counted:
            self.problem(
                None,
                "predecessors",
                f"no ID column: predecessor numbers on {len(counted)} rows count the table's "
                "rows (1 = the first row under the header), as in MS Project",
                Severity.INFO,
            )
