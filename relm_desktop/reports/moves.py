"""What a pack showed, and what moved since the last pack of the same release and preset.

A pack record (``domain.packs.PackRecord``) keeps ``snapshot(ctx)`` as JSON:
each release's go-live and target, its milestones' dates, its scope, its
active risks and its gates' statuses. The next pack of the same scope and
preset compares the plan against it (``moves``): old → new go-live and
milestone dates, scope added or removed, risks opened or closed, gates
passed or failed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from relm_desktop.domain.rules import risk_is_active
from relm_desktop.reports.context import fmt_date, label, release_title, value

if TYPE_CHECKING:
    from relm_desktop.reports.context import PackContext

#: JSON of one release in a snapshot (keys are strings: JSON object keys).
Shown = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Move:
    """One line of "moved since the last pack"."""

    release: str
    what: str  # "Go-live", "Milestone “CAB approval”", "Scope", "Risk", "Gate"
    old: str
    new: str
    worse: bool  # later, removed scope, a risk opened, a gate failed


def snapshot(ctx: PackContext) -> dict[str, Shown]:
    """What the pack of ``ctx`` shows, by release id (as text)."""
    out: dict[str, Shown] = {}
    for release in ctx.releases:
        facts = ctx.facts(release)
        milestones = {
            str(t.id): [t.name, _iso(s.finish if (s := ctx.sched(t.id)) else None)]
            for t in ctx.milestones()
            if t.release_id == release.id
        }
        out[str(release.id)] = {
            "name": release_title(release),
            "golive": _iso(facts.golive),
            "target": _iso(facts.target),
            "milestones": milestones,
            "scope": {str(s.id): s.title for s in ctx.data.scope if s.release_id == release.id},
            "risks": {
                str(r.id): r.title
                for r in ctx.data.risks
                if r.release_id == release.id and risk_is_active(r)
            },
            "gates": {
                str(g.id): [g.name, value(g.status)]
                for g in ctx.data.gates
                if g.release_id == release.id
            },
        }
    return out


def dumps(shown: dict[str, Shown]) -> str:
    return json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str | None) -> dict[str, Shown]:
    """A stored snapshot; an unreadable one (edited by hand) reads as nothing shown."""
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def moves(ctx: PackContext, before: dict[str, Shown]) -> list[Move]:
    """What moved between ``before`` (the last pack's snapshot) and the plan now."""
    now = snapshot(ctx)
    out: list[Move] = []
    for key, new in now.items():
        old = before.get(key)
        name = str(new["name"])
        if not isinstance(old, dict):
            if before:
                out.append(Move(name, "Release", "not in the last pack", "added", False))
            continue
        out += _dates(name, "Go-live", old.get("golive"), new["golive"])
        out += _dates(name, "Target go-live", old.get("target"), new["target"])
        old_ms: dict[str, Any] = old.get("milestones") or {}
        for tid, (title, when) in new["milestones"].items():
            if tid in old_ms:
                out += _dates(name, f"Milestone “{title}”", old_ms[tid][1], when)
            else:
                out.append(Move(name, f"Milestone “{title}”", "—", f"added, {_show(when)}", False))
        for tid, (title, when) in old_ms.items():
            if tid not in new["milestones"]:
                out.append(Move(name, f"Milestone “{title}”", _show(when), "removed", False))
        out += _sets(name, "Scope", old.get("scope") or {}, new["scope"], "added", "removed")
        out += _sets(name, "Risk", old.get("risks") or {}, new["risks"], "opened", "closed")
        old_gates: dict[str, Any] = old.get("gates") or {}
        for gid, (title, status) in new["gates"].items():
            was = old_gates.get(gid, [title, None])[1]
            if was != status:
                out.append(
                    Move(
                        name,
                        f"Gate “{title}”",
                        label(was) if was else "—",
                        label(status),
                        status == "failed",
                    )
                )
    for key, old in before.items():
        if key not in now and isinstance(old, dict) and ctx.portfolio:
            out.append(
                Move(str(old.get("name", key)), "Release", "in the last pack", "gone", False)
            )
    return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _show(iso: object) -> str:
    return fmt_date(date.fromisoformat(iso)) if isinstance(iso, str) else "—"


def _dates(release: str, what: str, old: object, new: object) -> list[Move]:
    if old == new:
        return []
    later = isinstance(old, str) and isinstance(new, str) and new > old
    days = ""
    if isinstance(old, str) and isinstance(new, str):
        delta = (date.fromisoformat(new) - date.fromisoformat(old)).days
        days = f" ({delta:+d} d)".replace("-", "−")
    return [Move(release, what, _show(old), _show(new) + days, later)]


def _sets(
    release: str,
    what: str,
    old: dict[str, str],
    new: dict[str, str],
    added: str,
    removed: str,
) -> list[Move]:
    out = [
        Move(release, f"{what} “{title}”", "—", added, what == "Risk")
        for key, title in new.items()
        if key not in old
    ]
    out += [
        Move(release, f"{what} “{title}”", "in the last pack", removed, what == "Scope")
        for key, title in old.items()
        if key not in new
    ]
    return out
