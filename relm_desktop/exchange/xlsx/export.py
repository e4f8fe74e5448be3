"""Writing a plan to an .xlsx workbook (xlsxwriter, row by row in constant memory).

Every text cell is written as a string, so text that looks like a formula
(``safety.looks_like_formula``: ``=``, ``+``, ``-``, ``@``, tab, CR and
their fullwidth forms) stays text, and carries Excel's quote prefix so an edit
in Excel keeps it text too: no cell of an export is ever a formula, in any
sheet. Text longer than a cell holds is cut and reported
(:attr:`ExportCounts.warnings`). The file appears only when complete
(``safety.replaced_atomically``).
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

from relm_desktop.domain.enums import LabelledEnum
from relm_desktop.domain.outline import wbs_codes
from relm_desktop.domain.records import PlanData, ReleaseRecord, TaskRecord
from relm_desktop.exchange.predecessors import format_predecessors
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.exchange.xlsx.fastrows import ColumnStyle, FastRows, column_cells, style
from relm_desktop.exchange.xlsx.gantt import write_gantt
from relm_desktop.exchange.xlsx.model import CancelledError
from relm_desktop.exchange.xlsx.safety import (
    cut_warning,
    fit_cell,
    looks_like_formula,
    replaced_atomically,
)
from relm_desktop.scheduling.model import ScheduleResult

Progress = Callable[[int, int], None]
_CHUNK = 500  # rows between two progress reports (and cancel checks)


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        self.header = book.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#1F4E79",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
            }
        )
        self.header_ro = book.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#7F7F7F",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
            }
        )
        # Editable cells are unlocked: sheet protection then guards IDs and computed cells.
        free = {**base, "locked": False}
        self.text = book.add_format(free)
        self.quoted = book.add_format({**free, "quote_prefix": True})
        self.date = book.add_format({**free, "num_format": lay.DATE_FORMAT})
        grey = {**base, "font_color": "#595959", "bg_color": "#F2F2F2"}
        self.computed = book.add_format(grey)
        self.computed_quoted = book.add_format({**grey, "quote_prefix": True})
        self.computed_date = book.add_format(
            {**base, "font_color": "#595959", "bg_color": "#F2F2F2", "num_format": lay.DATE_FORMAT}
        )
        # Not before: its time tells a day's beginning (00:00) from its end (17:00).
        self.computed_moment = book.add_format(
            {
                **base,
                "font_color": "#595959",
                "bg_color": "#F2F2F2",
                "num_format": lay.MOMENT_FORMAT,
            }
        )
        self.number = book.add_format(free)
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True, "font_size": 10, "valign": "top"})
        self.wrap = book.add_format({"font_size": 10, "text_wrap": True, "valign": "top"})


def _sheet(
    book: xlsxwriter.Workbook,
    spec: lay.SheetSpec,
    rows: Iterable[dict[str, Any]],
    count: int,
    st: _Styles,
    tick: Callable[[int], None],
    fast: FastRows,
    warnings: list[str],
    lists: dict[str, str],
) -> None:
    ws = book.add_worksheet(spec.name)
    sheet = len(book.worksheets())
    for col, column in enumerate(spec.columns):
        # Editable columns stay unlocked below the data too, for new rows.
        free = st.date if column.kind is lay.Kind.DATE else st.text
        hidden = {"hidden": True} if column.field == "check" else None
        ws.set_column(col, col, column.width, free if column.editable else None, hidden)
        ws.write_string(0, col, column.header, st.header if column.editable else st.header_ro)
        if column.note:
            ws.write_comment(0, col, column.note, {"x_scale": 2})
    ws.set_row(0, 30)
    ws.freeze_panes(1, 2 if spec.name == "Tasks" else 1)
    last = max(count, 1)
    ws.autofilter(0, 0, last, len(spec.columns) - 1)
    for col, column in enumerate(spec.columns):
        choices: list[str] | None = None
        if column.enum is not None and column.editable:
            choices = lay.enum_choices(column.enum)
        elif column.kind is lay.Kind.BOOL:
            choices = [lay.YES, lay.NO]
        if column.kind is lay.Kind.REF and column.field in lists:
            # A name from the plan's own lists; a new name only warns (it creates one).
            ws.data_validation(
                1,
                col,
                max(count, 1000),
                col,
                {
                    "validate": "list",
                    "source": lists[column.field],
                    "ignore_blank": True,
                    "error_type": "warning",
                    "error_title": column.header,
                    "error_message": "Not in the plan's list: a new name is added on import.",
                },
            )
        if choices:
            ws.data_validation(
                1,
                col,
                max(count, 1000),
                col,
                {
                    "validate": "list",
                    "source": choices,
                    "ignore_blank": True,
                    "error_title": column.header,
                    "error_message": "Choose one of: " + ", ".join(choices),
                },
            )
    _print_setup(ws)
    # No password: protection guards against slips, not people (Review ▸ Unprotect Sheet).
    ws.protect(
        "",
        {
            "autofilter": True,
            "sort": True,
            "insert_rows": True,
            "delete_rows": True,
            "format_columns": True,
            "format_rows": True,
        },
    )
    fast.header(sheet, len(spec.columns))
    styles = [_column_style(column, st) for column in spec.columns]
    cut: list[str] = []
    records = list(rows)
    # Column by column, a chunk of rows at a time (the chunk is the unit of progress).
    for first in range(0, len(records), _CHUNK):
        chunk = records[first : first + _CHUNK]
        numbers = [str(r) for r in range(first + 2, first + 2 + len(chunk))]
        columns = [
            column_cells(col, [values.get(column.field) for values in chunk], numbers, style, cut)
            for (col, column), style in zip(enumerate(spec.columns), styles, strict=True)
        ]
        fast.add_columns(sheet, first + 1, columns)
        tick(len(chunk))
    if cut:
        warnings.append(cut_warning(spec.name, cut))


def _print_setup(ws: Any) -> None:
    """Landscape, as wide as one page, the header row on every page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _column_style(column: lay.Column, st: _Styles) -> ColumnStyle:
    """The formats of one column's cells, as _cell would choose them by value type."""
    if not column.editable:
        computed = style(st.computed)
        quoted = style(st.computed_quoted)
        moment = st.computed_moment if column.field == "outside_start" else st.computed_date
        return ColumnStyle(computed, quoted, computed, style(moment), computed)
    return ColumnStyle(style(st.text), style(st.quoted), style(st.number), style(st.date), None)


