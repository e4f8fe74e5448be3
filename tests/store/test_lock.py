"""Two instances on one plan: the second is told who holds it; a crashed holder's lock is stale."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relm_desktop.services.plan import PlanService
from relm_desktop.store.audit import current_host, current_user
from relm_desktop.store.errors import PlanLockedError
from relm_desktop.store.lock import STALE_AFTER, lock_path, read_lock

HOLDER = """
import sys, time
from pathlib import Path
from relm_desktop.services.plan import PlanService
service = PlanService.open(Path(sys.argv[1]), lock=True)
print("holding", flush=True)
sys.stdin.readline()
service.close()
print("released", flush=True)
"""


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "shared.relm"
    PlanService.new(path, name="Shared").close()
    return path


def start_holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_second_instance_is_told_who_holds_the_plan(plan_path: Path) -> None:
    holder = start_holder(plan_path)
    try:
        with pytest.raises(PlanLockedError) as caught:
            PlanService.open(plan_path, lock=True)
        message = str(caught.value)
        assert current_user() in message and current_host() in message
        assert str(holder.pid) in message
        readonly = PlanService.open(plan_path, readonly=True, lock=True)
        assert readonly.load().info.name == "Shared"
        readonly.close()
        assert lock_path(plan_path).exists()  # the read-only reader did not touch the lock
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert not lock_path(plan_path).exists()
    PlanService.open(plan_path, lock=True).close()


def test_lock_of_a_killed_instance_is_stale_and_recovered(plan_path: Path) -> None:
    holder = start_holder(plan_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert lock_path(plan_path).exists()
    service = PlanService.open(plan_path, lock=True)
    try:
        assert service.lock is not None and service.lock.recovered_from is not None
        assert service.lock.recovered_from.pid == holder.pid
        assert read_lock(plan_path).pid == os.getpid()
    finally:
        service.close()


def test_lock_from_another_machine_goes_stale_without_heartbeat(plan_path: Path) -> None:
    lock_path(plan_path).write_text(
        '{"user": "ann", "host": "laptop-42", "pid": 1, "since": 0}', encoding="utf-8"
    )
    with pytest.raises(PlanLockedError, match="ann on laptop-42"):
        PlanService.open(plan_path, lock=True)
    old = time.time() - STALE_AFTER - 5
    os.utime(lock_path(plan_path), (old, old))
    PlanService.open(plan_path, lock=True).close()
