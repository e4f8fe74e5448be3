"""A foreign sheet's rows once classified: what ``rows`` finds and ``build`` reads.

:class:`ClassifiedRow` is one data row (task, summary or section heading)
with its outline level; the words that mark a milestone or a phase, and the
text of an ID or WBS reference, are shared by both passes. This module sits
below ``rows`` and ``build``, so those two import it and never each other
backwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MILESTONE_WORDS = ("milestone", "meilenstein", "jalon", "hito", "マイルストーン", "milesone")
PHASE_WORDS = {"phase", "summary", "sammelvorgang", "récapitulatif", "resumen", "fase", "stage"}


@dataclass(slots=True)
class ClassifiedRow:
    row: int  # 0-based
    name: str
    level: int = 0
    kind: str = "task"  # task, summary, section
    ref_id: str = ""
    wbs: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    preds: object = ""
    named: bool = True  # its label is in the task-name column (it can be an outline level)


def ref_text(value: object) -> str:
    """An ID or WBS cell as text: ``3.0`` → ``"3"``, ``" a1 "`` → ``"A1"``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().upper() if value not in (None, "") else ""
