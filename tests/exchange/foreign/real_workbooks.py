"""How many real workbooks import as a person reads them.

Run ``python -m tests.exchange.foreign.real_workbooks`` for the figure and the failures.

Each workbook (.xlsx, or .ods read by the interchange import) under
``tests/data/corpus/foreign`` (and the older corpus under ``tests/data/corpus/xlsx``)
has expectations written by reading the file before the importer ran: sheet,
header row, task and phase counts, some tasks' values, the number of links, or
that it holds no schedule. A workbook passes when the import matches them with
no error; the rest say why.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from relm_desktop.services import excel
from relm_desktop.services.formats import FormatError
from relm_desktop.services.interchange import read_foreign

#: The suffixes judged; an .ods file goes through File ▸ Import From Other Tools.
SUFFIXES = (".xlsx", ".ods")

DATA = Path(__file__).resolve().parents[2] / "data"
SETS = (
    (DATA / "corpus" / "foreign", DATA / "corpus" / "foreign"),
    (DATA / "corpus" / "xlsx", DATA / "xlsx_expectations"),
)


def workbooks() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for folder, expectations in SETS:
        for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES):
            expected = json.loads((expectations / f"{path.stem}.json").read_text("utf-8"))
            found.append((path, expected))
    return found


def judge(path: Path, expected: dict[str, Any]) -> str | None:
    """None when ``path`` imports as ``expected`` says, else what differs."""
    try:
        xlsx = path.suffix == ".xlsx"
        parsed = excel.read_workbook(path) if xlsx else read_foreign(path).parsed
    except FormatError as exc:
        return None if expected.get("no_schedule") else f"refused: {exc}"
    if expected.get("no_schedule"):
        return "imported, but it holds no schedule"
    if "errors" in expected:
        return None if parsed.errors else "imported a faulty file without an error"
    if parsed.errors:
        return f"errors: {parsed.errors[0]}"
    assert parsed.mapping is not None
    where = (parsed.mapping.sheet, parsed.mapping.header_row)
    if where != (expected["sheet"], expected["header_row"]):
        return f"read {where}, not {(expected['sheet'], expected['header_row'])}"
    tasks = parsed.rows["task"]
    phases = [p.values["name"] for p in parsed.rows.get("phase", [])]
    wrong = []
    if len(tasks) != expected["tasks"]:
        wrong.append(f"{len(tasks)} tasks, not {expected['tasks']}")
    if len(phases) != expected["phases"]:
        wrong.append(f"{len(phases)} phases, not {expected['phases']}")
    wrong += [f"no phase {n!r}" for n in expected.get("phase_names", []) if n not in phases]
    if "milestones" in expected:
        got = sum(t.values["duration"] == 0 for t in tasks)
        if got != expected["milestones"]:
            wrong.append(f"{got} milestones, not {expected['milestones']}")
    for check in expected.get("checks", expected.get("task_checks", [])):
        found = [t for t in tasks if t.values["name"] == check["name"]]
        if not found:
            wrong.append(f"no task {check['name']!r}")
            continue
        for field, value in check.items():
            got = found[0].values.get(field)
            if field == "constraint_date" and value:
                value = date.fromisoformat(value)
            if field != "name" and (got or "") != (value or ""):
                wrong.append(f"{check['name']!r} {field} {got!r}, not {value!r}")
    links = sum(len(refs) for refs in parsed.links.values())
    if links != expected["links"]:
        wrong.append(f"{links} links, not {expected['links']}")
    return "; ".join(wrong) or None


def main() -> int:
    results = [(path, judge(path, expected)) for path, expected in workbooks()]
    for path, why in results:
        print(
            f"{'ok  ' if why is None else 'FAIL'} {path.parent.name}/{path.name}"
            + (f": {why}" if why else "")
        )
    passed = sum(why is None for _path, why in results)
    print(
        f"{passed} of {len(results)} real workbooks import as a person reads them "
        f"({passed / len(results):.0%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
