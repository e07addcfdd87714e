"""Where a file's times are: its TZIDs named as IANA zones (Windows names as Outlook
writes them mapped), its own VTIMEZONEs for names we do not know, and its floating times
in the calendar's zone. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache

from icalendar import Calendar
from icalendar.timezone import tzp
from tzlocal.windows_tz import win_tz

from ..domain.text import N_, Message
from ..domain.timezones import canonical_zone, zone


@dataclass
class CalendarZone:
    """The zone for floating times and unknown TZIDs, and where it came from."""

    name: str
    source: str  # said in warnings: "the file's X-WR-TIMEZONE", "this calendar's default zone"
    # Zones the file defines (VTIMEZONE) under TZIDs we cannot name. Built per file:
    # icalendar keeps such zones in a process-wide cache, first definition wins, so
    # another upload's "Mars/Olympus" must never decide how this one is read.
    file_zones: dict[str, tzinfo] = field(default_factory=dict)


@lru_cache(maxsize=4096)  # a file names few zones, thousands of times
def zone_name(tzid: str | None) -> str | None:
    """An IANA name for a TZID: IANA as is, Windows names ("Russian Standard Time") mapped."""
    if not tzid:
        return None
    tzid = tzid.strip().strip('"')
    # Some exporters write "/mozilla.org/20070129_1/Europe/Minsk"-style prefixed names.
    tail = "/".join(tzid.split("/")[-2:])
    return canonical_zone(tzid) or canonical_zone(win_tz.get(tzid)) or canonical_zone(tail)


def as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _offset(value: datetime) -> str:
    minutes = int(value.utcoffset().total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _defined_zone(component) -> tzinfo | None:
    try:
        return component.to_tz(lookup_tzid=False)
    except Exception:  # a broken definition: its times are read as the calendar's zone
        return None


def file_zones(calendar: Calendar) -> dict[str, tzinfo]:
    """The file's own VTIMEZONEs for TZIDs that are neither IANA nor Windows names."""
    zones = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("tzid") or "").strip().strip('"')
        defined = _defined_zone(component) if tzid and not zone_name(tzid) else None
        if defined is not None:
            zones[tzid] = defined
    return zones


def moment(prop, calendar_zone: CalendarZone) -> tuple[date | datetime, str | None]:
    """A DTSTART/DTEND value, and a warning when its TZID is one we cannot name."""
    return placed(prop.dt, prop.params.get("TZID"), calendar_zone)


def placed(value, tzid, calendar_zone: CalendarZone) -> tuple[date | datetime, str | None]:
    """A date or date-time of a property with `tzid`, and a warning when its TZID is one
    we cannot name. A TZID we can name (IANA, or Windows as Outlook writes) is read in
    that IANA zone, never with a definition icalendar cached from another file; an
    unknown one with the file's own VTIMEZONE for it, else as floating (in the
    calendar's zone)."""
    raw = str(tzid or "").strip().strip('"')
    if not raw or not isinstance(value, datetime):
        return value, None
    wall = value.replace(tzinfo=None)
    name = zone_name(raw)
    if name:
        return wall.replace(tzinfo=zone(name)), None
    defined = calendar_zone.file_zones.get(raw)
    if defined is not None:
        value = tzp.localize(wall, defined)
        return value, Message(
            N_(
                "unknown time zone %(zone)s, read with its VTIMEZONE in the file "
                "(%(offset)s) and shown in %(shown)s"
            ),
            zone=raw,
            offset=_offset(value),
            shown=calendar_zone.name,
        )
    return wall, Message(
        N_("unknown time zone %(zone)s, read as %(shown)s (%(source)s)"),
        zone=raw,
        shown=calendar_zone.name,
        source=Message(calendar_zone.source),
    )


def instants(component, name: str, calendar_zone: CalendarZone) -> list[date | datetime]:
    """The values of a date-list property (EXDATE, RDATE): dates, or aware UTC instants
    (floating ones in the calendar's zone); PERIOD values are left out."""
    found = []
    for prop in as_list(component.get(name)):
        tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
        for item in getattr(prop, "dts", [prop]):
            value, _ = placed(item.dt, tzid, calendar_zone)
            if isinstance(value, datetime):
                if value.tzinfo is None:
                    value = value.replace(tzinfo=zone(calendar_zone.name))
                found.append(value.astimezone(UTC))
            elif isinstance(value, date):
                found.append(value)
    return found
