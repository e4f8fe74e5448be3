"""The ``relm`` command: open the GUI, or work on plan files headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from relm_desktop import __version__
from relm_desktop.domain.text import plural
from relm_desktop.services import formats
from relm_desktop.store.errors import BrokenReferencesError, PlanFileError, shown

if TYPE_CHECKING:
    from relm_desktop.services.schedule_lean import ScheduledPlan

# Start-up follows the imports: a command imports what it needs when it runs
# (SQLAlchemy to open a plan for editing, reportlab for packs, Qt for the window),
# so `relm --version` and `relm schedule` never load the rest.
# tests/cli/test_startup.py keeps it so.

EXIT_USAGE = 2
COMMANDS = ("new", "demo", "schedule", "check", "import", "export", "copy", "sync")
PLAN_SUFFIX = ".relm"
# SQLite errors that are about the disk or folder, not the file's contents.
_STORAGE_ERRORS = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY")


class CliError(Exception):
    """A one-line problem for stderr; exit code 2."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _positive(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= 52:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of weeks (1 to 52)")
    return int(text)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors in one line, like every other problem ``relm`` reports."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"relm: {shown(message, 1000)} (see {self.prog} --help)\n")


def _location(text: str) -> Path | str:
    """A plan location: a file path, or a PostgreSQL URL kept as text (a Path folds its //)."""
    from relm_desktop.store.location import is_server_location

    return text if is_server_location(text) else Path(text)


