"""Reading MS Project XML (MSPDI) into a :class:`ForeignPlan`.

The outline: level-1 summary tasks become phases (as a coordinator reads an
MS Project plan), unless a link touches one, which then stays a summary task;
deeper summaries are summary tasks. MS Project's project summary (UID 0) and
blank rows (IsNull) are skipped. A row is a summary when MS Project says so or
when the next row is deeper (exports that leave Summary at 0 do this).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relm_desktop.domain.text import plural
from relm_desktop.exchange.foreign_plan import (
    RELEASES_CATEGORY,
    ForeignPlan,
    FreezeSpec,
    split_releases,
)
from relm_desktop.exchange.msproject.calendar import (
    calendar_chain,
    day_of,
    days_off,
    working_week,
)
from relm_desktop.exchange.msproject.units import duration_days, lag_days
from relm_desktop.exchange.safe_xml import XmlFileError, number, read_xml, text
from relm_desktop.exchange.xlsx.model import ImportedRow, LinkRef, ParsedImport, Problem, Severity

if TYPE_CHECKING:  # the element type only: parsing is safe_xml's (defusedxml)
    from xml.etree.ElementTree import Element

SHEET = "Tasks"
#: PredecessorLink Type → ours.
LINK_TYPES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
#: ConstraintType → ours (0 ASAP and 1 ALAP need none).
CONSTRAINTS = {2: "mso", 4: "snet", 7: "fnlt"}
_UNSUPPORTED = {3: "Must Finish On", 5: "Start No Later Than", 6: "Finish No Earlier Than"}
#: The Text field our export marks freeze calendars' tasks with is not needed: a task
#: calendar's named exceptions become freeze windows of an environment of that name.
FREEZE_PREFIX = "Freeze windows: "


@dataclass(slots=True)
class _Row:
    uid: str
    level: int
    name: str
    element: Element
    summary: bool
    duration: int = 1
    links: list[tuple[str, str, float, int]] = field(default_factory=list)
    release: str = ""  # in a file of several releases: its release (a level-1 summary)


def read_mspdi(path: Path) -> ForeignPlan:
    """Parse an MSPDI file; XmlFileError (one line naming it) when it is not one."""
    root = read_xml(Path(path), "MS Project XML")
    if root.tag != "Project":
        raise XmlFileError(f"{path}: not an MS Project XML file (its root is <{root.tag[:40]}>)")
    return parse_project(root, str(path))


def _problem(parsed: ParsedImport, row: int | None, message: str, sev: Severity) -> None:
    parsed.problems.append(Problem(SHEET, row, None, message, sev))


def parse_project(root: Element, path: str) -> ForeignPlan:
    parsed = ParsedImport(path=path, native=False)
    plan = ForeignPlan(parsed, name=text(root, "Title") or text(root, "Name") or Path(path).stem)
    plan.start = day_of(text(root, "StartDate"))
    plan.release = text(root, "Subject")  # our export names the release it holds there
    per_day = number(root, "MinutesPerDay", 480) or 480
    calendars = {text(c, "UID"): c for c in root.findall("Calendars/Calendar")}
    notes: list[str] = []
    chain = calendar_chain(calendars, text(root, "CalendarUID", "1"))
    if not chain:  # no CalendarUID: the first base calendar named Standard, else the first
        chosen = [c for c in calendars.values() if text(c, "IsBaseCalendar") == "1"]
        chosen.sort(key=lambda c: text(c, "Name") != "Standard")
        chain = calendar_chain(calendars, text(chosen[0], "UID")) if chosen else []
    plan.workdays = working_week(chain)
    plan.days_off = days_off(chain, notes)
    project_days = set(plan.days_off)
    resources = _resources(root, plan)
    rows = _rows(root, parsed, per_day)
    release_of: dict[str, str] = {}
    starts: dict[str, date] = {}  # release → its start, in a file of several
    if text(root, "Category") == RELEASES_CATEGORY:
        rows = _release_rows(rows, release_of, starts)
    assigned = _assignments(root, resources)
    golives: dict[str, date] = {}  # release → target go-live, in a file of several
    _build(plan, rows, assigned, calendars, project_days, per_day, notes, golives)
    for note in notes:
        _problem(parsed, None, note, Severity.INFO)
    if release_of:
        plan.parts = split_releases(plan, release_of)
        for part in plan.parts:
            part.release_golive = golives.get(part.release)
            part.release_start = starts.get(part.release)
    return plan


def _release_rows(
    rows: list[_Row], release_of: dict[str, str], starts: dict[str, date]
) -> list[_Row]:
    """Our export of several releases: each top-level summary is a release (its
    start-no-earlier-than date the release's start); the rows under it move up a
    level, as in the export of one release."""
    out: list[_Row] = []
    release = ""
    for row in rows:
        if row.level == 1:
            release = row.name
            when = day_of(text(row.element, "ConstraintDate"))
            if text(row.element, "ConstraintType") == "4" and when is not None:
                starts[release] = when
            continue
        row.level -= 1
        row.release = release
        release_of[f"task:{row.uid}"] = release
        out.append(row)
    return out


def _resources(root: Element, plan: ForeignPlan) -> dict[str, str]:
    out: dict[str, str] = {}
    for res in root.findall("Resources/Resource"):
        name = text(res, "Name")
        if not name or text(res, "IsNull") == "1" or text(res, "Type", "1") != "1":
            continue  # material and cost resources are no teams
        out[text(res, "UID")] = name
        plan.teams[name] = max(round(number(res, "MaxUnits", 1.0)), 1)
    return out


def _assignments(root: Element, resources: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in root.findall("Assignments/Assignment"):
        name = resources.get(text(a, "ResourceUID"))
        if name:
            out.setdefault(text(a, "TaskUID"), []).append(name)
    return out


def _rows(root: Element, parsed: ParsedImport, per_day: float) -> list[_Row]:
    rows: list[_Row] = []
    blank = 0
    for elem in root.findall("Tasks/Task"):
        level = int(number(elem, "OutlineLevel", 1))
        uid = text(elem, "UID")
        if not uid.isdigit():
            continue  # UIDs are numbers; anything else is not a task we can refer to
        if text(elem, "IsNull") == "1":
            blank += 1
            continue
        if level <= 0 or uid == "0":
            continue  # the project summary task
        row = _Row(uid, level, text(elem, "Name"), elem, text(elem, "Summary") == "1")
        try:
            row.duration = duration_days(
                text(elem, "Duration", "PT0H0M0S"), int(number(elem, "DurationFormat", 7)), per_day
            )
        except ValueError:
            _problem(
                parsed, None, f"task {row.name!r}: unreadable duration; 1 day", Severity.WARNING
            )
        for link in elem.findall("PredecessorLink"):
            row.links.append(
                (
                    text(link, "PredecessorUID"),
                    LINK_TYPES.get(int(number(link, "Type", 1)), "FS"),
                    number(link, "LinkLag"),
                    int(number(link, "LagFormat", 7)),
                )
            )
        rows.append(row)
    for above, below in itertools.pairwise(rows):
        if below.level > above.level:
            above.summary = True
    if blank:
        _problem(parsed, None, f"{blank} blank rows skipped", Severity.INFO)
    return rows


def _build(
    plan: ForeignPlan,
    rows: list[_Row],
    assigned: dict[str, list[str]],
    calendars: dict[str, Element],
    project_days: set[date],
    per_day: float,
    notes: list[str],
    golives: dict[str, date],
) -> None:
    parsed = plan.parsed
    by_uid = {r.uid: r for r in rows}
    linked = {u for r in rows for u, *_ in r.links} | {r.uid for r in rows if r.links}
    phases: list[str] = []
    tasks: list[ImportedRow] = []
    stack: list[_Row] = []  # open summaries
    phase = ""
    freezes: dict[str, FreezeSpec] = {}
    read_calendars: set[str] = set()
    for number_, row in enumerate(rows, start=1):
        while stack and stack[-1].level >= row.level:
            stack.pop()
        if row.level == 1:
            phase = ""
        if row.summary and row.level == 1 and row.uid not in linked:
            phase = row.name or f"Phase {len(phases) + 1}"
            phases.append(phase)
            stack.append(row)
            continue
        parent = next((s for s in reversed(stack) if not (s.level == 1 and phase)), None)
        values = _values(row, per_day, notes, plan, golives)
        values["phase"] = phase
        if parent is not None and parent.uid != row.uid and (parent.level > 1 or not phase):
            values["parent_id"] = int(parent.uid)
        team = assigned.get(row.uid, [])
        if team:
            values["team"] = team[0]
            if len(team) > 1:
                values["notes"] = "\n".join(
                    x for x in (values.get("notes", ""), f"Resources: {', '.join(team)}") if x
                )
        env = _freeze_environment(row.element, calendars, project_days, freezes, read_calendars)
        if env:
            values["environment"] = env
        if row.summary:
            values.pop("constraint_type", None)
            values.pop("constraint_date", None)
        values["position"] = len(tasks)
        tasks.append(ImportedRow("task", SHEET, number_, f"task:{row.uid}", None, values, row.name))
        if row.summary:
            stack.append(row)
    parsed.rows["phase"] = [
        ImportedRow("phase", SHEET, 0, f"phase:{n}", None, {"name": n, "position": i}, n)
        for i, n in enumerate(dict.fromkeys(phases))
    ]
    parsed.rows["task"] = tasks
    keys = {t.key for t in tasks}
    for task in tasks:
        row = by_uid[task.key.removeprefix("task:")]
        refs: list[LinkRef] = []
        for uid, kind, lag, lag_format in row.links:
            pred = by_uid.get(uid)
            key = f"task:{uid}"
            if pred is None or key not in keys:
                _problem(
                    parsed,
                    task.row,
                    f"{task.label!r}: predecessor {uid} is not a task here; link skipped",
                    Severity.WARNING,
                )
                continue
            if key != task.key and all(r.predecessor != key for r in refs):
                refs.append(LinkRef(key, kind, lag_days(lag, lag_format, per_day, pred.duration)))
        parsed.links[task.key] = refs
    plan.environments = sorted({f.environments[0] for f in freezes.values()})
    plan.freezes = list(freezes.values())
    _problem(
        parsed,
        None,
        f"{plural(len(tasks), 'task')}, {plural(len(phases), 'phase')}, "
        f"{plural(sum(len(v) for v in parsed.links.values()), 'link')} read",
        Severity.INFO,
    )


def _values(
    row: _Row, per_day: float, notes: list[str], plan: ForeignPlan, golives: dict[str, date]
) -> dict[str, Any]:
    elem = row.element
    wbs = text(elem, "WBS")
    if row.release and wbs == text(elem, "OutlineNumber"):
        wbs = wbs.partition(".")[2]  # outline 2.1.3 is 1.3 of release 2, as the plan numbers it
    values: dict[str, Any] = {"name": row.name or f"Task {row.uid}", "wbs": wbs}
    milestone = text(elem, "Milestone") == "1" or row.duration == 0
    # A summary has no duration of its own (its subtasks span it): 0, as the plan holds it.
    values["duration"] = 0 if milestone or row.summary else row.duration
    kind = int(number(elem, "ConstraintType", 0))
    when = day_of(text(elem, "ConstraintDate"))
    start = day_of(text(elem, "Start"))
    if kind in CONSTRAINTS and when is not None:
        values["constraint_type"], values["constraint_date"] = CONSTRAINTS[kind], when
    elif kind in _UNSUPPORTED:
        notes.append(f"{row.name!r}: constraint {_UNSUPPORTED[kind]} is not kept")
    elif text(elem, "Manual") == "1" and start is not None and not row.links:
        # A manually scheduled task stays where it was put.
        values["constraint_type"], values["constraint_date"] = "snet", start
    deadline = day_of(text(elem, "Deadline"))
    extra: list[str] = []
    if deadline is not None and plan.release and plan.release_golive is None:
        plan.release_golive = deadline  # our export: the release's target go-live
        values["is_golive"] = True
    elif deadline is not None and row.release and row.release not in golives:
        golives[row.release] = deadline  # our export of several releases: each one's
        values["is_golive"] = True
    elif deadline is not None:
        if "constraint_type" not in values:
            values["constraint_type"], values["constraint_date"] = "fnlt", deadline
        extra.append(f"Deadline: {deadline.isoformat()}")
    values["percent_complete"] = max(0, min(100, int(number(elem, "PercentComplete"))))
    values["actual_start"] = day_of(text(elem, "ActualStart"))
    values["actual_finish"] = day_of(text(elem, "ActualFinish"))
    for baseline in elem.findall("Baseline"):
        if text(baseline, "Number", "0") == "0":
            values["baseline_start"] = day_of(text(baseline, "Start"))
            values["baseline_finish"] = day_of(text(baseline, "Finish"))
    if text(elem, "Recurring") == "1":
        extra.append("Recurring task in MS Project")
    values["notes"] = "\n".join(x for x in (text(elem, "Notes"), *extra) if x)
    return values


def _freeze_environment(
    elem: Element,
    calendars: dict[str, Element],
    project_days: set[date],
    freezes: dict[str, FreezeSpec],
    read_calendars: set[str],
) -> str:
    """A task calendar named ``Freeze windows: ENV`` (our export writes them): its own
    days off are that environment's freeze windows, and the task deploys to it."""
    uid = text(elem, "CalendarUID", "-1")
    calendar = calendars.get(uid)
    name = text(calendar, "Name")
    if calendar is None or not name.startswith(FREEZE_PREFIX):
        return ""
    env = name.removeprefix(FREEZE_PREFIX)
    if uid in read_calendars:
        return env  # its windows are read: thousands of tasks may share one calendar
    read_calendars.add(uid)
    for exc in calendar.findall("Exceptions/Exception"):
        first = day_of(text(exc, "TimePeriod/FromDate"))
        last = day_of(text(exc, "TimePeriod/ToDate"))
        if first is None or last is None or text(exc, "DayWorking") == "1":
            continue
        label = text(exc, "Name") or f"Freeze {first.isoformat()}"
        key = f"{label}|{first}|{last}"
        if key in freezes and env not in freezes[key].environments:
            freezes[key] = FreezeSpec(label, first, last, (*freezes[key].environments, env))
        elif key not in freezes:
            freezes[key] = FreezeSpec(label, first, last, (env,))
    return env
