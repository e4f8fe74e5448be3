"""Writing a plan as a GanttProject (.gan) file, as GanttProject 3.x writes one.

Tasks nest: with one release its phases are the top-level tasks (our reader
turns those back into phases); with several, each release is a top-level task
holding its phases. A ``depend`` sits inside the predecessor and names the
successor; types are the inverse of gan.py's reading (1 SS, 2 FS, 3 FF, 4 SF),
``difference`` the lag in working days. Start is the scheduled start and
duration working days. A start-no-earlier-than constraint is GanttProject's
``thirdDate``; a task whose date comes from what a .gan cannot hold (a freeze
window, a link to a release not exported) keeps it the same way. Teams become
resources, the working week ``default-week`` and every day off a dated HOLIDAY.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from relm_desktop.domain.records import PlanData, TaskRecord
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import ScheduleResult

_TYPES = {"SS": 1, "FS": 2, "FF": 3, "SF": 4}  # gan.py reads 1 SS, 2 FS, 3 FF, 4 SF
_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HORIZON = timedelta(days=400)  # days off written beyond the plan's last date
_PROPERTIES = (
    "<taskproperties>"
    + "".join(
        f'<taskproperty id="tpd{i}" name="{name}" type="default" valuetype="{kind}"/>'
        for i, (name, kind) in enumerate(
            (
                ("type", "icon"),
                ("priority", "icon"),
                ("info", "icon"),
                ("name", "text"),
                ("begindate", "date"),
                ("enddate", "date"),
                ("duration", "int"),
                ("completion", "int"),
                ("coordinator", "text"),
                ("predecessorsr", "text"),
            )
        )
    )
    + "</taskproperties>"
)


class _Writer:
    def __init__(
        self,
        data: PlanData,
        result: ScheduleResult,
        release_ids: set[int] | None,
        calendar: WorkCalendar,
    ) -> None:
        self.data, self.result, self.calendar = data, result, calendar
        self.releases = sorted(
            (r for r in data.releases if release_ids is None or r.id in release_ids),
            key=lambda r: r.position,
        )
        kept = {r.id for r in self.releases}
        self.tasks = [t for t in data.tasks if t.release_id in kept]
        self.task_ids = {t.id for t in self.tasks}
        self.next_id = max((t.id for t in data.tasks), default=0)
        self.plan_start = data.info.start if data.info else date.today()
        self.out: list[str] = []
        self.successors: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
        self.pinned: set[int] = set()  # tasks keeping their date as an earliest start
        for link in data.links:
            inside = (link.predecessor_id in self.task_ids, link.successor_id in self.task_ids)
            if inside == (True, True):
                self.successors[link.predecessor_id].append(
                    (link.successor_id, str(link.type.value), link.lag)
                )
            elif inside[1]:
                self.pinned.add(link.successor_id)
        frozen = {env for _freeze, env in data.freeze_environments}
        global_freeze = bool(
            {f.id for f in data.freezes} - {f for f, _e in data.freeze_environments}
        )
        self.pinned.update(
            t.id
            for t in self.tasks
            if t.environment_id is not None and (global_freeze or t.environment_id in frozen)
        )

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _workdays(self, first: date, last: date) -> int:
        return self.calendar.working_days_between(first, last) + self.calendar.is_working(last)

    def _open(self, ident: int, name: str, start: date, duration: int, **more: str) -> None:
        attrs = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in more.items())
        self.out.append(
            f'<task id="{ident}" name={quoteattr(name)} start="{start.isoformat()}" '
            f'duration="{duration}"{attrs} expand="true">'
        )

    def _span(self, tasks: list[TaskRecord]) -> tuple[date, int]:
        scheds = [self.result.tasks[t.id] for t in tasks if t.id in self.result.tasks]
        if not scheds:
            return self.plan_start, 0
        first, last = min(s.start for s in scheds), max(s.finish for s in scheds)
        return first, self._workdays(first, last)

    def tasks_xml(self) -> None:
        children: dict[int | None, list[TaskRecord]] = defaultdict(list)
        for t in sorted(self.tasks, key=lambda t: t.position):
            children[t.parent_id].append(t)

        def subtree(t: TaskRecord) -> list[TaskRecord]:
            return [t, *(x for c in children.get(t.id, []) for x in subtree(c))]

        def write(t: TaskRecord) -> None:
            kids = children.get(t.id, [])
            sched = self.result.tasks.get(t.id)
            start = sched.start if sched else self.plan_start
            if kids:
                start, duration = self._span(subtree(t))
            else:
                duration = t.duration
            more = {
                "meeting": "true" if duration == 0 and not kids else "false",
                "complete": str(t.percent_complete),
            }
            earliest = None
            if t.constraint_type is not None and str(t.constraint_type.value) == "snet":
                earliest = t.constraint_date
            elif t.id in self.pinned and not kids:
                earliest = start
            if earliest is not None:
                more["thirdDate"] = earliest.isoformat()
                more["thirdDate_constraint"] = "0"
            self._open(t.id, t.name, start, duration, **more)
            if t.notes:
                self.out.append(f"<notes>{escape(t.notes)}</notes>")
            for succ, kind, lag in self.successors.get(t.id, []):
                self.out.append(
                    f'<depend id="{succ}" type="{_TYPES[kind]}" difference="{lag}" '
                    'hardness="Strong"/>'
                )
            for kid in kids:
                write(kid)
            self.out.append("</task>")

        phases = sorted(self.data.phases, key=lambda p: p.position)
        several = len(self.releases) > 1
        self.out.append('<tasks empty-milestones="true">')
        self.out.append(_PROPERTIES)  # the default columns; MPXJ needs them
        for release in self.releases:
            top = [t for t in children.get(None, []) if t.release_id == release.id]
            if several:
                start, days = self._span([x for t in top for x in subtree(t)])
                self._open(self._id(), release.name, start, days, meeting="false", complete="0")
            for t in (t for t in top if t.phase_id is None):
                write(t)
            for phase in (p for p in phases if p.release_id == release.id):
                mine = [t for t in top if t.phase_id == phase.id]
                if not mine:
                    continue
                start, days = self._span([x for t in mine for x in subtree(t)])
                self._open(self._id(), phase.name, start, days, meeting="false", complete="0")
                for t in mine:
                    write(t)
                self.out.append("</task>")
            if several:
                self.out.append("</task>")
        self.out.append("</tasks>")

    def calendars_xml(self, first: date, last: date) -> None:
        work = self.calendar.workdays
        week = " ".join(f'{d}="{0 if i in work else 1}"' for i, d in enumerate(_WEEK))
        self.out.append(
            '<calendars><day-types><day-type id="0"/><day-type id="1"/>'
            f'<default-week id="1" name="default" {week}/>'
            '<only-show-weekends value="false"/><overriden-day-types/><days/></day-types>'
        )
        names = {d.day: d.name for d in self.data.days_off}
        for day in sorted(self.calendar.holidays):
            if first <= day <= last + _HORIZON and day.weekday() in work:
                self.out.append(
                    f'<date year="{day.year}" month="{day.month}" date="{day.day}" '
                    f'type="HOLIDAY">{escape(names.get(day) or "Holiday")}</date>'
                )
        self.out.append("</calendars>")

    def resources_xml(self) -> None:
        used = {t.team_id for t in self.tasks if t.team_id is not None}
        self.out.append("<resources>")
        for team in (t for t in self.data.teams if t.id in used):
            self.out.append(
                f'<resource id="{team.id}" name={quoteattr(team.name)} function="Default:0" '
                f'contacts={quoteattr(team.contact)} phone=""/>'
            )
        self.out.append("</resources><allocations>")
        for task in (t for t in self.tasks if t.team_id is not None):
            self.out.append(
                f'<allocation task-id="{task.id}" resource-id="{task.team_id}" '
                'function="Default:0" responsible="true" load="100.0"/>'
            )
        self.out.append("</allocations>")


def write_gan(
    stream: BinaryIO,
    data: PlanData,
    result: ScheduleResult,
    release_ids: set[int] | None = None,
    *,
    calendar: WorkCalendar,
) -> int:
    """Write the plan (or the releases ``release_ids``) with the plan's working
    calendar; returns the tasks written."""
    w = _Writer(data, result, release_ids, calendar)
    scheds = [result.tasks[t.id] for t in w.tasks if t.id in result.tasks]
    first = min([w.plan_start, *(s.start for s in scheds)])
    last = max([w.plan_start, *(s.finish for s in scheds)])
    name = data.info.name if data.info else "Plan"
    w.out.append(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<project name={quoteattr(name)} company="" webLink="" view-date="{first.isoformat()}" '
        'view-index="0" gantt-divider-location="300" resource-divider-location="300" '
        'version="3.2.3230" locale="en">'
        "<description>Exported from RELM. Durations and lags are working days; freeze "
        "windows, environments and gates have no GanttProject equivalent.</description>"
        '<view zooming-state="default:3" id="gantt-chart"/>'
    )
    w.calendars_xml(first, last)
    w.tasks_xml()
    w.resources_xml()
    w.out.append('<vacations/><previous/><roles roleset-name="Default"/></project>\n')
    stream.write("\n".join(w.out).encode("utf-8"))
    return len(w.tasks)
