"""iCalendar export: go-lives, milestones, freeze windows and gate decisions as events.

Every event's UID is derived from what it is (``task-12@…``, ``freeze-3@…``),
never from the export, so a calendar that re-imports the file (Outlook,
Google Calendar) updates its events instead of adding them again.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import BinaryIO

from icalendar import Calendar, Event

from relm_desktop.domain.records import PlanData
from relm_desktop.scheduling.model import ScheduleResult

_DOMAIN = "relm-desktop"


def _uid(data: PlanData, kind: str, ident: int) -> str:
    # The plan's name and start tell plans apart; ids are stable within a plan.
    plan = f"{data.info.name}|{data.info.start}" if data.info else ""
    digest = hashlib.sha1(plan.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    return f"{kind}-{ident}-{digest}@{_DOMAIN}"


def _event(
    uid: str, summary: str, first: date, last: date, description: str, stamp: datetime
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))  # all-day events end the day after
    event.add("dtstamp", stamp)
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", description)
    return event


def build_calendar(
    data: PlanData, result: ScheduleResult, release_ids: set[int] | None = None
) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//RELM Desktop//Release calendar//EN")
    cal.add("version", "2.0")
    name = data.info.name if data.info else "Plan"
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    releases = {r.id: r for r in data.releases if release_ids is None or r.id in release_ids}
    summaries = {t.parent_id for t in data.tasks if t.parent_id is not None}
    for task in data.tasks:
        sched = result.tasks.get(task.id)
        if task.release_id not in releases or sched is None or task.id in summaries:
            continue  # a summary's duration 0 is not a milestone: it spans its subtasks
        if not (task.is_golive or task.duration == 0):
            continue
        release = releases[task.release_id].name
        title = f"{release}: go-live" if task.is_golive else f"{release}: {task.name}"
        cal.add_component(
            _event(_uid(data, "task", task.id), title, sched.start, sched.start, task.notes, stamp)
        )
    envs = {e.id: e.name for e in data.environments}
    by_freeze: dict[int, list[str]] = {}
    for freeze_id, env_id in data.freeze_environments:
        by_freeze.setdefault(freeze_id, []).append(envs.get(env_id, ""))
    for freeze in data.freezes:
        where = ", ".join(sorted(by_freeze.get(freeze.id, []))) or "all environments"
        cal.add_component(
            _event(
                _uid(data, "freeze", freeze.id),
                f"Freeze: {freeze.name} ({where})",
                freeze.start,
                freeze.finish,
                freeze.reason,
                stamp,
            )
        )
    for gate in data.gates:
        if gate.release_id not in releases:
            continue
        when = gate.decided_on or result.release_golive.get(gate.release_id)
        if when is None:
            continue
        state = str(gate.status.value)
        cal.add_component(
            _event(
                _uid(data, "gate", gate.id),
                f"{releases[gate.release_id].name}: gate {gate.name} ({state})",
                when,
                when,
                gate.evidence,
                stamp,
            )
        )
    return cal


def write_ics(
    stream: BinaryIO, data: PlanData, result: ScheduleResult, release_ids: set[int] | None = None
) -> int:
    """Write the calendar; returns the number of events."""
    cal = build_calendar(data, result, release_ids)
    stream.write(cal.to_ical())
    return len(cal.subcomponents)
