"""TaskJuggler 3 exchange: write a plan as a ``.tjp`` project, run ``tj3``, read its dates back.

TaskJuggler is the reference oracle for the scheduler (PRODUCT.md §3): on
what tj3 can express — FS and SS links, lags ≥ 0, start-no-earlier-than,
milestones, working weekdays and holidays — both must give every task the
same first and last working day.

Conventions (tj3 3.7.1):

- ``length Nd`` (working time) with 8-hour days, 9:00–17:00 on working weekdays,
  so one ``d`` is one working day; ``timezone "UTC"``.
- holidays are top-level ``leaves holiday "name" YYYY-MM-DD``.
- FS is ``depends tX``, SS is ``depends tX { onstart }``, a lag is
  ``gaplength Nd``. SS from a milestone is written as FS (the same instant):
  tj3 3.7.1 wrongly aborts with "Dependency loop detected" on an ``onstart``
  link between two milestones that are also connected through other tasks.
- tj3 rejects a fixed ``start`` together with ``depends``: a start-no-earlier-than
  date (also a release's start) becomes a dependency on a fixed-start anchor
  milestone ``snetYYYYMMDD``.
- tj3 reports Start as the instant a task may begin ("17:00" of the previous
  working day when it follows a task) and End as 17:00 of its last working
  day; a milestone's instant is its day.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import ScheduleInput, TaskInput
from relm_desktop.scheduling.summaries import outline_of

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_REPORT = "relm_tasks"
_DAY = timedelta(days=1)
_WORK_START = 9  # hour working time starts
_WORK_END = 17  # hour it ends


class Tj3Error(RuntimeError):
    """tj3 failed, timed out or is not installed."""


def tj3_path() -> str | None:
    """Where the ``tj3`` executable is, or None."""
    return shutil.which("tj3")


def task_ref(task_id: int) -> str:
    """The tjp identifier of a task."""
    return f"t{task_id}"


def _text(value: str) -> str:
    """A tjp string literal: no double quotes or line breaks inside."""
    return '"' + " ".join(value.replace('"', "'").replace("\\", "/").split()) + '"'


def _check_expressible(data: ScheduleInput) -> None:
    """Refuse what tj3 cannot express instead of exporting something that schedules differently."""
    for link in data.links:
        if link.type not in (DependencyType.FS, DependencyType.SS):
            raise ValueError(f"tj3 cannot express a {link.type} link (link {link.id})")
        if link.lag < 0:
            raise ValueError(f"tj3 cannot express a negative lag (link {link.id})")
    for task in data.tasks:
        if task.actual_start is not None:
            raise ValueError(f"tj3 export does not carry actual starts (task {task.id})")
        if task.constraint is not None and task.constraint != ConstraintType.START_NO_EARLIER_THAN:
            raise ValueError(f"tj3 cannot express a {task.constraint.label} constraint")
    if data.freezes and any(t.environment_id is not None for t in data.tasks):
        raise ValueError("tj3 cannot express freeze windows")


def to_tjp(
    data: ScheduleInput,
    *,
    name: str = "RELM plan",
    end: date | None = None,
    csv_report: str | None = None,
) -> str:
    """The plan as a TaskJuggler 3 project.

    ``end`` is the project's end (tj3 needs one); by default the plan's
    finish, as we schedule it, plus a generous margin. With ``csv_report`` the
    project also defines a CSV task report of that name with columns id,
    start and end. Raises ``ValueError`` for what tj3 cannot express (FF/SF
    links, negative lags, must-start-on, finish-no-later-than, actual starts,
    freeze windows).
    """
    _check_expressible(data)
    cal = data.calendar
    start = data.project_start
    first_day = cal.next_working(start)
    if end is None:
        finish = schedule(data).finish or first_day
        end = finish + max(timedelta(days=60), (finish - start) // 4)
    out = io.StringIO()
    w = out.write
    w(f"project relm {_text(name)} {start.isoformat()} - {end.isoformat()} {{\n")
    w('  timezone "UTC"\n')
    w("  dailyworkinghours 8\n")
    w('  timeformat "%Y-%m-%d %H:%M"\n')
    for weekday, label in enumerate(_WEEKDAYS):
        hours = f"{_WORK_START}:00 - {_WORK_END}:00" if weekday in cal.workdays else "off"
        w(f"  workinghours {label} {hours}\n")
    w("}\n\n")
    for day in sorted(h for h in cal.holidays if start <= h <= end):
        w(f'leaves holiday "Holiday" {day.isoformat()}\n')
    w("\n")

    duration = {t.id: t.duration for t in data.tasks}
    outline = outline_of(data.tasks)
    children = outline.children if outline is not None else {}
    parent = {c: p for p, kids in children.items() for c in kids}

    def ref(task_id: int) -> str:
        """tj3's absolute id: a nested task is named through its summaries."""
        path = [task_ref(task_id)]
        node = parent.get(task_id)
        while node is not None:
            path.append(task_ref(node))
            node = parent.get(node)
        return ".".join(reversed(path))

    preds: dict[int, list[str]] = defaultdict(list)
    for link in data.links:
        if link.predecessor not in duration or link.successor not in duration:
            continue
        options = []
        # A milestone's start is its end, so SS from a milestone is written as FS:
        # tj3 3.7.1 reports a false "dependency loop" for milestone-to-milestone
        # onstart links that have a second path between them.
        from_summary = link.predecessor in children
        if link.type == DependencyType.SS and (duration[link.predecessor] or from_summary):
            options.append("onstart")
        if link.lag:
            options.append(f"gaplength {link.lag}d")
        pred = ref(link.predecessor)
        preds[link.successor].append(f"{pred} {{ {' '.join(options)} }}" if options else pred)

    # Earliest start of each task that is not the project start: release start, SNET.
    release_start = {r.id: r.start for r in data.releases if r.start}
    anchors: set[date] = set()
    body = io.StringIO()
    by_id = {t.id: t for t in data.tasks}

    def _ancestors(task_id: int) -> list[int]:
        out = []
        node = parent.get(task_id)
        while node is not None:
            out.append(node)
            node = parent.get(node)
        return out

    def inherits_depends(task_id: int) -> bool:
        """tj3 passes a summary's ``depends`` to its subtasks: they take no ``start``."""
        node = parent.get(task_id)
        while node is not None:
            if preds.get(node) or _floor(by_id[node]) > first_day:
                return True
            node = parent.get(node)
        return False

    def _floor(task: TaskInput) -> date:
        floors = [first_day]
        if task.release_id in release_start and task.id not in children:
            floors.append(cal.next_working(release_start[task.release_id]))
        if task.constraint == ConstraintType.START_NO_EARLIER_THAN and task.constraint_date:
            floors.append(cal.next_working(task.constraint_date))
        return max(floors)

    def write(task: TaskInput, indent: str) -> None:
        floor = _floor(task)
        deps = preds.get(task.id, [])
        inherited = {d.split(" ", 1)[0] for node in _ancestors(task.id) for d in preds[node]}
        repeated = [d for d in deps if d.split(" ", 1)[0] in inherited]
        if repeated:
            raise ValueError(
                f"tj3 cannot express a link from {repeated[0].split(' ', 1)[0]} both to "
                f"task {task.id} and to its summary"
            )
        summary = task.id in children
        lines = []
        if not summary:
            lines.append("milestone" if task.duration == 0 else f"length {task.duration}d")
        if not deps and not summary and not inherits_depends(task.id):
            lines.append(f"start {floor.isoformat()}")
        elif deps or floor > first_day:
            if floor > first_day:
                anchors.add(floor)
                deps = [*deps, _anchor(floor)]
            lines.append(f"depends {', '.join(deps)}")
        body.write(f"{indent}task {task_ref(task.id)} {_text(task.name)} {{\n")
        for line in lines:
            body.write(f"{indent}  {line}\n")
        for child in children.get(task.id, ()):
            write(by_id[child], indent + "  ")
        body.write(f"{indent}}}\n")

    for task in data.tasks:
        if task.id not in parent:
            write(task, "")
    for day in sorted(anchors):
        w(
            f'task {_anchor(day)} "Start no earlier than {day.isoformat()}" '
            f"{{ milestone start {day.isoformat()} }}\n"
        )
    w(body.getvalue())
    if csv_report:
        w(f"\ntaskreport {_text(csv_report)} {{\n")
        w("  formats csv\n  columns id, start, end\n  hidetask 0\n}\n")
    return out.getvalue()


