"""The PDF pack from plain records: structure, text, fonts, wrapping, presets, cancel."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser

from relm_desktop.reports.context import PackContext
from relm_desktop.reports.options import PRESETS, PackCancelledError, PackOptions, Section
from relm_desktop.reports.pack import write_pack
from tests.reports.pack_factory import MILESTONES, TODAY, make_plan
from tests.reports.pdf_tools import appears, flat, pdftotext, qpdf_check

LONG_NAME = (
    "Migrate the legacy settlement batch jobs to the event-driven payments hub "
    "Supercalifragilisticexpialidocious_ledger_reconciliation_component_v2 "
    "while keeping the nightly regulatory reporting feeds running without interruption"
)
GREEK = "Έλεγχος ασφαλείας πληρωμών"
CYRILLIC = "Проверка платёжного шлюза"


def build(
    path: Path,
    *,
    tasks: int = 30,
    preset: str = "full",
    release: int | None = 1,
    names: tuple[str, ...] = (),
    sections: tuple[Section, ...] | None = None,
    **kw: object,
):
    data, result, changes = make_plan(tasks, extra_names=names)
    options = PackOptions(
        release_id=release,
        preset=preset,
        sections=sections,
        today=TODAY,
        author="Release Office",
        last_pack_at=data.info.last_pack_at,
    )
    out = write_pack(data, result, options, path, changes=changes, **kw)  # type: ignore[arg-type]
    return out, data, result, options


def test_long_name_is_over_200_characters() -> None:
    assert len(LONG_NAME) >= 200


@pytest.mark.parametrize("preset", ["executive", "full"])
@pytest.mark.parametrize("release", [1, None], ids=["release", "portfolio"])
def test_pack_passes_qpdf_and_shows_every_heading(
    tmp_path: Path, preset: str, release: int | None
) -> None:
    path = tmp_path / "pack.pdf"
    result, data, schedule, options = build(path, preset=preset, release=release)
    qpdf_check(path)
    text = flat(pdftotext(path))
    for section in PRESETS[preset]:
        if section is Section.PIR and not data.reviews:
            continue
        assert section.heading in text, section
    assert set(result.sections) == set(PRESETS[preset])
    ctx = PackContext(data, schedule, options)
    for risk in ctx.top_risks():
        assert appears(risk.title, text), risk.title
    if preset == "full":
        for task in ctx.milestones():
            assert appears(task.name, text), task.name
    if preset == "executive":
        assert result.pages <= 3


def test_full_pack_lists_every_milestone_name(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    build(path)
    text = flat(pdftotext(path))
    for name in MILESTONES:
        assert name in text


def test_page_count_grows_with_the_plan(tmp_path: Path) -> None:
    small, *_ = build(tmp_path / "small.pdf", tasks=30)
    big, *_ = build(tmp_path / "big.pdf", tasks=600)
    assert big.pages > small.pages + 10
    qpdf_check(tmp_path / "big.pdf")
    with pdfplumber.open(tmp_path / "big.pdf") as pdf:
        assert len(pdf.pages) == big.pages


def _task_column_text(path: Path) -> str:
    """The text of the task schedule's first column, on every page it runs over."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            heads = {w["text"]: w for w in words if w["text"] in ("Task", "Phase")}
            if "Task" in heads and "Phase" in heads and heads["Phase"]["x0"] > heads["Task"]["x0"]:
                box = (heads["Task"]["x0"] - 1, 0, heads["Phase"]["x0"] - 1, page.height)
                found.append(page.crop(box).extract_text() or "")
    return "".join("".join(found).split())


def test_long_greek_and_cyrillic_names_come_out_whole_inside_the_page(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    build(path, names=(LONG_NAME, GREEK, CYRILLIC))
    column = _task_column_text(path)
    for name in (LONG_NAME, GREEK, CYRILLIC):
        assert "".join(name.split()) in column, name
    text = flat(pdftotext(path))
    assert GREEK in text and CYRILLIC in text
    wanted = set(LONG_NAME.split()[:8]) | set(GREEK.split()) | set(CYRILLIC.split())
    seen: set[str] = set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for word in page.extract_words():
                assert word["x0"] >= 0 and word["x1"] <= page.width + 0.5, word
                assert word["top"] >= 0 and word["bottom"] <= page.height + 0.5, word
                seen.add(word["text"])
    assert wanted <= seen


def test_font_is_embedded_truetype_and_metadata_is_set(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    build(path)
    with pdfplumber.open(path) as pdf:
        fonts = {char["fontname"] for page in pdf.pages[:4] for char in page.chars}
        meta = pdf.metadata
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts
    assert all("+" in name for name in fonts)  # a subset prefix: the font is embedded
    assert "Payments Platform" in meta["Title"]
    assert meta["Author"] == "Release Office"
    assert "release pack" in meta["Subject"].lower()


def test_outline_has_every_section_and_page_x_of_y(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    result, *_ = build(path)
    with path.open("rb") as handle:
        outline = [
            (level, title) for level, title, *_ in PDFDocument(PDFParser(handle)).get_outlines()
        ]
    titles = [title for _, title in outline]
    assert "Cover" in titles and "Contents" in titles
    for heading in result.headings:
        assert heading in titles
    text = pdftotext(path)
    assert f"Page 2 of {result.pages}" in text
    assert f"Page {result.pages} of {result.pages}" in text
    assert "Contents" in text
    assert "Digital Banking Portfolio 2027" in text  # plan in the running header


def test_chosen_sections_only(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    result, *_ = build(path, sections=(Section.RISKS, Section.GANTT))
    assert result.sections == (Section.GANTT, Section.RISKS)
    text = flat(pdftotext(path))
    assert Section.RISKS.heading in text and Section.SCOPE.heading not in text


def test_progress_reaches_the_end_and_cancel_stops(tmp_path: Path) -> None:
    seen: list[float] = []
    build(tmp_path / "a.pdf", progress=lambda f, _m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(PackCancelledError):
        build(tmp_path / "b.pdf", tasks=300, cancel=lambda: len(seen) > 0)


def test_unknown_preset_and_release_are_refused() -> None:
    with pytest.raises(ValueError, match="preset"):
        PackOptions(preset="glossy")
    data, result, _ = make_plan(10)
    with pytest.raises(ValueError, match="release #99"):
        PackContext(data, result, PackOptions(release_id=99))


def test_pdffonts_reports_embedded_truetype(tmp_path: Path) -> None:
    import subprocess

    from tests.reports.pdf_tools import need_tool

    path = tmp_path / "pack.pdf"
    build(path, preset="executive")
    listing = subprocess.run(
        [need_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        assert "TrueType" in line and " yes " in line, line


def test_contents_run_over_several_pages_with_working_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import relm_desktop.reports.document as document

    monkeypatch.setattr(document, "toc_step", lambda level, compact=False: 150.0)
    path = tmp_path / "pack.pdf"
    result, *_ = build(path, release=None)
    qpdf_check(path)
    with pdfplumber.open(path) as pdf:
        contents = [p for p in pdf.pages if "Contents" in (p.extract_text() or "")[:200]]
        links = sum(len(p.annots) for p in pdf.pages[1:6])
    assert len(contents) >= 1 and links >= len(result.headings)
    text = flat(pdftotext(path))
    for heading in result.headings:
        assert heading in text
