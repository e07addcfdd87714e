"""The rules an event must meet, as plain functions.

Two doors, one rule set. `validate_event` reads what a person typed (strings, a
checkbox, a list of ids: the web form and the JSON API) and returns either an
`EventData` or a dict of field name -> message. `check_event` judges an `EventData`
that arrived already typed (the .ics importer, `import-json`, the demo data) with the
same limits and vocabularies, and the service layer runs it on every write, so no
path can store what the form would then refuse to save. Nothing here touches a
request or the database: the caller says which locations and forces exist.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from ..domain.events import EventData
from ..domain.recurrence import (
    MAX_OCCURRENCES,
    RuleError,
    Series,
    extent,
    normalized,
    parse_rule,
)
from ..domain.text import CONTROL as _CONTROL
from ..domain.text import CONTROL_SINGLE_LINE as _CONTROL_SINGLE_LINE
from ..domain.text import N_, Message
from ..domain.timezones import (
    LocalTimeError,
    RepeatedTimeError,
    is_timezone,
    local_to_utc,
    offset_label,
    spelled_timezone,
)
from ..vocab import FIRST_YEAR, LAST_YEAR, MAX_LENGTHS, STATUSES, VISIBILITIES, in_year_range

_WHEN_FIELDS = ("start_date", "end_date", "start_time", "end_time", "timezone")


# Messages are marked (N_) or carry their values (Message): the boundary that shows one
# translates it (i18n.messages.translate); they read as the English text everywhere else.
ENDS_BEFORE_START = N_("The event ends before it starts.")
_ENDS_BEFORE_START_LATER_DAY = N_(
    "The event ends before it starts. If it ends the next day, enter that date as the end date."
)
REQUIRED = N_("This field is required.")
# The longest night an end time before the start time is read as, when no end date
# says otherwise: 20:00 to 08:00 is an overnight exercise; 10:00 to 01:00 is much more
# likely 13:00 mistyped (or a 12-hour clock's 1 pm) than a 15-hour meeting.
OVERNIGHT = timedelta(hours=12)
_TRUE = {"1", "y", "yes", "on", "true"}
_YEARS = Message(
    N_("Enter a year between %(first)s and %(last)s."), first=FIRST_YEAR, last=LAST_YEAR
)
_CHOOSE_LOCATION = N_("Choose a location from the list.")
_CHOOSE_FORCES = N_("Choose forces from the list.")
_CHOOSE_OFFICIALS = N_("Choose officials from the list.")
_ENTER_START_DATE = N_("Enter a start date.")
_SPAN_KINDS = {
    ("start", True): N_("The start must be a date."),
    ("end", True): N_("The end must be a date."),
    ("start", False): N_("The start must be a time with its zone."),
    ("end", False): N_("The end must be a time with its zone."),
}

Errors = dict[str, str]
# The free-text fields: (name, may hold line breaks).
_TEXTS = (
    ("title", False),
    ("title_ru", False),
    ("participants", True),
    ("description", True),
    ("description_ru", True),
)


@dataclass(frozen=True)
class EventRules:
    """What the rules need to know about the world: the configured kinds and zone,
    and the locations (id -> IANA zone) and forces (ids) that exist."""

    kinds: Collection[str]
    default_timezone: str
    location_zones: Mapping[int, str] = field(default_factory=dict)
    force_ids: Collection[int] = ()
    official_ids: Collection[int] = ()


def check_event(data: EventData, rules: EventRules) -> Errors:
    """Every rule `validate_event` applies, for typed data; {} when the event may be stored.
    Keys are EventData's field names ("start", "end" for the span)."""
    errors: Errors = {}
    for name, multi_line in _TEXTS:
        problem = text_problem(name, getattr(data, name), multi_line, required=name == "title")
        if problem:
            errors[name] = problem
    for name, allowed, message in _CHOICES:
        value = getattr(data, name)
        if value not in (rules.kinds if allowed is None else allowed):
            errors[name] = message
    if not is_timezone(data.timezone):
        errors["timezone"] = _unknown_zone(data.timezone)
    if data.location_id is not None and data.location_id not in rules.location_zones:
        errors["location_id"] = _CHOOSE_LOCATION
    if any(force_id not in rules.force_ids for force_id in data.force_ids):
        errors["force_ids"] = _CHOOSE_FORCES
    if any(official_id not in rules.official_ids for official_id in data.official_ids):
        errors["official_ids"] = _CHOOSE_OFFICIALS
    errors.update(_span_problems(data))
    if data.rrule is not None and not errors.keys() & {"start", "end", "timezone"}:
        problem = series_problem(data)
        if problem:
            errors["rrule"] = problem
    return errors


