"""One writer per plan: an OS lock held for as long as the plan is open.

Two instances writing one SQLite file each show a stale picture of the
other's edits, and two names of one file (hard links) even corrupt it, since
SQLite keeps a write-ahead log per name. A writer therefore holds two
``flock`` locks while the plan is open; the OS drops them when the process
ends, however it ends:

- ``.NAME.relm.lock`` next to the plan's real path (symlinks resolved). It
  also holds the JSON holder record (user, host, pid, process start, since)
  for messages, and its mtime is the holder's heartbeat.
- ``DEV-INODE.lock`` in a private local folder: keyed by the file itself, so
  a hard link is the same plan. It carries a copy of the record.

On this host the OS lock alone says whether the holder is alive, whatever
its record's age or pid. A record written on another host (a network share,
where flock may not reach across machines) holds until it has gone
``STALE_AFTER`` seconds without a heartbeat. SQLite's own locks are fcntl
locks on the database file, so that file itself is never locked here.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import time
from pathlib import Path
from typing import NamedTuple

from relm_desktop.store.audit import current_host, current_user
from relm_desktop.store.errors import PlanFileError, PlanLockedError, PlanReadOnlyError

try:
    import fcntl
except ImportError:  # not POSIX: records and heartbeats decide alone
    fcntl = None  # type: ignore[assignment]  # the usual optional-module fallback

HEARTBEAT = 30.0
STALE_AFTER = 120.0
#: How long a ``relm`` command waits for another command holding the plan
#: (commands are short; a window holding it is refused at once).
CLI_WAIT = 60.0
#: A new holder writes its record right after taking the lock; a refused
#: instance reads it for the message, retrying for this long.
_RECORD_WAIT = 1.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: Why a lock file cannot be made or written where the plan is, yet the plan can be read.
_UNWRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT})


class LockInfo(NamedTuple):
    """Who holds a plan, as recorded in its lock file."""

    user: str
    host: str
    pid: int
    since: float
    #: When the process started (clock ticks since boot; Linux), to spot a reused pid.
    started: int | None = None
    #: "gui" for a window, "cli" for a ``relm`` command.
    source: str = "gui"

    def describe(self) -> str:
        who = f"{self.user} on {self.host} (process {self.pid})"
        if self.source == "cli":
            return f"in use by a relm command of {who}"
        return f"open in another RELM Desktop by {who}"


def lock_path(plan: Path) -> Path:
    """The lock file (and holder record) next to the plan's real file."""
    real = Path(os.path.realpath(plan))
    return real.with_name(f".{real.name}.lock")


