"""Events, forces and locations as JSON-ready plain data (no request, no session), built
through the resources' models so that the output is what the OpenAPI document says."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from ..domain.timezones import utc_to_local
from ..models import Event, Force, Location
from . import resources

R = TypeVar("R", bound=resources.Resource)


def from_record(record: object, model: type[R], **computed: Any) -> R:
    """The model filled from the record's attributes of the same names, and the `computed`
    rest. Not validated again: the record passed the rules when it was written."""
    stored = {name: getattr(record, name) for name in model.model_fields if name not in computed}
    return model.model_construct(**stored, **computed)


def _json(resource: resources.Resource) -> dict[str, Any]:
    return resource.model_dump(mode="json", by_alias=True)


def _force(force: Force) -> resources.Force:
    return from_record(force, resources.Force)


def _location(location: Location) -> resources.Location:
    return from_record(location, resources.Location, label=location.label())


def force_json(force: Force) -> dict[str, Any]:
    return _json(_force(force))


def location_json(location: Location) -> dict[str, Any]:
    return _json(_location(location))


def event_times(event: Event) -> tuple[str, str]:
    """ISO 8601: dates for all-day events (end exclusive, as iCalendar and FullCalendar
    read it), local times with the offset of the event's own zone otherwise.

    Times are shown to the minute, as the form shows them and as a write takes them, so
    that what a client reads it may send back. (Only an imported time can carry seconds;
    a write that gives it to the minute keeps them, see domain/events.keep_stored_seconds.)
    """
    if event.all_day:
        return event.start_date.isoformat(), (event.end_date + timedelta(days=1)).isoformat()
    return _to_the_minute(event.starts_at, event.timezone), _to_the_minute(
        event.ends_at, event.timezone
    )


def _to_the_minute(instant: datetime, zone: str) -> str:
    return utc_to_local(instant, zone).replace(second=0, microsecond=0).isoformat()


def event_json(event: Event, page_url: str) -> dict[str, Any]:
    start, end = event_times(event)
    resource = from_record(
        event,
        resources.Event,
        start=start,
        end=end,
        location=_location(event.location) if event.location else None,
        forces=[_force(force) for force in event.forces],
        url=page_url,
        created_at=event.created_at.isoformat(),
        updated_at=event.updated_at.isoformat(),
        class_names=[f"kind-{event.kind}", f"status-{event.status}"],
    )
    return _json(resource)