def _enum(member: LabelledEnum | None) -> str:
    return lay.enum_text(member) if member is not None else ""


class ExportCounts(dict[str, int]):
    """Rows written per sheet; ``warnings`` lists what was changed to fit (one line each)."""

    warnings: list[str]


def export_plan(
    path: Path,
    data: PlanData,
    result: ScheduleResult | None,
    *,
    release_ids: set[int] | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportCounts:
    """Write ``data`` to ``path``; returns the row count per sheet.

    ``path`` is replaced only by a complete workbook, written to a temporary file of
    its own next to it; a failure or cancellation leaves ``path`` as it was.

    ``result`` fills the calculated columns and the Gantt
    sheet; ``release_ids`` limits the export to those releases.
    """
    keep: Callable[[int], bool] = (
        (lambda rid: rid in release_ids) if release_ids is not None else (lambda rid: True)
    )
    releases = [r for r in data.releases if keep(r.id)]
    order = {r.id: index for index, r in enumerate(releases)}
    tasks = sorted(
        (t for t in data.tasks if keep(t.release_id)),
        key=lambda t: (order.get(t.release_id, len(releases)), t.position, t.id),
    )
    task_ids = {t.id for t in tasks}
    names = {t.id: t.name for t in data.tasks}
    links = [ln for ln in data.links if ln.successor_id in task_ids]
    # Tasks a task of a release left out depends on: their late finish is that task's need.
    feeding = {
        ln.predecessor_id
        for ln in data.links
        if ln.predecessor_id in task_ids and ln.successor_id not in task_ids
    }
    # Tasks a task of a release left out holds: their start is what that task allowed.
    # (A task's own outside dates, from a workbook it came from, are written as they are.)
    held = {ln.successor_id for ln in links if ln.predecessor_id not in task_ids}
    day_end = result.day_end_milestones if result is not None else frozenset()
    after_day_end = result.day_end_starts if result is not None else frozenset()
    risks = [r for r in data.risks if r.release_id is None or keep(r.release_id)]
    gates = [g for g in data.gates if keep(g.release_id)]
    scope = [s for s in data.scope if keep(s.release_id)]
    roles = [r for r in data.stakeholder_roles if keep(r.release_id)]
    total = len(releases) + len(tasks) * 2 + len(links) + len(risks) + len(gates) + len(scope)
    total += len(roles) + 1 + len(data.days_off) + len(data.environments) + len(data.teams)
    total += len(data.freezes)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if done // 500 != (done - n) // 500 or done == total:
            if cancel is not None and cancel():
                raise CancelledError("export cancelled")
            if progress is not None:
                progress(done, total)

    release_name, phase_name, team_name, env_name, phases_of, envs_of = lay.plan_names(data)
    preds: dict[int, list[tuple[str | int, str, int]]] = defaultdict(list)
    for link in sorted(links, key=lambda ln: ln.id):
        preds[link.successor_id].append((link.predecessor_id, link.type.value, link.lag))
    sched = result.tasks if result is not None else {}
    stakeholders = {s.id: s for s in data.stakeholders}

    # xlsxwriter writes to memory; the finished file goes to an exclusive temporary file.
    buffer = io.BytesIO()
    warnings: list[str] = []
    book = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": False,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": lay.DATE_FORMAT,
        },
    )
    st = _Styles(book)
    fast = FastRows()

    lists = _lists(data)

    def write(spec: lay.SheetSpec, rows: Iterable[dict[str, Any]], count: int) -> None:
        _sheet(book, spec, rows, count, st, tick, fast, warnings, lists)

    try:
        _readme(book, st, data, releases if release_ids is not None else None, warnings)
        write(
            lay.RELEASES,
            (
                {
                    **r.as_dict(),
                    "release_kind": _enum(r.release_kind),
                    "status": _enum(r.status),
                    "rollout_strategy": _enum(r.rollout_strategy),
                    "rag": _enum(r.rag),
                    "phases": "; ".join(phases_of.get(r.id, ())),
                    "environments": "; ".join(envs_of.get(r.id, ())),
                }
                for r in releases
            ),
            len(releases),
        )

        codes = wbs_codes(data.phases, tasks)

        def task_row(t: TaskRecord) -> dict[str, Any]:
            s = sched.get(t.id)
            row = {
                **t.as_dict(),
                "wbs": codes.get(t.id, t.wbs),
                "release": release_name.get(t.release_id, ""),
                "phase": phase_name.get(t.phase_id, "") if t.phase_id else "",
                "milestone": lay.YES if t.duration == 0 else lay.NO,
                "start": s.start if s else None,
                "finish": s.finish if s else None,
                "predecessors": format_predecessors(preds.get(t.id, [])),
                "constraint_type": _enum(t.constraint_type),
                "team": team_name.get(t.team_id, "") if t.team_id else "",
                "environment": env_name.get(t.environment_id, "") if t.environment_id else "",
                "total_float": s.total_float if s else None,
                "critical": (lay.YES if s.critical else lay.NO) if s else None,
                "needed_by": (
                    s.late_finish if s and t.id in feeding else t.outside_finish if s else None
                ),
                "outside_start": (
                    _not_before(s.start, t.id in day_end, t.id in after_day_end)
                    if s and t.id in held
                    else _not_before(t.outside_start, t.outside_day_end)
                    if s and t.outside_start
                    else None
                ),
            }
            row["check"] = lay.computed_check([row[f] for f in lay.CHECKED])
            return row

        write(lay.TASKS, (task_row(t) for t in tasks), len(tasks))
        write(
            lay.DEPENDENCIES,
            (
                {
                    "id": ln.id,
                    "predecessor_id": ln.predecessor_id,
                    "predecessor": names.get(ln.predecessor_id, ""),
                    "successor_id": ln.successor_id,
                    "successor": names.get(ln.successor_id, ""),
                    "type": ln.type.value,
                    "lag": ln.lag,
                }
                for ln in links
            ),
            len(links),
        )
        write(
            lay.RISKS,
            (
                {
                    **r.as_dict(),
                    "release": release_name.get(r.release_id, "") if r.release_id else "",
                    "score": r.probability * r.impact,
                    "status": _enum(r.status),
                }
                for r in risks
            ),
            len(risks),
        )
        write(
            lay.GATES,
            (
                {
                    **g.as_dict(),
                    "release": release_name.get(g.release_id, ""),
                    "category": _enum(g.category),
                    "status": _enum(g.status),
                }
                for g in gates
            ),
            len(gates),
        )
        write(
            lay.SCOPE,
            (
                {
                    **s.as_dict(),
                    "release": release_name.get(s.release_id, ""),
                    "item_kind": _enum(s.item_kind),
                    "status": _enum(s.status),
                }
                for s in scope
            ),
            len(scope),
        )
        write(
            lay.STAKEHOLDERS,
            (
                {
                    "id": r.id,
                    "release": release_name.get(r.release_id, ""),
                    "stakeholder": stakeholders[r.stakeholder_id].name,
                    "title": stakeholders[r.stakeholder_id].title,
                    "email": stakeholders[r.stakeholder_id].email,
                    "raci": _enum(r.raci),
                    "receives_pack": stakeholders[r.stakeholder_id].receives_pack,
                }
                for r in roles
            ),
            len(roles),
        )
        _plan_sheets(data, result, write)
        write_gantt(book, tasks, sched, tick, fast, warnings)
        _list_sheet(book, data)
        book.get_worksheet_by_name(lay.TASKS.name).activate()
    finally:
        book.close()
    with replaced_atomically(Path(path)) as target:
        fast.splice(buffer, target)
    counts = ExportCounts(
        {
            "releases": len(releases),
            "tasks": len(tasks),
            "dependencies": len(links),
            "risks": len(risks),
            "gates": len(gates),
            "scope": len(scope),
            "stakeholders": len(roles),
        }
    )
    counts.warnings = warnings
    return counts


