"""Dates as spreadsheets hold them: real date cells, serial numbers, and text.

Text dates: ISO ``2027-03-04``, ``04.03.2027`` (dots are day-first everywhere
they are used), and slashes ``04/03/2027``, which read both ways. A column of
slash dates is decided as a whole: one date with a first part above 12 makes
it day-first, one with a second part above 12 month-first; when every date in
it reads both ways the reader asks, it never guesses.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

_EPOCH = date(1899, 12, 30)  # Excel's 1900 system, past its phantom 29 Feb 1900
_EPOCH_1904 = date(1904, 1, 1)
#: Serial numbers taken for dates in a date column: 1954-10-03 … 2119-01-10.
SERIAL_RANGE = (20_000, 80_000)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\.?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
#: A two-digit year first (``26/3/1``), as Japanese and Chinese sheets write dates.
_YMD_SHORT = re.compile(r"^(\d{2})/(\d{1,2})/(\d{1,2})$")
_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            (
                "jan",
                "january",
                "januar",
                "janvier",
                "enero",
                "ene",
                "jän",
                "janv",
                "janeiro",
                "gennaio",
                "gen",
                "januari",
            ),
            (
                "feb",
                "february",
                "februar",
                "février",
                "fevrier",
                "febrero",
                "févr",
                "fév",
                "fev",
                "fevereiro",
                "febbraio",
                "februari",
            ),
            (
                "mar",
                "march",
                "märz",
                "maerz",
                "mars",
                "marzo",
                "mär",
                "março",
                "marco",
                "maart",
                "mrt",
            ),
            ("apr", "april", "avril", "abril", "avr", "abr", "aprile"),
            ("may", "mai", "mayo", "maio", "maggio", "mag", "mei"),
            ("jun", "june", "juni", "juin", "junio", "junho", "giugno", "giu"),
            ("jul", "july", "juli", "juillet", "julio", "juil", "julho", "luglio", "lug"),
            ("aug", "august", "août", "aout", "agosto", "ago", "augustus"),
            ("sep", "sept", "september", "septembre", "septiembre", "set", "setembro", "settembre"),
            (
                "oct",
                "october",
                "oktober",
                "octobre",
                "octubre",
                "okt",
                "outubro",
                "out",
                "ottobre",
                "ott",
            ),
            ("nov", "november", "novembre", "noviembre", "novembro"),
            (
                "dec",
                "december",
                "dezember",
                "décembre",
                "decembre",
                "diciembre",
                "dez",
                "déc",
                "dic",
                "dezembro",
                "dicembre",
            ),
        ),
        start=1,
    )
    for name in names
}
_NAMED = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th|er)?[.\s-]+(?:de\s+)?([^\W\d_]+)\.?[\s,-]+(?:de\s+)?(\d{4}|\d{2})$"
)
_NAMED_US = re.compile(r"^([^\W\d_]+)\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_DASHED = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")  # read as a slash date
_TIME = re.compile(r"(?:[\s/,T]+|^)\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$", re.I)
#: Weekday names and abbreviations people put before a date, seven languages, folded.
_WEEKDAYS = frozenset(
    [
        "mon",
        "monday",
        "tue",
        "tues",
        "tuesday",
        "wed",
        "weds",
        "wednesday",
        "thu",
        "thur",
        "thurs",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
        "sun",
        "sunday",
        "mo",
        "di",
        "mi",
        "do",
        "fr",
        "sa",
        "so",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonnabend",
        "sonntag",
        "die",
        "mit",
        "don",
        "fre",
        "sam",
        "son",
        "lun",
        "mar",
        "mer",
        "jeu",
        "ven",
        "dim",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "mie",
        "jue",
        "vie",
        "sab",
        "dom",
        "lunes",
        "martes",
        "miercoles",
        "jueves",
        "viernes",
        "sabado",
        "domingo",
        "seg",
        "ter",
        "qua",
        "qui",
        "sex",
        "segunda",
        "terca",
        "quarta",
        "quinta",
        "sexta",
        "feira",
        "gio",
        "lunedi",
        "martedi",
        "mercoledi",
        "giovedi",
        "venerdi",
        "ma",
        "wo",
        "vr",
        "za",
        "zo",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ]
)
_WEEKDAY = re.compile(r"^([^\W\d_]+)(?:-feira)?\.?,?\s+(?=\d)")
#: Years a schedule can mean: earlier ones are another calendar (Jalali 1403) or a typo.
YEAR_RANGE = (1900, 9999)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_MONTHS.update({_fold(name): index for name, index in list(_MONTHS.items())})


class DateOrder(StrEnum):
    DAY_FIRST = "dmy"
    MONTH_FIRST = "mdy"
    YEAR_FIRST = "ymd"  # only ever found in a column (``slash_order``), never asked


class DateError(ValueError):
    """The value is not a date; the message quotes it."""


class YearError(DateError):
    """A date whose year no schedule means (before 1900: another calendar, or a typo)."""


class AmbiguousDateError(DateError):
    """A slash date that reads both day-first and month-first, with no decision given."""


def from_serial(serial: float, *, date1904: bool = False) -> date:
    """The date of an Excel serial number (the time of day is dropped)."""
    if date1904:
        return _EPOCH_1904 + timedelta(days=int(serial))
    if serial < 61:  # Excel counts a 29 Feb 1900 that never was
        return date(1899, 12, 31) + timedelta(days=int(serial))
    return _EPOCH + timedelta(days=int(serial))


def to_serial(day: date) -> int:
    return (day - _EPOCH).days


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _make(year: int, month: int, day: int, raw: object) -> date:
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise YearError(
            f"{raw!r}: the year {year} is not a year of the Gregorian calendar a schedule "
            "uses (another calendar, or a typo); not read"
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{raw!r} is not a valid date") from None


@functools.lru_cache(maxsize=1 << 16)
def _slashes(text: str) -> str:
    """A dd-mm-yyyy text as the slash date it is read as, time and weekday dropped."""
    text = _TIME.sub("", text.strip()).strip(" /,")
    weekday = _WEEKDAY.match(text)
    if weekday and _fold(weekday.group(1)) in _WEEKDAYS:
        text = text[weekday.end() :]
    return text.replace("-", "/") if _DASHED.match(text) else text


def slash_order(texts: Iterable[str]) -> DateOrder | None:
    """Decide a column of d/m/y or m/d/y texts; None when every one reads both ways.

    Raises :class:`DateError` when the column mixes both orders.
    """
    texts = list(texts)
    if _year_first(texts):
        return DateOrder.YEAR_FIRST
    firsts = seconds = False
    for text in texts:
        match = _SLASHED.match(_slashes(text))
        if not match:
            continue
        a, b = int(match.group(1)), int(match.group(2))
        firsts = firsts or a > 12
        seconds = seconds or b > 12
    if firsts and seconds:
        raise DateError("the column mixes day/month and month/day dates")
    if firsts:
        return DateOrder.DAY_FIRST
    if seconds:
        return DateOrder.MONTH_FIRST
    return None


def _year_first(texts: list[str]) -> bool:
    """A column of ``yy/m/d`` dates: some end in one digit (no year is written so), and
    the first part stays one or two years while the last runs through days."""
    shorts = [m for t in texts if (m := _YMD_SHORT.match(_slashes(t)))]
    if not shorts or not any(len(m.group(3)) == 1 for m in shorts):
        return False
    years = {int(m.group(1)) for m in shorts}
    return max(years) - min(years) <= 1 and all(
        1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31 for m in shorts
    )


def is_ambiguous(text: str) -> bool:
    """True for a slash date whose two first parts are both 12 or less (and differ)."""
    match = _SLASHED.match(_slashes(text))
    return match is not None and int(match.group(1)) <= 12 and int(match.group(2)) <= 12


@functools.lru_cache(maxsize=1 << 16)  # a schedule repeats its dates: each text read once
def parse_text_date(text: str, order: DateOrder | None = None) -> date:
    """A date written as text; ``order`` decides slash dates.

    A trailing time (``26-02-2020/ 10:20``) and a leading weekday (``Mit 05.10.16``,
    ``dimanche 1 décembre 2024``) are dropped first.
    """
    text = _TIME.sub("", text.strip()).strip(" /,")
    try:
        return _plain_text_date(text, order, raw=text)
    except AmbiguousDateError:
        raise
    except DateError:
        weekday = _WEEKDAY.match(text)
        if weekday and _fold(weekday.group(1)) in _WEEKDAYS:
            return _plain_text_date(text[weekday.end() :], order, raw=text)
        raise


def _plain_text_date(text: str, order: DateOrder | None, raw: str) -> date:
    if _DASHED.match(text):
        text = text.replace("-", "/")
    if match := _ISO.match(text):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), raw)
    if match := _YMD_SLASH.match(text):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), raw)
    if order is DateOrder.YEAR_FIRST and (match := _YMD_SHORT.match(text)):
        return _make(_year(match.group(1)), int(match.group(2)), int(match.group(3)), raw)
    if match := _DOTTED.match(text):
        return _make(_year(match.group(3)), int(match.group(2)), int(match.group(1)), raw)
    if match := _SLASHED.match(text):
        a, b, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        if order is None:
            if a > 12:
                order = DateOrder.DAY_FIRST
            elif b > 12 or a == b:
                order = DateOrder.MONTH_FIRST
            else:
                raise AmbiguousDateError(f"{raw!r} reads both as day/month and month/day")
        day, month = (a, b) if order is DateOrder.DAY_FIRST else (b, a)
        return _make(year, month, day, raw)
    if match := _NAMED.match(text):
        named = _MONTHS.get(_fold(match.group(2)))
        if named:
            return _make(_year(match.group(3)), named, int(match.group(1)), raw)
    if match := _NAMED_US.match(text):
        named = _MONTHS.get(_fold(match.group(1)))
        if named:
            return _make(int(match.group(3)), named, int(match.group(2)), raw)
    raise DateError(f"{raw!r} is not a date (e.g. 2027-03-04, 04.03.2027, 04/03/2027)")


def parse_date(value: object, order: DateOrder | None = None, *, date1904: bool = False) -> date:
    """A date from any cell value: date/datetime, serial number or text."""
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
            raise YearError(f"{day.isoformat()}: the year {day.year} is not one a schedule uses")
        return day
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a date")
    if isinstance(value, int | float):
        if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            return from_serial(value, date1904=date1904)
        raise DateError(f"{value!r} is a number, not a date")
    if isinstance(value, str):
        # Runs of white space folded first, as the duration and predecessor parsers
        # do: a pattern that backtracks cannot meet a long run of them.
        stripped = " ".join(value.split())
        if _SERIAL_TEXT.fullmatch(stripped):
            return parse_date(float(stripped), order, date1904=date1904)
        return parse_text_date(stripped, order)
    raise DateError(f"{value!r} is not a date")
