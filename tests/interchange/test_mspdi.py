"""MS Project XML: the corpus files import as read by hand; export → import keeps the schedule."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.exchange.msproject.calendar import calendar_chain, days_off
from relm_desktop.exchange.msproject.read import read_mspdi
from relm_desktop.services.plan import PlanService
from tests.interchange.conftest import MSPDI, build_release_plan
from tests.tools import require_tool


def _tasks(name: str) -> dict[str, dict[str, object]]:
    plan = read_mspdi(MSPDI / name)
    return {t.label: t.values for t in plan.parsed.rows["task"]}


def _schedule(path: Path) -> dict[str, tuple[date, date, int]]:
    service = PlanService.open(path, readonly=True, source="test")
    data, result = service.schedule()
    service.close()
    return {t.name: (*result.tasks[t.id][1:3], result.tasks[t.id].total_float) for t in data.tasks}


def test_link_types_and_lags_in_days_and_weeks(tmp_path: Path) -> None:
    plan = read_mspdi(MSPDI / "mpxj__task-links-project2019-mspdi.xml")
    assert len(plan.parsed.rows["task"]) == 16
    links = sorted(
        (k, r.predecessor, r.type, r.lag) for k, v in plan.parsed.links.items() for r in v
    )
    assert links == sorted([
        ("task:2", "task:1", "FS", 0), ("task:4", "task:3", "FS", 1),
        ("task:6", "task:5", "FS", 2), ("task:8", "task:7", "FS", 5),
        ("task:10", "task:9", "FS", 10), ("task:12", "task:11", "SF", 2),
        ("task:14", "task:13", "SS", 2), ("task:16", "task:15", "FF", 2),
    ])  # fmt: skip
    out = tmp_path / "links.relm"
    assert main(["import", str(out), str(MSPDI / "mpxj__task-links-project2019-mspdi.xml")]) == 0
    service = PlanService.open(out, readonly=True, source="test")
    data, result = service.schedule()
    service.close()
    starts = {t.id: result.tasks[t.id].start for t in data.tasks}
    # The file's own dates: Task 2 of the +1w pair on 26 Oct, of the +2w pair on 2 Nov.
    seconds = [
        starts[t.id] for t in sorted(data.tasks, key=lambda t: t.position) if t.name == "Task 2"
    ]
    assert seconds[:5] == [
        date(2018, 10, 19),
        date(2018, 10, 22),
        date(2018, 10, 23),
        date(2018, 10, 26),
        date(2018, 11, 2),
    ]


def test_blank_rows_and_summaries_as_phases() -> None:
    plan = read_mspdi(MSPDI / "mpxj__mspdinulltasks.xml")
    assert [t.label for t in plan.parsed.rows["task"]] == ["Task 2", "Task 3", "Task 5"]
    assert [p.label for p in plan.parsed.rows["phase"]] == ["Task 1", "Task 4"]
    assert [t.values["phase"] for t in plan.parsed.rows["task"]] == ["Task 1", "Task 1", "Task 4"]
    assert any("3 blank rows" in p.message for p in plan.parsed.problems)


def test_every_duration_format() -> None:
    tasks = _tasks("mpxj__mspdiduration.xml")
    # 1 min, 1 h, 8 h, 40 h, 160 h of work; 1 emin, 1 eh, 24 eh, 168 eh, 720 eh elapsed.
    assert [tasks[f"Task {i}"]["duration"] for i in range(1, 11)] == [
        1,
        1,
        1,
        5,
        20,
        1,
        1,
        1,
        5,
        22,
    ]


def test_legacy_sample_lead_constraints_milestone() -> None:
    plan = read_mspdi(MSPDI / "mpxj__legacy_sample.xml")
    tasks = {t.label: t for t in plan.parsed.rows["task"]}
    assert len(tasks) == 16
    assert [p.label for p in plan.parsed.rows["phase"]] == [
        "First Task",
        "Recurring Task",
        "Task Relationships",
    ]
    assert tasks["Third task"].values["duration"] == 0
    assert tasks["Second Task"].values["duration"] == 100
    assert tasks["Recurring Task 1"].values["constraint_type"] == "snet"
    assert tasks["Recurring Task 1"].values["constraint_date"] == date(2003, 2, 1)
    link = {t.label: plan.parsed.links[t.key] for t in tasks.values()}
    assert [(r.type, r.lag) for r in link["Related Task 3b"]] == [("FS", -1)]
    assert [r.type for r in link["Related Task 4b"]] == ["SS"]
    assert [r.type for r in link["Related Task 5b"]] == ["FF"]
    assert [r.type for r in link["Related Task 6b"]] == ["SF"]
    assert set(plan.teams) >= {"First Resource", "Second Resource"}


def test_recurring_exceptions_expanded_once() -> None:
    path = MSPDI / "mpxj__calendar-recurring-exceptions-project2016-mspdi.xml"
    plan = read_mspdi(path)
    # The legacy WeekDay entries spell every occurrence out: the same days, counted once.
    ns = "{http://schemas.microsoft.com/project}"
    legacy: set[date] = set()
    for wd in ET.parse(path).getroot().iter(f"{ns}WeekDay"):
        if wd.findtext(f"{ns}DayType") == "0" and wd.findtext(f"{ns}DayWorking") == "0":
            first = datetime.fromisoformat(wd.findtext(f"{ns}TimePeriod/{ns}FromDate") or "").date()
            last = datetime.fromisoformat(wd.findtext(f"{ns}TimePeriod/{ns}ToDate") or "").date()
            legacy.update(
                date.fromordinal(d) for d in range(first.toordinal(), last.toordinal() + 1)
            )
    assert set(plan.days_off) == legacy
    assert date(2002, 5, 6) in plan.days_off  # first Monday, every second month
    assert plan.days_off[date(2007, 2, 1)] == "Yearly Absolute 1"


def test_pre_2007_holidays_and_two_standard_calendars() -> None:
    plan = read_mspdi(MSPDI / "ganttproject__msproject2_holidays.xml")
    assert {date(2010, 9, 16), date(2010, 9, 23), date(2010, 9, 24)} <= set(plan.days_off)
    assert [t.label for t in plan.parsed.rows["task"]] == ["task1"]
    plan = read_mspdi(MSPDI / "ganttproject__issue2659.xml")
    assert [t.label for t in plan.parsed.rows["task"]] == ["task_0"]


def test_new_product_phases_links_baselines_progress() -> None:
    plan = read_mspdi(MSPDI / "projectlibre__New_Product.xml")
    tasks = {t.label: t for t in plan.parsed.rows["task"]}
    assert len(tasks) == 41 and len(plan.teams) == 8
    assert sum(len(v) for v in plan.parsed.links.values()) == 37
    assert [(r.type, r.lag) for r in plan.parsed.links[tasks["Sales training"].key]] == [
        ("FS", -15)
    ]
    # A linked level-1 summary stays a summary task; its children hang under it.
    assert tasks["Create business plan"].values["parent_id"] == 7
    assert tasks["Prototype design"].values["phase"] == "Design Phase"
    base = _tasks("mpxj__task-baselines-project2010-mspdi.xml")
    assert len(base) == 110
    assert base["Baseline Start - Task"]["baseline_start"] == date(2014, 4, 1)
    progress = _tasks("mpxj__mspditimephased.xml")
    assert progress["Task 4"]["percent_complete"] == 50
    assert progress["Task 4"]["actual_start"] == date(2008, 11, 20)
    split = _tasks("mpxj__mspdisplittask.xml")
    assert [v["duration"] for v in split.values()] == [10, 15]


def test_export_then_import_gives_the_same_schedule(tmp_path: Path) -> None:
    original = tmp_path / "plan.relm"
    build_release_plan(original).close()
    xml = tmp_path / "plan.xml"
    assert main(["export", str(original), str(xml)]) == 0
    copy = tmp_path / "copy.relm"
    assert main(["import", str(copy), str(xml)]) == 0
    before, after = _schedule(original), _schedule(copy)
    assert before["Deploy"][0] == date(2027, 3, 29)  # pushed past the freeze window
    assert after == before


def test_mpxj_reads_our_export(tmp_path: Path) -> None:
    require_tool("java")
    from relm_desktop.exchange.msproject.mpp import mpxj_classpath, mpxj_convert

    if mpxj_classpath() is None:
        from tests.tools import missing

        missing("mpxj is not installed (pip install 'relm-desktop[mpp]')")
    original = tmp_path / "plan.relm"
    build_release_plan(original).close()
    xml = tmp_path / "plan.xml"
    assert main(["export", str(original), str(xml)]) == 0
    again = tmp_path / "mpxj.xml"
    mpxj_convert(xml, again)  # MPXJ reads ours and writes its own MSPDI
    ns = "{http://schemas.microsoft.com/project}"
    root = ET.parse(again).getroot()
    theirs = {
        t.findtext(f"{ns}Name"): (t.findtext(f"{ns}Start") or "")[:10]
        for t in root.iter(f"{ns}Task")
        if t.findtext(f"{ns}Summary") == "0"
    }
    ours = _schedule(original)
    assert {n: theirs[n] for n in ours if n in theirs} == {
        n: s.isoformat() for n, (s, _f, _fl) in ours.items() if n != "Backend work"
    }
    links = list(root.iter(f"{ns}PredecessorLink"))
    assert len(links) == 7


def test_mpp_imports_like_its_xml_twin() -> None:
    require_tool("java")
    from relm_desktop.exchange.msproject.mpp import mpxj_classpath, read_mpp

    if mpxj_classpath() is None:
        from tests.tools import missing

        missing("mpxj is not installed (pip install 'relm-desktop[mpp]')")
    for mpp, xml in (
        ("mpxj__task-links-project2019-mpp14.mpp", "mpxj__task-links-project2019-mspdi.xml"),
        ("projectlibre__New_Product.mpp", "projectlibre__New_Product.xml"),
    ):
        a, b = read_mpp(MSPDI / mpp), read_mspdi(MSPDI / xml)
        assert [(t.label, t.values["duration"]) for t in a.parsed.rows["task"]] == [
            (t.label, t.values["duration"]) for t in b.parsed.rows["task"]
        ]
        assert sum(map(len, a.parsed.links.values())) == sum(map(len, b.parsed.links.values()))


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>', "DTD"),
        ("<Project>" + "<a>" * 200 + "</a>" * 200 + "</Project>", "nest"),
        ('<Project><Task Name="' + "x" * 1_100_000 + '"/></Project>', "characters"),
        ("<Project><Tasks>", "well-formed"),
    ],
)
def test_malformed_xml_refused_in_one_line(
    tmp_path: Path, body: str, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.relm"
    PlanService.new(plan, name="p", source="test").close()
    before = plan.read_bytes()
    bad = tmp_path / "bad.xml"
    bad.write_text(body)
    assert main(["import", str(plan), str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err and why in err
    assert plan.read_bytes() == before


def test_unknown_extension_lists_what_is_supported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "p.relm"), str(tmp_path / "x.pptx")]) == 2
    err = capsys.readouterr().err
    for ext in (".csv", ".gan", ".mpp", ".ods", ".xlsx", ".xml"):
        assert ext in err


def test_days_off_reader_is_public_for_chains() -> None:
    notes: list[str] = []
    assert days_off(calendar_chain({}, "1"), notes) == {} and not notes
    assert io.StringIO  # keeps the import list honest
