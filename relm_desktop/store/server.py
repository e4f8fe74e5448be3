"""Plans on a PostgreSQL server: locations, engines, opening and live change notices.

A plan location is a file path or a ``postgresql://`` URL (libpq options such as
``host=/socket``, ``port``, ``sslmode`` ride in its query). The same models and
Alembic migrations make and upgrade the schema there as in a file.

Credentials never live in a plan or in the app's settings: a URL shown, kept in
the recent list or in an offline copy has its password taken out, and the
password comes from the ``keyring`` package (the desktop's secret store) or from
libpq's own ``~/.pgpass`` and service files, which psycopg reads itself.
"""

from __future__ import annotations

import os
import select
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from relm_desktop.store.errors import NewerSchemaError, NotAPlanError, PlanFileError, shown
from relm_desktop.store.location import is_server_location, server_location
from relm_desktop.store.migrate import head_revision, known_revisions, upgrade_engine
from relm_desktop.store.notices import (
    CHANNEL,
    News,
    announce,
    announce_everything,
    parse_notices,
    rows_payload,
)

if TYPE_CHECKING:
    from relm_desktop.store.database import PlanStore

KEYRING_SERVICE = "relm-desktop"


def _url(location: str) -> URL:
    try:
        url = make_url(location)
    except Exception as exc:  # SQLAlchemy's ArgumentError, ValueError on a bad port
        raise PlanFileError(public_url(location), f"not a PostgreSQL URL ({exc})") from None
    return url.set(drivername="postgresql+psycopg")


def public_url(location: str) -> str:
    """The URL without its password: what may be shown, kept in settings or in a file."""
    try:
        url = make_url(location)
    except Exception:
        return location.split("@")[-1]
    if url.password is None:
        return location
    bare = URL.create(
        url.drivername, url.username, None, url.host, url.port, url.database, url.query
    )
    text = bare.render_as_string(hide_password=False)
    return text.replace("postgresql+psycopg://", "postgresql://", 1)


def keyring_key(location: str) -> str:
    """The name a password is kept under in the keyring: user@host:port/database."""
    url = make_url(location)
    host = url.host or url.query.get("host") or "localhost"
    port = url.port or url.query.get("port") or 5432
    return f"{url.username or ''}@{host}:{port}/{url.database or ''}"


def stored_password(location: str) -> str | None:
    """The keyring's password for this server and role, if the keyring has one."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # libpq's own files still work
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(location))
    except (KeyringError, RuntimeError):  # no secret service on this desktop
        return None


def remember_password(location: str, password: str) -> bool:
    """Keep ``password`` in the keyring (never in a plan or QSettings); False if none works."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(location), password)
    except (KeyringError, RuntimeError):
        return False
    return True


def session_tag() -> str:
    """This process's and store's name on the server (``application_name``): a window
    ignores the change notices its own edits cause."""
    return f"relm-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def make_server_engine(location: str, tag: str) -> Engine:
    url = _url(location)
    if url.password is None and url.username:
        password = stored_password(location)
        if password is not None:
            url = url.set(password=password)
    engine = create_engine(url, connect_args={"application_name": tag, "connect_timeout": 10})
    announce(engine, tag)  # name the rows each commit writes; ping only idle links
    return engine


def _revision(engine: Engine, where: str) -> str | None:
    """The schema revision on the server; None for an empty database."""
    try:
        with engine.connect() as con:
            names = set(inspect(con).get_table_names())
            if "alembic_version" not in names:
                if names - {"alembic_version"}:
                    raise NotAPlanError(where, "this database holds something other than a plan")
                return None
            row = con.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
    except SQLAlchemyError as exc:
        raise PlanFileError(where, f"cannot reach the server ({server_problem(exc)})") from None
    return row[0] if row else None


