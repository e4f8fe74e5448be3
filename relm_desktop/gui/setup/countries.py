"""Countries and regions the ``holidays`` package knows, named for people.

The package lists each country under its ISO 3166 alpha-2 and alpha-3 codes;
the plan stores the alpha-2 code, and the user picks by name ("Germany (DE)").
Region names come from the package's subdivision aliases where it has them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from PySide6.QtCore import QLocale


@cache
def countries() -> list[tuple[str, str]]:
    """(alpha-2 code, "Name (CODE)") of every country with public holidays, by name."""
    import holidays
    from holidays.registry import COUNTRIES

    registry_names = {entry[1]: entry[0] for entry in COUNTRIES.values()}
    found = []
    for code in holidays.list_supported_countries():
        if len(code) != 2:
            continue  # the same country again under its alpha-3 code
        found.append((code, f"{country_name(code, registry_names.get(code, code))} ({code})"))
    return sorted(found, key=lambda pair: pair[1].casefold())


def country_name(code: str, fallback: str = "") -> str:
    """Qt's English name for a territory code, else the ``holidays`` class name spaced."""
    territory = QLocale.codeToTerritory(code)
    if territory != QLocale.Country.AnyTerritory:
        return QLocale.territoryToString(territory)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", fallback or code)


@cache
def regions(code: str) -> list[tuple[str, str]]:
    """(subdivision code, "CODE — Name") of a country's regions, in the package's order."""
    import holidays

    if not code:
        return []
    codes = holidays.list_supported_countries().get(code, [])
    try:
        aliases = holidays.country_holidays(code, years=[]).get_subdivision_aliases()
    except (NotImplementedError, AttributeError):
        aliases = {}
    out = []
    for sub in codes:
        names = aliases.get(sub) or []
        out.append((sub, f"{sub} — {names[0]}" if names else sub))
    return out


def public_holidays(code: str, region: str, year: int) -> list[tuple[date, str]]:
    """The public holidays of one year, by date; none without a country."""
    from relm_desktop.services.calendars import public_holidays as lookup

    if not code:
        return []
    try:
        found = lookup(code, region or None, [year])
    except ValueError:
        return []
    return sorted(found.items())


def system_country(locale: QLocale | None = None) -> tuple[str, str]:
    """The (system) locale's country when ``holidays`` knows it, else ""; region "".

    A locale names a country, never a region, so the region is left to the user.
    """
    territory = (locale or QLocale.system()).territory()
    code = QLocale.territoryToCode(territory)
    known = {c for c, _ in countries()}
    return (code, "") if code in known else ("", "")