def _plan_sheets(
    data: PlanData,
    result: ScheduleResult | None,
    write: Callable[[lay.SheetSpec, Iterable[dict[str, Any]], int], None],
) -> None:
    """What scheduling needs beyond the releases: settings, calendar, environments, teams,
    freeze windows; written whole whatever releases the export holds."""
    calendar = data.calendar
    info = data.info
    workdays = calendar.workdays if calendar is not None else "01234"
    # Float is measured to the whole plan's finish, which a workbook of some releases
    # does not show: written so that a new plan made from it measures to the same day.
    ends = [d for d in (result.finish if result else None, info.horizon if info else None) if d]
    write(
        lay.PLAN,
        [
            {
                "name": info.name if info else "",
                "start": info.start if info else None,
                "status_date": info.status_date if info else None,
                "horizon": info.horizon if info else None,
                "finish": max(ends, default=None),
                "workdays": "; ".join(lay.WEEKDAYS[int(d)] for d in sorted(workdays)),
                "country": (calendar.country or "") if calendar else "",
                "subdivision": (calendar.subdivision or "") if calendar else "",
            }
        ],
        1,
    )
    days = sorted(data.days_off, key=lambda d: d.day)
    write(lay.CALENDAR, (d.as_dict() for d in days), len(days))
    environments = sorted(data.environments, key=lambda e: (e.position, e.id))
    write(lay.ENVIRONMENTS, (e.as_dict() for e in environments), len(environments))
    write(lay.TEAMS, (t.as_dict() for t in data.teams), len(data.teams))
    env_name = {e.id: e.name for e in data.environments}
    envs_of: dict[int, list[str]] = defaultdict(list)
    for freeze_id, env_id in data.freeze_environments:
        envs_of[freeze_id].append(env_name[env_id])
    freezes = sorted(data.freezes, key=lambda f: (f.start, f.id))
    write(
        lay.FREEZES,
        ({**f.as_dict(), "environments": "; ".join(sorted(envs_of[f.id]))} for f in freezes),
        len(freezes),
    )


