"""Words for the user: counts with the right plural ("1 task", "2 tasks")."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None, *, thousands: bool = False) -> str:
    """``n`` and ``word``, plural unless ``n`` is ±1: ``plural(2, "task")`` → "2 tasks".

    Irregular plurals are passed explicitly: ``plural(3, "dependency", "dependencies")``.
    ``thousands`` groups the digits ("1,200 tasks").
    """
    number = f"{n:,}" if thousands else str(n)
    return f"{number} {word if abs(n) == 1 else (many or word + 's')}"
