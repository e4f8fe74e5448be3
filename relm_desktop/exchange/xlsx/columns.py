"""Recognising a schedule's columns by their headers (the words are in ``columns_words``).

:func:`match_field` scores one header against the synonyms of every task
field; :func:`detect_header` finds the header row of a sheet (the row whose
cells name the most fields, with a task name among them) and assigns each
field to its best column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from relm_desktop.exchange.xlsx.columns_words import SYNONYMS

FIELD_LABELS: dict[str, str] = {
    "id": "ID",
    "wbs": "WBS / outline number",
    "outline_level": "Outline level",
    "name": "Task name",
    "start": "Start",
    "finish": "Finish",
    "duration": "Duration",
    "predecessors": "Predecessors",
    "team": "Team / owner",
    "percent_complete": "% complete",
    "notes": "Notes",
    "phase": "Phase / category",
    "type": "Type (milestone, phase)",
    "actual_start": "Actual start",
    "actual_finish": "Actual finish",
}

_WEEK_WORDS = ("week", "weeks", "wk", "wks", "woche", "wochen", "semaine", "semaines", "semana")
_DAY_WORDS = ("day", "days", "tage", "jours", "días", "dias", "jour")


#: Words that qualify the head of a header without being it: "Task Owner" is an owner.
_QUALIFIERS = ("task", "activity", "project", "item", "work", "job", "vorgang", "aufgabe")
#: Headers that name progress only when their values are numbers (checked in ``foreign``).
WEAK: dict[str, frozenset[str]] = {
    "percent_complete": frozenset({"status", "etat", "estado", "stato", "state"}),
    # A roadmap's one date (when due), or a column of when's, often loose text.
    "finish": frozenset(
        {"date", "datum", "fecha", "data", "zeitplanung", "zeitplan", "zeitraum", "termin"}
        | {"when", "wann", "quand", "cuando", "quando"}
    ),
}
#: Headers that name the field less surely than a plain synonym: "Item" is often the
#: row number beside a "Descrição", and "Description" a note beside a "Task".
SOFT: dict[str, frozenset[str]] = {
    "name": frozenset({"item", "description", "beschreibung"}),
}


def fold(text: object) -> str:
    """Lower case, accents and gender stars dropped, punctuation as spaces: how a header
    is compared (``Verantwortliche*r`` → ``verantwortliche``, ``START-DATE`` → ``start date``)."""
    value = unicodedata.normalize("NFKD", str(text or "")).lower()
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(r"(?<=\w)[*:](?:in|innen|r|n|e)\b", "", value)  # Mitarbeiter*innen
    value = re.sub(r"(?<=\w)\((?:in|innen|r|n|e)\)", "", value)  # Verantwortliche(r)
    value = re.sub(r"[\s_\-/.:*]+", " ", value)
    return value.strip(" ?!")


def normalise(text: object) -> str:
    """Lower case, single spaces, no surrounding punctuation, NFC."""
    value = unicodedata.normalize("NFC", str(text or "")).strip().lower()
    value = re.sub(r"\s+", " ", value)
    return value.strip(" :*.")


def _bare(text: str) -> str:
    """The header without bracketed units: ``durée estimée [jours]`` → ``durée estimée``."""
    return re.sub(r"\s*[\[(][^\])]*[\])]\s*", " ", text).strip()


def _tokens(text: str) -> set[str]:
    return set(re.split(r"[\s_/\-]+", text)) - {""}


def _synonym_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for field, words in SYNONYMS.items():
        for word in words:
            folded = fold(word)
            if folded and folded not in exact:
                exact[folded] = field
                names.append((field, folded))
    return exact, names


_EXACT, _NAMES = _synonym_index()
# Japanese status headers are weak too; compared folded, as every header is.
WEAK["percent_complete"] |= {fold(word) for word in ("ステータス", "進捗状況", "状況", "状態")}


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, change or swap."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def duration_unit(header: str) -> int:
    """Working days per unit a duration column's header states (5 for weeks, else 1)."""
    words = _tokens(
        normalise(header).replace("[", " ").replace("]", " ").replace("(", " ").replace(")", " ")
    )
    if words & set(_WEEK_WORDS):
        return 5
    return 1


