"""JSON bodies of API writes: their shape checked by resources.EventInput, then turned into
the form's raw fields so that one set of rules (events/rules.py) judges both; the rules'
field errors are mapped back to the JSON names."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from ..domain.events import EventData
from ..domain.recurrence import occurrence_key, parse_occurrence_key
from ..domain.timezones import is_repeated, is_timezone, utc_to_local, zone
from ..events.rules import EventRules, TimeChoice
from ..models import Event
from ..vocab import MAX_LENGTHS
from .resources import EventInput, WrongType

# The form asks for each moment as a date and a time; elsewhere its field names are the
# model's attribute names.
_FORM_NAMES = {"start": ("start_date", "start_time"), "end": ("end_date", "end_time")}
_WRONG_TYPE = {
    field.alias: next(m.message for m in field.metadata if isinstance(m, WrongType))
    for field in EventInput.model_fields.values()
}


class PayloadError(ValueError):
    """The body is not a usable JSON object; `fields` names what is wrong."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


def event_as_input(event: Event) -> dict[str, Any]:
    """The stored event in the shape a PUT takes (what a PATCH is laid over)."""
    return data_as_input(EventData.from_event(event))


def data_as_input(data: EventData) -> dict[str, Any]:
    """Plain event data (a stored event, an occurrence) in the shape a PUT takes."""
    if data.all_day:
        start, end = data.start.isoformat(), (data.end + timedelta(days=1)).isoformat()
    else:  # local wall time in the event's zone, as a person would type it
        start = _wall_time(utc_to_local(data.start, data.timezone))
        end = _wall_time(utc_to_local(data.end, data.timezone))
    computed = {
        "title_ru": data.title_ru or None,
        "description_ru": data.description_ru or None,
        "start": start,
        "end": end,
        "exdates": [occurrence_key(value) for value in data.exdates],
        "confirm_conflicts": False,  # a request's, never stored
        "conflict_reason": "",
    }
    stored = EventInput.model_construct(
        **{name: getattr(data, name) for name in EventInput.model_fields if name not in computed},
        **computed,
    )
    return stored.model_dump(by_alias=True)


def _wall_time(local: datetime) -> str:
    """Minutes of local time; with the offset when the wall time happens twice (the hour
    after a fall-back), so that a PATCH of another field keeps the instant it had."""
    if is_repeated(local):
        return local.isoformat(timespec="minutes")
    return local.strftime("%Y-%m-%dT%H:%M")


def check_shape(body: Any, *, over: dict[str, Any] | None = None) -> EventInput:
    """Types and names only; the rules themselves come after. A PATCH body is laid `over`
    the stored event first, so that it may leave out any field."""
    if not isinstance(body, dict):
        raise PayloadError("The body must be a JSON object.")
    try:
        return EventInput.model_validate(body if over is None else over | body)
    except ValidationError as error:
        raise PayloadError("Some fields are not valid.", _shape_errors(error)) from None


def _shape_errors(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in error.errors():
        name = str(problem["loc"][0])  # a list item's error belongs to the list
        if problem["type"] == "extra_forbidden":
            fields[name[:50]] = "Unknown field."
        elif problem["type"] == "missing":
            fields[name] = "This field is required."
        else:
            fields[name] = _WRONG_TYPE[name]
    return fields


def _zone(event: EventInput, rules: EventRules) -> str:
    if is_timezone(event.timezone):
        return event.timezone
    return rules.location_zones.get(event.location_id, rules.default_timezone)


# A date-time to the minute: seconds, if given, are zero (a fraction of zeros too, as
# JavaScript's toISOString() writes it); an offset, if given, says which instant.
_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::00(?:\.0+)?)?(Z|[+-]\d{2}:\d{2})?")
MOMENT_FORMAT = (
    "Send a date-time to the minute, YYYY-MM-DDTHH:MM, as local time in `timezone` "
    "(2026-12-24T10:30) or with seconds :00 and an offset (2026-12-24T10:30:00+03:00)."
)


class _Malformed(ValueError):
    """A timed value that is no ISO 8601 date-time to the minute."""


def _split(value: str, all_day: bool, zone: str, exclusive_end: bool) -> tuple[str, str, str]:
    """(date text, time text, fold) for the form rules; a date that does not parse is
    passed on as is, so that the rules report it. A time given with its offset names one
    instant: when its wall time happens twice, the fold says which of the two it is.
    A timed value of any other shape is refused (_Malformed), never read as a guess."""
    if all_day:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value, "", ""
        return (day - timedelta(days=1) if exclusive_end else day).isoformat(), "", ""
    match = _MOMENT.fullmatch(value)
    if match is None:
        raise _Malformed(MOMENT_FORMAT)
    day, clock, offset = match.groups()
    if not offset:
        return day, clock, ""
    try:
        moment = utc_to_local(datetime.fromisoformat(f"{day}T{clock}{offset}"), zone)
    except ValueError:  # 2023-02-30, 25:00: the rules say which
        return day, clock, ""
    fold = str(moment.fold) if is_repeated(moment) else ""
    return moment.date().isoformat(), moment.strftime("%H:%M"), fold