def series_for(data: EventData) -> Series:
    """The series `data` describes (its rule read and normalized; RuleError if unreadable)."""
    rule = normalized(parse_rule(data.rrule or ""), data.all_day, data.timezone)
    if data.all_day:
        first, last = _day(data.start), _day(data.end)
        duration = timedelta(days=(last - first).days + 1)
    else:
        first, duration = data.start, data.end - data.start
    exdates = frozenset(data.exdates)
    return Series(rule, first, duration, data.timezone, data.all_day, exdates)


def series_problem(data: EventData) -> str | None:
    """Why `data`'s repeat rule cannot be kept (None: it can): unreadable, no occurrence,
    an end before the start, too many occurrences, or excluded dates of the wrong kind."""
    try:
        series = series_for(data)
        extent(series)
    except RuleError as error:
        return error.message
    for value in data.exdates:
        timed = isinstance(value, datetime)
        if timed == data.all_day or (timed and value.tzinfo is None):
            return N_("Excluded dates must be dates for an all-day series, instants otherwise.")
    if len(data.exdates) > MAX_OCCURRENCES:
        return Message(
            N_("A series excludes at most %(limit)s occurrences."), limit=MAX_OCCURRENCES
        )
    return None


def _span_problems(data: EventData) -> Errors:
    kind = date if data.all_day else datetime
    for name in ("start", "end"):
        value = getattr(data, name)
        if not isinstance(value, kind) or (not data.all_day and value.tzinfo is None):
            return {name: _SPAN_KINDS[name, data.all_day]}
        if not in_year_range(value.year):
            return {name: _YEARS}
    start, end = (_day(data.start), _day(data.end)) if data.all_day else (data.start, data.end)
    if end < start:
        return {"end": ENDS_BEFORE_START}
    return {}


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def validate_event(raw: Mapping[str, Any], rules: EventRules) -> EventData | Errors:
    """Check one submitted event; an `EventData` when valid, else field -> message."""
    errors: Errors = {}
    title = _text(raw, "title", errors, required=True, multi_line=False)
    participants = _text(raw, "participants", errors)
    description = _text(raw, "description", errors)
    title_ru = _text(raw, "title_ru", errors, multi_line=False)
    description_ru = _text(raw, "description_ru", errors)
    kind = _choice(raw, "kind", rules, errors)
    status = _choice(raw, "status", rules, errors)
    visibility = _choice(raw, "visibility", rules, errors)
    location_id = _location(raw, rules, errors)
    force_ids = _picked(raw, "force_ids", rules.force_ids, _CHOOSE_FORCES, errors)
    official_ids = _picked(raw, "official_ids", rules.official_ids, _CHOOSE_OFFICIALS, errors)
    timezone = _timezone(raw, rules, location_id, errors)
    all_day = _flag(raw.get("all_day"))
    span = _span(raw, all_day, timezone, errors)
    if errors or span is None:
        return errors or {"start_date": _ENTER_START_DATE}
    start, end = span
    return EventData(
        title=title,
        kind=kind,
        status=status,
        all_day=all_day,
        start=start,
        end=end,
        timezone=timezone,
        location_id=location_id,
        force_ids=force_ids,
        official_ids=official_ids,
        description=description,
        participants=participants,
        visibility=visibility,
        title_ru=title_ru,
        description_ru=description_ru,
    )


def _clean(value: Any) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return _clean(value).lower() in _TRUE


