"""Column letters, the one spelling for every reader and writer here: ``0`` → ``A``."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
