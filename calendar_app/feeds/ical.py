"""iCalendar text for subscribers: pure functions, plain data in, bytes out.

Every VEVENT is rendered on its own (render_vevent) so that its text can be
kept with the event and a feed assembled from stored pieces; build_feed is
the same assembly over freshly rendered pieces, so both give identical bytes.
Escaping and 75-octet folding are left to the icalendar library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from icalendar import Calendar, vDuration, vRecur
from icalendar import Event as VEvent

from ..domain.text import N_
from ..domain.timezones import zone
from ..vocab import LAST_YEAR
from .vtimezone import vtimezone

PRODID = "-//calendar_app//Events and exercises calendar//EN"
STATUS_MAP = {"planned": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}
END_CALENDAR = b"END:VCALENDAR\r\n"
# Unicode category Cc except TAB and LF (CR is turned into LF first).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The fixed words of a DESCRIPTION, as an English feed writes them; a feed in another
# language is given them translated (store.feed_event), this module knows no language.
FORCES_LABEL = N_("Participating forces:")
PARTICIPANTS_LABEL = N_("Participants:")


@dataclass(frozen=True)
class FeedEvent:
    """What a subscriber's calendar shows of one event (all values final, no lookups)."""

    uid: str
    title: str
    kind: str
    status: str
    all_day: bool
    start_date: date  # inclusive
    end_date: date  # inclusive
    starts_at: datetime  # aware UTC
    ends_at: datetime  # aware UTC, exclusive
    timezone: str
    created: datetime
    last_modified: datetime
    sequence: int = 0
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""
    forces: tuple[str, ...] = ()
    participants: str = ""
    description: str = ""
    internal: bool = False  # staff only: only private feeds hold it
    # A series: its RRULE text (UNTIL already in UTC, or a date for all-day) and its
    # excluded occurrences (dates, or aware instants written in the event's zone).
    rrule: str = ""
    exdates: tuple[date | datetime, ...] = ()
    # An override: the original start of the occurrence it replaces (a date, or an aware
    # instant), written as its series' DTSTART is: same value type, same TZID.
    recurrence_id: date | datetime | None = None
    series_timezone: str = ""
    series_ends_at: datetime | None = None  # a series: the end of its last occurrence
    # A feed in another language than English: the languages its texts are in (a text in
    # Russian gets LANGUAGE=ru, RFC 5545 3.2.10) and its DESCRIPTION's fixed words.
    title_language: str = "en"
    description_language: str = "en"
    location_language: str = "en"
    forces_label: str = FORCES_LABEL
    participants_label: str = PARTICIPANTS_LABEL


@dataclass(frozen=True)
class FeedOptions:
    name: str
    description: str = ""
    refresh: timedelta = timedelta(hours=4)
    # False for a file of one event to add to a calendar: no calendar name or refresh
    # interval (Apple Calendar and Outlook would offer to make a new calendar of it).
    subscription: bool = True


@dataclass(frozen=True)
class ZoneSpan:
    """A time zone used by timed events, and the years its VTIMEZONE must cover."""

    tzid: str
    first_year: int
    last_year: int


@dataclass
class FeedParts:
    """Rendered pieces of a feed, in output order."""

    header: bytes
    timezones: list[bytes] = field(default_factory=list)
    events: list[bytes] = field(default_factory=list)

    def join(self) -> bytes:
        return b"".join([self.header, *self.timezones, *self.events, END_CALENDAR])


def clean_text(text: str) -> str:
    """Normalise line ends and drop control characters that no calendar line may hold.

    The library escapes newlines itself; a lone CR or other control character
    would survive escaping and could break a line in a client.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def describe(event: FeedEvent) -> str:
    """DESCRIPTION: the description, forces, participants and the event page's URL."""
    parts = [event.description.strip()] if event.description.strip() else []
    details = []
    if event.forces:
        details.append(f"{event.forces_label} " + ", ".join(event.forces))
    if event.participants.strip():
        details.append(f"{event.participants_label} " + event.participants.strip())
    if details:
        parts.append("\n".join(details))
    if event.url:
        parts.append(event.url)
    return clean_text("\n\n".join(parts))


def render_vevent(event: FeedEvent) -> bytes:
    """One VEVENT as folded iCalendar text with CRLF line ends."""
    return vevent_component(event).to_ical()