_LISTS = "Lists"


def _lists(data: PlanData) -> dict[str, str]:
    """Drop-down sources of the name columns: the plan's own sheets, phases on a hidden one."""

    def names(sheet: str, count: int) -> str:
        return f"={sheet}!$B$2:$B${max(count, 1) + 1}"

    phases = len({p.name for p in data.phases})
    return {
        "release": names(lay.RELEASES.name, len(data.releases)),
        "team": names(lay.TEAMS.name, len(data.teams)),
        "environment": names(lay.ENVIRONMENTS.name, len(data.environments)),
        "phase": f"={_LISTS}!$A$1:$A${max(phases, 1)}",
    }


def _list_sheet(book: xlsxwriter.Workbook, data: PlanData) -> None:
    """A hidden sheet of every phase name, the Phase column's drop-down."""
    ws = book.add_worksheet(_LISTS)
    for row, name in enumerate(sorted({p.name for p in data.phases})):
        ws.write_string(row, 0, name)
    ws.hide()


def _readme(
    book: xlsxwriter.Workbook,
    st: _Styles,
    data: PlanData,
    only: list[ReleaseRecord] | None,
    warnings: list[str],
) -> None:
    ws = book.add_worksheet(lay.README)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, lay.FORMAT_NAME, st.title)
    facts = [
        ("Format version", str(lay.FORMAT_VERSION)),
        ("Plan", data.info.name if data.info else ""),
        ("Exported", datetime.now().replace(microsecond=0).isoformat(sep=" ")),
        ("Releases", "all" if only is None else "; ".join(r.name for r in only)),
        ("Highest task ID", str(max((t.id for t in data.tasks), default=0))),
    ]
    row = 2
    for key, value in facts:
        ws.write_string(row, 0, key, st.bold)
        value, cut = fit_cell(value)
        if cut:
            warnings.append(cut_warning(lay.README, [f"B{row + 1}"]))
        ws.write_string(row, 1, value, st.quoted if looks_like_formula(value) else st.text)
        row += 1
    row += 1
    lines = [
        "Edit this workbook and import it back (File ▸ Import, or relm import PLAN FILE.xlsx).",
        "RELM shows what would be added, changed and removed before anything is applied.",
        "Blue headers are columns you may edit; grey headers are calculated or for reading "
        "only and are ignored on import.",
        "Keep the ID column as it is: it matches rows back to the plan. Leave ID empty for "
        "a new row; a row whose ID belongs to another release is refused.",
        "A new task that another row names as predecessor needs a number: take one above "
        "the highest task ID of the plan (above).",
        "Deleting a row proposes to remove it from the plan, unticked: the coordinator "
        "decides. Removing a whole sheet removes nothing.",
        "Sheets are protected without a password so IDs and calculated cells stay as they "
        "are; to delete rows, Review ▸ Unprotect Sheet.",
        "Plan, Calendar, Environments, Teams and Freeze Windows carry what the schedule "
        "needs: the workbook schedules the same in a new plan.",
        "Dates are real dates; durations and lags are working days; 0 days is a milestone.",
        "Dependencies: change them in the Predecessors column of Tasks "
        "(12, 12SS+2d, 14FF-1d, separated by ;). The Dependencies sheet only lists them.",
        "Hidden rows are not imported; show them (remove filters) before saving.",
        "The Gantt sheet is a picture of the schedule; it is not read back.",
    ]
    for line in lines:
        ws.write_string(row, 1, line, st.wrap)
        row += 1
    row += 1
    ws.write_string(row, 0, "Sheet", st.header)
    ws.write_string(row, 1, "Columns you may edit (others are read-only)", st.header)
    for spec in lay.SHEETS:
        row += 1
        editable = [c.header for c in spec.columns if c.editable]
        ws.write_string(row, 0, spec.name, st.bold)
        text = spec.note + (" Editable: " + ", ".join(editable) + "." if editable else "")
        ws.write_string(row, 1, text, st.wrap)


def _not_before(day: date, at_day_end: bool, after_day_end: bool = False) -> date:
    """A task's start as "Not before" shows it: at 17:00 when it comes at a day's end
    (right after a predecessor), so that a plan made from the workbook places it there
    too and not at a day's beginning: a milestone at the end of its day, a task with
    work after the end of the day before (an SS milestone after it sits there)."""
    if after_day_end:
        return datetime.combine(day - timedelta(days=1), time(17))
    return datetime.combine(day, time(17)) if at_day_end else day