def _parse(text: str) -> LockInfo | None:
    try:
        raw = json.loads(text)
        started = raw.get("started")
        return LockInfo(
            str(raw["user"]),
            str(raw["host"]),
            int(raw["pid"]),
            float(raw["since"]),
            None if started is None else int(started),
            str(raw.get("source", "gui")),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_lock(plan: Path) -> LockInfo | None:
    """The holder record next to ``plan`` (None when there is none or it is unreadable)."""
    try:
        return _parse(lock_path(plan).read_text("utf-8"))
    except OSError:
        return None


def process_start(pid: int) -> int | None:
    """When ``pid`` started, in clock ticks since boot (None where /proc is missing)."""
    try:
        line = Path(f"/proc/{pid}/stat").read_text("utf-8", "replace")
        # The command name (field 2) may hold spaces and ")": count from its end.
        return int(line[line.rindex(")") + 2 :].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def holder_alive(info: LockInfo) -> bool:
    """Whether a same-host record's process still runs (when no OS lock can tell)."""
    if os.name != "posix":
        return True  # os.kill would end the process there; the record's age decides
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    if info.started is None:
        return True
    started = process_start(info.pid)
    return started is None or started == info.started


def _runtime_dir() -> Path | None:
    """A private local folder for the inode-keyed locks (None when none is safe).

    Chosen without looking at the environment, so a command run over ssh or
    from cron and a window on the desktop use the same folder.
    """
    if fcntl is None:
        return None
    uid = os.getuid()
    run = Path(f"/run/user/{uid}")
    folder = run / "relm-locks" if run.is_dir() else Path(f"/tmp/relm-locks-{uid}")
    return private_folder(folder, uid)


def private_folder(folder: Path, uid: int) -> Path | None:
    """``folder``, made 0700 if missing, when it is a real directory ``uid`` owns; else None.

    In a shared /tmp another user could have made it first, or planted a symlink.
    """
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid:
        return None
    return folder


def inode_lock_path(plan: Path) -> Path | None:
    """The lock file keyed by the plan's device and inode (None: no file, or no folder)."""
    folder = _runtime_dir()
    try:
        key = os.stat(plan)
    except OSError:
        return None
    return None if folder is None else folder / f"{key.st_dev:x}-{key.st_ino:x}.lock"


def _names_live_holder(record: LockInfo, age: float, flocked: bool) -> bool:
    """Whether a record in a lock file we could open still names a live holder.

    ``flocked``: we got the OS lock on the file, so on this host its holder is gone.
    """
    if record.host != current_host():
        # The OS lock may not reach that machine: only its heartbeat tells.
        return age <= STALE_AFTER
    return not flocked and holder_alive(record)


_HELD, _BUSY, _NO_FLOCK = "held", "busy", "no flock"


class _LockFile:
    """An flock on one file, re-taken if the file was replaced while we waited for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.record = b""

    def take(self) -> str:
        """Open and lock the file: _HELD, _BUSY (another open file holds it) or _NO_FLOCK."""
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o644)
                writable = True
            except PermissionError:  # another user's file: lockable, not writable
                fd = os.open(self.path, os.O_RDONLY | _NOFOLLOW)
                writable = False
            status = _HELD
            try:
                if fcntl is None:
                    status = _NO_FLOCK
                else:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return _BUSY
            except OSError as exc:
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                    os.close(fd)
                    raise
                status = _NO_FLOCK
            # A releasing holder unlinks the file: if that happened between our
            # open and our flock, the lock is on a file nobody else can find.
            if not self._at_path(fd):
                os.close(fd)
                continue
            self.fd = fd
            if writable:
                return status
            # Another user's file, which we cannot write our record into: if
            # its holder is gone, remove it (while still locking it) and make ours.
            record = self.read()
            self.fd = None
            age = time.time() - os.fstat(fd).st_mtime
            if record is not None and _names_live_holder(record, age, status == _HELD):
                os.close(fd)
                return _BUSY
            self.path.unlink()
            os.close(fd)

    def _at_path(self, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
        except FileNotFoundError:
            return False

    def read(self) -> LockInfo | None:
        if self.fd is None:
            return None
        with contextlib.suppress(OSError):
            os.lseek(self.fd, 0, os.SEEK_SET)
            return _parse(os.read(self.fd, 65536).decode("utf-8", "replace"))
        return None

    def age(self) -> float:
        assert self.fd is not None
        return time.time() - os.fstat(self.fd).st_mtime

    def write(self, record: bytes) -> None:
        assert self.fd is not None
        os.ftruncate(self.fd, 0)
        os.lseek(self.fd, 0, os.SEEK_SET)
        os.write(self.fd, record)
        self.record = record

    def ours(self) -> bool:
        """Whether the file at the path is ours and still names us."""
        if self.fd is None or not self._at_path(self.fd):
            return False
        try:
            return self.path.read_bytes() == self.record
        except OSError:
            return False

    def touch(self) -> None:
        assert self.fd is not None
        if os.utime in os.supports_fd:
            os.utime(self.fd)
        else:
            os.utime(self.path)

    def release(self) -> None:
        """Remove the file only while it is still ours, then drop the lock."""
        if self.fd is None:
            return
        if self.ours():
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(self.fd)  # closing drops the flock
        self.fd = None


_UNKNOWN = LockInfo("someone", "an unknown host", 0, 0.0)
#: The lock file went away while we read it: its holder just let go.
_VANISHED = LockInfo("", "", 0, 0.0)


def _holder_of(path: Path) -> LockInfo:
    """The record of a lock another process holds (it may still be writing it)."""
    deadline = time.monotonic() + _RECORD_WAIT
    while True:
        try:
            info = _parse(path.read_text("utf-8"))
        except FileNotFoundError:
            return _VANISHED
        except OSError:
            info = None
        if info is not None:
            return info
        if time.monotonic() >= deadline:
            return _UNKNOWN
        time.sleep(0.02)


class PlanLock:
    """Holds the lock of one plan file while it is open for writing."""

    def __init__(self, plan: Path, *, source: str = "gui") -> None:
        self.plan = Path(plan)
        self.path = lock_path(self.plan)
        self.source = source
        self.held = False
        self.recovered_from: LockInfo | None = None
        self._files: list[_LockFile] = []

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, or raise PlanLockedError naming the live holder.

        A holder that is a ``relm`` command is waited for up to ``wait`` seconds.
        """
        deadline = time.monotonic() + wait
        while True:
            holder = self._try()
            if holder is None:
                self.held = True
                return
            if holder is _VANISHED:
                continue
            if holder.pid == os.getpid() and holder.host == current_host():
                raise PlanLockedError(self.plan, "already open in this window")
            if holder.source != "cli" or time.monotonic() >= deadline:
                raise PlanLockedError(self.plan, holder.describe())
            time.sleep(0.1)

    def _try(self) -> LockInfo | None:
        """Take both locks: None when taken, else who holds the plan (nothing is kept)."""
        if not self.plan.exists():
            raise PlanFileError(self.plan, "no such file")
        files: list[_LockFile] = []
        inode = inode_lock_path(self.plan)
        if inode is not None:
            files.append(_LockFile(inode))
        sidecar = _LockFile(self.path)
        files.append(sidecar)
        taken: list[_LockFile] = []
        holder: LockInfo | None = None
        try:
            status = _NO_FLOCK
            for file in files:  # always in this order, so two takers cannot each get one
                try:
                    status = file.take()
                except OSError as exc:
                    # Read-only media or folder, a full disk: the plan can still be read.
                    error = PlanReadOnlyError if exc.errno in _UNWRITABLE else PlanFileError
                    raise error(
                        self.plan, f"cannot use the lock file {file.path} ({exc.strerror or exc})"
                    ) from None
                if status == _BUSY:
                    holder = _holder_of(file.path)
                    break
                taken.append(file)
            else:
                previous = sidecar.read()
                flocked = status == _HELD
                if previous is not None and _names_live_holder(previous, sidecar.age(), flocked):
                    holder = previous
                else:
                    record = json.dumps(self._me()._asdict()).encode("utf-8")
                    for file in taken:
                        try:
                            file.write(record)
                        except OSError as exc:  # a full disk: say so, not a bare errno
                            raise PlanReadOnlyError(
                                self.plan,
                                f"cannot write the lock file {file.path} ({exc.strerror or exc})",
                            ) from None
                    self._files, self.recovered_from = taken, previous
                    return None
        except BaseException:
            for file in reversed(taken):
                file.release()
            raise
        for file in reversed(taken):
            file.release()
        return holder

    def _me(self) -> LockInfo:
        pid = os.getpid()
        return LockInfo(
            current_user(), current_host(), pid, time.time(), process_start(pid), self.source
        )

    def refresh(self) -> bool:
        """Heartbeat: tell instances on other hosts we are still here.

        False when the lock is no longer ours (another host took it over).
        """
        if not self.held or not self._files:
            return False
        sidecar = self._files[-1]
        if not sidecar.ours():
            return False
        with contextlib.suppress(OSError):
            sidecar.touch()
        return True

    def release(self) -> None:
        """Drop the lock; remove only the files that are still ours."""
        for file in reversed(self._files):
            file.release()
        self._files = []
        self.held = False