def _server(location: object) -> bool:
    from relm_desktop.store.location import is_server_location

    return is_server_location(location)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="relm",
        description="RELM Desktop: release planning. Without a command, opens the application.",
    )
    parser.add_argument("--version", action="version", version=f"relm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("new", help="create an empty plan file (or plan on a server URL)")
    p.add_argument("path", type=_location)
    p.add_argument("--name", help="plan name (default: the file name)")
    p.add_argument("--start", type=_date, help="plan start date, YYYY-MM-DD (default: today)")
    p.add_argument("--country", help="public holidays of this country, e.g. GB, DE, US")
    p.add_argument("--subdivision", help="region for holidays, e.g. ENG, BY, CA")

    p = sub.add_parser("demo", help="create a realistic demo plan")
    p.add_argument("path", type=_location)
    p.add_argument("--start", type=_date, help="plan start (default: six weeks ago)")

    p = sub.add_parser("schedule", help="schedule a plan and list dates, conflicts and cycles")
    p.add_argument("path", type=_location)
    p.add_argument("--csv", action="store_true", help="CSV: one row per task")
    p.add_argument(
        "--status-date",
        type=_date,
        help="judge overdue work as of this date, YYYY-MM-DD (default: the plan's, else today)",
    )

    p = sub.add_parser("check", help="check a plan's integrity and schema version")
    p.add_argument("path", type=_location)

    p = sub.add_parser("import", help="import a file into a plan (format by extension)")
    p.add_argument("plan", type=_location)
    p.add_argument("file", type=Path)
    p.add_argument("--release", help="release to import into")
    p.add_argument("--mapping", type=Path, help="column mapping file (JSON)")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p.add_argument(
        "--apply-removals",
        action="store_true",
        help="also remove the rows missing from the workbook's sheets (listed otherwise)",
    )
    p.add_argument(
        "--date-order",
        choices=["dmy", "mdy"],
        help="how to read ambiguous dates like 03/04/2027 (day-month or month-day)",
    )
    p.add_argument(
        "--week-one",
        type=_date,
        help="the day week (or period) 1 starts, YYYY-MM-DD, for a sheet giving week or "
        "period numbers without a date they count from",
    )
    p.add_argument(
        "--period-weeks",
        type=_positive,
        help="weeks in a period or sprint, when the sheet numbers periods but not their length",
    )

    p = sub.add_parser("export", help="export a plan (format by the output's extension)")
    p.add_argument("plan", type=_location)
    p.add_argument("out", type=Path)
    p.add_argument("--release", help="only this release")
    p.add_argument(
        "--preset", choices=["executive", "full"], default="full", help="PDF pack preset"
    )
    p.add_argument(
        "--status-date",
        type=_date,
        help="the PDF pack's 'as of' date, YYYY-MM-DD (default: the plan's, else today)",
    )
    p.add_argument(
        "--gantt",
        choices=["auto", "tasks", "summary"],
        default="auto",
        help="the PDF pack's Gantt: every task, or releases and phases only "
        "(auto: summary above 2,000 tasks)",
    )

    p = sub.add_parser(
        "copy",
        help="copy a plan: publish a file to a server URL, or take an offline copy into a file",
    )
    p.add_argument("source", type=_location)
    p.add_argument("target", type=_location)

    p = sub.add_parser(
        "sync", help="sync an offline copy with its server: edits both ways, conflicts listed"
    )
    p.add_argument("path", type=Path)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``relm`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if args_list and not args_list[0].startswith("-") and args_list[0] not in COMMANDS:
        if _names_a_plan(args_list[0]):
            return _open_gui(_location(args_list[0]), args_list[1:])
        # A typo must not open the window: say so, and what the commands are.
        print(
            f"relm: unknown command '{shown(args_list[0])}' (commands: {', '.join(COMMANDS)})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    args = parser.parse_args(args_list)
    if args.command is None:
        return _open_gui(None, [])
    handler: Callable[[argparse.Namespace, TextIO], int] = HANDLERS[args.command]
    try:
        return handler(args, sys.stdout)
    except KeyboardInterrupt:
        print("relm: interrupted; the plan is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:
        problem = _problem(exc, args)
        if problem is None:
            raise  # a bug: the traceback is what a report needs
        print(f"relm: {shown(problem, 1000)}", file=sys.stderr)
        return EXIT_USAGE


def _names_a_plan(word: str) -> bool:
    """``relm PLAN``: an existing file, a ``.relm`` name (the GUI offers to create it)
    or a database URL."""
    return (
        word.lower().endswith(PLAN_SUFFIX)
        or word.startswith(("postgresql://", "postgresql+"))
        or Path(word).is_file()
    )


def _loaded(module: str, name: str) -> tuple[type[BaseException], ...]:
    """An exception class of ``module`` if it was imported (else nothing raised it):
    the error path does not import SQLAlchemy or a workbook reader to name a class."""
    found = sys.modules.get(module)
    return (getattr(found, name),) if found is not None else ()


def _workbook_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged workbook raises beyond our own WorkbookError."""
    return (
        *_loaded("zipfile", "BadZipFile"),
        *_loaded("zlib", "error"),
        EOFError,
        *_loaded("python_calamine", "CalamineError"),  # loaded only if a workbook was read
    )


def _problem(exc: Exception, args: argparse.Namespace) -> str | None:
    """The one line for an expected failure, naming the file; None for a bug."""
    plan = getattr(args, "path", None) or getattr(args, "plan", None)
    known = (CliError, PlanFileError, formats.FormatError)
    if isinstance(exc, (*known, *_loaded("relm_desktop.services.edits", "EditError"))):
        return str(exc)
    if isinstance(exc, BrokenReferencesError):
        return f"{plan}: {exc}"
    if isinstance(exc, _workbook_errors()):
        return f"{getattr(args, 'file', plan)}: not a readable workbook ({exc})"
    if isinstance(exc, OSError):
        target = exc.filename or plan  # outputs that fail to write are named where written
        return f"{target}: {exc.strerror or exc}"
    if isinstance(exc, _loaded("sqlalchemy.exc", "SQLAlchemyError")):
        orig = getattr(exc, "orig", None)
        if isinstance(orig, Exception):
            return _problem(orig, args)
        return f"{plan}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    if isinstance(exc, _loaded("sqlite3", "Error")):
        name = getattr(exc, "sqlite_errorname", "") or ""
        why = ""
        if plan is not None and name.startswith(_STORAGE_ERRORS):
            from relm_desktop.store.database import why_unwritable

            why = f" ({why_unwritable(Path(plan))})"
        return f"{plan}: {exc}{why}"
    return None


def _open_gui(path: Path | str | None, rest: list[str]) -> int:
    try:
        from relm_desktop.gui.app import run
    except ImportError as exc:
        if "relm_desktop.gui.app" in str(exc) or "PySide6" in str(exc):
            print(f"relm: the desktop application is not available here ({exc})")
            return 0
        raise
    # A URL rides in a Path here: the store puts back the // that folds.
    return run(Path(path) if path is not None else None, rest)


def _new(args: argparse.Namespace, out: TextIO) -> int:
    from relm_desktop.services.plan import PlanService

    if _server(args.path):
        service = PlanService.new(
            args.path,
            name=args.name,
            start=args.start,
            country=args.country,
            subdivision=args.subdivision,
            source="cli",
        )
        print(f"created {service.location}", file=out)
        service.close()
        return 0
    _refuse_existing(args.path)
    with _removed_on_failure(args.path):
        service = PlanService.new(
            args.path,
            name=args.name,
            start=args.start,
            country=args.country,
            subdivision=args.subdivision,
            source="cli",
        )
        service.close()
    print(f"created {args.path}", file=out)
    return 0


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    from relm_desktop.services.demo import build_demo

    if not _server(args.path):
        _refuse_existing(args.path)
    with _removed_on_failure(args.path):
        service = build_demo(args.path, start=args.start)
        try:
            data = service.load()
        finally:
            service.close()
    print(
        f"created {args.path}: {plural(len(data.releases), 'release')}, "
        f"{plural(len(data.tasks), 'task')}, "
        f"{plural(len(data.links), 'dependency', 'dependencies')}, "
        f"{plural(len(data.risks), 'risk')}",
        file=out,
    )
    return 0


@contextmanager
def _removed_on_failure(path: Path) -> Iterator[None]:
    """A plan being created is deleted with its -wal/-shm if creating it fails
    (a full disk): no half-made plan is left behind."""
    try:
        yield
    except BaseException:
        import gc

        from relm_desktop.store.database import remove_plan_file

        gc.collect()  # closes the failed store's connections before its files go
        remove_plan_file(path)
        raise


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise CliError(f"{path}: already exists; choose another name")


def _schedule(args: argparse.Namespace, out: TextIO) -> int:
    from relm_desktop.services.schedule_lean import read_progress, scheduled_plan

    if _server(args.path):
        plan, status, done = _scheduled_on_server(args.path)
    else:
        plan = scheduled_plan(args.path)
        status, done = read_progress(args.path)
    as_of = getattr(args, "status_date", None) or status or date.today()
    return _list_schedule(plan, args.csv, out, as_of, done)


def _scheduled_on_server(
    location: str,
) -> tuple[ScheduledPlan, date | None, dict[int, int]]:
    """A server plan scheduled by the same scheduler as a file (no lean SQLite path)."""
    from relm_desktop.services.plan import PlanService
    from relm_desktop.services.schedule_lean import ScheduledPlan

    service = PlanService.open(location, readonly=True, source="cli")
    try:
        data, result = service.schedule()
    finally:
        service.close()
    ordered = sorted(data.tasks, key=lambda t: (t.release_id, t.position, t.id))
    plan = ScheduledPlan(
        {r.id: r.name for r in data.releases},
        tuple((t.id, t.release_id, t.name) for t in ordered),
        result,
    )
    status = data.info.status_date if data.info is not None else None
    return plan, status, {t.id: t.percent_complete for t in data.tasks}


def _list_schedule(
    plan: ScheduledPlan,
    as_csv: bool,
    out: TextIO,
    as_of: date | None = None,
    done: Mapping[int, int] | None = None,
) -> int:
    """``relm schedule``'s output: a table (or CSV) of the tasks, then cycles and conflicts.

    A task is overdue when it should have finished before the status date
    ``as_of`` and is not 100% done (as the timeline flags it).
    """
    result = plan.result
    as_of = as_of or date.today()
    done = done or {}
    rows = []
    overdue: list[bool] = []
    for task_id, release_id, name in plan.tasks:
        sched = result.tasks[task_id]
        rows.append(
            (
                plan.releases[release_id],
                name,
                sched.start.isoformat(),
                sched.finish.isoformat(),
                sched.total_float,
                sched.critical,
            )
        )
        overdue.append(sched.finish < as_of and done.get(task_id, 0) < 100)
    if as_csv:
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["release", "task", "start", "finish", "total_float", "critical", "overdue"]
        )
        writer.writerows(
            [*row[:5], "yes" if row[5] else "no", "yes" if late else "no"]
            for row, late in zip(rows, overdue, strict=True)
        )
        return 0
    width_r = max([len("Release")] + [len(r[0]) for r in rows])
    width_t = min(60, max([len("Task")] + [len(r[1]) for r in rows]))
    lines = [
        f"{'Release':<{width_r}}  {'Task':<{width_t}}  {'Start':<10}  {'Finish':<10}  "
        f"{'Float':>5}  Critical"
    ]
    for release, name, start, finish, total, critical in rows:
        name = name if len(name) <= width_t else name[: width_t - 1] + "…"
        lines.append(
            f"{release:<{width_r}}  {name:<{width_t}}  {start}  {finish}  {total:>5}  "
            f"{'yes' if critical else ''}"
        )
    print("\n".join(lines), file=out)  # one write: 10,000 print calls cost ~10 ms more
    print(
        f"\n{plural(len(rows), 'task')}; plan finishes {result.finish}; "
        f"as of {as_of.isoformat()}, {sum(overdue)} overdue",
        file=out,
    )
    if result.cycles:
        print(f"\nCycles ({len(result.cycles)}):", file=out)
        names = {task_id: name for task_id, _, name in plan.tasks}
        for cycle in result.cycles:
            print("  " + " → ".join(names.get(i, f"#{i}") for i in cycle), file=out)
    print(f"\nConflicts ({len(result.conflicts)}):", file=out)
    for conflict in result.conflicts:
        print(f"  [{conflict.kind.value}] {conflict.message}", file=out)
    if not result.conflicts:
        print("  none", file=out)
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from relm_desktop.store.database import (
        head_revision,
        inspect_file,
        integrity_problems,
        open_plan_file,
        schema_revision,
    )

    if _server(args.path):
        return _check_server(args.path, out)
    check = inspect_file(args.path)
    store, _ = (
        open_plan_file(args.path, readonly=True) if not check.needs_migration else (None, None)
    )
    if store is None:
        print(
            f"{args.path}: schema {check.revision} (older than {head_revision()}; "
            "it will be upgraded when opened)",
            file=out,
        )
        return 0
    try:
        problems = integrity_problems(store)
        revision = schema_revision(store)
    finally:
        store.close()
    if problems:
        raise CliError(f"{args.path}: integrity check failed: {'; '.join(problems[:5])}")
    print(f"{args.path}: ok (schema {revision}, current)", file=out)
    return 0


def _check_server(location: str, out: TextIO) -> int:
    from relm_desktop.store.database import integrity_problems, schema_revision
    from relm_desktop.store.server import open_server_store

    store = open_server_store(location, readonly=True)
    try:
        problems = integrity_problems(store)
        revision = schema_revision(store)
    finally:
        store.close()
    if problems:
        raise CliError(f"{store.url}: integrity check failed: {'; '.join(problems[:5])}")
    print(f"{store.url}: ok (schema {revision}, current)", file=out)
    return 0


def _copy(args: argparse.Namespace, out: TextIO) -> int:
    from relm_desktop.services.sync import copy_location

    print(copy_location(args.source, args.target), file=out)
    return 0


def _sync(args: argparse.Namespace, out: TextIO) -> int:
    from relm_desktop.services.sync import sync_offline_copy

    report = sync_offline_copy(args.path)
    print(report.summary(), file=out)
    for conflict in report.conflicts:
        print(f"conflict: {conflict.line()}", file=out)
    if report.conflicts:
        print(
            "the server's values stay; the local ones are kept in the copy: "
            "open it to pick (Problems panel)",
            file=out,
        )
    return 0


def _import(args: argparse.Namespace, out: TextIO) -> int:
    handler = formats.importer(args.file)
    return handler(args, out)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    handler = formats.exporter(args.out)
    return handler(args, out)


HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "new": _new,
    "demo": _demo,
    "schedule": _schedule,
    "check": _check,
    "import": _import,
    "export": _export,
    "copy": _copy,
    "sync": _sync,
}