def _anchor(day: date) -> str:
    return f"snet{day.strftime('%Y%m%d')}"


def parse_tj3_csv(
    text: str, calendar: WorkCalendar, milestones: set[int]
) -> dict[int, tuple[date, date]]:
    """Per task id, the first and last working day from a tj3 CSV report (id, start, end).

    Rows that are not plan tasks (the anchor milestones) are skipped.
    """
    rows = csv.reader(io.StringIO(text), delimiter=";")
    header = next(rows, None)
    if header is None or [h.strip().lower() for h in header[:3]] != ["id", "start", "end"]:
        raise Tj3Error(f"unexpected tj3 report header: {header}")
    found: dict[int, tuple[date, date]] = {}
    for row in rows:
        # A nested task's id is its path through its summaries: "t3.t7".
        own = row[0].rsplit(".", 1)[-1] if row else ""
        if not own.startswith("t") or not own[1:].isdigit():
            continue
        task_id = int(own[1:])
        begin = datetime.strptime(row[1], "%Y-%m-%d %H:%M")
        end = datetime.strptime(row[2], "%Y-%m-%d %H:%M")
        if task_id in milestones:
            found[task_id] = (begin.date(), begin.date())
            continue
        # Start is when work may begin: at or after the day's end it is the next day.
        first = begin.date() + (_DAY if begin.hour >= _WORK_END else timedelta())
        # End is when work stops: at or before the day's start it is the previous day.
        before_work = (end.hour, end.minute) <= (_WORK_START, 0)
        last = end.date() - (_DAY if before_work else timedelta())
        found[task_id] = (calendar.next_working(first), calendar.prev_working(last))
    return found


