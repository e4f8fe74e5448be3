"""Writing a plan as MS Project XML (MSPDI) that MS Project, ProjectLibre and MPXJ open.

Elements follow the schema's order (MS Project refuses others). Releases (when
there are several), phases and summary tasks become summary rows; the calendar
carries every day off (named days and public holidays) as an exception; a
freeze window becomes an exception of a task calendar named
``Freeze windows: ENV``, given to the tasks that deploy to ENV. Everything
MS Project cannot hold is listed in the project summary task's notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import BinaryIO
from xml.sax.saxutils import escape

from relm_desktop.domain.records import PlanData, TaskRecord
from relm_desktop.exchange.foreign_plan import RELEASES_CATEGORY
from relm_desktop.exchange.msproject.read import FREEZE_PREFIX
from relm_desktop.exchange.msproject.units import iso_duration
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import ScheduleResult

MINUTES_PER_DAY = 480
_TYPES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
_CONSTRAINTS = {"mso": 2, "snet": 4, "fnlt": 7}
_HORIZON = timedelta(days=400)  # days off written beyond the plan's last date


def _t(day: date, hour: int = 8) -> str:
    return datetime(day.year, day.month, day.day, hour).isoformat()


def _tag(name: str, value: object) -> str:
    return f"<{name}>{escape(str(value))}</{name}>"


class _Writer:
    def __init__(
        self,
        data: PlanData,
        result: ScheduleResult,
        release_ids: set[int] | None,
        calendar: WorkCalendar,
    ):
        self.data = data
        self._calendar = calendar
        self.result = result
        self.releases = [r for r in data.releases if release_ids is None or r.id in release_ids]
        kept = {r.id for r in self.releases}
        self.tasks = [t for t in data.tasks if t.release_id in kept]
        self.task_ids = {t.id for t in self.tasks}
        self.next_uid = max((t.id for t in data.tasks), default=0) + 1
        self.parts: list[str] = []
        self.notes: list[str] = []
        self.row_id = 0

    # -- calendars ------------------------------------------------------------------
    def _days_off(self, first: date, last: date) -> list[tuple[date, str]]:
        calendar = self._calendar
        names = {d.day: d.name for d in self.data.days_off}
        return [
            (day, names.get(day) or "Holiday")
            for day in sorted(calendar.holidays)
            if first <= day <= last and day.weekday() in calendar.workdays
        ]

    def _exception(self, name: str, first: date, last: date) -> str:
        count = (last - first).days + 1
        return (
            "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
            f"{_tag('FromDate', _t(first, 0))}"
            f"<ToDate>{last.isoformat()}T23:59:00</ToDate></TimePeriod>"
            f"{_tag('Occurrences', count)}{_tag('Name', name)}<Type>1</Type>"
            "<DayWorking>0</DayWorking></Exception>"
        )

    def calendars(self, first: date, last: date) -> dict[int, int]:
        """Write the calendars; returns environment id → its freeze calendar's UID."""
        workdays = set(self.data.calendar.workdays if self.data.calendar else "01234")
        out = ["<Calendars><Calendar><UID>1</UID><Name>Standard</Name>"]
        out.append("<IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID>")
        out.append("<WeekDays>")
        for kind in range(1, 8):  # 1 = Sunday
            ours = str((kind + 5) % 7)
            if ours in workdays:
                out.append(
                    f"<WeekDay><DayType>{kind}</DayType><DayWorking>1</DayWorking><WorkingTimes>"
                    "<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
                    "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime>"
                    "<ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>"
                )
            else:
                out.append(
                    f"<WeekDay><DayType>{kind}</DayType><DayWorking>0</DayWorking></WeekDay>"
                )
        out.append("</WeekDays>")
        days = self._days_off(first, last + _HORIZON)
        if days:
            out.append("<Exceptions>")
            out.extend(self._exception(name, day, day) for day, name in days)
            out.append("</Exceptions>")
        out.append("</Calendar>")
        freeze_envs: dict[int, list[int]] = defaultdict(list)
        for freeze_id, env_id in self.data.freeze_environments:
            freeze_envs[env_id].append(freeze_id)
        used = {t.environment_id for t in self.tasks if t.environment_id is not None}
        freezes = {f.id: f for f in self.data.freezes}
        env_names = {e.id: e.name for e in self.data.environments}
        uids: dict[int, int] = {}
        for env_id in sorted(used & set(freeze_envs)):
            uid = len(uids) + 2
            uids[env_id] = uid
            out.append(
                f"<Calendar><UID>{uid}</UID>{_tag('Name', FREEZE_PREFIX + env_names[env_id])}"
                "<IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>"
                "<Exceptions>"
            )
            for freeze_id in sorted(freeze_envs[env_id], key=lambda f: freezes[f].start):
                f = freezes[freeze_id]
                out.append(self._exception(f.name, f.start, f.finish))
            out.append("</Exceptions></Calendar>")
        global_freezes = [
            f
            for f in self.data.freezes
            if f.id not in {i for i, _ in self.data.freeze_environments}
        ]
        if global_freezes:
            self.notes.append(
                "Freeze windows for every environment ("
                + ", ".join(f.name for f in global_freezes)
                + ") have no MS Project equivalent; they are listed here only."
            )
        out.append("</Calendars>")
        self.parts.extend(out)
        return uids

    # -- tasks ----------------------------------------------------------------------
    def _row(
        self,
        uid: int,
        name: str,
        level: int,
        outline: str,
        start: date,
        finish: date,
        duration: int,
        *,
        summary: bool,
        task: TaskRecord | None = None,
        links: Iterable[tuple[int, str, int]] = (),
        constraint: tuple[int, date] | None = None,
        calendar_uid: int = -1,
        deadline: date | None = None,
    ) -> None:
        self.row_id += 1
        milestone = duration == 0 and not summary
        sched = self.result.tasks.get(task.id) if task is not None else None
        p = [
            f"<Task>{_tag('UID', uid)}{_tag('ID', self.row_id)}{_tag('Name', name)}",
            "<Active>1</Active><Manual>0</Manual><Type>0</Type><IsNull>0</IsNull>",
            _tag("WBS", (task.wbs if task is not None and task.wbs else outline)),
            _tag("OutlineNumber", outline),
            _tag("OutlineLevel", level),
            _tag("Start", _t(start)),
            _tag("Finish", _t(finish, 8 if milestone else 17)),
            _tag("Duration", iso_duration(duration, MINUTES_PER_DAY)),
            "<DurationFormat>7</DurationFormat><Estimated>0</Estimated>",
            _tag("Milestone", int(milestone)),
            _tag("Summary", int(summary)),
        ]
        if sched is not None:
            p.append(_tag("Critical", int(sched.critical)))
            p.append(_tag("TotalSlack", sched.total_float * MINUTES_PER_DAY * 10))
        pct = task.percent_complete if task is not None else 0
        p.append(_tag("PercentComplete", pct))
        if task is not None and task.actual_start is not None:
            p.append(_tag("ActualStart", _t(task.actual_start)))
        if task is not None and task.actual_finish is not None:
            p.append(_tag("ActualFinish", _t(task.actual_finish, 17)))
        kind, when = constraint if constraint else (0, None)
        p.append(_tag("ConstraintType", kind))
        p.append(_tag("CalendarUID", calendar_uid))
        if when is not None:
            p.append(_tag("ConstraintDate", _t(when)))
        if deadline is not None:
            p.append(_tag("Deadline", _t(deadline, 17)))
        if task is not None and task.notes:
            p.append(_tag("Notes", task.notes))
        for pred, link_type, lag in links:
            p.append(
                f"<PredecessorLink>{_tag('PredecessorUID', pred)}{_tag('Type', _TYPES[link_type])}"
                f"<CrossProject>0</CrossProject>{_tag('LinkLag', lag * MINUTES_PER_DAY * 10)}"
                "<LagFormat>7</LagFormat></PredecessorLink>"
            )
        if task is not None and task.baseline_start and task.baseline_finish:
            p.append(
                f"<Baseline><Number>0</Number>{_tag('Start', _t(task.baseline_start))}"
                f"{_tag('Finish', _t(task.baseline_finish, 17))}</Baseline>"
            )
        p.append("</Task>")
        self.parts.append("".join(p))

    def tasks_xml(self, env_calendars: dict[int, int]) -> None:
        data, result = self.data, self.result
        preds: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
        outside = 0
        for link in data.links:
            if link.successor_id in self.task_ids:
                if link.predecessor_id in self.task_ids:
                    preds[link.successor_id].append(
                        (link.predecessor_id, str(link.type.value), link.lag)
                    )
                else:
                    outside += 1
        if outside:
            self.notes.append(f"{outside} links from tasks of releases not exported are left out.")
        children: dict[int | None, list[TaskRecord]] = defaultdict(list)
        for t in sorted(self.tasks, key=lambda t: t.position):
            children[t.parent_id].append(t)
        phases = sorted(data.phases, key=lambda p: p.position)
        plan_start = data.info.start if data.info else date.today()
        several = len(self.releases) > 1

        def span(tasks: list[TaskRecord]) -> tuple[date, date, int]:
            scheds = [result.tasks[t.id] for t in tasks if t.id in result.tasks]
            if not scheds:
                return plan_start, plan_start, 0
            first, last = min(s.start for s in scheds), max(s.finish for s in scheds)
            return first, last, self._workdays(first, last)

        def subtree(t: TaskRecord) -> list[TaskRecord]:
            out = [t]
            for c in children.get(t.id, []):
                out.extend(subtree(c))
            return out

        def write_task(t: TaskRecord, level: int, outline: str, release_start: date | None) -> None:
            kids = children.get(t.id, [])
            sched = result.tasks.get(t.id)
            start = sched.start if sched else plan_start
            finish = sched.finish if sched else plan_start
            constraint = None
            if t.constraint_type is not None and t.constraint_date is not None:
                constraint = (_CONSTRAINTS[str(t.constraint_type.value)], t.constraint_date)
            elif (
                not preds.get(t.id)
                and release_start
                and release_start > plan_start
                and t.parent_id is None
            ):
                constraint = (4, release_start)  # the release starts later than the plan
            self._row(
                t.id,
                t.name,
                level,
                outline,
                start,
                finish,
                self._workdays(start, finish) if kids else t.duration,
                summary=bool(kids),
                task=t,
                links=preds.get(t.id, ()),
                constraint=constraint,
                calendar_uid=env_calendars.get(t.environment_id or -1, -1),
                deadline=golive.get(t.id),
            )
            for i, kid in enumerate(kids, start=1):
                write_task(kid, level + 1, f"{outline}.{i}", release_start)

        # A release's target go-live is its go-live task's deadline (else its last task's).
        golive: dict[int, date] = {}
        for release in self.releases:
            mine = [t for t in self.tasks if t.release_id == release.id and t.id in result.tasks]
            if release.target_golive is None or not mine:
                continue
            marked = [t for t in mine if t.is_golive]
            chosen = (
                marked[0]
                if marked
                else max(mine, key=lambda t: (result.tasks[t.id].finish, -t.position))
            )
            golive[chosen.id] = release.target_golive
        counter = 0
        for release in sorted(self.releases, key=lambda r: r.position):
            top = [t for t in children.get(None, []) if t.release_id == release.id]
            level = 1
            prefix = ""
            # Several releases: each starts no earlier than its own start, a constraint
            # on its summary row (the import reads it back as the release's start).
            release_start = None if several else release.start
            if several:
                counter += 1
                first, last, days = span([x for t in top for x in subtree(t)])
                self._row(
                    self._uid(),
                    release.name,
                    1,
                    str(counter),
                    first,
                    last,
                    days,
                    summary=True,
                    constraint=(4, release.start) if release.start else None,
                )
                level, prefix = 2, f"{counter}."
            number = 0
            for phase in [None, *(p for p in phases if p.release_id == release.id)]:
                mine = [t for t in top if t.phase_id == (phase.id if phase else None)]
                if phase is None:
                    for t in mine:
                        number += 1
                        write_task(t, level, f"{prefix}{number}", release_start)
                    continue
                if not mine:
                    continue
                number += 1
                first, last, days = span([x for t in mine for x in subtree(t)])
                outline = f"{prefix}{number}"
                self._row(self._uid(), phase.name, level, outline, first, last, days, summary=True)
                for i, t in enumerate(mine, start=1):
                    write_task(t, level + 1, f"{outline}.{i}", release_start)
            if not several:
                counter += 1
        if several:
            self.notes.append(
                "Releases are the top-level summary tasks: a release's start is its "
                "start-no-earlier-than constraint, its target go-live its go-live's deadline."
            )

    def _workdays(self, first: date, last: date) -> int:
        return self._calendar.working_days_between(first, last) + self._calendar.is_working(last)

    def _uid(self) -> int:
        self.next_uid += 1
        return self.next_uid

    def resources(self) -> None:
        used = {t.team_id for t in self.tasks if t.team_id is not None}
        teams = [t for t in self.data.teams if t.id in used]
        self.parts.append("<Resources>")
        for i, team in enumerate(teams, start=1):
            self.parts.append(
                f"<Resource>{_tag('UID', team.id)}{_tag('ID', i)}{_tag('Name', team.name)}"
                f"<Type>1</Type><IsNull>0</IsNull>{_tag('MaxUnits', f'{team.capacity:.2f}')}"
                "</Resource>"
            )
        self.parts.append("</Resources><Assignments>")
        for uid, task in enumerate((t for t in self.tasks if t.team_id is not None), start=1):
            self.parts.append(
                f"<Assignment>{_tag('UID', uid)}{_tag('TaskUID', task.id)}"
                f"{_tag('ResourceUID', task.team_id)}<Units>1</Units></Assignment>"
            )
        self.parts.append("</Assignments>")


