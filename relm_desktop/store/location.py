"""Whether a plan location is a server URL: kept apart from ``store.server`` so that
parsing a command line imports no SQLAlchemy (tests/cli/test_startup.py)."""

from __future__ import annotations

import re
from pathlib import PurePath

_SCHEME = re.compile(r"^(postgresql|postgres)(\+psycopg)?:/+", re.IGNORECASE)


def is_server_location(location: object) -> bool:
    """True for a PostgreSQL URL; a path (or a str naming a file) is False.

    A URL that went through ``Path`` (which folds ``//`` into ``/``) still counts.
    """
    return isinstance(location, (str, PurePath)) and bool(_SCHEME.match(str(location)))


def server_location(location: object) -> str:
    """The URL text, with the ``//`` a ``Path`` folded put back."""
    return _SCHEME.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}://", str(location), count=1)
