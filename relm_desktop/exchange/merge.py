"""What importing a workbook would do to a plan: added, changed (field by field) and removed rows.

Database-free: the plan comes in as a :class:`Snapshot` of plain values built
from the plan's records, with references already turned into names, so an
imported row and a plan row compare field by field as the user sees them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relm_desktop.domain.enums import LabelledEnum
from relm_desktop.domain.outline import wbs_codes
from relm_desktop.domain.records import PlanData
from relm_desktop.exchange.plan_context import (
    column_named,
    drop_outside_links,
    keep_float_horizon,
    keep_needed_by,
    keep_not_before,
    ref_label,
)
from relm_desktop.exchange.predecessors import format_predecessor
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.exchange.xlsx.model import (
    ImportedRow,
    LinkRef,
    ParsedImport,
    Problem,
    Severity,
)

ADD, CHANGE, REMOVE = "add", "change", "remove"
#: Entities in the order they are compared (and created).
ORDER = (
    "plan_info",
    "calendar_day",
    "environment",
    "team",
    "freeze_window",
    "release",
    "phase",
    "stakeholder",
    "task",
    "risk",
    "gate",
    "scope_item",
    "stakeholder_role",
)


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(slots=True)
class RowChange:
    """One row of the preview; ``key`` is what the user accepts or rejects."""

    key: str
    entity: str
    action: str
    ident: int | None
    label: str
    sheet: str = ""
    row: int | None = None
    fields: list[FieldChange] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    links: list[LinkRef] | None = None  # the task's predecessors, when they change
    default: bool = True
    note: str = ""  # why the row is what it is, e.g. its ID is not in the plan

    def describe(self) -> str:
        where = f" ({self.sheet} row {self.row})" if self.row else ""
        label = self.label if len(self.label) <= 80 else self.label[:79] + "…"
        text = f"{self.action} {entity_label(self.entity)} '{label}'{where}"
        if self.note:
            text += f" [{self.note}]"
        if self.fields:
            text += ": " + "; ".join(
                f"{c.field} {_show(c.old)} → {_show(c.new)}" for c in self.fields
            )
        elif self.action == ADD and self.entity == "task" and self.row:
            text += ": " + self._task_details()
        return text

    def _task_details(self) -> str:
        """What a new task from a sheet will be: outline, duration, dates, links."""
        v = self.values
        parts = [f"phase {v['phase']!r}" if v.get("phase") else "no phase"]
        if v.get("wbs"):
            parts.append(f"WBS {v['wbs']}")
        if v.get("parent_id"):
            parts.append(f"under {ref_label(str(v['parent_id']))}")
        parts.append("milestone" if v.get("duration") == 0 else f"{v.get('duration')} d")
        if v.get("constraint_date"):
            kind = "by" if v.get("constraint_type") == "fnlt" else "from"
            parts.append(f"{kind} {v['constraint_date']}")
        if self.links:
            parts.append("after " + ", ".join(ref_label(r.predecessor) for r in self.links))
        return ", ".join(parts)


@dataclass(slots=True)
class MergePreview:
    parsed: ParsedImport
    release: str  # the release a foreign schedule goes into
    rows: list[RowChange] = field(default_factory=list)
    matched: dict[str, int] = field(default_factory=dict)  # foreign row key → plan task id
    #: Entity → plan rows its sheet covers (shown in it when exported): the base of "a tenth".
    plan_counts: dict[str, int] = field(default_factory=dict)

    def by_action(self, action: str) -> list[RowChange]:
        return [r for r in self.rows if r.action == action]

    def default_keys(self) -> set[str]:
        return {r.key for r in self.rows if r.default}

    def removals_to_confirm(self, accepted: Collection[str]) -> list[str]:
        """What ``accepted`` removes that needs an explicit yes: any release, and any
        sheet losing more than a tenth of its rows (one line each, naming them)."""
        gone: dict[str, list[RowChange]] = defaultdict(list)
        for row in self.rows:
            if row.action == REMOVE and row.key in accepted:
                gone[row.entity].append(row)
        out = []
        for entity, rows in gone.items():
            total = self.plan_counts.get(entity, len(rows))
            if entity == "release" or len(rows) * 10 > total:
                names = ", ".join(f"'{r.label}'" for r in rows[:10])
                more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
                out.append(f"{plural_of(entity, len(rows))} of {total}: {names}{more}")
        return out


def entity_label(entity: str) -> str:
    """``scope_item`` → ``scope item``; ``plan_info`` → ``plan settings``."""
    return "plan settings" if entity == "plan_info" else entity.replace("_", " ")


def plural_of(entity: str, count: int) -> str:
    name = entity_label(entity)
    if count == 1 or entity == "plan_info":
        return f"{count} {name}"
    return f"{count} {name[:-1]}ies" if name.endswith("y") else f"{count} {name}s"


def _show(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, LabelledEnum):  # every enum of the plan
        return lay.enum_text(value)
    if isinstance(value, bool):
        return lay.YES if value else lay.NO
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "; ".join(value)
    return str(value)


@dataclass(slots=True)
class Snapshot:
    """The plan's rows as comparable values: entity → id → field → value."""

    rows: dict[str, dict[int, dict[str, Any]]]
    links: dict[int, dict[int, tuple[str, int]]]  # successor → predecessor → (type, lag)
    release_names: dict[int | None, str]  # as plan_names gives them (no None key)
    plan_name: str = ""


