"""One writer per plan: a second instance is told who holds it, whatever it does.

The holder keeps an OS lock for as long as the plan is open, so its liveness,
not the age of its record, decides on this host; names of the same file
(symlinks, hard links) are the same plan; a crashed holder's lock is recovered.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from relm_desktop.services.plan import PlanService
from relm_desktop.store import lock as lock_module
from relm_desktop.store.audit import current_host, current_user
from relm_desktop.store.errors import PlanLockedError
from relm_desktop.store.lock import (
    STALE_AFTER,
    LockInfo,
    PlanLock,
    holder_alive,
    inode_lock_path,
    lock_path,
    process_start,
    read_lock,
)

pytestmark = pytest.mark.sqlite_only("the lock beside a plan file; server plans have row versions")

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

# Imports first, then waits for "go" so that all racers try at the same moment.
RACER = """
import sys
from pathlib import Path
from relm_desktop.services.plan import PlanService
from relm_desktop.store.errors import PlanLockedError
print("ready", flush=True)
sys.stdin.readline()
try:
    service = PlanService.open(Path(sys.argv[1]), lock=True)
except PlanLockedError as exc:
    print("refused", exc, flush=True)
    service = None
else:
    print("holding", flush=True)
sys.stdin.readline()
if service is not None:
    service.close()
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


