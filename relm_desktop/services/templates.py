"""Release templates: the three built-ins, applying a template, saving a release as one."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relm_desktop.domain.enums import ChangeAction, DependencyType
from relm_desktop.domain.models import (
    Dependency,
    Environment,
    Gate,
    Phase,
    Release,
    RollbackPlan,
    RolloutWave,
    Task,
    Template,
)
from relm_desktop.services.changes import OpChanges
from relm_desktop.services.edits import Change, EditError


class _Made(Protocol):
    """A row ``apply_template`` made: its table and id go into the Change."""

    __tablename__: str

    @property
    def id(self) -> int: ...


_B = TypeVar("_B", bound=_Made)

BUILTIN_FILES = ("standard_minor.json", "major_pilot.json", "emergency_fix.json")


def builtin_templates() -> list[dict[str, Any]]:
    """The templates that ship with RELM Desktop."""
    folder = resources.files("relm_desktop.services").joinpath("templates")
    return [json.loads(folder.joinpath(name).read_text("utf-8")) for name in BUILTIN_FILES]


def template_body(session: Session, name: str) -> dict[str, Any]:
    """A template by name: one saved in the plan, else a built-in."""
    saved = session.scalar(select(Template).where(Template.name == name))
    if saved is not None:
        body: dict[str, Any] = json.loads(saved.body)
        return body
    for body in builtin_templates():
        if body["name"].lower() == name.lower():
            return body
    raise EditError(f"no template named {name!r}")


def _environment(session: Session, name: str, made: list[_Made]) -> Environment:
    """The plan's environment ``name`` (any case); one made here is added to ``made``."""
    env = session.scalar(select(Environment).where(func.lower(Environment.name) == name.lower()))
    if env is None:
        count = session.scalar(select(func.count(Environment.id))) or 0
        env = Environment(name=name, position=count, is_production=name.lower() == "production")
        session.add(env)
        session.flush()
        made.append(env)
    return env


def apply_template(
    session: Session,
    template: str,
    *,
    name: str,
    version: str = "",
    start: date | None = None,
    target_golive: date | None = None,
    owner: str = "",
) -> Change:
    """Create a release from a template: phases, tasks, links, gates, rollback, waves.

    Environments the template names and the plan lacks are made too. The
    Change names the release; its ``changes`` every row made, environments
    included (``environments_made`` lists those, which an undo deletes too).
    """
    body = template_body(session, template)
    made: list[_Made] = []

    def add(row: _B) -> _B:
        session.add(row)
        made.append(row)
        return row

    position = session.scalar(select(func.count(Release.id))) or 0
    release = add(
        Release(
            name=name,
            version=version,
            start=start,
            target_golive=target_golive,
            owner=owner,
            position=position,
            **body.get("release", {}),
        )
    )
    session.flush()
    phases: dict[str, Phase] = {}
    for index, phase_name in enumerate(body.get("phases", [])):
        phases[phase_name] = add(Phase(release_id=release.id, name=phase_name, position=index))
    session.flush()
    tasks: dict[str, Task] = {}
    for index, spec in enumerate(body.get("tasks", [])):
        env = _environment(session, spec["environment"], made) if spec.get("environment") else None
        tasks[spec["key"]] = add(
            Task(
                release_id=release.id,
                phase_id=phases[spec["phase"]].id if spec.get("phase") in phases else None,
                name=spec["name"],
                duration=int(spec.get("duration", 1)),
                position=index,
                is_golive=bool(spec.get("golive", False)),
                environment_id=env.id if env else None,
                notes=spec.get("notes", ""),
            )
        )
    session.flush()
    for pred, succ, kind, lag in body.get("links", []):
        add(
            Dependency(
                predecessor_id=tasks[pred].id,
                successor_id=tasks[succ].id,
                type=DependencyType(kind),
                lag=int(lag),
            )
        )
    for index, gate in enumerate(body.get("gates", [])):
        add(
            Gate(
                release_id=release.id,
                name=gate["name"],
                category=gate.get("category", "quality"),
                position=index,
            )
        )
    if body.get("rollback"):
        add(RollbackPlan(release_id=release.id, **body["rollback"]))
    base_day = target_golive or start
    for index, wave in enumerate(body.get("waves", [])):
        day = base_day + timedelta(days=int(wave.get("offset_days", 0))) if base_day else None
        add(
            RolloutWave(
                release_id=release.id,
                name=wave["name"],
                audience=wave.get("audience", ""),
                percentage=wave.get("percentage"),
                day=day,
                position=index,
            )
        )
    session.flush()
    created: dict[str, list[int]] = {}
    for row in made:
        created.setdefault(row.__tablename__, []).append(row.id)
    return Change(
        "release", (release.id,), ChangeAction.CREATE, changes=OpChanges.of(created=created)
    )


def environments_made(change: Change) -> tuple[int, ...]:
    """Ids of the environments ``apply_template`` made for the release it made."""
    return dict(change.changes.created).get("environment", ())


def release_as_template(
    session: Session, release_id: int, name: str, description: str = ""
) -> Change:
    """Save a release's shape (phases, tasks, links, gates, rollback, waves) as a template."""
    release = session.get(Release, release_id)
    if release is None:
        raise EditError(f"release #{release_id} does not exist")
    keys = {task.id: f"t{index}" for index, task in enumerate(release.tasks)}
    links = session.scalars(
        select(Dependency).where(
            Dependency.predecessor_id.in_(keys), Dependency.successor_id.in_(keys)
        )
    ).all()
    body: dict[str, Any] = {
        "name": name,
        "description": description or f"Saved from release {release.name}",
        "release": {
            "release_kind": release.release_kind.value,
            "rollout_strategy": release.rollout_strategy.value,
        },
        "phases": [phase.name for phase in release.phases],
        "tasks": [
            {
                "key": keys[task.id],
                "name": task.name,
                "phase": task.phase.name if task.phase else None,
                "duration": task.duration,
                "golive": task.is_golive,
                "environment": task.environment.name if task.environment else None,
            }
            for task in release.tasks
        ],
        "links": [
            [keys[link.predecessor_id], keys[link.successor_id], link.type.value, link.lag]
            for link in links
        ],
        "gates": [{"name": g.name, "category": g.category.value} for g in release.gates],
        "waves": [
            {"name": w.name, "audience": w.audience, "percentage": w.percentage}
            for w in release.waves
        ],
    }
    if release.rollback_plan is not None:
        rb = release.rollback_plan
        body["rollback"] = {
            "triggers": rb.triggers,
            "steps": rb.steps,
            "estimated_minutes": rb.estimated_minutes,
        }
    if session.scalar(select(Template.id).where(Template.name == name)):
        raise EditError(f"a template named {name!r} already exists")
    template = Template(name=name, description=body["description"], body=json.dumps(body))
    session.add(template)
    session.flush()
    return Change("template", (template.id,), ChangeAction.CREATE)