def text_problem(name: str, value: str, multi_line: bool, *, required: bool = False) -> str:
    """What is wrong with a free-text field's value ('' when nothing)."""
    limit = MAX_LENGTHS[name]
    if required and not value.strip():
        return REQUIRED
    if len(value) > limit:
        return too_long(limit, len(value))
    if (_CONTROL if multi_line else _CONTROL_SINGLE_LINE).search(value):
        return _CONTROL_CHARACTERS if multi_line else _LINE_BREAKS
    return ""


_CONTROL_CHARACTERS = N_("Remove the control characters (often pasted by accident).")
_LINE_BREAKS = N_("Remove the line breaks or control characters (often pasted by accident).")


def too_long(limit: int, length: int) -> Message:
    return Message(
        N_("Keep this under %(limit)s characters (it has %(length)s)."), limit=limit, length=length
    )


def _text(
    raw: Mapping[str, Any],
    name: str,
    errors: Errors,
    *,
    required: bool = False,
    multi_line: bool = True,
) -> str:
    value = _clean(raw.get(name))
    problem = text_problem(name, value, multi_line, required=required)
    if problem:
        errors[name] = problem
    return value


# (field, allowed values or None for the configured kinds, message)
_CHOICES = (
    ("kind", None, N_("Choose a kind from the list.")),
    ("status", STATUSES, N_("Choose a status from the list.")),
    ("visibility", VISIBILITIES, N_("Choose public or internal.")),
)


def _choice(raw: Mapping[str, Any], name: str, rules: EventRules, errors: Errors) -> str:
    value = _clean(raw.get(name))
    allowed, message = next((a, m) for n, a, m in _CHOICES if n == name)
    if not value:
        errors[name] = REQUIRED
    elif value not in (rules.kinds if allowed is None else allowed):
        errors[name] = message
    return value


def _int_or_none(value: Any) -> int | None:
    text = _clean(value)
    if text.isdigit() and len(text) < 12:
        return int(text)
    return None


def _location(raw: Mapping[str, Any], rules: EventRules, errors: Errors) -> int | None:
    if not _clean(raw.get("location_id")):
        return None
    location_id = _int_or_none(raw.get("location_id"))
    if location_id not in rules.location_zones:
        errors["location_id"] = _CHOOSE_LOCATION
        return None
    return location_id


def _picked(
    raw: Mapping[str, Any], name: str, known: Collection[int], message: str, errors: Errors
) -> list[int]:
    """Ids picked from a managed list (forces, officials); unknown ones are an error."""
    values = raw.get(name) or []
    if isinstance(values, str | int):
        values = [values]
    ids = [_int_or_none(value) for value in values if _clean(value)]
    if any(record_id not in known for record_id in ids):
        errors[name] = message
        return []
    return sorted(set(ids))  # type: ignore[arg-type]


def _timezone(
    raw: Mapping[str, Any], rules: EventRules, location_id: int | None, errors: Errors
) -> str:
    """The zone typed in; when left empty, the location's zone, else the configured one."""
    value = _clean(raw.get("timezone"))
    if not value:
        return rules.location_zones.get(location_id, rules.default_timezone)
    value = spelled_timezone(value)
    if not is_timezone(value):
        errors["timezone"] = _unknown_zone(value)
    return value


def _unknown_zone(value: str) -> Message:
    return Message(
        N_("Unknown time zone %(zone)s; use an IANA name such as Europe/Minsk."),
        zone=repr(value[:64]),
    )


def _date(raw: Mapping[str, Any], name: str, errors: Errors) -> date | None:
    value = _clean(raw.get(name))
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors[name] = N_("Enter a date as YYYY-MM-DD.")
        return None
    if not in_year_range(day.year):
        errors[name] = _YEARS
        return None
    return day


_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_clock(text: str | None) -> time | None:
    """'10:30' (or '9:05') as a time; None for anything else. Not time.fromisoformat,
    which reads '10.30' as 10:00:00.3 and takes seconds the form never shows."""
    match = _CLOCK.fullmatch((text or "").strip())
    return time(int(match[1]), int(match[2])) if match else None


