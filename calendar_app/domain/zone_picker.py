"""The "Show times in" picker: every place by region, each with the offset it has now.

Places first and alphabetical within their region, so that typing "Tok" in the select
finds Tokyo, as the pickers of Google Calendar and Outlook let people search. In another
language the places are CLDR's (Babel: «Москва, Россия», «Нью-Йорк, Соединенные Штаты»),
alphabetical in that language; the option values stay the IANA names. The regions are
marked messages (N_) for the boundary to translate."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from babel.dates import get_timezone_location

from .countries import country_name, name_key
from .text import N_
from .timezones import display_zone_names, zone, zone_places

# Each IANA area as the picker heads it (English msgids, translated by the boundary).
REGION_NAMES = {
    "Africa": N_("Africa"),
    "America": N_("Americas"),
    "Antarctica": N_("Antarctica"),
    "Arctic": N_("Arctic Ocean"),
    "Asia": N_("Asia"),
    "Atlantic": N_("Atlantic Ocean"),
    "Australia": N_("Australia"),
    "Europe": N_("Europe"),
    "Indian": N_("Indian Ocean"),
    "Pacific": N_("Pacific Ocean"),
}


def _language(locale: str | None) -> str:
    return str(locale or "en").replace("-", "_").split("_")[0].lower()


def offset_text(moment: datetime) -> str:
    """'UTC+9', 'UTC−3:30', 'UTC' for an aware moment: what its zone's clocks say then."""
    minutes = round(moment.utcoffset().total_seconds() / 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02}" if rest else "")


@lru_cache(maxsize=2048)
def place_name(name: str, locale: str = "en") -> str:
    """'Tokyo, Japan', 'Indianapolis, Indiana, United States', 'UTC'; in Russian
    «Токио, Япония», «Индианаполис, Соединенные Штаты» (CLDR's city through Babel)."""
    if "/" not in name:
        return name
    language = _language(locale)
    if language == "en":
        parts = [part.replace("_", " ") for part in reversed(name.split("/")[1:])]
    else:
        parts = [get_timezone_location(name, locale=language, return_city=True)]
    country = country_name(zone_places().get(name, ""), language)
    if country and not any(country in part for part in parts):
        parts.append(country)
    return ", ".join(parts)


@lru_cache(maxsize=2048)
def zone_name(name: str, locale: str = "en") -> str:
    """A zone as running text names it ("times in …", "15:00 New York time"): the IANA
    name people configure in English ('Asia/Tokyo', 'America/New York'), CLDR's city in
    another language («Токио», «Нью-Йорк»)."""
    language = _language(locale)
    if "/" not in name or language == "en":
        return name.replace("_", " ")
    return get_timezone_location(name, locale=language, return_city=True)


def zone_label(name: str, at: datetime, locale: str = "en") -> str:
    """'Tokyo, Japan (UTC+9)': the place, then the offset its clocks have at `at`."""
    if "/" not in name:
        return name  # UTC
    return f"{place_name(name, locale)} ({offset_text(at.astimezone(zone(name)))})"


def region_name(name: str) -> str:
    """The marked heading of a zone's area ('Europe/Moscow' -> 'Europe'), '' for UTC."""
    if "/" not in name:
        return ""
    area = name.split("/", 1)[0]
    return REGION_NAMES.get(area, area)


def label_key(label: str) -> tuple[str, str]:
    """Sort key of a place or region as people look it up: case and accents aside."""
    return name_key(label), label


# One list an hour per language serves every page (offsets change on the hour).
@lru_cache(maxsize=4)
def zones_by_region(at: datetime, locale: str = "en") -> list[tuple[str, list[tuple[str, str]]]]:
    """Every zone a page may show times in, as (region, [(name, label)]), regions (by
    their English, marked names) and places (in `locale`) alphabetical. UTC belongs to no
    region: the caller suggests it."""
    regions: dict[str, list[tuple[str, str]]] = {}
    for name in display_zone_names():
        if "/" in name:
            regions.setdefault(region_name(name), []).append((name, zone_label(name, at, locale)))
    return [
        (region, sorted(zones, key=lambda pair: label_key(pair[1])))
        for region, zones in sorted(regions.items())
    ]
