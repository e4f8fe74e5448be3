"""Helpers of the PDF pack tests: real clients (qpdf, poppler) and text extraction."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.tools import require_tool

need_tool = require_tool  # the one rule for a missing tool: tests/tools.py


def qpdf_check(path: Path) -> str:
    result = subprocess.run(
        [need_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def pdftotext(path: Path, layout: bool = False) -> str:
    args = [need_tool("pdftotext"), *(["-layout"] if layout else []), str(path), "-"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (wrapped lines join up)."""
    return re.sub(r"\s+", " ", text)


def appears(name: str, text: str, max_gap: int = 4) -> bool:
    """Every word of ``name`` is in ``text`` in order; a wrapped table cell may have a few
    words of the next column between its lines, so small gaps are allowed."""
    words = text.split()
    wanted = name.split()
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        at, ok = start, True
        for part in wanted[1:]:
            window = words[at + 1 : at + 2 + max_gap]
            if part not in window:
                ok = False
                break
            at = at + 1 + window.index(part)
        if ok:
            return True
    return False