def _moments(event: EventInput, zone: str) -> dict[str, tuple[str, str, str]]:
    moments, errors = {}, {}
    for name, exclusive_end in (("start", False), ("end", True)):
        try:
            moments[name] = _split(getattr(event, name), event.all_day, zone, exclusive_end)
        except _Malformed as error:
            errors[name] = str(error)
    if errors:
        raise PayloadError("Some fields are not valid.", errors)
    return moments


def to_form_fields(event: EventInput, rules: EventRules) -> dict[str, Any]:
    moments = _moments(event, _zone(event, rules))
    (start_date, start_time, start_fold), (end_date, end_time, end_fold) = moments.values()
    left_out = {"start", "end", "location_id", "force_ids", "official_ids", "rrule", "exdates",
                "confirm_conflicts", "conflict_reason"}  # fmt: skip
    return event.model_dump(exclude=left_out) | {
        "start_date": start_date,
        "start_time": start_time,
        "end_date": end_date,
        "end_time": end_time,
        "start_fold": start_fold,
        "end_fold": end_fold,
        "title_ru": event.title_ru or "",
        "description_ru": event.description_ru or "",
        "location_id": "" if event.location_id is None else str(event.location_id),
        "force_ids": [str(force_id) for force_id in event.force_ids],
        "official_ids": [str(official_id) for official_id in event.official_ids],
    }


def json_errors(errors: dict[str, str], event: EventInput) -> dict[str, str]:
    """Form field errors renamed to the JSON fields they came from."""
    renamed: dict[str, str] = {}
    known: set[str] = set()
    for name, field in EventInput.model_fields.items():
        for form_name in _FORM_NAMES.get(name, (name,)):
            known.add(form_name)
            if form_name in errors:
                renamed.setdefault(field.alias, _for_the_api(errors[form_name]))
    renamed |= {name: message for name, message in errors.items() if name not in known}
    if "end" in renamed and event.all_day:
        renamed["end"] = _exclusive_end(event.start, event.end) or renamed["end"]
    return renamed


def _for_the_api(message: str) -> str:
    """The rules' message, said as an API client can act on it: a repeated wall time is
    told apart by its offset, which the form offers as a choice."""
    if not isinstance(message, TimeChoice):
        return message
    first, second = message.instants
    return (
        f"{first:%Y-%m-%d %H:%M} happens twice in {first.tzinfo} (the clocks go back): "
        f"send it with its offset, {first.isoformat()} ({first.tzname()}) or "
        f"{second.isoformat()} ({second.tzname()})."
    )


def _exclusive_end(start: str, end: str) -> str:
    """An all-day end not after the start is most often an inclusive end sent where the
    API takes an exclusive one (as iCalendar does): say so, with an example ('' when the
    dates do not even parse, which the rules' own message says)."""
    try:
        first, after = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        return ""
    if after > first:
        return ""
    return (
        "The end is exclusive (the day after the last day): for a one-day event on "
        f"{first.isoformat()}, send end {(first + timedelta(days=1)).isoformat()}."
    )


RECURRENCE_ID_FORMAT = (
    "Give each excluded occurrence by its recurrence id: 20250106T070000Z (UTC) for a "
    "timed series, 20250106 for an all-day one."
)


def with_series(data: EventData, event: EventInput) -> EventData:
    """`data` (as the form rules read it) with the body's repeat rule and exclusions;
    PayloadError when they cannot even be read (their meaning is the rules' to judge)."""
    rule = (event.rrule or "").strip() or None
    if rule is not None and len(rule) > MAX_LENGTHS["rrule"]:
        limit = MAX_LENGTHS["rrule"]
        raise PayloadError("Some fields are not valid.", {"rrule": f"Keep it under {limit}."})
    exdates = [parse_occurrence_key(text) for text in event.exdates]
    if None in exdates:
        raise PayloadError("Some fields are not valid.", {"exdates": RECURRENCE_ID_FORMAT})
    if exdates and rule is None:
        message = "Only a repeating event (with an rrule) excludes occurrences."
        raise PayloadError("Some fields are not valid.", {"exdates": message})
    return replace(data, rrule=rule, exdates=tuple(dict.fromkeys(exdates)))


def applied_to_series(data: EventData, first: date | datetime, occurrence) -> EventData:
    """An occurrence's change applied to all occurrences: the series' `first` occurrence
    moves as the occurrence (originally at `occurrence`) moved, on the wall clock of the
    event's zone, and takes its new length. Other fields are taken as given."""
    timed = not data.all_day
    if isinstance(first, datetime) != timed or isinstance(occurrence, datetime) != timed:
        return data  # a timed series made all-day, or back: the times given are the series'
    if timed:
        start = _wall(first, data) + (_wall(data.start, data) - _wall(occurrence, data))
        start = start.replace(tzinfo=zone(data.timezone)).astimezone(UTC)
    else:
        start = first + (data.start - occurrence)
    return replace(data, start=start, end=start + (data.end - data.start))


def _wall(instant: datetime, data: EventData) -> datetime:
    return instant.astimezone(zone(data.timezone)).replace(tzinfo=None)