def _plan_wide(data: PlanData, rows: dict[str, dict[int, dict[str, Any]]]) -> None:
    """Settings, days off, environments, teams, freeze windows: as the workbook shows them."""
    calendar = data.calendar
    if data.info is not None:
        workdays = calendar.workdays if calendar is not None else "01234"
        rows["plan_info"][data.info.id] = {
            "name": data.info.name,
            "start": data.info.start,
            "status_date": data.info.status_date,
            "horizon": data.info.horizon,
            "workdays": tuple(lay.WEEKDAYS[int(d)] for d in sorted(workdays)),
            "country": calendar.country if calendar else None,
            "subdivision": calendar.subdivision if calendar else None,
        }
    for day in data.days_off:
        rows["calendar_day"][day.id] = day.as_dict()
    for env in data.environments:
        rows["environment"][env.id] = env.as_dict()
    for team in data.teams:
        rows["team"][team.id] = team.as_dict()
    env_name = {e.id: e.name for e in data.environments}
    envs_of: dict[int, list[str]] = defaultdict(list)
    for freeze_id, env_id in data.freeze_environments:
        envs_of[freeze_id].append(env_name[env_id])
    for freeze in data.freezes:
        rows["freeze_window"][freeze.id] = {
            **freeze.as_dict(),
            "environments": tuple(sorted(envs_of[freeze.id])),
        }


#: Plan-wide rows without an ID of this plan match by what names them to a person.
_NATURAL = {
    "stakeholder": ("name",),
    "team": ("name",),
    "environment": ("name",),
    "calendar_day": ("day",),
    "freeze_window": ("name", "start"),
}


def _natural(entity: str, values: dict[str, Any]) -> tuple[object, ...] | None:
    fields = _NATURAL.get(entity)
    if fields is None or any(values.get(f) in (None, "") for f in fields):
        return None
    return tuple(values[f] for f in fields)


