"""Errors the store raises; each names the file and the problem in one line."""

from __future__ import annotations

from pathlib import Path


def shown(value: object, limit: int = 40) -> str:
    """A value read from an untrusted file, fit for a one-line message.

    Cut to ``limit`` characters, then escaped like ``repr`` (no newlines, no
    terminal escapes, no invisible or bidirectional controls) and unquoted.
    """
    text = value if isinstance(value, str) else repr(value)
    cut = text[:limit]
    escaped = repr(cut)[1:-1] if not cut.isprintable() else cut
    return escaped + ("…" if len(text) > limit else "")


class PlanFileError(Exception):
    """A plan file cannot be opened or written; the file is left as it was."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


class NewerSchemaError(PlanFileError):
    """The file was written by a newer RELM Desktop."""


class NotAPlanError(PlanFileError):
    """The file is not a RELM plan (not SQLite, or another application's database)."""


class UnsafePlanError(PlanFileError):
    """The file carries objects that could run code or hide data (triggers, views)."""


class PlanLockedError(PlanFileError):
    """Another running instance holds the plan."""


class PlanReadOnlyError(PlanFileError):
    """The plan is sound but cannot be written where it is (read-only media or
    folder, full disk); it can still be opened read-only."""


class BrokenReferencesError(Exception):
    """Rows of an open plan refer to rows that are missing (edited outside RELM).

    Raised when the plan is read, where the file's path is not known; the
    caller names the file.
    """
