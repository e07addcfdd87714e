"""JSON bodies of API writes, turned into the form's raw fields so that one set of rules
(domain/validation.py) judges both; field errors are mapped back to the JSON names."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ..domain.timezones import is_timezone, utc_to_local
from ..events.rules import EventRules
from ..models import Event
from .serialize import event_times

# JSON name -> the form field names its errors may come back under
JSON_FIELDS = {
    "title": ("title",),
    "kind": ("kind",),
    "status": ("status",),
    "allDay": ("all_day",),
    "start": ("start_date", "start_time"),
    "end": ("end_date", "end_time"),
    "timezone": ("timezone",),
    "locationId": ("location_id",),
    "forceIds": ("force_ids",),
    "participants": ("participants",),
    "description": ("description",),
    "visibility": ("visibility",),
}
STRING_FIELDS = (
    "title",
    "kind",
    "status",
    "start",
    "end",
    "timezone",
    "participants",
    "description",
    "visibility",
)
DEFAULTS = {
    "status": "confirmed",
    "visibility": "public",
    "allDay": False,
    "participants": "",
    "description": "",
    "forceIds": [],
    "locationId": None,
    "timezone": "",
}


class PayloadError(ValueError):
    """The body is not a usable JSON object; `fields` names what is wrong."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


def event_as_input(event: Event) -> dict[str, Any]:
    """The stored event in the shape a PUT takes (what PATCH starts from)."""
    start, end = event_times(event)
    if not event.all_day:  # local wall time in the event's zone, as a person would type it
        start = utc_to_local(event.starts_at, event.timezone).strftime("%Y-%m-%dT%H:%M")
        end = utc_to_local(event.ends_at, event.timezone).strftime("%Y-%m-%dT%H:%M")
    return {
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "allDay": event.all_day,
        "start": start,
        "end": end,
        "timezone": event.timezone,
        "locationId": event.location_id,
        "forceIds": [f.id for f in event.forces],
        "participants": event.participants,
        "description": event.description,
        "visibility": event.visibility,
    }


def check_shape(body: Any, *, partial: bool) -> dict[str, Any]:
    """Types and names only; the rules themselves come after."""
    if not isinstance(body, dict):
        raise PayloadError("The body must be a JSON object.")
    fields: dict[str, str] = {}
    for name in body:
        if name not in JSON_FIELDS:
            fields[str(name)[:50]] = "Unknown field."
    for name in STRING_FIELDS:
        if name in body and not isinstance(body[name], str):
            fields[name] = "Must be a string."
    if "allDay" in body and not isinstance(body["allDay"], bool):
        fields["allDay"] = "Must be true or false."
    if (
        "locationId" in body
        and body["locationId"] is not None
        and (isinstance(body["locationId"], bool) or not isinstance(body["locationId"], int))
    ):
        fields["locationId"] = "Must be a location id or null."
    if "forceIds" in body and (
        not isinstance(body["forceIds"], list)
        or any(isinstance(v, bool) or not isinstance(v, int) for v in body["forceIds"])
    ):
        fields["forceIds"] = "Must be a list of force ids."
    if not partial:
        for name in ("title", "kind", "start", "end"):
            if name not in body:
                fields.setdefault(name, "This field is required.")
    if fields:
        raise PayloadError("Some fields are not valid.", fields)
    return body


def _zone(body: dict[str, Any], rules: EventRules) -> str:
    name = body.get("timezone") or ""
    if is_timezone(name):
        return name
    return rules.location_zones.get(body.get("locationId"), rules.default_timezone)


def _split(value: str, all_day: bool, zone: str, exclusive_end: bool) -> tuple[str, str]:
    """(date text, time text) for the form rules; unparseable text is passed on as is,
    so that the rules report it."""
    if all_day:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value, ""
        return (day - timedelta(days=1) if exclusive_end else day).isoformat(), ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value, ""
    if moment.tzinfo is not None:
        moment = utc_to_local(moment, zone)
    return moment.date().isoformat(), moment.strftime("%H:%M:%S")


def to_form_fields(body: dict[str, Any], rules: EventRules) -> dict[str, Any]:
    values = DEFAULTS | body
    zone = _zone(values, rules)
    all_day = values["allDay"]
    start_date, start_time = _split(values["start"], all_day, zone, False)
    end_date, end_time = _split(values["end"], all_day, zone, True)
    return {
        "title": values["title"],
        "kind": values["kind"],
        "status": values["status"],
        "all_day": all_day,
        "start_date": start_date,
        "start_time": start_time,
        "end_date": end_date,
        "end_time": end_time,
        "timezone": values["timezone"],
        "location_id": "" if values["locationId"] is None else str(values["locationId"]),
        "force_ids": [str(v) for v in values["forceIds"]],
        "participants": values["participants"],
        "description": values["description"],
        "visibility": values["visibility"],
    }


def json_errors(errors: dict[str, str]) -> dict[str, str]:
    """Form field errors renamed to the JSON fields they came from."""
    renamed: dict[str, str] = {}
    for json_name, form_names in JSON_FIELDS.items():
        for form_name in form_names:
            if form_name in errors:
                renamed.setdefault(json_name, errors[form_name])
    for name, message in errors.items():
        if not any(name in names for names in JSON_FIELDS.values()):
            renamed[name] = message
    return renamed
