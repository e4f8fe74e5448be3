"""Alembic, driven from code: the plan file's schema revision and upgrades."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Alembic is imported only when a migration runs: it costs ~0.5 s.
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at our migrations; ``connection`` is reused if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script().get_current_head()
    assert head is not None, "no migrations found"
    return head


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision this version knows, oldest first.

    Read from the migration files' ``revision``/``down_revision`` lines rather
    than through Alembic, so opening a current plan does not import Alembic.
    """
    import re

    chain: dict[str | None, str] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text("utf-8")
        rev = re.search(r"^revision: str = [\"']([^\"']+)", text, re.M)
        down = re.search(r"^down_revision: str \| None = (?:[\"']([^\"']+)|None)", text, re.M)
        if rev and down:
            chain[down.group(1)] = rev.group(1)
    ordered: list[str] = []
    parent: str | None = None
    while parent in chain:
        parent = chain[parent]
        ordered.append(parent)
    return tuple(ordered)


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def upgrade_engine(engine: Engine) -> None:
    """Upgrade a plan's schema in one transaction, as SQLite's table rebuild needs it.

    A migration that rebuilds a table (``batch_alter_table``) drops the old one,
    and with foreign keys on that drop would cascade into every referring row. So,
    as SQLite's documented ALTER procedure says, foreign keys are off during the
    upgrade (the pragma is ignored inside a transaction, hence outside it) and
    checked before the commit.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.commit()  # SQLAlchemy's autobegun transaction; sqlite3 began none
        try:
            with connection.begin():
                upgrade(connection)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the upgrade broke {len(broken)} references")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()
