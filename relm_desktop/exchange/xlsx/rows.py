"""Turning a foreign schedule's rows into tasks, phases and links.

Rows are classified (task, summary, section heading, blank, skipped); the
outline comes from a WBS/outline-number column, an outline-level column, or
indentation (cell indent or leading spaces). Summary rows and section rows
become phases ("Parent › Child" below the top level); milestone rows get
duration 0. Anything interpreted or skipped is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from relm_desktop.exchange.dates import (
    DateError,
    DateOrder,
    YearError,
    is_ambiguous,
    parse_date,
    slash_order,
)
from relm_desktop.exchange.durations import DurationError, parse_duration
from relm_desktop.exchange.xlsx.build import TaskBuilder
from relm_desktop.exchange.xlsx.classified import (
    MILESTONE_WORDS,
    PHASE_WORDS,
    ClassifiedRow,
    ref_text,
)
from relm_desktop.exchange.xlsx.columns import FIELD_LABELS, duration_unit, fold
from relm_desktop.exchange.xlsx.foreign import TABLE_GAP, Layout, cell, table_rows
from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.model import (
    DateQuestion,
    ParsedImport,
    Problem,
    Severity,
)

#: A bullet before a name (`` - Item``, ``|- Item``, ``• Item``): one level deeper.
_BULLET = re.compile(r"^\s*(?:\|\s*)?[-–•·*]\s+(?=\S)")
#: A name that starts with an outline number: ``1.2.3 Design``, ``2. Level``.
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.?)\s+(\S.*)$")


def weekdays_between(first: date, last: date) -> int:
    """Working days (Monday–Friday) from ``first`` to ``last`` inclusive."""
    if last < first:
        return 0
    weeks, rest = divmod((last - first).days + 1, 7)
    weekday = first.weekday()
    return weeks * 5 + sum((weekday + i) % 7 < 5 for i in range(rest))


class RowReader(TaskBuilder):
    """Reads the data rows of one :class:`Layout` into a :class:`ParsedImport`."""

    def __init__(
        self,
        layout: Layout,
        parsed: ParsedImport,
        date_order: DateOrder | None,
        workdays: Callable[[date, date], int] = weekdays_between,
    ) -> None:
        self.layout = layout
        self.grid = layout.grid
        self.parsed = parsed
        self.sheet = layout.grid.name
        self.workdays = workdays
        self.date_order = date_order
        self.rows: list[ClassifiedRow] = []
        self.mismatches: list[int] = []

    def problem(self, row: int | None, field_: str | None, message: str, sev: Severity) -> None:
        column = None
        if field_ and field_ in self.layout.spans:
            col = self.layout.spans[field_][0]
            header = (
                self.layout.mapping.headers[col] if col < len(self.layout.mapping.headers) else ""
            )
            column = f"{column_letter(col)} ({header})" if header else column_letter(col)
        self.parsed.problems.append(
            Problem(self.sheet, None if row is None else row + 1, column, message, sev)
        )

    # -- pass 1: collect and classify ---------------------------------------------------
    def read(self) -> None:
        self._decide_date_order()
        spans = self.layout.spans
        watched = {c for cols in spans.values() for c in cols}
        grouped = self._phase_once()
        group: object = ""
        # A table continued below under its header again, with the next weeks' calendar:
        # the rows there that name a task above extend that task's bar.
        timeline = self.layout.timeline
        undated = timeline is not None and not timeline.dates
        header = fold(self._header("name"))
        offset, repeat_row = -1, -1
        first: dict[str, ClassifiedRow] = {}
        steps: dict[int, tuple[int, int]] = {}
        continued: list[int] = []
        blank = 0
        for r in range(self.layout.data_start, len(self.grid.rows)):
            if self._row_blank(r, watched):
                blank += 1
                continue
            if blank >= TABLE_GAP and any(row.kind != "section" for row in self.rows):
                self._after_table(r, watched)  # legends, totals, notes below the table
                break
            blank = 0
            raw_name = cell(self.layout, r, "name")
            name = str(raw_name).strip() if raw_name not in (None, "") else ""
            # "Planen:" heads what follows; "- Item" is an item: neither mark is the name.
            heading = name.endswith(":")
            name = _BULLET.sub("", name).rstrip(" :") if len(name) > 1 else name
            if undated and timeline is not None and name and fold(name) == header:
                offset, repeat_row = max(offset, 0) + len(timeline.columns), r
                continue
            if r == repeat_row + 1 and not name:
                continue  # the repeated block's calendar labels
            data = {f: cell(self.layout, r, f) for f in spans if f != "name"}
            written = any(
                data.get(f) not in ("", None)
                for f in ("start", "finish", "duration", "predecessors")
            )
            if grouped:  # the phase is written on its group's first row only
                group = data["phase"] = data.get("phase") or group
            if r in self.layout.bars:
                data.update(self._bar(r, data))
            has_data = any(
                data.get(f) not in ("", None)
                for f in ("start", "finish", "duration", "predecessors")
            )
            if r in self.grid.hidden_rows:
                if name or has_data:
                    self.problem(r, None, "hidden row skipped", Severity.INFO)
                continue
            for col in watched:
                if (r, col) in self.grid.missing_cached:
                    self.problem(
                        r,
                        None,
                        f"column {column_letter(col)}: formula without a "
                        "calculated value (open and save the file in Excel or "
                        "LibreOffice to calculate it)",
                        Severity.WARNING,
                    )
            if not name:
                label = self._other_text(r, watched)
                if has_data:
                    self.problem(r, "name", "no task name; row skipped", Severity.WARNING)
                elif label:
                    self.rows.append(ClassifiedRow(r, label, kind="section", named=False))
                continue
            row = ClassifiedRow(
                r,
                name,
                values=data,
                ref_id=ref_text(data.get("id")),
                preds=data.get("predecessors", ""),
            )
            type_text = str(data.get("type") or "").strip().lower()
            # A "Heading:" row is one even when the table's frame crosses its cells.
            framed = heading and not written
            if type_text in PHASE_WORDS or (not has_data and not grouped) or framed:
                row.kind = "section"  # (where a column groups the rows, a row is a task)
            row.level = self._level(r, raw_name, data)
            row.wbs = ref_text(data.get("wbs")) if "wbs" in spans else ""
            if undated:
                bar = self._steps(r, max(offset, 0))
                earlier = first.get(name) if offset >= 0 else None
                if earlier is not None:
                    self._extend(earlier, steps, bar)
                    continued.append(r)
                    continue
                first.setdefault(name, row)
                if bar:
                    steps[row.row] = bar
            self.rows.append(row)
        if continued:
            self.problem(
                continued[0],
                None,
                f"rows {continued[0] + 1}–{continued[-1] + 1} repeat the tasks above under the "
                "table's header again: their bars continue those tasks",
                Severity.INFO,
            )
        self._hierarchy()

    def _steps(self, r: int, offset: int) -> tuple[int, int] | None:
        """The first and last calendar step of row ``r``'s bar, counted on from ``offset``."""
        timeline = self.layout.timeline
        cols = sorted(self.layout.bars.get(r, ()))
        if timeline is None or not cols:
            return None
        return timeline.weeks[cols[0]] + offset, timeline.weeks[cols[-1]] + offset

    def _extend(
        self, row: ClassifiedRow, steps: dict[int, tuple[int, int]], bar: tuple[int, int] | None
    ) -> None:
        if bar is None or self.layout.timeline is None:
            return
        old = steps.get(row.row, bar)
        low, high = min(old[0], bar[0]), max(old[1], bar[1])
        steps[row.row] = (low, high)
        length = high - low + 1
        row.values["duration"] = f"{length}w" if self.layout.timeline.days == 7 else length

    def _phase_once(self) -> bool:
        """A phase column written once per group: a few different names, blanks between."""
        if "phase" not in self.layout.spans:
            return False
        seen: set[str] = set()
        for r in range(self.layout.data_start, len(self.grid.rows)):
            name = str(cell(self.layout, r, "phase")).strip()
            if name in seen:
                return False  # a phase named on every row (the usual column): stop early
            if name:
                seen.add(name)
        return len(seen) >= 2 and len(seen) * 2 <= len(table_rows(self.layout))

    def _bar(self, r: int, data: dict[str, object]) -> dict[str, object]:
        """Start and finish (or, on an undated calendar, the length) of a drawn bar."""
        timeline = self.layout.timeline
        cols = sorted(self.layout.bars[r])
        if timeline is None or not cols:
            return {}
        if timeline.dates:
            last = timeline.dates[cols[-1]] + timedelta(days=timeline.days - 1)
            if timeline.days == 7:  # a week column ends on its Friday
                last -= timedelta(days=2)
            return {"start": timeline.dates[cols[0]], "finish": last}
        if data.get("duration") in ("", None):
            steps = timeline.weeks[cols[-1]] - timeline.weeks[cols[0]] + 1
            return {"duration": f"{steps}w" if timeline.days == 7 else steps}
        return {}

    def _row_blank(self, r: int, watched: set[int]) -> bool:
        return r not in self.layout.bars and all(
            self.grid.cell(r, c) in ("", None) for c in watched
        )

    def _after_table(self, r: int, watched: set[int]) -> None:
        """Say which rows under a gap of blank rows were left out, and the first text."""
        rest = [
            row
            for row in range(r, len(self.grid.rows))
            if any(v not in ("", None) for v in self.grid.rows[row])
        ]
        first = next((str(v) for v in self.grid.rows[r] if v not in ("", None)), "")
        self.problem(
            r,
            None,
            f"the table ends at {TABLE_GAP} blank rows; {len(rest)} rows below it "
            f"(from {first[:40]!r}) are not tasks and were skipped",
            Severity.INFO,
        )

    def _other_text(self, r: int, watched: set[int]) -> str:
        """The label of a heading row: its only text cell, outside the mapped columns."""
        texts = [
            str(value).strip()
            for col, value in enumerate(self.grid.rows[r] if r < len(self.grid.rows) else [])
            if col not in watched and value not in ("", None)
        ]
        if len(texts) == 1 and re.search(r"[^\W\d_]", texts[0]) and len(texts[0]) <= 80:
            return texts[0]
        return ""

    def _level(self, r: int, raw_name: object, data: dict[str, object]) -> int:
        if "wbs" in self.layout.spans and data.get("wbs") not in ("", None):
            return ref_text(data["wbs"]).count(".")
        if "outline_level" in self.layout.spans:
            try:
                # Any: float() reads numbers and numeric text; other text fails, caught below.
                level: Any = data.get("outline_level") or 1
                return max(int(float(level)) - 1, 0)
            except ValueError:
                return 0
        names = self.layout.spans["name"]
        col = next((c for c in names if self.grid.cell(r, c) not in ("", None)), names[0])
        bullet = 50 if _BULLET.match(str(raw_name)) else 0  # deeper than its heading
        if len(names) > 1:  # under a header merged over several columns, the column is the level
            return names.index(col) * 10_000 + bullet
        indent = self.grid.indents.get((r, col), 0)
        spaces = len(str(raw_name)) - len(str(raw_name).lstrip(" "))
        return indent * 100 + spaces + bullet  # normalised to levels in _hierarchy

    def _has_ids(self) -> bool:
        return bool({"id", "wbs"} & set(self.layout.spans)) or any(r.wbs for r in self.rows)

    def _linked(self) -> bool:
        return "predecessors" in self.layout.spans

    def _header(self, field_: str) -> str:
        col = self.layout.spans[field_][0]
        return (
            self.layout.mapping.headers[col] if col < len(self.layout.mapping.headers) else field_
        )

    def _milestone(self, row: ClassifiedRow) -> bool:
        kind = str(row.values.get("type", "")).lower()
        # A category says milestone only as its whole value: "milestone1" names a group.
        category = str(row.values.get("phase", "")).strip().lower()
        return category in MILESTONE_WORDS or any(
            word in kind or word in row.name.lower() for word in MILESTONE_WORDS
        )

    def _decide_date_order(self) -> None:
        texts = [
            str(v)
            for f in ("start", "finish", "actual_start", "actual_finish")
            if f in self.layout.spans
            for r in range(self.layout.data_start, len(self.grid.rows))
            if isinstance(v := cell(self.layout, r, f), str)
        ]
        try:
            found = slash_order(texts)
        except DateError as exc:
            self.problem(None, "start", str(exc), Severity.ERROR)
            return
        if found is not None:
            self.date_order = found
        elif self.date_order is None and any(is_ambiguous(t) for t in texts):
            examples = tuple(t for t in texts if is_ambiguous(t))[:3]
            self.parsed.questions.append(DateQuestion(self.sheet, "dates", examples))

    # -- pass 2: outline --------------------------------------------------------------
    def _hierarchy(self) -> None:
        rows = self.rows
        named = [r for r in rows if r.named]
        numbered = [(r, m) for r in named if (m := _NUMBERED.match(r.name))]
        if (
            "wbs" not in self.layout.spans
            and "outline_level" not in self.layout.spans
            and len(numbered) >= max(3, 0.6 * len(named))
        ):
            # "1.2.3 Name": the number is the row's WBS and its depth the outline level.
            for r, match in numbered:
                r.wbs, r.name = match.group(1).rstrip("."), match.group(2).strip()
                r.kind = "task"  # a heading or not, the outline decides (summary below)
            level = 1
            for r in named:  # an unnumbered row sits under the numbered row above it
                level = r.wbs.count(".") + 1 if r.wbs else level + (r is not named[0])
                r.level = level
                if not r.wbs:
                    level -= 1
            self.problem(
                None,
                "name",
                f"{len(numbered)} task names start with an outline number (e.g. "
                f"{numbered[0][0].wbs!r}): read as the WBS and the outline",
                Severity.INFO,
            )
        elif "wbs" not in self.layout.spans and "outline_level" not in self.layout.spans:
            rank = {w: i for i, w in enumerate(sorted({r.level for r in named}))}
            for r in rows:
                r.level = rank.get(r.level, 0) if r.named else 0
        # A row is a summary when the row below is deeper and is work (a task with
        # data, or itself a summary); a deeper heading alone is just untidy indentation.
        below: ClassifiedRow | None = None
        for r in reversed(named):
            if below is not None and below.level > r.level and below.kind != "section":
                r.kind = "summary"
            below = r
        # Trailing headings with no task after them are notes or legends, not phases.
        tail: list[ClassifiedRow] = []
        while rows and rows[-1].kind == "section":
            tail.insert(0, rows.pop())
        if tail:
            where = f"row {tail[0].row + 1}" + (f" to {tail[-1].row + 1}" if len(tail) > 1 else "")
            self.problem(
                None,
                None,
                f"{where}: text without duration, dates or predecessors "
                f"after the last task ({tail[0].name!r}…); skipped",
                Severity.INFO,
            )

    # -- pass 3: values ---------------------------------------------------------------
    def _date(self, r: int, field_: str, value: object, notes: list[str]) -> date | None:
        if value in ("", None):
            return None
        try:
            return parse_date(value, self.date_order)
        except YearError as exc:
            self.problem(r, field_, str(exc), Severity.ERROR)
        except DateError:
            if not self.parsed.questions and self.parsed.week_question is None:
                self.placeholder(r, field_, value, notes)
        return None

    def placeholder(self, r: int, field_: str, value: object, notes: list[str]) -> None:
        text = " ".join(str(value).split())
        notes.append(f"{self._header(field_)}: {text}")
        self.problem(
            r,
            field_,
            f"{text[:40]!r} is not a {FIELD_LABELS[field_].lower()}; kept in the task's notes",
            Severity.WARNING,
        )

    def collapse_repeats(self) -> None:
        """One line for a problem repeated on many rows: its count and first rows."""
        mine = [p for p in self.parsed.problems if p.sheet == self.sheet and p.row is not None]
        groups: dict[tuple[object, ...], list[Problem]] = {}
        for p in mine:
            template = re.sub(r"'[^']*'|\d+", "…", p.message)
            groups.setdefault((p.severity, p.column, template), []).append(p)
        drop: set[int] = set()
        merged: dict[int, Problem] = {}
        for group in groups.values():
            if len(group) < 3:
                continue
            first = group[0]
            rows = ", ".join(str(p.row) for p in group[:3])
            drop.update(id(p) for p in group[1:])
            merged[id(first)] = Problem(
                first.sheet,
                first.row,
                first.column,
                f"{first.message} — {len(group)} rows like this (rows {rows}…)",
                first.severity,
            )
        self.parsed.problems = [
            merged.get(id(p), p) for p in self.parsed.problems if id(p) not in drop
        ]

    def _unit(self) -> int:
        """Days per duration unit: the header's word, else what the dates say."""
        if "duration" not in self.layout.spans:
            return 1
        col = self.layout.spans["duration"][0]
        unit = duration_unit(
            self.layout.mapping.headers[col] if col < len(self.layout.mapping.headers) else ""
        )
        if unit != 1 or not {"start", "finish"} <= set(self.layout.spans):
            return unit
        ratios = []
        for row in self.rows:
            s, f = (self._peek_date(row.values.get(k)) for k in ("start", "finish"))
            try:
                d = parse_duration(row.values.get("duration"))
            except DurationError:
                continue
            if s and f and d and row.kind == "task":
                ratios.append(self.workdays(s, f) / d)

        def most(lo: float, hi: float) -> bool:
            return len(ratios) >= 3 and sum(lo <= x <= hi for x in ratios) >= 0.7 * len(ratios)

        if ratios:
            if most(3.5, 7):
                self.problem(
                    None,
                    "duration",
                    "durations read as weeks: they match the start and finish dates",
                    Severity.INFO,
                )
                return 5
            if most(0.55, 0.9):
                self.problem(
                    None,
                    "duration",
                    "durations count calendar days; working days "
                    "are taken from the start and finish dates",
                    Severity.INFO,
                )
                return 0
        return 1

    def _peek_date(self, value: object) -> date | None:
        try:
            return parse_date(value, self.date_order) if value not in ("", None) else None
        except DateError:
            return None
