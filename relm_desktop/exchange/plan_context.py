"""What a workbook of some releases carries of the rest of the plan it came from.

A one-release export leaves out the other releases, yet they shape its schedule:
float is measured to the whole plan's finish, a predecessor in another release
drives a start, a successor there bounds a late finish. The workbook shows each as
a grey value (Plan finish, Not before, Needed by); a plan the workbook is imported
into that lacks those releases keeps them, as its float horizon and as the tasks'
outside start and finish (dates the scheduler honours beside the task's own
constraint, as MS Project does an external task's), and says so, so that the
releases schedule there as they did at home.
"""

from __future__ import annotations

from relm_desktop.exchange.xlsx.letters import column_letter
from relm_desktop.exchange.xlsx.model import ImportedRow, ParsedImport, Problem, Severity


def column_named(parsed: ParsedImport, sheet: str, field: str, header: str) -> str:
    """A column as problems name it: ``C (Phase)``, or the header alone."""
    col = parsed.columns.get(sheet, {}).get(field)
    return header if col is None else f"{column_letter(col)} ({header})"


def keep_float_horizon(parsed: ParsedImport, *, plan_has_releases: bool) -> None:
    """A brand-new plan made from a workbook of some releases measures float where the
    plan they came from did (its "Plan finish"), not to the end of these releases alone.

    Only into a plan without releases: an existing plan keeps its own horizon, so an
    import never changes the float of releases the workbook does not hold.
    """
    if parsed.all_releases or parsed.plan_finish is None or plan_has_releases:
        return
    for row in parsed.rows.get("plan_info", ()):
        if row.values.get("horizon") is None:
            row.values["horizon"] = parsed.plan_finish
            parsed.problems.append(
                Problem(
                    row.sheet,
                    row.row,
                    None,
                    f"float is measured to {parsed.plan_finish.isoformat()}, the finish of the "
                    "whole plan these releases came from (Float horizon)",
                    Severity.INFO,
                )
            )


def keep_needed_by(parsed: ParsedImport) -> None:
    """From another plan, a task that a task of a release left out needed by a day keeps
    that day as its outside finish, so its float stays what the releases it feeds allow;
    its own constraint and actuals stay as they are, beside it."""
    for row in parsed.rows.get("task", ()):
        day = parsed.needed_by.get(row.key)
        if day is None:
            continue
        row.values["outside_finish"] = day
        parsed.problems.append(
            Problem(
                row.sheet,
                row.row,
                column_named(parsed, row.sheet, "needed_by", "Needed by"),
                f"a task outside this workbook needs it finished by {day.isoformat()}: "
                "the task keeps that date as one set from outside the plan",
                Severity.WARNING,
            )
        )


def keep_start(parsed: ParsedImport, row: ImportedRow) -> str | None:
    """The start a task whose outside predecessor is left out keeps (as MS Project keeps an
    external task's dates), as its outside start, beside its own constraint and actuals;
    how a message names it, or None when the workbook shows no start."""
    shown = parsed.shown_starts.get(row.key)
    if shown is None:
        return None
    day, at_end = shown
    row.values["outside_start"] = day
    row.values["outside_day_end"] = at_end
    return f"the end of {day.isoformat()}" if at_end else day.isoformat()


def keep_not_before(parsed: ParsedImport) -> None:
    """From another plan, a task whose Not before is shown without a link outside (it
    was itself made from a one-release workbook) keeps that outside start too."""
    for row in parsed.rows.get("task", ()):
        if row.key not in parsed.shown_starts or "outside_start" in row.values:
            continue
        kept_at = keep_start(parsed, row)
        parsed.problems.append(
            Problem(
                row.sheet,
                row.row,
                column_named(parsed, row.sheet, "outside_start", "Not before"),
                f"the task keeps its start, not before {kept_at}, as one set from outside the plan",
                Severity.INFO,
            )
        )


def ref_label(key: str) -> str:
    """A link reference as a person reads it: the task's ID, or "row N"."""
    if key.startswith("task:"):
        return key[5:]
    return f"row {key[4:]}" if key.startswith("row:") else key


def drop_outside_links(parsed: ParsedImport) -> None:
    """From another plan, a predecessor outside the workbook names no task here: left out."""
    keys = {row.key: row for row in parsed.rows.get("task", [])}
    for key, refs in parsed.links.items():
        kept = [r for r in refs if r.predecessor in keys]
        if len(kept) == len(refs):
            continue
        parsed.links[key] = kept
        row = keys.get(key)
        if row is None:
            continue
        outside = ", ".join(ref_label(r.predecessor) for r in refs if r.predecessor not in keys)
        kept_at = keep_start(parsed, row)
        parsed.problems.append(
            Problem(
                row.sheet,
                row.row,
                column_named(parsed, row.sheet, "predecessors", "Predecessors"),
                f"predecessor {outside} is not in this workbook, which comes from another "
                "plan: that link is left out"
                + (
                    f"; the task keeps its start, not before {kept_at}, as one set from "
                    "outside the plan"
                    if kept_at is not None
                    else ""
                ),
                Severity.WARNING,
            )
        )