def _time(raw: Mapping[str, Any], name: str, errors: Errors) -> time | None:
    value = _clean(raw.get(name))
    if not value:
        errors[name] = N_("Enter a time, or tick “All day”.")
        return None
    clock = parse_clock(value)
    if clock is None:
        errors[name] = N_("Enter a time as HH:MM.")
    return clock


def _span(
    raw: Mapping[str, Any], all_day: bool, timezone: str, errors: Errors
) -> tuple[date, date] | tuple[datetime, datetime] | None:
    """Start and end: dates (end inclusive) for all-day events, UTC instants otherwise."""
    first = _date(raw, "start_date", errors)
    if first is None and "start_date" not in errors:
        errors["start_date"] = _ENTER_START_DATE
    # A one-day event needs no end date: it ends on the day it starts.
    last = _date(raw, "end_date", errors) or first
    if all_day:
        if first and last and last < first:
            errors["end_date"] = N_("The end date is before the start date.")
        return None if _when_failed(errors) or not (first and last) else (first, last)
    start_clock = _time(raw, "start_time", errors)
    end_clock = _time(raw, "end_time", errors)
    if _when_failed(errors) or not (first and last and start_clock and end_clock):
        return None
    if not _clean(raw.get("end_date")) and is_overnight(start_clock, end_clock):
        last = first + timedelta(days=1)
    start = _instant(first, start_clock, timezone, "start_time", errors, _fold(raw, "start_fold"))
    end = _instant(last, end_clock, timezone, "end_time", errors, _fold(raw, "end_fold"))
    if start is None or end is None:
        return None
    if end < start:
        if last < first:
            errors["end_date"] = ENDS_BEFORE_START
        else:
            errors["end_time"] = _ENDS_BEFORE_START_LATER_DAY
        return None
    return start, end


def is_overnight(start: time, end: time) -> bool:
    """Whether an end time before the start time is read as the next day's, as Google
    Calendar and Outlook read it (23:00 to 00:00 ends at midnight, not 23 hours early)."""
    if end >= start:
        return False
    day = date(2000, 1, 1)  # any day: only the clock times differ
    night = datetime.combine(day + timedelta(days=1), end) - datetime.combine(day, start)
    return night <= OVERNIGHT


def _when_failed(errors: Errors) -> bool:
    return any(name in errors for name in _WHEN_FIELDS)


def _fold(raw: Mapping[str, Any], name: str) -> int | None:
    """Which of a repeated wall time (the hour after a fall-back) is meant: 0 the first,
    1 the second (PEP 495), None not said. Forms and the API carry it for a stored
    event, so saving it again keeps the instant it had."""
    value = _clean(raw.get(name))
    return int(value) if value in ("0", "1") else None


class TimeChoice(Message):
    """A field message that is a question: which of the two instants a wall time names in
    the hour a fall-back repeats. `instants` (aware local times, fold 0 then 1) let the
    form offer both as a choice (start_fold / end_fold) and the API name their offsets."""

    instants: tuple[datetime, datetime]

    def __new__(cls, instants: tuple[datetime, datetime]) -> TimeChoice:
        first, second = instants
        choice = super().__new__(
            cls,
            N_(
                "%(time)s happens twice in %(zone)s (the clocks go back): choose %(first)s or %(second)s."
            ),
            time=f"{first:%Y-%m-%d %H:%M}",
            zone=str(first.tzinfo),
            first=offset_label(first),
            second=offset_label(second),
        )
        choice.instants = instants
        return choice

    def __reduce__(self):
        return (TimeChoice, (self.instants,))


def _instant(
    day: date, clock: time, timezone: str, name: str, errors: Errors, fold: int | None
) -> datetime | None:
    try:
        return local_to_utc(datetime.combine(day, clock), timezone, fold=fold)
    except RepeatedTimeError as error:
        errors[name] = TimeChoice(error.instants)
    except LocalTimeError as error:
        errors[name] = error.message
    return None
