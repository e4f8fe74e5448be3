"""Excel exchange use cases: export, read, preview a merge, apply it (all or nothing), undo it.

The GUI calls these from a worker thread; the CLI calls ``cli_import`` and
``cli_export`` through the formats table. Applying a merge is one transaction
with ``source='import'``: every created, changed or removed row gets its audit
rows, plus one summary row; any failure rolls everything back.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from relm_desktop.domain.text import plural
from relm_desktop.exchange.dates import DateOrder
from relm_desktop.exchange.merge import (
    ADD,
    CHANGE,
    REMOVE,
    MergePreview,
    RowChange,
    compare,
    snapshot,
)
from relm_desktop.exchange.xlsx.export import export_plan
from relm_desktop.exchange.xlsx.model import (
    CancelledError,
    ColumnMapping,
    NoScheduleError,
    ParsedImport,
    Severity,
)
from relm_desktop.exchange.xlsx.parse import read_xlsx
from relm_desktop.exchange.xlsx.read import WorkbookError
from relm_desktop.exchange.xlsx.week_question import WeekAnchor
from relm_desktop.gcpause import gc_paused
from relm_desktop.services.edits import Change, EditError
from relm_desktop.services.excel_apply import apply_rows, revert_changes
from relm_desktop.services.excel_transaction import import_transaction, rehearse
from relm_desktop.services.excel_validate import validate_parsed
from relm_desktop.services.formats import FormatError
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData, load_plan

__all__ = [
    "CancelledError",
    "ImportOutcome",
    "apply_merge",
    "cli_export",
    "cli_import",
    "export_workbook",
    "load_mapping",
    "merge_workbook",
    "preview_merge",
    "read_workbook",
    "revert_import",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an applied import did; ``changes`` undo it (in reverse order)."""

    path: str
    added: int
    changed: int
    removed: int
    changes: tuple[Change, ...] = ()
    accepted: frozenset[str] = field(default_factory=frozenset)


def _release_ids(data: PlanData, name: str | None) -> set[int] | None:
    if not name:
        return None
    ids = {r.id for r in data.releases if r.name == name}
    if not ids:
        known = ", ".join(sorted(r.name for r in data.releases)) or "none"
        raise EditError(f"no release named {name!r} (releases: {known})")
    return ids


