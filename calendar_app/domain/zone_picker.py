"""The "Show times in" picker: every place by region, each with the offset it has now.

Places first and alphabetical within their region, so that typing "Tok" in the select
finds Tokyo, as the pickers of Google Calendar and Outlook let people search."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from .countries import country_name
from .timezones import display_zone_names, zone, zone_places

REGION_NAMES = {
    "America": "Americas",
    "Arctic": "Arctic Ocean",
    "Atlantic": "Atlantic Ocean",
    "Indian": "Indian Ocean",
    "Pacific": "Pacific Ocean",
}


def offset_text(moment: datetime) -> str:
    """'UTC+9', 'UTC−3:30', 'UTC' for an aware moment: what its zone's clocks say then."""
    minutes = round(moment.utcoffset().total_seconds() / 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02}" if rest else "")


def place_name(name: str) -> str:
    """'Tokyo, Japan', 'Indianapolis, Indiana, United States', 'UTC'."""
    if "/" not in name:
        return name
    parts = [part.replace("_", " ") for part in reversed(name.split("/")[1:])]
    country = country_name(zone_places().get(name, ""))
    if country and country not in parts:
        parts.append(country)
    return ", ".join(parts)


def zone_label(name: str, at: datetime) -> str:
    """'Tokyo, Japan (UTC+9)': the place, then the offset its clocks have at `at`."""
    if "/" not in name:
        return name  # UTC
    return f"{place_name(name)} ({offset_text(at.astimezone(zone(name)))})"


@lru_cache(maxsize=2)  # one list an hour serves every page (offsets change on the hour)
def zones_by_region(at: datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every zone a page may show times in, as (region, [(name, label)]), regions and
    places alphabetical. UTC belongs to no region: the caller suggests it."""
    regions: dict[str, list[tuple[str, str]]] = {}
    for name in display_zone_names():
        if "/" in name:
            area = name.split("/", 1)[0]
            regions.setdefault(REGION_NAMES.get(area, area), []).append(
                (name, zone_label(name, at))
            )
    return [
        (region, sorted(zones, key=lambda pair: pair[1].casefold()))
        for region, zones in sorted(regions.items())
    ]
