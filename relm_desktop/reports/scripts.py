"""Right-to-left text for the pack: Arabic joined and Hebrew/Arabic in reading order.

A PDF draws glyphs left to right as given, so Hebrew and Arabic must be put in
visual order (the Unicode bidi algorithm) and Arabic letters replaced by their
joined presentation forms before drawing. Latin-only text, nearly every string
in a pack, takes a fast path that touches neither library.
"""

from __future__ import annotations

import re
from functools import lru_cache

import arabic_reshaper
from bidi import get_display

# Hebrew, Arabic, Syriac, Thaana, NKo… and the Hebrew/Arabic presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters (and so needs reordering)."""
    return _RTL.search(text) is not None


@lru_cache(maxsize=16_384)
def visual(text: str) -> str:
    """``text`` in the order a left-to-right renderer must draw it, Arabic joined.

    The base direction comes from the first strong letter, so "Cutover إطلاق"
    keeps its Latin word first and a Hebrew name reads from the right.
    """
    if not has_rtl(text):
        return text
    shaped = arabic_reshaper.reshape(text) if _ARABIC.search(text) else text
    return str(get_display(shaped))
