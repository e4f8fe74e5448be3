"""A plan's path is a file name: %, ? and # in it are never read as URL or URI syntax.

Before, ``pct%41.relm`` opened ``pctA.relm``, ``q?x=1.relm`` wrote a file named
``q`` and a trigger-laden ``evil#1.relm`` was inspected as ``evil``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from relm_desktop.services.plan import PlanService
from relm_desktop.store.database import copy_plan, inspect_file, open_plan_file
from relm_desktop.store.errors import UnsafePlanError

pytestmark = pytest.mark.sqlite_only("file names holding URI syntax")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_name(path: Path) -> str:
    con = sqlite3.connect(path)  # a plain path: sqlite3 reads no URI syntax here
    try:
        return str(con.execute("SELECT name FROM plan_info").fetchone()[0])
    finally:
        con.close()


# (file name, the file a URL/URI reading of it would name instead)
NAMES = [("pct%41.relm", "pctA.relm"), ("q?x=1.relm", "q"), ("hash#frag.relm", "hash")]


@pytest.mark.parametrize(("name", "decoy_name"), NAMES)
def test_plan_named_with_uri_syntax_is_that_file_and_no_other(
    tmp_path: Path, name: str, decoy_name: str
) -> None:
    decoy = tmp_path / decoy_name
    PlanService.new(decoy, name="decoy").close()
    decoy_before = digest(decoy)
    path = tmp_path / name

    PlanService.new(path, name="mine").close()
    assert plan_name(path) == "mine"

    service = PlanService.open(path)
    try:
        assert service.load().info.name == "mine"
        service.update("plan_info", service.load().info.id, {"name": "edited"})
    finally:
        service.close()
    assert plan_name(path) == "edited"

    readonly = PlanService.open(path, readonly=True)
    try:
        assert readonly.load().info.name == "edited"
    finally:
        readonly.close()
    assert inspect_file(path).needs_migration is False

    copy = tmp_path / "copy%42?#.relm"
    copy_plan(path, copy)
    assert plan_name(copy) == "edited"

    assert digest(decoy) == decoy_before
    allowed = {decoy_name, name, copy.name} | {
        f"{n}{s}" for n in (name, decoy_name) for s in ("-wal", "-shm")
    }
    assert set(os.listdir(tmp_path)) <= allowed


def _with_trigger(path: Path) -> None:
    PlanService.new(path).close()
    con = sqlite3.connect(path)
    con.execute("CREATE TRIGGER sneaky AFTER INSERT ON task BEGIN DELETE FROM risk; END")
    con.close()


@pytest.mark.parametrize("decoy", [True, False])
def test_trigger_refusal_holds_for_a_name_with_a_fragment(tmp_path: Path, decoy: bool) -> None:
    path = tmp_path / "evil#1.relm"
    _with_trigger(path)
    if decoy:  # a clean plan where a URI reading of the name points
        PlanService.new(tmp_path / "evil").close()
    before = digest(path)
    with pytest.raises(UnsafePlanError, match="trigger sneaky"):
        open_plan_file(path)
    with pytest.raises(UnsafePlanError, match="trigger sneaky"):
        open_plan_file(path, readonly=True)
    assert digest(path) == before


def test_save_as_never_writes_through_a_link_planted_at_a_temporary_name(tmp_path: Path) -> None:
    """Save As (copy_plan) once wrote COPY.part, a name anyone could plant a link at."""
    from relm_desktop.services.plan import PlanService

    plan = tmp_path / "plan.relm"
    PlanService.new(plan, name="Plan").close()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "copy.relm"
    for name in ("copy.relm.part", ".copy.relm.part"):
        (tmp_path / name).symlink_to(victim)
    copy_plan(plan, target)
    assert victim.read_text() == "keep me"
    assert inspect_file(target).revision is not None
    parts = sorted(p.name for p in tmp_path.iterdir() if "part" in p.name)
    assert parts == [".copy.relm.part", "copy.relm.part"]  # the planted links, untouched
    assert all((tmp_path / name).is_symlink() for name in parts)
