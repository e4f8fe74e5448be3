"""CSV export: one row per task with the columns the CSV import reads back.

UTF-8 with a BOM and comma delimiters, which Excel and LibreOffice open in any
locale; cells that a spreadsheet would run as a formula are prefixed with '.
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from relm_desktop.domain.records import PlanData
from relm_desktop.scheduling.model import ScheduleResult

HEADER = (
    "ID", "Release", "Phase", "Parent ID", "Task", "Duration", "Start", "Finish",
    "Predecessors", "% Complete", "Team", "Environment", "Constraint", "Constraint date",
    "Total float", "Notes",
)  # fmt: skip
_RISKY = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_RISKY) and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def write_csv(
    stream: BinaryIO, data: PlanData, result: ScheduleResult, release_ids: set[int] | None = None
) -> int:
    releases = {r.id: r.name for r in data.releases if release_ids is None or r.id in release_ids}
    phases = {p.id: p.name for p in data.phases}
    teams = {t.id: t.name for t in data.teams}
    envs = {e.id: e.name for e in data.environments}
    preds: dict[int, list[str]] = {}
    for link in data.links:
        lag = f"{link.lag:+d}d" if link.lag else ""
        preds.setdefault(link.successor_id, []).append(
            f"{link.predecessor_id}{link.type.value}{lag}"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for task in sorted(data.tasks, key=lambda t: (t.release_id, t.position)):
        if task.release_id not in releases:
            continue
        sched = result.tasks.get(task.id)
        writer.writerow(
            [
                _cell(x)
                for x in (
                    task.id,
                    releases[task.release_id],
                    phases.get(task.phase_id or -1, ""),
                    task.parent_id or "",
                    task.name,
                    task.duration,
                    sched.start.isoformat() if sched else "",
                    sched.finish.isoformat() if sched else "",
                    "; ".join(preds.get(task.id, [])),
                    task.percent_complete,
                    teams.get(task.team_id or -1, ""),
                    envs.get(task.environment_id or -1, ""),
                    task.constraint_type.value if task.constraint_type else "",
                    task.constraint_date.isoformat() if task.constraint_date else "",
                    sched.total_float if sched else "",
                    task.notes,
                )
            ]
        )
        count += 1
    stream.write(buffer.getvalue().encode("utf-8-sig"))
    return count