def write_mspdi(
    stream: BinaryIO,
    data: PlanData,
    result: ScheduleResult,
    release_ids: set[int] | None = None,
    *,
    calendar: WorkCalendar,
) -> int:
    """Write the plan (or the releases ``release_ids``) with the plan's working
    calendar (holidays included); returns the tasks written."""
    w = _Writer(data, result, release_ids, calendar)
    info = data.info
    plan_start = info.start if info else date.today()
    scheds = [result.tasks[t.id] for t in w.tasks if t.id in result.tasks]
    first = min([plan_start, *(s.start for s in scheds)])
    last = max([plan_start, *(s.finish for s in scheds)])
    name = info.name if info else "Plan"
    head = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Project xmlns="http://schemas.microsoft.com/project">',
        "<SaveVersion>14</SaveVersion>",
        _tag("Name", f"{name}.xml"),
        _tag("Title", name),
        *([_tag("Subject", w.releases[0].name)] if len(w.releases) == 1 else []),
        # Several releases: each a top-level summary, which our import reads back as one.
        *([_tag("Category", RELEASES_CATEGORY)] if len(w.releases) > 1 else []),
        _tag("Author", info.author if info else ""),
        "<ScheduleFromStart>1</ScheduleFromStart>",
        _tag("StartDate", _t(first)),
        _tag("FinishDate", _t(last, 17)),
        "<CalendarUID>1</CalendarUID><DefaultStartTime>08:00:00</DefaultStartTime>"
        "<DefaultFinishTime>17:00:00</DefaultFinishTime>",
        f"<MinutesPerDay>{MINUTES_PER_DAY}</MinutesPerDay><MinutesPerWeek>2400</MinutesPerWeek>"
        "<DaysPerMonth>20</DaysPerMonth><DurationFormat>7</DurationFormat>"
        "<HonorConstraints>1</HonorConstraints><NewTasksAreManual>0</NewTasksAreManual>",
    ]
    if info is not None and info.status_date is not None:
        head.append(_tag("StatusDate", _t(info.status_date, 17)))
    w.parts.extend(head)
    env_calendars = w.calendars(first, last)
    calendar_xml = w.parts[len(head) :]
    del w.parts[len(head) :]
    body_start = len(w.parts)
    w.tasks_xml(env_calendars)
    task_xml = w.parts[body_start:]
    del w.parts[body_start:]
    used_envs = {t.environment_id for t in w.tasks if t.environment_id is not None}
    if used_envs - set(env_calendars):
        w.notes.append(
            "Task environments without freeze windows are not written (MS Project has no field "
            "for them)."
        )
    w.notes.append("Durations and lags are whole working days of 8 hours.")
    summary = (
        f"<Task><UID>0</UID><ID>0</ID>{_tag('Name', name)}<Type>1</Type><IsNull>0</IsNull>"
        f"<OutlineNumber>0</OutlineNumber><OutlineLevel>0</OutlineLevel>"
        f"{_tag('Start', _t(first))}{_tag('Finish', _t(last, 17))}<Summary>1</Summary>"
        f"{_tag('Notes', 'Exported from RELM. ' + ' '.join(w.notes))}</Task>"
    )
    w.parts.extend(calendar_xml)
    w.parts.append("<Tasks>")
    w.parts.append(summary)
    w.parts.extend(task_xml)
    w.parts.append("</Tasks>")
    w.resources()
    w.parts.append("</Project>\n")
    stream.write("".join(w.parts).encode("utf-8"))
    return len(w.tasks)
