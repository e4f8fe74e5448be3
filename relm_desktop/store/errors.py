"""Errors the store raises; each names the file and the problem in one line."""

from __future__ import annotations

from pathlib import Path


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
