"""Any script in the pack: CJK, Greek, Cyrillic, Hebrew, Arabic and emoji, embedded and subset.

The names go in through the pack's real drawing paths (the Gantt table, the
fast tables, paragraphs); poppler reads them back. Arabic comes back in its
joined presentation forms, which NFKC folds to the letters typed.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.reports.fonts import font_runs, missing_chars, text_width
from relm_desktop.reports.scripts import visual
from relm_desktop.services.pack import pack_warnings
from relm_desktop.services.plan import PlanService
from tests.reports.pdf_tools import flat, need_tool, pdftotext
from tests.reports.test_pack_pdf import build

NAMES = (
    "发布计划 迁移数据库",
    "リリース準備",
    "한국어 배포",
    "Ελληνική δοκιμή",
    "Миграция данных",
    "בדיקת מערכת",
    "إطلاق النظام",
    "🚀 Launch rocket 🎉",
)
NO_FONT = "\U000f0001"  # a private-use character: no installed font draws it
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # poppler's bidi marks


def readable(text: str) -> str:
    """Extracted text as typed: bidi marks dropped, presentation forms folded."""
    return flat(unicodedata.normalize("NFKC", _MARKS.sub("", text)))


def test_visual_order_reverses_hebrew_and_joins_arabic() -> None:
    assert visual("שלום") == "םולש"
    shaped = visual("سلام")
    assert all("\ufe70" <= c <= "\ufeff" for c in shaped)  # joined forms, not bare letters
    assert unicodedata.normalize("NFKC", shaped[::-1]) == "سلام"
    assert visual("Plain Latin") == "Plain Latin"


def test_cjk_and_emoji_fall_back_to_other_fonts() -> None:
    ((index, text),) = font_runs("迁移数据库")
    assert index > 0 and text == "迁移数据库"
    assert [i > 0 for i, _ in font_runs("🚀 Go")] == [True, False]
    assert missing_chars("发布 한국어 🚀 Ελ Мы") == ""
    assert missing_chars(f"a{NO_FONT}b") == NO_FONT
    # measured with the fallback font, not DejaVu's empty box
    assert text_width("迁移", 10) == pytest.approx(20, abs=0.5)


def test_pdftotext_recovers_every_name_in_reading_order(tmp_path: Path) -> None:
    path = tmp_path / "scripts.pdf"
    build(path, names=NAMES)
    text = readable(pdftotext(path))
    for name in NAMES:
        assert name in text, name
    fonts = subprocess.run(
        [need_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert len(rows) >= 4  # DejaVu (two weights), a CJK font, an emoji font…
    for row in rows:
        assert "+" in row[0] and row[-5:-2] == ["yes", "yes", "yes"], row  # emb sub uni


def test_thousand_task_cjk_pack_stays_under_3_mb(tmp_path: Path) -> None:
    path = tmp_path / "cjk.pdf"
    names = tuple(f"迁移数据库 第{n}号 任务 {n}" for n in range(1, 1001))
    build(path, tasks=1000, names=names)
    assert path.stat().st_size < 3_000_000
    text = readable(pdftotext(path))
    assert names[0] in text and names[-1] in text


def test_export_warns_naming_text_no_font_can_draw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.relm"
    service = PlanService.new(plan, name="Scripts", start=date(2027, 3, 1), source="test")
    release = service.create(
        "release", {"name": "R1", "version": "1", "target_golive": date(2027, 5, 3)}
    ).ids[0]
    for i, name in enumerate(("Cutover 发布", f"Odd {NO_FONT} task")):
        values = {"release_id": release, "position": i, "name": name, "duration": 3}
        service.create("task", values)
    service.close()
    assert main(["export", str(plan), str(tmp_path / "p.pdf")]) == 0
    err = capsys.readouterr().err
    assert "U+F0001" in err and f"Odd {NO_FONT} task" in err
    assert "发布" not in err  # drawn: no warning

    from relm_desktop.services.pack import build_pack  # the GUI's path: the result says it

    reopened = PlanService.open(plan, source="test")
    try:
        result = build_pack(reopened, tmp_path / "q.pdf", record=False)
    finally:
        reopened.close()
    assert [w for w in pack_warnings(result) if "Odd" in w]
