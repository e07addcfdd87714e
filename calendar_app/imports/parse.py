"""Reading other calendars' .ics files (Outlook, Google, Thunderbird exports) into plain data.

Pure: bytes in, ImportedEvent and Rejection lists out. Matching to stored events,
locations and forces happens in the import service.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from ..domain.recurrence import occurrence_key
from ..domain.text import N_, Message
from ..domain.timezones import zone
from ..vocab import FIRST_YEAR, LAST_YEAR, in_year_range
from .moments import CalendarZone, as_list, file_zones, instants, moment, zone_name
from .recurrence import ExpansionBudget, SeriesRefused, check_series
from .repeats import as_key, rule_text
from .structure import ShapeError, check_structure

ICAL_STATUSES = {"TENTATIVE": "planned", "CONFIRMED": "confirmed", "CANCELLED": "cancelled"}
MAX_EVENTS = 20_000  # events in one file


class IcsError(ValueError):
    """The file as a whole cannot be read; the message is safe to show."""


@dataclass
class ImportedEvent:
    uid: str
    title: str
    start: date | datetime  # dates (inclusive end) for all-day, aware datetimes otherwise
    end: date | datetime
    all_day: bool
    timezone: str
    status: str = "confirmed"
    description: str = ""
    # The Russian SUMMARY and DESCRIPTION, when the file gives them with LANGUAGE=ru.
    title_ru: str = ""
    description_ru: str = ""
    location: str = ""
    categories: list[str] = field(default_factory=list)
    sequence: int = 0
    last_modified: datetime | None = None
    classification: str = "PUBLIC"  # CLASS, upper case; absent reads as PUBLIC
    warnings: list[str] = field(default_factory=list)
    # A series: its rule as we store it, and its excluded occurrences (keys of its kind).
    rrule: str | None = None
    exdates: tuple = ()
    # An override: the occurrence it changes (a date or an aware UTC instant, as the
    # file gives it; the importer reads it as a key of its series), and RANGE.
    recurrence_id: date | datetime | None = None
    this_and_future: bool = False
    # An extra date (RDATE) of a series, imported as an event of its own: the key of
    # that date (its UID is the series' with "/rdate/<key>").
    rdate_key: str = ""
    method: str = "PUBLISH"  # the file's METHOD (CANCEL cancels what the file names)

    @property
    def restricted(self) -> bool:
        """CLASS:PRIVATE, CONFIDENTIAL or any value we do not know (RFC 5545 3.8.1.3)."""
        return self.classification != "PUBLIC"


@dataclass
class Rejection:
    uid: str
    title: str
    reason: str


def _text(component, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _reason(error: Exception) -> str:
    """An error's message as raised: a Message keeps its template and values."""
    return error.args[0] if error.args and isinstance(error.args[0], str) else str(error)


def _language(prop) -> str:
    """The LANGUAGE parameter of a property ("ru", "en-GB"…), its primary tag in lower case."""
    params = getattr(prop, "params", None) or {}
    return str(params.get("LANGUAGE", "")).strip().lower().replace("_", "-").split("-")[0]


def _texts(component, name: str) -> tuple[str, str]:
    """(English, Russian) of a SUMMARY or DESCRIPTION, which a file may give more than once
    with LANGUAGE=: the one with no LANGUAGE (or another language) stays the English text
    as it always was; the one with LANGUAGE=ru is the Russian text. A file with only a
    Russian one keeps it in both (an event needs a title)."""
    found = component.get(name)
    props = found if isinstance(found, list) else [found] if found is not None else []
    russian = [str(p).strip() for p in props if _language(p) == "ru" and str(p).strip()]
    others = [p for p in props if _language(p) != "ru" and str(p).strip()]
    english = [p for p in others if _language(p) in ("", "en")] or others
    text_ru = russian[0] if russian else ""
    text = str(english[0]).strip() if english else text_ru
    return text, text_ru


def _categories(component) -> list[str]:
    found = component.get("categories")
    props = found if isinstance(found, list) else [found] if found is not None else []
    names = []
    for prop in props:
        names += [str(c).strip() for c in getattr(prop, "cats", [prop]) if str(c).strip()]
    return list(dict.fromkeys(names))


def _when(component, calendar_zone: CalendarZone):
    """(start, end, all_day, zone name, warnings) from DTSTART and DTEND or DURATION."""
    if component.get("dtstart") is None:
        raise ValueError("it has no start (DTSTART)")
    start_prop = component["dtstart"]
    start, warning = moment(start_prop, calendar_zone)
    tzid = zone_name(start_prop.params.get("TZID"))
    warnings = [warning]
    if component.get("dtend") is not None:
        end, warning = moment(component["dtend"], calendar_zone)
        warnings.append(warning)
    elif component.get("duration") is not None:
        end = start + component["duration"].dt
    elif isinstance(start, datetime):
        # RFC 5545 3.6.1: a date-time DTSTART alone ends when it starts.
        end = start
        warnings.append(
            "no end (DTEND or DURATION): imported as a zero-length event at its start time"
        )
    else:
        end = start + timedelta(days=1)  # a date alone lasts that day
    warnings = list(dict.fromkeys(w for w in warnings if w))
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise ValueError("its start and end are of different kinds (date and date-time)")
    if not isinstance(start, datetime):
        last = end - timedelta(days=1) if end > start else start  # DTEND is exclusive
        return start, last, True, tzid or calendar_zone.name, warnings
    name = tzid or calendar_zone.name
    if start.tzinfo is None:  # floating time (or an unknown TZID): the calendar's zone
        start = start.replace(tzinfo=zone(name))
    if end.tzinfo is None:
        end = end.replace(tzinfo=zone(name))
    return start.astimezone(UTC), end.astimezone(UTC), False, name, warnings


