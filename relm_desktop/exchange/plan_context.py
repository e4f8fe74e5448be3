"""What a workbook of some releases carries of the rest of the plan it came from.

A one-release export leaves out the other releases, yet they shape its schedule:
float is measured to the whole plan's finish, a predecessor in another release
drives a start, a successor there bounds a late finish. The workbook shows each as
a grey value (Plan finish, Start, Needed by); a plan the workbook is imported into
that lacks those releases keeps them, as a float horizon or a constraint, and says
so, so that the releases schedule there as they did at home.
"""

from __future__ import annotations

from datetime import date

from relm_desktop.domain.enums import ConstraintType
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
    that day as a Finish-no-later-than, so its float stays what the releases it feeds
    allow; a task with a constraint or actual start of its own is only told about."""
    for row in parsed.rows.get("task", ()):
        day = parsed.needed_by.get(row.key)
        if day is None:
            continue
        values = row.values
        own = values.get("constraint_type") or values.get("actual_start")
        if not own:
            values["constraint_type"] = ConstraintType.FINISH_NO_LATER_THAN
            values["constraint_date"] = day
        parsed.problems.append(
            Problem(
                row.sheet,
                row.row,
                column_named(parsed, row.sheet, "needed_by", "Needed by"),
                f"a task outside this workbook needs it finished by {day.isoformat()}: "
                + (
                    "its own constraint or actual start is kept instead"
                    if own
                    else f"kept as Finish no later than {day.isoformat()}"
                ),
                Severity.WARNING,
            )
        )


def keep_start(parsed: ParsedImport, row: ImportedRow) -> date | None:
    """The start a task whose outside predecessor is left out keeps (as MS Project keeps an
    external task's dates), as a Start-no-earlier-than; None when it has a constraint or
    an actual start of its own, or the workbook shows no start."""
    shown = parsed.shown_starts.get(row.key)
    values = row.values
    if shown is None or values.get("constraint_type") or values.get("actual_start"):
        return None
    values["constraint_type"] = ConstraintType.START_NO_EARLIER_THAN
    values["constraint_date"] = shown
    return shown