def run_tj3(
    data: ScheduleInput, workdir: Path, *, timeout: float = 900.0
) -> dict[int, tuple[date, date]]:
    """Schedule ``data`` with tj3 in ``workdir``: per task id, its first and last working day.

    Raises ``Tj3Error`` when tj3 is missing, fails or takes longer than ``timeout`` seconds.
    """
    exe = tj3_path()
    if exe is None:
        raise Tj3Error("tj3 (TaskJuggler 3) is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / "plan.tjp"
    source.write_text(to_tjp(data, csv_report=_REPORT), encoding="utf-8")
    try:
        done = subprocess.run(
            [exe, "--no-color", "--output-dir", str(workdir), str(source)],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise Tj3Error(f"tj3 took longer than {timeout:.0f} s on {source}") from exc
    report = workdir / f"{_REPORT}.csv"
    if done.returncode != 0 or not report.exists():
        problems = [ln for ln in (done.stderr + done.stdout).splitlines() if "rror" in ln]
        detail = "\n".join(problems[:10]) or done.stderr[-2000:]
        raise Tj3Error(f"tj3 failed on {source} (exit {done.returncode}):\n{detail}")
    outline = outline_of(data.tasks)
    summaries = set(outline.children) if outline is not None else set()
    milestones = {t.id for t in data.tasks if t.duration == 0 and t.id not in summaries}
    return parse_tj3_csv(report.read_text(encoding="utf-8"), data.calendar, milestones)