def _year_ok(value: date | datetime) -> bool:
    return in_year_range(value.year)


def read_calendar(data: bytes) -> Calendar:
    if not data.strip():
        raise IcsError(N_("the file is empty"))
    if b"\x00" in data[:4096]:
        raise IcsError(N_("this is a binary file, not an iCalendar (.ics) file"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IcsError(N_("the file is not UTF-8 text, as iCalendar files must be")) from None
    if "BEGIN:VCALENDAR" not in text[:2048].upper():
        raise IcsError(N_("this is not an iCalendar file (no BEGIN:VCALENDAR)"))
    if "END:VCALENDAR" not in text[-2048:].upper():
        raise IcsError(N_("the file is cut short (no END:VCALENDAR): was the download complete?"))
    try:
        check_structure(text)
    except ShapeError as error:
        raise IcsError(
            Message(N_("the file is not imported: %(reason)s"), reason=_reason(error))
        ) from None
    try:
        return Calendar.from_ical(text)
    except Exception as error:  # the library raises many kinds on malformed text
        raise IcsError(f"the file could not be read as iCalendar: {str(error)[:200]}") from None


def parse_ics(
    data: bytes, *, default_zone: str, window: tuple[date, date]
) -> tuple[list[ImportedEvent], list[Rejection]]:
    """Events of an .ics file: single events, each series as one event with its rule and
    excluded dates, each override (RECURRENCE-ID) as an event naming its occurrence, and
    each extra date (RDATE) of a series as an event of its own."""
    calendar = read_calendar(data)
    declared = zone_name(_text(calendar, "x-wr-timezone"))
    calendar_zone = (
        CalendarZone(declared, N_("the file's X-WR-TIMEZONE"))
        if declared
        else CalendarZone(default_zone, N_("this calendar's default zone"))
    )
    calendar_zone.file_zones = file_zones(calendar)
    method = _text(calendar, "method").upper() or "PUBLISH"
    events: list[ImportedEvent] = []
    rejected: list[Rejection] = []
    series: dict[str, list] = {}  # uid -> its master and overriding components
    for component in calendar.walk("VEVENT"):
        uid, title = _text(component, "uid"), _texts(component, "summary")[0]
        if component.get("rrule") is not None or component.get("recurrence-id") is not None:
            series.setdefault(uid, []).append(component)
            continue
        _add(component, uid, title, calendar_zone, events, rejected)
        _check_size(events, rejected)
    for components in _accepted_series(series, window, rejected):
        _add_series(components, calendar_zone, events, rejected)
        _check_size(events, rejected)
    for event in events:
        event.method = method
    return events, rejected


def _check_size(events: list, rejected: list) -> None:
    if len(events) + len(rejected) > MAX_EVENTS:
        raise IcsError(
            Message(N_("the file holds more than %(count)s events; split it"), count=MAX_EVENTS)
        )


def _date_count(component) -> int:
    """How many EXDATE and RDATE values the component lists (a line may hold many)."""
    props = as_list(component.get("exdate")) + as_list(component.get("rdate"))
    return sum(len(getattr(prop, "dts", [prop])) for prop in props)


def _accepted_series(series: dict[str, list], window, rejected: list) -> list[list]:
    """The components of each series that passes the rule checks within the file's
    budget (overrides without their master in the file pass: their series may be stored);
    each refused series becomes one rejection with its reason."""
    budget = ExpansionBudget()
    accepted = []
    for uid, components in series.items():
        masters = [c for c in components if c.get("recurrence-id") is None]
        title = _texts(masters[0] if masters else components[0], "summary")[0]
        try:
            if len(masters) > 1:
                raise SeriesRefused("its UID starts more than one repeating series")
            if masters:
                master = masters[0]
                if master.get("dtstart") is None:
                    raise SeriesRefused(N_("it has no start (DTSTART)"))
                start = master["dtstart"].dt
                dates = sum(_date_count(c) for c in components)
                check_series(as_list(master.get("rrule")), start, dates, window[1], budget)
        except SeriesRefused as error:
            rejected.append(Rejection(uid, title, _reason(error)))
            continue
        except ValueError as error:  # icalendar's BrokenCalendarProperty, among others
            reason = f"its repeat rule could not be read: {str(error).split(': ', 1)[-1][:120]}"
            rejected.append(Rejection(uid, title, reason))
            continue
        except (AttributeError, TypeError):
            reason = "its dates could not be read"
            rejected.append(Rejection(uid, title, reason))
            continue
        # The master first: its overrides are read against it, wherever the file put them.
        accepted.append(sorted(components, key=lambda c: c.get("recurrence-id") is not None))
    return accepted


def _add_series(components, calendar_zone, events, rejected) -> None:
    """A series' master (with its rule and excluded dates, and its RDATEs as events of
    their own) and its overrides."""
    master = components[0] if components[0].get("recurrence-id") is None else None
    if master is not None:
        uid, title = _text(master, "uid"), _texts(master, "summary")[0]
        item = _add(master, uid, title, calendar_zone, events, rejected)
        if item is None:
            return  # its overrides go with it: the rejection names the series
        try:
            if master.get("rrule") is None:
                raise SeriesRefused("it has extra dates (RDATE) but no repeat rule (RRULE)")
            item.rrule = rule_text(master["rrule"], item.all_day, item.timezone)
        except SeriesRefused as error:
            events.remove(item)
            rejected.append(Rejection(uid, title, _reason(error)))
            return
        first = item.start
        keys = {
            as_key(value, item.all_day, item.timezone, first)
            for value in instants(master, "exdate", calendar_zone)
        }
        item.exdates = tuple(sorted(keys, key=str))
        _add_rdates(master, item, calendar_zone, events)
    for component in components[1:] if master is not None else components:
        uid, title = _text(component, "uid"), _texts(component, "summary")[0]
        override = _add(component, uid, title, calendar_zone, events, rejected)
        if override is None:
            continue
        prop = component["recurrence-id"]
        values = instants(component, "recurrence-id", calendar_zone)
        value = values[0] if len(values) == 1 else None
        if value is None:
            events.remove(override)
            rejected.append(Rejection(uid, title, N_("its RECURRENCE-ID could not be read")))
            continue
        override.recurrence_id = value
        override.this_and_future = str(prop.params.get("RANGE", "")).upper() == "THISANDFUTURE"


def _add_rdates(master, item: ImportedEvent, calendar_zone, events) -> None:
    """Each RDATE of a series as an event of its own (Outlook drops RDATE, so we never
    write it): the series' event on that date, with a UID of its own that stays the same
    on every import of the file."""
    extras = [
        as_key(value, item.all_day, item.timezone, item.start)
        for value in instants(master, "rdate", calendar_zone)
    ]
    if not extras:
        return
    item.warnings.append(
        Message(
            N_("its %(count)s extra date(s) (RDATE) are imported as separate events"),
            count=len(extras),
        )
    )
    length = item.end - item.start
    for key in sorted(set(extras), key=str):
        start = key
        events.append(
            replace(
                item,
                start=start,
                end=start + length,
                rrule=None,
                exdates=(),
                rdate_key=occurrence_key(key),
                categories=list(item.categories),
                warnings=["an extra date (RDATE) of the series, imported as a separate event"],
            )
        )


def _add(component, uid, title, calendar_zone, events, rejected) -> ImportedEvent | None:
    if not uid:
        rejected.append(
            Rejection("", title, N_("it has no UID, so a later import could not recognise it"))
        )
        return None
    try:
        start, end, all_day, tz, warnings = _when(component, calendar_zone)
    except (ValueError, TypeError, AttributeError) as error:
        rejected.append(
            Rejection(
                uid,
                title,
                _reason(error)
                if isinstance(error, ValueError)
                else N_("its dates could not be read"),
            )
        )
        return None
    if not (_year_ok(start) and _year_ok(end)):
        rejected.append(
            Rejection(
                uid,
                title,
                Message(
                    N_("its dates are outside the years %(first)s-%(last)s"),
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                ),
            )
        )
        return None
    if end < start:
        rejected.append(Rejection(uid, title, N_("it ends before it starts")))
        return None
    modified = component.get("last-modified")
    modified_at = modified.dt if modified is not None else None
    if isinstance(modified_at, datetime) and modified_at.tzinfo is None:
        modified_at = modified_at.replace(tzinfo=UTC)
    try:
        sequence = int(str(component.get("sequence", 0)))
    except ValueError:
        sequence = 0
    _, title_ru = _texts(component, "summary")
    description, description_ru = _texts(component, "description")
    item = ImportedEvent(
        uid=uid,
        title=title,
        start=start,
        end=end,
        all_day=all_day,
        timezone=tz,
        status=ICAL_STATUSES.get(_text(component, "status").upper(), "confirmed"),
        description=description,
        title_ru=title_ru,
        description_ru=description_ru,
        location=_text(component, "location"),
        categories=_categories(component),
        sequence=max(sequence, 0),
        last_modified=modified_at if isinstance(modified_at, datetime) else None,
        classification=_text(component, "class").upper() or "PUBLIC",
        warnings=warnings,
    )
    events.append(item)
    return item