def snapshot(data: PlanData) -> Snapshot:
    """Build a :class:`Snapshot` from a plan's records (with ids and foreign keys)."""
    release, phase, team, env, phases_of, envs_of = lay.plan_names(data)
    people = {s.id: s for s in data.stakeholders}
    rows: dict[str, dict[int, dict[str, Any]]] = {e: {} for e in ORDER}
    _plan_wide(data, rows)
    for r in data.releases:
        rows["release"][r.id] = {
            **r.as_dict(),
            "phases": tuple(phases_of[r.id]),
            "environments": tuple(envs_of[r.id]),
        }
    codes = wbs_codes(data.phases, data.tasks)
    for t in data.tasks:
        rows["task"][t.id] = {
            **t.as_dict(),
            "wbs": codes.get(t.id, t.wbs),
            "release": release.get(t.release_id, ""),
            "phase": phase.get(t.phase_id, ""),
            "team": team.get(t.team_id, ""),
            "environment": env.get(t.environment_id, ""),
        }
    for entity, records in (("risk", data.risks), ("gate", data.gates), ("scope_item", data.scope)):
        for rec in records:
            rows[entity][rec.id] = {**rec.as_dict(), "release": release.get(rec.release_id, "")}
    for s in data.stakeholders:
        rows["stakeholder"][s.id] = s.as_dict()
    for role in data.stakeholder_roles:
        rows["stakeholder_role"][role.id] = {
            **role.as_dict(),
            "release": release.get(role.release_id, ""),
            "stakeholder": people[role.stakeholder_id].name,
        }
    links: dict[int, dict[int, tuple[str, int]]] = defaultdict(dict)
    for link in data.links:
        links[link.successor_id][link.predecessor_id] = (link.type.value, link.lag)
    return Snapshot(rows, dict(links), release, data.info.name if data.info else "")


def _norm(value: object) -> object:
    if value == "" or value == ():
        return None
    return value


def _link_text(refs: list[tuple[str, str, int]]) -> str:
    return "; ".join(format_predecessor(ref, kind, lag) for ref, kind, lag in sorted(refs))


def compare(snap: Snapshot, parsed: ParsedImport, release: str = "") -> MergePreview:
    """The preview of importing ``parsed`` into the plan ``snap``.

    ``release`` names the release a foreign schedule goes into (created when
    it does not exist); a native workbook carries its releases itself.
    """
    preview = MergePreview(parsed, release)
    if parsed.native:
        _compare_native(snap, parsed, preview)
    else:
        _compare_foreign(snap, parsed, preview, release)
    return preview


def _fields(entity: str) -> list[str]:
    if entity == "stakeholder":
        return ["title", "email", "receives_pack"]
    spec = lay.BY_ENTITY[entity]
    skip = {"id", "title", "email", "receives_pack"} if entity == "stakeholder_role" else {"id"}
    return [
        c.field
        for c in spec.columns
        if (c.editable or c.kind is lay.Kind.ID) and c.field not in skip
    ]


def _diff(old: dict[str, Any], new: dict[str, Any], fields: list[str]) -> list[FieldChange]:
    changes = []
    for name in fields:
        if name in new and name != "predecessors" and _norm(old.get(name)) != _norm(new[name]):
            changes.append(FieldChange(name, old.get(name), new[name]))
    return changes


def _link_change(snap: Snapshot, ident: int | None, refs: list[LinkRef]) -> FieldChange | None:
    old = [(str(p), t, lag) for p, (t, lag) in snap.links.get(ident or -1, {}).items()]
    new = [(ref_label(r.predecessor), r.type, r.lag) for r in refs]
    if sorted(old) == sorted(new):
        return None
    return FieldChange("predecessors", _link_text(old), _link_text(new))


