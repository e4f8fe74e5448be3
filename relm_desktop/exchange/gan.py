"""Reading GanttProject (.gan) files into a :class:`ForeignPlan`.

Tasks nest as XML elements: a top-level parent becomes a phase unless a link
touches it (then it stays a summary task, as deeper parents do). A ``depend``
inside task A names a successor of A; its ``type`` is 1 SS, 2 FS, 3 FF, 4 SF and
``difference`` the lag in days. Holidays with an empty year recur every year;
resources become teams (their allocations the tasks' team). A resource's
vacations cannot be kept (a RELM team has no days off of its own): the import
summary names each one and the tasks of that resource it overlaps.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relm_desktop.domain.text import plural
from relm_desktop.exchange.foreign_plan import ForeignPlan
from relm_desktop.exchange.safe_xml import XmlFileError, read_xml
from relm_desktop.exchange.xlsx.model import ImportedRow, LinkRef, ParsedImport, Problem, Severity

if TYPE_CHECKING:  # the element type only: parsing is safe_xml's (defusedxml)
    from xml.etree.ElementTree import Element

SHEET = "Tasks"
_TYPES = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(float(value)) if value not in (None, "") else default
    except ValueError:
        return default


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def read_gan(path: Path) -> ForeignPlan:
    root = read_xml(Path(path), "GanttProject")
    if root.tag != "project":
        raise XmlFileError(f"{path}: not a GanttProject file (its root is <{root.tag[:40]}>)")
    parsed = ParsedImport(path=str(path), native=False)
    plan = ForeignPlan(parsed, name=root.get("name", "") or Path(path).stem)
    tasks_root = root.find("tasks")
    elements = list(tasks_root.iter("task")) if tasks_root is not None else []
    starts = [d for e in elements if (d := _date(e.get("start")))]
    plan.start = min(starts) if starts else None
    _calendar(root, plan, starts)
    teams = {r.get("id", ""): r.get("name", "").strip() for r in root.iter("resource")}
    for name in teams.values():
        if name:
            plan.teams.setdefault(name, 1)
    assigned: dict[str, list[str]] = {}
    for alloc in root.iter("allocation"):
        name = teams.get(alloc.get("resource-id", ""), "")
        if name:
            assigned.setdefault(alloc.get("task-id", ""), []).append(name)
    successors: dict[str, list[tuple[str, str, int]]] = {}
    linked: set[str] = set()
    for task in elements:
        for dep in task.findall("depend"):
            succ = dep.get("id", "")
            successors.setdefault(succ, []).append(
                (
                    task.get("id", ""),
                    _TYPES.get(dep.get("type", "2"), "FS"),
                    _int(dep.get("difference")),
                )
            )
            linked.update((succ, task.get("id", "")))
    rows: list[ImportedRow] = []
    phases: list[str] = []

    def walk(elem: Element, phase: str, parent: str | None, depth: int) -> None:
        for task in elem.findall("task"):
            ident = task.get("id", "")
            kids = task.findall("task")
            name = task.get("name", "").strip() or f"Task {ident}"
            if kids and depth == 0 and ident not in linked:
                phases.append(name)
                walk(task, name, None, depth + 1)
                continue
            values = _values(task, name, bool(kids))
            values["phase"] = phase
            if parent is not None and ident.isdigit():
                values["parent_id"] = int(parent)
            if assigned.get(ident):
                values["team"] = assigned[ident][0]
            values["position"] = len(rows)
            rows.append(
                ImportedRow("task", SHEET, len(rows) + 1, f"task:{ident}", None, values, name)
            )
            if kids:
                walk(task, phase, ident, depth + 1)

    if tasks_root is not None:
        walk(tasks_root, "", None, 0)
    _vacations(root, plan, teams, assigned, elements)
    parsed.rows["phase"] = [
        ImportedRow("phase", SHEET, 0, f"phase:{n}", None, {"name": n, "position": i}, n)
        for i, n in enumerate(dict.fromkeys(phases))
    ]
    parsed.rows["task"] = rows
    keys = {r.key for r in rows}
    summaries = {f"task:{e.get('id', '')}" for e in elements if e.find("task") is not None}
    starts_by_key = {
        f"task:{e.get('id', '')}": _date(e.get("start"))
        for e in elements
        if f"task:{e.get('id', '')}" not in summaries
    }
    for row in rows:
        ident = row.key.removeprefix("task:")
        refs = []
        for pred, kind, lag in successors.get(ident, []):
            key = f"task:{pred}"
            if key in keys and key != row.key:
                refs.append(LinkRef(key, kind, lag))
            else:
                parsed.problems.append(
                    Problem(
                        SHEET,
                        row.row,
                        None,
                        f"link from {pred} skipped: a phase here",
                        Severity.WARNING,
                    )
                )
        parsed.links[row.key] = refs
        start = starts_by_key.get(row.key)
        if not refs and start is not None and "constraint_type" not in row.values:
            # GanttProject places a task without predecessors where it was drawn.
            row.values["constraint_type"], row.values["constraint_date"] = "snet", start
    parsed.problems.append(
        Problem(
            SHEET,
            None,
            None,
            f"{plural(len(rows), 'task')}, {plural(len(phases), 'phase')}, "
            f"{plural(sum(len(v) for v in parsed.links.values()), 'link')} read",
            Severity.INFO,
        )
    )
    return plan


def _vacations(
    root: Element,
    plan: ForeignPlan,
    teams: dict[str, str],
    assigned: dict[str, list[str]],
    elements: list[Element],
) -> None:
    """One warning per resource with vacations: they are not kept, and which of its
    tasks they overlap (GanttProject shows those in its resource chart)."""
    spans: dict[str, list[tuple[date, date]]] = {}
    for vacation in root.iter("vacation"):
        first, last = _date(vacation.get("start")), _date(vacation.get("end"))
        name = teams.get(vacation.get("resourceid", ""), "")
        if first is not None and last is not None and name:
            spans.setdefault(name, []).append((first, max(first, last)))
    if not spans:
        return
    by_id = {e.get("id", ""): e for e in elements if e.find("task") is None}
    for name, periods in spans.items():
        periods.sort()
        when = ", ".join(
            first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
            for first, last in periods
        )
        hit = [
            task.get("name", "").strip()
            for ident, names in assigned.items()
            if name in names and (task := by_id.get(ident)) is not None
            and any(_overlaps(task, plan, first, last) for first, last in periods)
        ]  # fmt: skip
        clash = f"; it overlaps {_listed(hit)}" if hit else ""
        plan.parsed.problems.append(
            Problem(
                "Resources",
                None,
                None,
                f"vacation of {name} ({when}) not kept: a RELM team has no days off of its "
                f"own, so its tasks keep their dates{clash}",
                Severity.WARNING,
            )
        )


def _listed(names: list[str], most: int = 5) -> str:
    shown = ", ".join(repr(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _overlaps(task: Element, plan: ForeignPlan, first: date, last: date) -> bool:
    """Whether the task's working days as drawn (its start, then ``duration`` working
    days of the project calendar) meet ``first``–``last``."""
    day = _date(task.get("start"))
    if day is None:
        return False
    left = max(_int(task.get("duration"), 1), 1)
    for _ in range(366 * 5):  # a bound: a task drawn over years is read no further
        if str(day.weekday()) in plan.workdays and day not in plan.days_off:
            if first <= day <= last:
                return True
            left -= 1
            if left == 0 or day > last:
                return False
        day += timedelta(days=1)
    return False


def _values(task: Element, name: str, summary: bool) -> dict[str, Any]:
    duration = max(_int(task.get("duration"), 1), 0)
    milestone = task.get("meeting") == "true"
    values: dict[str, Any] = {
        "name": name,
        "duration": 0 if milestone or summary else duration,  # a summary spans its subtasks
        "percent_complete": max(0, min(100, _int(task.get("complete")))),
    }
    earliest = _date(task.get("thirdDate"))
    if earliest is not None and task.get("thirdDate-constraint", "0") == "0":
        values["constraint_type"], values["constraint_date"] = "snet", earliest
    notes = task.find("notes")
    values["notes"] = (notes.text or "").strip() if notes is not None else ""
    if summary:
        values.pop("constraint_type", None)
    return values


def _calendar(root: Element, plan: ForeignPlan, starts: list[date]) -> None:
    week = next(root.iter("default-week"), None)
    if week is not None:
        off = {i for i, day in enumerate(_WEEK) if week.get(day) == "1"}
        plan.workdays = "".join(str(d) for d in range(7) if d not in off) or "01234"
    years = range(min(starts).year - 1, max(starts).year + 3) if starts else range(0)
    for holiday in root.iter("date"):
        kind = holiday.get("type", "HOLIDAY")
        if kind != "HOLIDAY":
            continue
        month, day = _int(holiday.get("month")), _int(holiday.get("date"))
        name = (holiday.text or "").strip() or "Holiday"  # GanttProject may leave it out
        year = holiday.get("year", "")
        for y in [_int(year)] if year else years:
            try:
                plan.days_off[date(y, month, day)] = name
            except ValueError:
                continue