def server_problem(exc: BaseException) -> str:
    """The server's own words for a failure, in one line."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return shown(text[0] if text else type(orig).__name__, 200)


def can_write(engine: Engine) -> bool:
    """Whether the role may change plan rows (a reader's role opens plans read-only)."""
    with engine.connect() as con:
        row = con.exec_driver_sql(
            "SELECT has_table_privilege(current_user, 'task', 'UPDATE') "
            "AND has_table_privilege(current_user, 'change_record', 'INSERT')"
        ).fetchone()
    return bool(row and row[0])


def create_server_plan(location: str, tag: str) -> Engine:
    """The schema at head in an empty database (the caller fills plan_info)."""
    where = public_url(location)
    engine = make_server_engine(location, tag)
    try:
        if _revision(engine, where) is not None:
            raise PlanFileError(where, "already holds a plan")
        upgrade_engine(engine)  # one transaction: PostgreSQL's DDL rolls back whole
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_server_engine(location: str, tag: str, *, readonly: bool) -> tuple[Engine, bool]:
    """An engine on a server plan, upgraded to head if older; and whether it is writable.

    A schema from a newer RELM is refused and left alone; an older one is
    upgraded in one transaction (PostgreSQL rolls DDL back whole on failure,
    so no backup copy is needed here: the server's own backups apply).
    """
    where = public_url(location)
    engine = make_server_engine(location, tag)
    try:
        revision = _revision(engine, where)
        if revision is None:
            raise NotAPlanError(where, "this database holds no plan (`relm copy` publishes one)")
        known = known_revisions()
        if revision not in known:
            raise NewerSchemaError(
                where, f"written by a newer RELM Desktop (schema {shown(revision)}); update RELM"
            )
        writable = can_write(engine)
        if revision != head_revision():
            if readonly or not writable:
                raise PlanFileError(where, "needs a schema upgrade by a role that may write it")
            upgrade_engine(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine, writable and not readonly


class ChangeListener:
    """Change notices from the server (LISTEN): other sessions' commits on this plan.

    ``receive`` (and ``poll``) are cheap (no round trip) and never block; the
    GUI calls them from a timer. This store's own notices are ignored.
    """

    def __init__(self, location: str, own_tag: str) -> None:
        import psycopg

        self.own_tag = own_tag
        url = _url(location)
        if url.password is None and url.username:
            url = url.set(password=stored_password(location))
        params: dict[str, Any] = {
            "host": url.host or url.query.get("host"),
            "port": url.port or url.query.get("port"),
            "user": url.username,
            "password": url.password,
            "dbname": url.database,
            "application_name": f"{own_tag}-listen",
            "autocommit": True,
        }
        for key, value in url.query.items():
            if key not in ("host", "port"):
                params[key] = value
        self._con = psycopg.connect(**{k: v for k, v in params.items() if v is not None})
        self._con.execute(f"LISTEN {CHANNEL}")

    def receive(self) -> News:
        """What the other sessions committed since the last look, and which rows."""
        # What the server has sent is read off the socket: no round trip (a window
        # asks twice a second). Something else there (an error, the end of the
        # connection) is brought out by a query: a connection gone raises here.
        found = [notice.payload for notice in self._con.notifies(timeout=0)]
        if not found and select.select([self._con.fileno()], [], [], 0)[0]:
            self._con.execute("SELECT 1")
        return parse_notices(found, self.own_tag)

    def poll(self) -> list[str]:
        """The tags of the other sessions that committed since the last poll."""
        return list(self.receive().tags)

    def fileno(self) -> int:
        return int(self._con.fileno())

    def close(self) -> None:
        self._con.close()


__all__: list[str] = [
    "CHANNEL",
    "ChangeListener",
    "News",
    "announce_everything",
    "can_write",
    "create_server_plan",
    "create_server_store",
    "is_server_location",
    "keyring_key",
    "make_server_engine",
    "open_server_engine",
    "open_server_store",
    "parse_notices",
    "public_url",
    "remember_password",
    "rows_payload",
    "server_location",
    "server_problem",
    "session_tag",
    "stored_password",
]


def open_server_store(location: str, *, readonly: bool = False) -> PlanStore:
    """A store on a server plan; a role without write rights gets a read-only one."""
    tag = session_tag()
    engine, writable = open_server_engine(location, tag, readonly=readonly)
    return _store(engine, location, tag, writable=writable, asked_readonly=readonly)


def create_server_store(location: str) -> PlanStore:
    tag = session_tag()
    return _store(create_server_plan(location, tag), location, tag, writable=True)


def _store(
    engine: Engine, location: str, tag: str, *, writable: bool, asked_readonly: bool = False
) -> PlanStore:
    from relm_desktop.store.database import PlanStore
    from relm_desktop.store.versions import Versions

    url = public_url(location)
    store = PlanStore(engine, None, readonly=not writable)
    store.url = url
    store.tag = tag
    store.versions = Versions(url)
    if not writable and not asked_readonly:
        store.readonly_why = "your server role may only read this plan; opened read-only"
    return store