def _compare_native(snap: Snapshot, parsed: ParsedImport, preview: MergePreview) -> None:
    covered = None if parsed.all_releases else set(parsed.releases_covered)
    same_plan = parsed.plan_name is None or parsed.plan_name == snap.plan_name
    if not same_plan:
        parsed.problems.append(
            Problem(
                "README",
                None,
                None,
                f"exported from plan {parsed.plan_name!r}, not from this plan "
                f"({snap.plan_name!r}): its rows are added as new (teams, environments, "
                "days off and freeze windows of the same name are matched), nothing is removed",
                Severity.INFO,
            )
        )
        drop_outside_links(parsed)
        keep_not_before(parsed)
        keep_needed_by(parsed)
    keep_float_horizon(parsed, plan_has_releases=bool(snap.rows["release"]))
    for entity in ORDER:
        if entity == "phase" or entity not in parsed.rows:
            continue  # a missing sheet: nothing added, changed or removed
        plan_wide = entity in lay.PLAN_WIDE or entity == "stakeholder"
        plan = snap.rows.get(entity, {}) if same_plan or plan_wide else {}
        seen: set[int] = set()
        fields = _fields(entity)
        natural: dict[tuple[object, ...], int] = {}
        for ident, values in plan.items():
            if (nat := _natural(entity, values)) is not None:
                natural.setdefault(nat, ident)
        for row in parsed.rows[entity]:
            matched = _match(snap, parsed, row, plan, natural, covered, same_plan)
            if matched == _REFUSED:
                continue
            if matched is None:
                links = parsed.links.get(row.key) if entity == "task" else None
                note = ""
                if same_plan and row.ident is not None:
                    note = f"ID {row.ident} is not in the plan: added as new"
                preview.rows.append(
                    RowChange(
                        row.key,
                        entity,
                        ADD,
                        None,
                        row.label,
                        row.sheet,
                        row.row,
                        values=row.values,
                        links=links,
                        note=note,
                    )
                )
                continue
            ident = matched
            links = parsed.links.get(row.key) if entity == "task" else None
            seen.add(ident)
            changes = _diff(plan[ident], row.values, fields)
            link_change = _link_change(snap, ident, links) if links is not None else None
            if link_change:
                changes.append(link_change)
            if changes:
                preview.rows.append(
                    RowChange(
                        row.key,
                        entity,
                        CHANGE,
                        ident,
                        row.label,
                        row.sheet,
                        row.row,
                        changes,
                        row.values,
                        links if link_change else None,
                    )
                )
        if entity in ("stakeholder", "plan_info") or not same_plan:
            continue  # shared people and the plan itself are never removed by an import
        hidden = {
            int(k.split(":")[1])
            for k in parsed.hidden_keys
            if k.startswith(entity + ":") and k.split(":")[1].isdigit()
        }
        removed = 0
        for ident, values in plan.items():
            if ident in seen or ident in hidden:
                continue
            release = values["name"] if entity == "release" else values.get("release")
            if covered is not None and entity not in lay.PLAN_WIDE and release not in covered:
                continue
            label = str(
                values.get("name")
                or values.get("title")
                or values.get("stakeholder")
                or values.get("day")
            )
            # Proposed, never ticked: a row missing from a sheet may be a slip.
            preview.rows.append(
                RowChange(f"{entity}:{ident}", entity, REMOVE, ident, label, default=False)
            )
            removed += 1
        preview.plan_counts[entity] = len(seen) + len(hidden) + removed


_REFUSED = -1


def _match(
    snap: Snapshot,
    parsed: ParsedImport,
    row: ImportedRow,
    plan: dict[int, dict[str, Any]],
    natural: dict[tuple[object, ...], int],
    covered: set[str] | None,
    same_plan: bool,
) -> int | None:
    """The plan row ``row`` changes, None for a new row, or _REFUSED (a problem is listed).

    An import touches only the releases the workbook holds: a row whose ID is of
    another release's row, or whose Release column names another release of the
    plan, is refused with its sheet, row and column.
    """
    entity = row.entity
    if entity == "plan_info":
        return next(iter(plan), None)
    if covered is not None and same_plan and entity not in lay.PLAN_WIDE:
        release = row.values.get("name") if entity == "release" else row.values.get("release")
        known = set(snap.release_names.values())
        if entity != "release" and release and release in known and release not in covered:
            where = column_named(parsed, row.sheet, "release", "Release")
            _refuse(
                parsed,
                row,
                where,
                f"release {release!r} is not in this workbook (it holds "
                f"{'; '.join(sorted(covered))}): an import changes only its own releases",
            )
            return _REFUSED
        if row.ident in plan:
            values = plan[row.ident]
            owner = values["name"] if entity == "release" else values.get("release")
            if owner not in covered and not (entity == "risk" and not owner):
                label = values.get("name") or values.get("title") or values.get("stakeholder")
                _refuse(
                    parsed,
                    row,
                    column_named(parsed, row.sheet, "id", "ID"),
                    f"ID {row.ident} is {entity_label(entity)} {str(label)!r} of release "
                    f"{owner!r}, which this workbook does not hold; leave ID empty for a new row",
                )
                return _REFUSED
    if same_plan and row.ident is not None and row.ident in plan:
        return row.ident
    nat = _natural(entity, row.values)
    return natural.get(nat) if nat is not None else None


