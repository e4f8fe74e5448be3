"""A throwaway PostgreSQL cluster on a unix socket, for the tests that need a server.

Debian's ``postgresql`` package gives ``initdb`` and ``pg_ctl``; as root they
refuse to run, so the cluster is made and run as the ``postgres`` user (or, if
absent, ``nobody``) in a temp folder that user owns. Qt-free: the core tests use it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.tools import missing

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _tool(name: str) -> str:
    for folder in PG_BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed (Debian: apt-get install postgresql)")
    return found


@dataclass(frozen=True)
class Cluster:
    """A running cluster: its socket folder and port; ``url`` names a database on it."""

    socket_dir: Path
    port: int

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user="postgres",
            dbname=database,
            autocommit=True,
        ) as con:
            con.execute(sql.encode())  # test-only DDL, built from our own names

    def new_database(self) -> str:
        name = f"plan_{uuid.uuid4().hex[:10]}"
        self.admin(f'CREATE DATABASE "{name}"')
        return name


def _runner() -> list[str]:
    """The prefix that runs a command as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    return missing("no unprivileged user to run PostgreSQL as")


def _owner() -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    for user in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    return None


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """initdb + pg_ctl start in a temp folder; stopped (immediate) and removed afterwards."""
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        missing(f"psycopg cannot be imported: {exc}")
    root = Path(tempfile.mkdtemp(prefix="relm-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    owner = _owner()
    if owner is not None:
        for path in (root, sock):
            os.chown(path, *owner)
    run = _runner()
    port = 40000 + os.getpid() % 20000
    try:
        subprocess.run(
            [*run, initdb, "-A", "trust", "-U", "postgres", "-E", "UTF8", "-D", str(data)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *run,
                pg_ctl,
                "-D",
                str(data),
                "-l",
                str(root / "log"),
                "-w",
                "-o",
                f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off",
                "start",
            ],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        why = exc.stderr.decode(errors="replace")
        raise RuntimeError(f"PostgreSQL did not start: {why}") from None
    try:
        yield Cluster(sock, port)
    finally:
        subprocess.run(
            [*run, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)
