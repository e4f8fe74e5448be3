"""One writer per plan: a lock file next to the plan names who holds it.

SQLite would let two instances write the same file, and each would then show a
stale picture of the other's edits. The lock file ``.NAME.relm.lock`` records
user, host and process; the holder refreshes it every ``HEARTBEAT`` seconds.
A lock is stale when its process is gone (same host) or it has not been
refreshed for ``STALE_AFTER`` seconds (any host), and is then taken over.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from relm_desktop.store.audit import current_host, current_user
from relm_desktop.store.errors import PlanLockedError

HEARTBEAT = 30.0
STALE_AFTER = 120.0


@dataclass(frozen=True, slots=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: float


def lock_path(plan: Path) -> Path:
    return plan.with_name(f".{plan.name}.lock")


def read_lock(plan: Path) -> LockInfo | None:
    try:
        raw = json.loads(lock_path(plan).read_text("utf-8"))
        return LockInfo(str(raw["user"]), str(raw["host"]), int(raw["pid"]), float(raw["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(plan: Path, info: LockInfo, *, now: float | None = None) -> bool:
    """Whether the holder has gone away (crashed, killed, machine off)."""
    now = time.time() if now is None else now
    try:
        refreshed = lock_path(plan).stat().st_mtime
    except OSError:
        return True
    if now - refreshed > STALE_AFTER:
        return True
    return info.host == current_host() and not _process_alive(info.pid)


class PlanLock:
    """Holds the lock of one plan file while it is open for writing."""

    def __init__(self, plan: Path) -> None:
        self.plan = Path(plan)
        self.path = lock_path(self.plan)
        self.held = False
        self.recovered_from: LockInfo | None = None

    def acquire(self) -> None:
        """Take the lock, or raise PlanLockedError naming the live holder."""
        me = {
            "user": current_user(),
            "host": current_host(),
            "pid": os.getpid(),
            "since": time.time(),
        }
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = read_lock(self.plan)
                if holder is not None and holder.pid == os.getpid() and holder.host == me["host"]:
                    raise PlanLockedError(self.plan, "already open in this window") from None
                if holder is not None and not is_stale(self.plan, holder):
                    raise PlanLockedError(
                        self.plan,
                        f"open in another RELM Desktop by {holder.user} on {holder.host} "
                        f"(process {holder.pid})",
                    ) from None
                self.recovered_from = holder
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(me, fh)
            self.held = True
            return
        raise PlanLockedError(self.plan, "could not take the lock (another instance raced us)")

    def refresh(self) -> None:
        """Heartbeat: tell other instances we are still alive."""
        if self.held:
            with contextlib.suppress(OSError):
                os.utime(self.path)

    def release(self) -> None:
        if self.held:
            holder = read_lock(self.plan)
            if holder is not None and holder.pid == os.getpid():
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
            self.held = False