@functools.lru_cache(maxsize=4096)
def match_field(header: object) -> tuple[str, int] | None:
    """The field a header names and how sure we are: 3 exact, 2 prefix, 1 words or one typo.

    Compared folded (:func:`fold`); a qualifier before the head word is dropped
    ("Task Owner" is an owner, "TASK #" an ID); a weak synonym (Status) scores 1.
    """
    text = fold(header)
    if not text or len(text) > 60:
        return None
    bare = _bare(text) or text
    words = bare.split(" ")
    head = " ".join(words[1:]) if len(words) > 1 and words[0] in _QUALIFIERS else ""
    best: tuple[str, int] | None = None

    def offer(field: str, name: str, score: int) -> None:
        nonlocal best
        if name in WEAK.get(field, ()):
            score = 1
        elif name in SOFT.get(field, ()):
            score = min(score, 2)
        if best is None or score > best[1]:
            best = (field, score)

    for candidate in (text, bare, head):
        if candidate in _EXACT:
            offer(_EXACT[candidate], candidate, 3)
    if best is not None and best[1] >= 2:
        return best
    parts = [fold(p) for p in str(header).split("/")]
    if len(parts) > 1 and any(_EXACT.get(p) == "name" for p in parts):
        return ("name", 2)  # "Phase/Task": the column lists phases or tasks, by name
    tokens = _tokens(bare)
    digits = any(ch.isdigit() for ch in bare)
    for field, name in _NAMES:
        if len(name) > 2 and bare.startswith(name + " "):
            offer(field, name, 2)
        else:
            word = len(name) > 3 and " " not in name and name in tokens
            # No typo is read into a label with a number ("week1" is a calendar column).
            typo = best is None and len(name) >= 5 and not digits and _one_edit(bare, name)
            if word or typo:
                offer(field, name, 1)
    return best


@dataclass(frozen=True, slots=True)
class HeaderGuess:
    row: int  # 0-based row index in the grid
    columns: dict[str, int]  # field → 0-based column
    score: int


def assign(
    headers: Sequence[object],
    hidden_columns: frozenset[int] = frozenset(),
    filled: dict[int, int] | None = None,
) -> dict[str, int]:
    """Give every field the best column: exact before prefix before word, then the column
    with the most values below it, visible before hidden, left before right."""
    candidates: list[tuple[int, int, bool, int, str]] = []
    for col, header in enumerate(headers):
        found = match_field(header)
        if found:
            field, score = found
            values = filled.get(col, 0) if filled is not None else 0
            candidates.append((-score, -values, col in hidden_columns, col, field))
    columns: dict[str, int] = {}
    used: set[int] = set()
    for _neg, _empty, _hidden, col, field in sorted(candidates):
        if field not in columns and col not in used:
            columns[field] = col
            used.add(col)
    if "notes" not in columns and "name" in columns:
        # A second "Description" right of the names describes each task: its notes.
        later = [c for neg, _e, _h, c, f in sorted(candidates) if f == "name" and neg <= -2]
        later = [c for c in later if c > columns["name"] and c not in used]
        if later:
            columns["notes"] = later[0]
    return columns


def detect_header(
    rows: Sequence[Sequence[object]],
    *,
    limit: int = 40,
    hidden_columns: frozenset[int] = frozenset(),
) -> HeaderGuess | None:
    """The most header-like row among the first ``limit``; None when no row names a task column
    plus a date, duration or predecessor column."""
    best: HeaderGuess | None = None
    for index, row in enumerate(rows[:limit]):
        texts = [cell if isinstance(cell, str) else "" for cell in row]
        if sum(1 for t in texts if t.strip()) < 2:
            continue
        below = rows[index + 1 : index + 60]
        filled: dict[int, int] = {}
        for r in below:
            for c, v in enumerate(r):
                if v not in ("", None):
                    filled[c] = filled.get(c, 0) + 1
        columns = assign(texts, hidden_columns, filled)
        if "name" not in columns:
            continue
        schedule_fields = {"start", "finish", "duration", "predecessors"} & set(columns)
        if not schedule_fields:
            continue
        score = len(columns) + len(schedule_fields)
        if best is None or score > best.score:
            best = HeaderGuess(index, columns, score)
    return best