def _refuse(parsed: ParsedImport, row: ImportedRow, where: str, message: str) -> None:
    parsed.problems.append(Problem(row.sheet, row.row, where, message, Severity.ERROR))


def _compare_foreign(
    snap: Snapshot, parsed: ParsedImport, preview: MergePreview, release: str
) -> None:
    release_id = next((i for i, n in snap.release_names.items() if n == release), None)
    if release_id is None:
        # A new release starts where the file's schedule does (its earliest written date).
        dates = [
            d
            for row in parsed.rows.get("task", [])
            for d in (row.values.get("constraint_date"), row.values.get("actual_start"))
            if d is not None
        ]
        values = {"name": release, **({"start": min(dates)} if dates else {})}
        preview.rows.append(
            RowChange(f"release:{release}", "release", ADD, None, release, values=values)
        )
    plan_tasks = {i: v for i, v in snap.rows["task"].items() if v["release_id"] == release_id}
    by_name: dict[str, list[int]] = defaultdict(list)
    for ident, values in plan_tasks.items():
        by_name[values["name"]].append(ident)
    counts: dict[str, int] = defaultdict(int)
    for row in parsed.rows.get("task", []):
        counts[row.label] += 1
    matched: dict[str, int] = {}
    for row in parsed.rows.get("task", []):
        if counts[row.label] == 1 and len(by_name.get(row.label, [])) == 1:
            matched[row.key] = by_name[row.label][0]
    for row in parsed.rows.get("task", []):
        values = {**row.values, "release": release}
        if values.get("parent_id") in matched:  # a summary row already in the plan
            values["parent_id"] = matched[values["parent_id"]]
        links = parsed.links.get(row.key, [])
        task_id = matched.get(row.key)
        if task_id is None:
            preview.rows.append(
                RowChange(
                    row.key,
                    "task",
                    ADD,
                    None,
                    row.label,
                    row.sheet,
                    row.row,
                    values=values,
                    links=links,
                )
            )
            continue
        changes = _diff(
            plan_tasks[task_id],
            values,
            [f for f in values if f not in ("position", "wbs") or values[f]],
        )
        resolved = [
            LinkRef(
                f"task:{matched[r.predecessor]}" if r.predecessor in matched else r.predecessor,
                r.type,
                r.lag,
            )
            for r in links
        ]
        link_change = _link_change(snap, task_id, resolved)
        if link_change:
            changes.append(link_change)
        changes = [c for c in changes if c.field != "position"]
        if changes:
            preview.rows.append(
                RowChange(
                    row.key,
                    "task",
                    CHANGE,
                    task_id,
                    row.label,
                    row.sheet,
                    row.row,
                    changes,
                    values,
                    links if link_change else None,
                )
            )
    kept = set(matched.values())
    for ident, values in plan_tasks.items():
        if ident not in kept:
            preview.rows.append(
                RowChange(f"task:{ident}", "task", REMOVE, ident, values["name"], default=False)
            )
    preview.matched = matched