def export_workbook(
    service: PlanService,
    path: Path,
    release: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Write the plan (or one release) to ``path``; returns rows written per sheet.

    ``export_plan`` writes an exclusive temporary file next to the target and renames
    it into place, so a failed or cancelled export never leaves half a workbook
    behind; the result's ``warnings`` say what was cut to fit.
    """
    path = Path(path)
    data, result = service.schedule()
    ids = _release_ids(data, release)
    try:
        return export_plan(path, data, result, release_ids=ids, progress=progress, cancel=cancel)
    except OSError as exc:
        raise FormatError(f"{path}: cannot write ({exc.strerror or exc})") from None


def load_mapping(path: Path) -> tuple[ColumnMapping | None, DateOrder | None]:
    """Read a ``--mapping`` JSON file: sheet, header_row, columns (field → letter or index),
    and optionally ``date_order`` (``dmy`` or ``mdy``).

    The file is untrusted: anything but a small regular file of that shape is a
    FormatError naming it (a FIFO is refused before it could block the read).
    """
    import os
    import re
    import stat

    from relm_desktop.store.errors import shown

    limit = 64 * 1024  # a mapping is a few lines; anything much larger is not one

    def refuse(problem: str) -> FormatError:
        return FormatError(f"{path}: not a usable mapping file ({problem})")

    try:
        # O_NONBLOCK: opening a FIFO returns at once, so fstat can refuse it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise refuse("not a regular file")
            data = fh.read(limit + 1)
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise refuse(f"over {limit // 1024} KB")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, absurd nesting
        raise refuse(shown(str(exc), 120)) from None
    if not isinstance(raw, dict):
        raise refuse("expected a JSON object")
    order = None
    if raw.get("date_order"):
        if raw["date_order"] not in ("dmy", "mdy"):
            raise refuse(f"date_order is {shown(raw['date_order'])}, not dmy or mdy")
        order = DateOrder(raw["date_order"])
    if "columns" not in raw:
        return None, order
    if not isinstance(raw["columns"], dict) or not raw["columns"]:
        raise refuse("columns must map field names to column letters or indexes")
    columns: dict[str, int] = {}
    for name, where in raw["columns"].items():
        if isinstance(where, int) and not isinstance(where, bool) and 0 <= where < 16384:
            columns[name] = where
        elif isinstance(where, str) and re.fullmatch(r"\s*[A-Za-z]{1,3}\s*", where):
            columns[name] = _letters(where)
        else:
            raise refuse(f"column of {shown(name)} is {shown(where)}, not a letter or index")
        if len(name) > 100 or columns[name] >= 16384:
            raise refuse(f"column of {shown(name)} is out of range")
    sheet, header_row = raw.get("sheet", ""), raw.get("header_row", 1)
    if not isinstance(sheet, str) or len(sheet) > 255:
        raise refuse("sheet must be a sheet name")
    if isinstance(header_row, bool) or not isinstance(header_row, int):
        raise refuse(f"header_row is {shown(header_row)}, not a row number")
    if not 1 <= header_row <= 1_048_576:
        raise refuse(f"header_row {header_row} is not a row of a worksheet")
    return ColumnMapping(sheet, header_row, columns, ()), order


def _letters(text: str) -> int:
    value = 0
    for ch in text.strip().upper():
        value = value * 26 + ord(ch) - 64
    return value - 1


def read_workbook(
    path: Path,
    mapping: ColumnMapping | None = None,
    date_order: DateOrder | None = None,
    service: PlanService | None = None,
    anchor: WeekAnchor | None = None,
) -> ParsedImport:
    """Parse and validate ``path``; problems are listed by sheet, row and column.

    Raises FormatError when the file cannot be read or holds no schedule.
    With ``service``, durations derived from dates count the plan's working days;
    ``anchor`` dates week or period numbers (else ``parsed.week_question`` asks).
    """
    workdays = None
    if service is not None:
        from relm_desktop.services.scheduling import schedule_input

        calendar = schedule_input(service.load()).calendar

        def workdays(first: date, last: date) -> int:
            return calendar.working_days_between(first, last) + calendar.is_working(last)

    # The collector stays paused through validation too: it would only walk the rows just read.
    with gc_paused():
        try:
            if workdays is None:
                parsed = read_xlsx(
                    Path(path), mapping=mapping, date_order=date_order, anchor=anchor
                )
            else:
                parsed = read_xlsx(
                    Path(path),
                    mapping=mapping,
                    date_order=date_order,
                    workdays=workdays,
                    anchor=anchor,
                )
        except (WorkbookError, NoScheduleError) as exc:
            raise FormatError(str(exc)) from None
        validate_parsed(parsed)
    return parsed


def _import_release(parsed: ParsedImport, release: str | None) -> str:
    """The release a foreign schedule goes into (by default named after its file)."""
    if not parsed.native and not release:
        release = Path(parsed.path).stem.replace("_", " ")
    return release or ""


def preview_merge(
    service: PlanService,
    parsed: ParsedImport,
    release: str | None = None,
    accept: Callable[[MergePreview], Collection[str]] | None = None,
) -> MergePreview:
    """What the import would add, change and remove in the plan, row by row.

    The rows ``accept`` picks (default: the preview's default rows) are then
    applied for real in a transaction that is rolled back (``rehearse``):
    whatever apply would refuse is listed as an error here.
    """
    with gc_paused():  # tens of thousands of short-lived, acyclic values
        preview = compare(snapshot(service.load()), parsed, _import_release(parsed, release))
        if not parsed.errors and not parsed.questions and parsed.week_question is None:
            keys = accept(preview) if accept is not None else preview.default_keys()
            parsed.problems.extend(rehearse(service, preview, keys))
    return preview


def _refuse_unready(parsed: ParsedImport) -> None:
    """Refuse (EditError) a workbook with errors or open date questions."""
    if parsed.errors:
        first = "; ".join(str(p) for p in parsed.errors[:3])
        more = f" (and {len(parsed.errors) - 3} more)" if len(parsed.errors) > 3 else ""
        raise EditError(f"{parsed.path}: not imported, fix these first: {first}{more}")
    if parsed.questions:
        raise EditError(f"{parsed.path}: {parsed.questions[0]}")
    if parsed.week_question is not None:
        raise EditError(f"{parsed.path}: {parsed.week_question}")


def _outcome(
    parsed: ParsedImport, rows: list[RowChange], changes: list[Change], accepted: Collection[str]
) -> ImportOutcome:
    return ImportOutcome(
        parsed.path,
        sum(r.action == ADD for r in rows),
        sum(r.action == CHANGE for r in rows),
        sum(r.action == REMOVE for r in rows),
        tuple(changes),
        frozenset(accepted),
    )


def apply_merge(
    service: PlanService, preview: MergePreview, accepted_ids: set[str] | frozenset[str]
) -> ImportOutcome:
    """Apply the accepted rows of ``preview`` in one transaction; all or nothing.

    Refused (EditError) while the workbook has errors or date questions. The
    preview was computed earlier (the GUI shows it first), which is sound only
    while this process is the plan's one writer (the GUI holds the plan lock);
    otherwise use ``merge_workbook``.
    """
    parsed = preview.parsed
    _refuse_unready(parsed)
    rows = [r for r in preview.rows if r.key in accepted_ids]
    with gc_paused(), import_transaction(service, parsed) as session:
        changes = apply_rows(session, preview, rows)
    return _outcome(parsed, rows, changes, accepted_ids)


def merge_workbook(
    service: PlanService,
    parsed: ParsedImport,
    release: str | None = None,
    accept: Callable[[MergePreview], Collection[str]] | None = None,
) -> tuple[MergePreview, ImportOutcome]:
    """Compare ``parsed`` with the plan and apply it, both in one write transaction.

    A concurrent import into the same plan thus runs wholly before (and this
    one's preview sees its result) or wholly after. ``accept`` picks the rows
    to apply from the preview (default: its default rows); it runs inside the
    transaction, so it must be quick (the CLI prints the preview there).
    """
    _refuse_unready(parsed)
    with gc_paused(), import_transaction(service, parsed) as session:
        preview = compare(snapshot(load_plan(session)), parsed, _import_release(parsed, release))
        accepted = accept(preview) if accept is not None else preview.default_keys()
        _refuse_unready(parsed)  # rows the comparison refused (another release's IDs)
        rows = [r for r in preview.rows if r.key in accepted]
        changes = apply_rows(session, preview, rows)
    return preview, _outcome(parsed, rows, changes, accepted)


def revert_import(service: PlanService, outcome: ImportOutcome) -> None:
    """Undo an applied import in one transaction."""
    with service.store.transaction("undo") as session:
        revert_changes(session, outcome.changes, label=f"import of {Path(outcome.path).name}")


# -- command line ---------------------------------------------------------------------------
def cli_export(args: argparse.Namespace, out: TextIO) -> int:
    """``relm export PLAN OUT.xlsx [--release NAME]``."""
    service = PlanService.open(args.plan, readonly=True, source="cli")
    try:
        counts = export_workbook(service, args.out, release=getattr(args, "release", None))
    finally:
        service.close()
    print(
        f"exported {plural(counts['tasks'], 'task')} of {plural(counts['releases'], 'release')} "
        f"({plural(counts['dependencies'], 'dependency', 'dependencies')}, "
        f"{plural(counts['risks'], 'risk')}) to {args.out}",
        file=out,
    )
    for warning in getattr(counts, "warnings", ()):
        print(f"warning: {args.out}: {warning}", file=sys.stderr)
    return 0


def cli_import(args: argparse.Namespace, out: TextIO) -> int:
    """``relm import PLAN IN.xlsx [--release NAME] [--mapping FILE] [--dry-run]``.

    Refused (PlanLockedError) while another instance holds the plan; a dry run
    only reads, so it works on a held plan too.
    """
    mapping = order = None
    if getattr(args, "mapping", None):
        mapping, order = load_mapping(args.mapping)
    if getattr(args, "date_order", None):
        order = DateOrder(args.date_order)
    week_one, period_weeks = getattr(args, "week_one", None), getattr(args, "period_weeks", None)
    anchor = WeekAnchor(week_one, period_weeks) if week_one or period_weeks else None
    dry_run = bool(args.dry_run)
    removals = bool(getattr(args, "apply_removals", False))
    service = PlanService.open(args.plan, readonly=dry_run, source="cli", lock=not dry_run)
    release = getattr(args, "release", None)

    def accepted(preview: MergePreview) -> set[str]:
        keys = preview.default_keys()
        if removals:
            keys |= {r.key for r in preview.by_action(REMOVE)}
        return keys

    def show(preview: MergePreview) -> set[str]:
        for row in preview.rows:
            skipped = ""
            if row.key not in accepted(preview):
                skipped = " [kept: removed only with --apply-removals]"
            print(row.describe() + skipped, file=out)
        keys = accepted(preview)
        for line in preview.removals_to_confirm(keys):
            print(f"removing {line} (--apply-removals)", file=out)
        return keys

    try:
        parsed = read_workbook(args.file, mapping, order, service, anchor)
        if parsed.week_question is not None:  # one line, before any other finding
            question = parsed.week_question
            raise EditError(
                f"{args.file}: {question}; give {question.option_hint()}; plan unchanged"
            )
        before = list(parsed.problems)
        for problem in parsed.problems:
            if problem.severity is not Severity.INFO or dry_run:
                print(f"{problem.severity.value}: {problem}", file=out)
        if parsed.questions:
            raise EditError(
                f'{args.file}: {parsed.questions[0]} in a --mapping file ({{"date_order": "dmy"}})'
            )
        if dry_run:
            preview = preview_merge(service, parsed, release, accepted)
            keys = show(preview)
            for problem in parsed.problems[len(before) :]:
                print(f"{problem.severity.value}: {problem}", file=out)
            print(
                f"dry run: would add {len(preview.by_action(ADD))}, change "
                f"{len(preview.by_action(CHANGE))}, remove "
                f"{sum(1 for r in preview.by_action(REMOVE) if r.key in keys)}; plan unchanged",
                file=out,
            )
            return 2 if parsed.errors else 0
        preview, outcome = merge_workbook(service, parsed, release, show)
        for problem in parsed.problems[len(before) :]:  # what the comparison found
            if problem.severity is not Severity.INFO:
                print(f"{problem.severity.value}: {problem}", file=out)
    finally:
        service.close()
    skipped = len(preview.rows) - len(outcome.accepted)
    print(
        f"imported {args.file}: added {outcome.added}, changed {outcome.changed}, removed "
        f"{outcome.removed}, skipped {skipped}",
        file=out,
    )
    return 0
