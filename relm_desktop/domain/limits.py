"""The range of values a plan may hold, in one place.

Python's dates end at 9999-12-31, and a date near either end breaks the first
``date + timedelta`` that reaches past it (scheduling, exports, the timeline),
so plans are kept well inside:

* Dates: 1900-01-01 … 2199-12-31. MS Project accepts 1984 … 2149; Excel's
  date cells start at 1900. Imports refuse a date outside the range, naming
  its cell; the scheduler moves one that is stored anyway (written by an older
  version or another tool) to the nearest end and reports it.
* Durations: 0 … 10,000 working days (about 40 years at five days a week),
  as ``services.edits.RANGES`` enforces for every edit.
* Lags: -10,000 … +10,000 working days.
* A chain of links: at most 78,000 working days from the start of its first
  task to the finish of its last, the working days between the two ends of
  the date range at five days a week. A longer chain cannot fit wherever it
  starts, so an import refuses it.

Values within these bounds can still add up past 2199 (seven chained tasks of
10,000 days each); the scheduler then shows the dates beyond the range at its
last day and names the task where they leave it (``ConflictKind.DATE_RANGE``),
so no computed date ever leaves the range either.
"""

from __future__ import annotations

from datetime import date

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
MAX_DURATION = 10_000
MAX_LAG = 10_000
MAX_CHAIN = 78_000

DATE_RANGE_TEXT = f"{FIRST_DATE.isoformat()} … {LAST_DATE.isoformat()}"


def date_in_range(day: date) -> bool:
    """True when ``day`` is one a plan may hold."""
    return FIRST_DATE <= day <= LAST_DATE


def clamp_date(day: date) -> date:
    """``day`` moved to the nearest end of the supported range when outside it."""
    return FIRST_DATE if day < FIRST_DATE else LAST_DATE if day > LAST_DATE else day
