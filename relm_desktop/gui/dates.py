"""One date format across the GUI: the user's locale's short date, and one parser.

Every date the GUI shows (table cells, panels, dialogs, tooltips, date
editors) goes through ``format_date``, and every date typed goes through
``parse_date``, so a user sees and types one format. The format is the
locale's short date with a four-digit year ("1/5/2027" in the US, "05.01.2027"
in Germany, "05/01/2027" in Britain): a two-digit year would make an editor
guess the century. Under the C locale, whose short format is "5 01 2027",
ISO dates are used instead.

The timeline formats thousands of dates a second while scrolling, and a plan
has few distinct dates: each date's text is made once and kept.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QEvent, QLocale, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit

ISO_FORMAT = "yyyy-MM-dd"
#: Also accepted when typed: what the table accepted before dates followed the locale.
_LEGACY_FORMATS = ("%d %b %Y", "%d %b %y", "%d/%m/%Y", "%d.%m.%Y")
#: A two-digit year typed in a short-format locale means 2000-2099.
_BASE_YEAR = 2000

_locale: QLocale | None = None
_format = ""
_short_format = ""
_text: dict[date, str] = {}


def use_locale(locale: QLocale | None = None) -> None:
    """Format and parse in ``locale`` from now on (None: the default locale now).

    Call it after ``QLocale.setDefault``: the texts kept so far are dropped.
    """
    global _locale, _format, _short_format
    _locale = QLocale(locale) if locale is not None else QLocale()
    _text.clear()
    if _locale.language() == QLocale.Language.C:
        _short_format = _format = ISO_FORMAT
        return
    _short_format = _locale.dateFormat(QLocale.FormatType.ShortFormat)
    _format = _short_format if "yyyy" in _short_format else _short_format.replace("yy", "yyyy")


def _ready() -> QLocale:
    if _locale is None:
        use_locale()
    assert _locale is not None
    return _locale


def display_format() -> str:
    """The Qt date format every date is shown in (for ``QDateEdit.setDisplayFormat``)."""
    _ready()
    return _format


def format_date(day: date | None) -> str:
    """``day`` in the user's format; "" for no date."""
    if not day:
        return ""
    text = _text.get(day)
    if text is None:
        locale = _ready()
        if len(_text) > 20_000:
            _text.clear()
        text = _text[day] = locale.toString(QDate(day.year, day.month, day.day), _format)
    return text


def format_weekday(day: date) -> str:
    """``day`` with its short weekday name first ("Tue 1/5/2027"), for where a weekday helps."""
    name = _ready().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
    return f"{name} {format_date(day)}"


def format_span(start: date | None, finish: date | None) -> str:
    """The span as "start – finish", or one date when both are the same day."""
    if start == finish or finish is None:
        return format_date(start)
    return f"{format_date(start)} – {format_date(finish)}"


def widest_date() -> str:
    """A date as wide as dates get in the user's format (for sizing columns)."""
    return format_date(date(2028, 12, 28))


def parse_date(text: str) -> date:
    """A date typed by the user: in the user's format, ISO, or as the table took it before.

    Raises ValueError naming the text and the format to use.
    """
    text = text.strip()
    locale = _ready()
    for fmt in dict.fromkeys((_format, _short_format)):
        parsed = locale.toDate(text, fmt, _BASE_YEAR)
        if parsed.isValid():
            return date(parsed.year(), parsed.month(), parsed.day())
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for legacy in _LEGACY_FORMATS:
        try:
            return datetime.strptime(text, legacy).date()
        except ValueError:
            continue
    example = format_date(date(2027, 1, 31))
    raise ValueError(f"{text!r} is not a date (use {example} or 2027-01-31)")


def localize_editor(edit: QDateTimeEdit) -> QDateTimeEdit:
    """Show and take ``edit``'s date in the user's format; returns ``edit``.

    The date can be typed whole, separators and all ("2/19/2026").
    """
    edit.setLocale(_ready())
    edit.setDisplayFormat(display_format())
    if edit.findChild(_TypedSeparators) is None:
        edit.installEventFilter(_TypedSeparators(edit))
    return edit


class _TypedSeparators(QObject):
    """Swallows a separator typed right after a digit that completed its section.

    QDateTimeEdit moves on by itself once a section can take no more digits
    ("2" for a month, "19" for a day), then takes the "/" the user types next
    as a second move: "2/19/2026" became 5 Feb 1920. The move already happened,
    so that separator is dropped; a separator after "1" (which may still become
    10-12) moves on as before.
    """

    def __init__(self, edit: QDateTimeEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.moved = False  # the last digit typed completed its section

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # QObject.eventFilter
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        text = event.text()
        if text.isdigit():
            # Typed here rather than after the filter, to see whether it moved on.
            before = self.edit.currentSection()
            self.edit.keyPressEvent(event)
            self.moved = self.edit.currentSection() != before
            return True
        if text and not text.isalnum() and not text.isspace() and self.moved:
            self.moved = False
            return True
        self.moved = False
        return False
