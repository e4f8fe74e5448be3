"""The pure parts of the pack: readiness, facts, risks, decisions, change filter, geometry."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from relm_desktop.domain.enums import GateStatus
from relm_desktop.domain.rules import readiness
from relm_desktop.reports.context import GO, NO_GO, PENDING, PackContext
from relm_desktop.reports.fasttable import fast_table, wrap_text
from relm_desktop.reports.fonts import text_width
from relm_desktop.reports.gantt import gantt_rows, wrap_label
from relm_desktop.reports.heatmap import cells
from relm_desktop.reports.options import PackOptions, Section
from relm_desktop.reports.timescale import TimeScale, next_unit, unit_start
from tests.reports.pack_factory import TODAY, make_plan


def gate(status: GateStatus) -> SimpleNamespace:
    return SimpleNamespace(status=status)


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ([GateStatus.PASSED, GateStatus.WAIVED], GO),
        ([GateStatus.PASSED, GateStatus.FAILED, GateStatus.PENDING], NO_GO),
        ([GateStatus.PASSED, GateStatus.PENDING], PENDING),
        ([], PENDING),
    ],
)
def test_readiness_from_gates(states: list[GateStatus], expected: str) -> None:
    assert readiness([gate(s) for s in states]).status.label == expected


def context(release: int | None = 1, **kw: object) -> PackContext:
    data, result, changes = make_plan(30)
    return PackContext(data, result, PackOptions(release_id=release, today=TODAY, **kw), changes)


def test_facts_give_golive_slip_and_lateness() -> None:
    ctx = context()
    facts = ctx.facts(ctx.releases[0])
    golive = next(t for t in ctx.tasks if t.is_golive)
    assert facts.golive == ctx.sched(golive.id).start
    assert facts.slip_days == 7  # the factory's baseline is a week earlier
    assert facts.late_days == (facts.golive - facts.target).days
    assert facts.readiness == NO_GO


def test_top_risks_are_open_and_by_score() -> None:
    ctx = context(release=None, top_risks=3)
    top = ctx.top_risks()
    assert [r.probability * r.impact for r in top] == [20, 12, 12]
    assert all(r.status.value != "closed" for r in top)


def test_decisions_name_the_failed_gate_and_the_occurred_risk() -> None:
    texts = [d.text for d in context().decisions()]
    assert any("Security scan passed" in t and "failed" in t for t in texts)
    assert any("Card network certification slips" in t for t in texts)
    assert any("not rehearsed" in t for t in texts)
    assert context().decisions()[0].severity == 3


def test_changes_of_other_releases_are_left_out() -> None:
    release_one = [c.entity_id for c in context(release=1).changes()]
    release_two = [c.entity_id for c in context(release=2).changes()]
    assert 3 in release_one and 3 not in release_two  # task 3 is in release 1
    assert len(context(release=None).changes()) == 2


def test_sections_follow_the_preset_order() -> None:
    assert PackOptions(preset="executive").chosen()[2] is Section.GATES
    assert PackOptions(sections=(Section.CHANGES, Section.SUMMARY)).chosen() == (
        Section.SUMMARY,
        Section.CHANGES,
    )


def test_gantt_rows_group_releases_and_phases() -> None:
    rows = gantt_rows(context(release=None))
    assert rows[0].kind == "release" and rows[1].kind == "phase"
    assert sum(r.kind == "release" for r in rows) == 2
    assert {r.kind for r in rows} == {"release", "phase", "task", "milestone"}


def test_time_scale_picks_readable_units() -> None:
    weeks = TimeScale.fit(date(2027, 1, 4), date(2027, 4, 30), 0, 500)
    assert (weeks.lower, weeks.upper) == ("week", "month")
    days = TimeScale.fit(date(2027, 1, 4), date(2027, 1, 20), 0, 500)
    assert days.lower == "day"
    years = TimeScale.fit(date(2027, 1, 4), date(2031, 1, 4), 0, 500)
    assert years.lower in ("month", "quarter")
    assert weeks.x(weeks.start) == 0 and abs(weeks.x(weeks.end) - 500) < 1e-6
    assert unit_start(date(2027, 5, 19), "quarter") == date(2027, 4, 1)
    assert next_unit(date(2027, 10, 1), "quarter") == date(2028, 1, 1)


def test_labels_wrap_and_never_exceed_their_width() -> None:
    name = "An extremely long task name " * 10
    lines = wrap_label(name, 200, "RelmSans", 7)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line, 7) <= 200 for line in lines)
    wrapped = wrap_text("Supercalifragilistic" * 5 + " tail", 80)
    assert "".join(wrapped).replace(" ", "") == ("Supercalifragilistic" * 5 + "tail")
    assert all(text_width(line, 8) <= 80 for line in wrapped)


def test_heat_map_cells_collect_ids() -> None:
    grid = cells([("R1", 4, 5), ("R2", 4, 5), ("R3", 1, 1)])
    assert grid[(4, 5)] == ["R1", "R2"] and grid[(1, 1)] == ["R3"]


def test_fast_table_splits_by_rows_and_repeats_its_header() -> None:
    table = fast_table(["Task", "Days"], [[f"Task {i}", str(i)] for i in range(100)], [200, 40])
    first, rest = table.split(300, 200)
    assert first.first == 0 and rest.first == first.last
    assert first.height <= 200
    assert rest.height == table.body.header_h + table.body.tops[100] - table.body.tops[rest.first]