def stop(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


@pytest.fixture
def holder(plan_path: Path) -> Iterator[subprocess.Popen[str]]:
    proc = start_holder(plan_path)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            stop(proc)


def test_second_instance_is_told_who_holds_the_plan(plan_path: Path) -> None:
    holder = start_holder(plan_path)
    try:
        with pytest.raises(PlanLockedError) as caught:
            PlanService.open(plan_path, lock=True)
        message = str(caught.value)
        assert message == (
            f"{plan_path}: open in another RELM Desktop by {current_user()} on "
            f"{current_host()} (process {holder.pid})"
        )
        readonly = PlanService.open(plan_path, readonly=True, lock=True)
        assert readonly.load().info.name == "Shared"
        readonly.close()
        assert lock_path(plan_path).exists()  # the read-only reader did not touch the lock
    finally:
        stop(holder)
    assert not lock_path(plan_path).exists()
    PlanService.open(plan_path, lock=True).close()


def test_window_open_longer_than_stale_after_is_not_taken_over(
    plan_path: Path, holder: subprocess.Popen[str]
) -> None:
    # Nothing touched the lock files for longer than STALE_AFTER, but their holder lives.
    old = time.time() - STALE_AFTER - 60
    inode = inode_lock_path(plan_path)
    assert inode is not None and inode.exists()
    for path in (lock_path(plan_path), inode):
        os.utime(path, (old, old))
    with pytest.raises(PlanLockedError, match=f"process {holder.pid}"):
        PlanService.open(plan_path, lock=True)
    # The refused instance left the holder's record alone.
    holding = read_lock(plan_path)
    assert holding is not None and holding.pid == holder.pid


def test_same_plan_opened_twice_in_one_process_is_refused(plan_path: Path) -> None:
    service = PlanService.open(plan_path, lock=True)
    try:
        with pytest.raises(PlanLockedError, match="already open in this window"):
            PlanService.open(plan_path, lock=True)
    finally:
        service.close()


def test_six_instances_starting_together_one_holds(plan_path: Path) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(plan_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    try:
        for racer in racers:
            assert racer.stdout is not None and racer.stdout.readline().strip() == "ready"
        for racer in racers:
            assert racer.stdin is not None
            racer.stdin.write("go\n")
            racer.stdin.flush()
        outcomes = [racer.stdout.readline().strip() for racer in racers if racer.stdout]
    finally:
        for racer in racers:
            if racer.poll() is None:
                stop(racer)
    holders = [i for i, line in enumerate(outcomes) if line == "holding"]
    assert len(holders) == 1, outcomes
    winner = racers[holders[0]].pid
    for line in outcomes:
        assert line == "holding" or line.endswith(f"(process {winner})"), outcomes


@pytest.mark.parametrize("inode_lock", [True, False], ids=["both-locks", "record-file-only"])
def test_a_lock_file_removed_while_being_taken_is_not_held(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch, inode_lock: bool
) -> None:
    # A holder lets go (removing its lock file) between another's open and
    # flock of that file, and a third takes a new file: the second must not
    # then hold the removed one too.
    if not inode_lock:
        monkeypatch.setattr(lock_module, "_runtime_dir", lambda: None)
    first, second, third = PlanLock(plan_path), PlanLock(plan_path), PlanLock(plan_path)
    first.acquire()
    real_flock = lock_module.fcntl.flock

    def flock_after_a_release(fd: int, operation: int) -> None:
        monkeypatch.setattr(lock_module.fcntl, "flock", real_flock)
        first.release()
        third.acquire()
        real_flock(fd, operation)

    monkeypatch.setattr(lock_module.fcntl, "flock", flock_after_a_release)
    try:
        with pytest.raises(PlanLockedError, match=f"process {os.getpid()}|this window"):
            second.acquire()
        assert third.held and not second.held
    finally:
        for lock in (first, second, third):
            lock.release()


def test_symlinks_and_hard_links_to_a_held_plan_are_refused(
    plan_path: Path, holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = elsewhere / "link.relm"
    link.symlink_to(plan_path)
    link_to_link = tmp_path / "link2.relm"
    link_to_link.symlink_to(link)
    hard = elsewhere / "hard.relm"
    os.link(plan_path, hard)
    # Other hosts see only the record, so every symlink must name the same one.
    assert lock_path(link) == lock_path(link_to_link) == lock_path(plan_path)
    for name in (link, link_to_link, hard):
        with pytest.raises(PlanLockedError) as caught:
            PlanService.open(name, lock=True)
        assert str(caught.value).startswith(f"{name}: open in another RELM Desktop")
        assert f"(process {holder.pid})" in str(caught.value)


def test_held_through_a_hard_link_the_plan_is_refused(plan_path: Path, tmp_path: Path) -> None:
    hard = tmp_path / "hard.relm"
    os.link(plan_path, hard)
    holder = start_holder(hard)
    try:
        with pytest.raises(PlanLockedError, match=f"process {holder.pid}"):
            PlanService.open(plan_path, lock=True)
    finally:
        stop(holder)
    PlanService.open(plan_path, lock=True).close()


def test_record_naming_a_live_unrelated_process_does_not_block(plan_path: Path) -> None:
    # A crash left a record whose pid now belongs to another program (PID reuse).
    other = subprocess.Popen(["sleep", "60"])
    try:
        lock_path(plan_path).write_text(
            f'{{"user": "{current_user()}", "host": "{current_host()}", '
            f'"pid": {other.pid}, "since": {time.time()}}}',
            encoding="utf-8",
        )
        service = PlanService.open(plan_path, lock=True)
        try:
            assert service.lock is not None and service.lock.recovered_from is not None
            assert service.lock.recovered_from.pid == other.pid
            mine = read_lock(plan_path)
            assert mine is not None and mine.pid == os.getpid()
        finally:
            service.close()
    finally:
        other.kill()
        other.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_reused_pid_is_told_apart_by_its_start_time() -> None:
    # Where no OS lock can be had (some network shares), the record decides alone.
    other = subprocess.Popen(["sleep", "60"])
    try:
        started = process_start(other.pid)
        assert started is not None
        record = LockInfo("ann", current_host(), other.pid, time.time(), started)
        assert holder_alive(record)
        assert not holder_alive(record._replace(started=started - 1))
    finally:
        other.kill()
        other.wait()
    assert not holder_alive(record)


def test_lock_of_a_killed_instance_is_stale_and_recovered(plan_path: Path) -> None:
    holder = start_holder(plan_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert lock_path(plan_path).exists()
    service = PlanService.open(plan_path, lock=True)
    try:
        assert service.lock is not None and service.lock.recovered_from is not None
        assert service.lock.recovered_from.pid == holder.pid
        holding = read_lock(plan_path)
        assert holding is not None and holding.pid == os.getpid()
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


def test_heartbeat_keeps_the_record_fresh(plan_path: Path) -> None:
    service = PlanService.open(plan_path, lock=True)
    try:
        assert service.lock is not None
        old = time.time() - STALE_AFTER - 5
        os.utime(lock_path(plan_path), (old, old))
        assert service.lock.refresh()
        assert time.time() - lock_path(plan_path).stat().st_mtime < 5
    finally:
        service.close()


def test_closing_leaves_a_lock_it_no_longer_holds(plan_path: Path) -> None:
    # Another machine took the plan over (this one slept past STALE_AFTER):
    # closing here must not remove that machine's lock.
    service = PlanService.open(plan_path, lock=True)
    record = '{"user": "ann", "host": "laptop-42", "pid": 7, "since": 1}'
    lock_path(plan_path).write_text(record, encoding="utf-8")
    assert service.lock is not None and not service.lock.refresh()
    service.close()
    assert lock_path(plan_path).read_text(encoding="utf-8") == record


def test_inode_lock_folder_refuses_planted_folders(tmp_path: Path) -> None:
    """The shared-/tmp fallback folder is used only when it is our own real directory."""
    uid = os.getuid()
    made = lock_module.private_folder(tmp_path / "fresh", uid)
    assert made == tmp_path / "fresh" and (made.stat().st_mode & 0o777) == 0o700
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "planted").symlink_to(elsewhere)
    assert lock_module.private_folder(tmp_path / "planted", uid) is None
    assert lock_module.private_folder(elsewhere, uid + 1) is None  # another user's folder
    (tmp_path / "file").write_text("")
    assert lock_module.private_folder(tmp_path / "file", uid) is None
