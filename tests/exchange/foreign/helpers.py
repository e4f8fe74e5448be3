"""Workbooks built the way other people lay them out, for the foreign-reading tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def book(path: Path, rows: list[list[object]], title: str = "Plan") -> Path:
    """A one-sheet workbook holding ``rows`` from A1."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def names(parsed: object) -> list[str]:
    return [t.values["name"] for t in parsed.rows["task"]]  # type: ignore[attr-defined]


def task(parsed: object, name: str) -> dict[str, object]:
    found = [t for t in parsed.rows["task"] if t.values["name"] == name]  # type: ignore[attr-defined]
    assert found, name
    values: dict[str, object] = found[0].values
    return values
