"""Building packs from a real plan file: service, audit trail, atomic output, CLI."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from relm_desktop.reports.context import PackContext
from relm_desktop.reports.options import PRESETS, PackCancelledError, PackOptions, Section
from relm_desktop.services.demo import build_demo
from relm_desktop.services.edits import EditError
from relm_desktop.services.formats import FormatError
from relm_desktop.services.pack import (
    build_pack,
    cli_export,
    find_release,
    last_pack,
)
from relm_desktop.services.plan import PlanService
from tests.reports.pdf_tools import appears, flat, pdftotext, qpdf_check


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.relm"
    build_demo(path).close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path):
    copy = tmp_path / "plan.relm"
    copy.write_bytes(demo_file.read_bytes())
    service = PlanService.open(copy, source="test")
    yield service
    service.close()


def test_full_portfolio_pack_has_every_heading_milestone_and_top_risk(
    demo: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "portfolio.pdf"
    result = build_pack(demo, out)
    qpdf_check(out)
    text = flat(pdftotext(out))
    for section in PRESETS["full"]:
        assert section.heading in text, section
    data, schedule = demo.schedule()
    ctx = PackContext(data, schedule, PackOptions())
    for task in ctx.milestones():
        assert appears(task.name, text), task.name
    for risk in ctx.top_risks():
        assert appears(risk.title, text), risk.title
    assert result.pages > 10


@pytest.mark.parametrize("release", ["Payments Platform", "Mobile App", "Customer Portal 2.0"])
def test_executive_release_pack_is_at_most_three_pages(
    demo: PlanService, tmp_path: Path, release: str
) -> None:
    out = tmp_path / "exec.pdf"
    result = build_pack(demo, out, release=release, preset="executive")
    qpdf_check(out)
    assert result.pages <= 3
    text = flat(pdftotext(out))
    for section in PRESETS["executive"]:
        assert section.heading in text
    data, schedule = demo.schedule()
    rid = find_release(data.releases, release)
    ctx = PackContext(data, schedule, PackOptions(release_id=rid, preset="executive"))
    for risk in ctx.top_risks():
        assert appears(risk.title, text), risk.title


def test_executive_portfolio_pack_is_at_most_three_pages(demo: PlanService, tmp_path: Path) -> None:
    result = build_pack(demo, tmp_path / "exec.pdf", preset="executive")
    assert result.pages <= 4  # cover + three pages, the last with the one-page timeline


def test_each_pack_keeps_its_own_record_and_another_pack_never_empties_its_log(
    demo: PlanService, tmp_path: Path
) -> None:
    """Issue #20 item 4: one timestamp for the whole plan let any pack empty the next log."""
    assert last_pack(demo, None, "full") is None
    build_pack(demo, tmp_path / "first.pdf", release="Payments Platform")
    payments = next(r.id for r in demo.load().releases if r.name == "Payments Platform")
    record = last_pack(demo, payments, "full")
    assert record is not None and record.preset == "full"
    assert '"golive"' in record.shown and "Payments Platform" in record.shown
    assert last_pack(demo, payments, "executive") is None and last_pack(demo, None, "full") is None
    # the audit trail has one-second resolution: make the edit visibly later
    demo.run(
        lambda s: s.execute(
            __import__("sqlalchemy").text("UPDATE pack_record SET built_at = :t"),
            {"t": record.built_at.replace(year=record.built_at.year - 1)},
        )
    )
    task = next(t for t in demo.load().tasks if t.name == "Fraud scoring API changes")
    demo.update("task", task.id, {"name": "Fraud scoring API v3 changes"})
    # Other packs in between: the portfolio's and this release's executive pack.
    build_pack(demo, tmp_path / "portfolio.pdf", preset="executive")
    build_pack(demo, tmp_path / "exec.pdf", release="Payments Platform", preset="executive")
    out = tmp_path / "second.pdf"
    build_pack(demo, out, release="Payments Platform", sections=[Section.CHANGES])
    text = flat(pdftotext(out))
    assert appears("Fraud scoring API v3 changes", text)
    assert "Changes recorded since the last pack on" in text
    assert "pack record" not in text.lower()  # building packs is not a change to the plan
    assert len(read_pack_records(demo)) == 4


def read_pack_records(service: PlanService) -> list[tuple[int | None, str]]:
    with service.store.reading() as session:
        rows = session.execute(
            __import__("sqlalchemy").text("SELECT release_id, preset FROM pack_record")
        )
        return [(r[0], r[1]) for r in rows]


def test_cancel_leaves_the_old_file_and_no_temporary_files(
    demo: PlanService, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"old")
    with pytest.raises(PackCancelledError):
        build_pack(demo, out, cancel=lambda: True)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["pack.pdf"]
    assert last_pack(demo, None, "full") is None


def test_bad_release_preset_and_folder_are_one_line_errors(
    demo: PlanService, tmp_path: Path
) -> None:
    with pytest.raises(EditError, match=r"no release named 'Nope'.*'Mobile App'"):
        build_pack(demo, tmp_path / "x.pdf", release="Nope")
    with pytest.raises(EditError, match="preset"):
        build_pack(demo, tmp_path / "x.pdf", preset="glossy")
    with pytest.raises(FormatError, match="does not exist"):
        build_pack(demo, tmp_path / "missing" / "x.pdf")


def test_cli_export_handler(demo_file: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.relm"
    plan.write_bytes(demo_file.read_bytes())
    out = io.StringIO()
    args = argparse.Namespace(
        plan=plan, out=tmp_path / "mobile.pdf", release="Mobile App", preset="executive"
    )
    assert cli_export(args, out) == 0
    assert "mobile.pdf" in out.getvalue() and "pages" in out.getvalue()
    qpdf_check(tmp_path / "mobile.pdf")


def test_relm_export_command(demo_file: Path, tmp_path: Path, capsys) -> None:
    from relm_desktop.cli import main

    plan = tmp_path / "plan.relm"
    plan.write_bytes(demo_file.read_bytes())
    out = tmp_path / "pack.pdf"
    code = main(["export", str(plan), str(out), "--release", "Mobile App", "--preset", "executive"])
    assert code == 0, capsys.readouterr().err
    qpdf_check(out)
    assert main(["export", str(plan), str(tmp_path / "x.pdf"), "--release", "Nope"]) == 2
    assert "no release named 'Nope'" in capsys.readouterr().err