def vevent_component(event: FeedEvent) -> VEvent:
    """The VEVENT component (the library does escaping and folding when serialized)."""
    vevent = VEvent()
    vevent.add("uid", clean_text(event.uid))
    vevent.add("dtstamp", event.last_modified)
    vevent.add("created", event.created)
    vevent.add("last-modified", event.last_modified)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", clean_text(event.title), parameters=_language(event.title_language))
    if event.all_day:
        vevent.add("dtstart", event.start_date)
        vevent.add("dtend", event.end_date + timedelta(days=1))  # exclusive, RFC 5545
        vevent.add("transp", "TRANSPARENT")
        vevent.add("x-microsoft-cdo-alldayevent", "TRUE")
    else:
        tz = zone(event.timezone)
        vevent.add("dtstart", event.starts_at.astimezone(tz))
        vevent.add("dtend", event.ends_at.astimezone(tz))
    _add_recurrence(vevent, event)
    vevent.add("status", STATUS_MAP[event.status])
    if event.internal:  # clients mark it private; our import reads it back as internal
        vevent.add("class", "CONFIDENTIAL")
    if event.location:
        vevent.add(
            "location", clean_text(event.location), parameters=_language(event.location_language)
        )
    if event.geo is not None:
        vevent.add("geo", event.geo)
    if event.url:
        vevent.add("url", event.url)
    categories = [event.kind, *event.forces]
    vevent.add("categories", [clean_text(c).replace("\n", " ") for c in categories])
    description = describe(event)
    if description:
        vevent.add("description", description, parameters=_language(event.description_language))
    return vevent


def _language(language: str) -> dict[str, str] | None:
    """LANGUAGE=ru on a text in Russian; English texts carry none (as feeds always wrote
    them, so that an English feed's bytes stay what they were)."""
    return {"LANGUAGE": language} if language and language != "en" else None


def _in_zone(value: date | datetime, timezone: str) -> date | datetime:
    """A recurrence id or excluded date as DTSTART of its series is written: a date, or
    the instant on the wall clock of the series' zone (TZID)."""
    if isinstance(value, datetime):
        return value.astimezone(zone(timezone))
    return value


def _add_recurrence(vevent: VEvent, event: FeedEvent) -> None:
    """RRULE and EXDATE of a series, RECURRENCE-ID of an override (never RDATE: Outlook
    drops it)."""
    if event.rrule:
        vevent.add("rrule", vRecur.from_ical(event.rrule))
        if event.exdates:
            vevent.add("exdate", [_in_zone(value, event.timezone) for value in event.exdates])
    if event.recurrence_id is not None:
        where = event.series_timezone or event.timezone
        vevent.add("recurrence-id", _in_zone(event.recurrence_id, where))


def render_header(options: FeedOptions) -> bytes:
    """BEGIN:VCALENDAR and the calendar's own properties (no X-WR-TIMEZONE; METHOD only
    for a single event's file)."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    if not options.subscription:
        calendar.add("method", "PUBLISH")
        return calendar.to_ical()[: -len(END_CALENDAR)]
    name = clean_text(options.name).replace("\n", " ")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if options.description:
        description = clean_text(options.description)
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", options.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(options.refresh))
    text = calendar.to_ical()
    assert text.endswith(END_CALENDAR)
    return text[: -len(END_CALENDAR)]


def zone_spans(items: Iterable[tuple[str, int, int]]) -> list[ZoneSpan]:
    """Merge (tzid, first_year, last_year) of timed events into one span per zone."""
    spans: dict[str, tuple[int, int]] = {}
    for tzid, first, last in items:
        low, high = spans.get(tzid, (first, last))
        spans[tzid] = (min(low, first), max(high, last))
    return [ZoneSpan(tzid, low, high) for tzid, (low, high) in sorted(spans.items())]


def render_timezones(spans: Iterable[ZoneSpan]) -> list[bytes]:
    return [vtimezone(s.tzid, s.first_year, s.last_year).to_ical() for s in spans]


# An open-ended series' VTIMEZONE covers this many years after its start (the zone's
# rules still in force at the end stay open-ended: see vtimezone).
OPEN_SERIES_YEARS = 10


def zone_last_year(last_end: datetime, latest_open_start: datetime | None) -> int:
    """The last year a zone's VTIMEZONE must cover: the last end of its events and series,
    and some years of the latest open-ended series."""
    if latest_open_start is None:
        return last_end.year
    return min(max(last_end.year, latest_open_start.year + OPEN_SERIES_YEARS), LAST_YEAR)


def event_zone_span(event: FeedEvent) -> tuple[str, int, int] | None:
    if event.all_day:
        return None
    if event.rrule:
        open_start = event.starts_at if event.series_ends_at is None else None
        last = zone_last_year(event.series_ends_at or event.ends_at, open_start)
        return (event.timezone, event.starts_at.year, last)
    return (event.timezone, event.starts_at.year, event.ends_at.year)


def build_feed(
    events: Iterable[FeedEvent], options: FeedOptions, spans: list[ZoneSpan] | None = None
) -> bytes:
    """The whole feed, rendered from scratch (`spans`: the zones to write, else those the
    events need)."""
    events = list(events)
    if spans is None:
        spans = zone_spans(s for s in map(event_zone_span, events) if s is not None)
    parts = FeedParts(
        render_header(options), render_timezones(spans), [render_vevent(e) for e in events]
    )
    return parts.join()
