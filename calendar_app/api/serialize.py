"""Events, forces and locations as JSON-ready plain data (no request, no session), built
through the resources' models so that the output is what the OpenAPI document says."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from ..domain.recurrence import occurrence_key, parse_exdate_text, recurrence_key
from ..domain.timezones import utc_to_local
from ..events.occurrences import SeriesOccurrence
from ..models import Event, Force, Location, Official
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
    return from_record(force, resources.Force, name_ru=force.name_ru or None)


def _official(official: Official) -> resources.Official:
    return from_record(
        official,
        resources.Official,
        name_ru=official.name_ru or None,
        position_ru=official.position_ru or None,
        organisation_ru=official.organisation_ru or None,
    )


def _location(location: Location) -> resources.Location:
    return from_record(
        location,
        resources.Location,
        label=location.label(),
        name_ru=location.name_ru or None,
        city_ru=location.city_ru or None,
    )


def force_json(force: Force) -> dict[str, Any]:
    return _json(_force(force))


def location_json(location: Location) -> dict[str, Any]:
    return _json(_location(location))


def event_times(event) -> tuple[str, str]:
    """ISO 8601: dates for all-day events (end exclusive, as iCalendar and FullCalendar
    read it), local times with the offset of the event's own zone otherwise. `event` is a
    row, or an occurrence's span (occurrence_span's keys).

    Times are shown to the minute, as the form shows them and as a write takes them, so
    that what a client reads it may send back. (Only an imported time can carry seconds;
    a write that gives it to the minute keeps them, see domain/events.keep_stored_seconds.)
    """
    span = event if isinstance(event, dict) else event.span()
    if span["all_day"]:
        end = span["end_date"] + timedelta(days=1)
        return span["start_date"].isoformat(), end.isoformat()
    zone = span["timezone"]
    return _to_the_minute(span["starts_at"], zone), _to_the_minute(span["ends_at"], zone)


def _to_the_minute(instant: datetime, zone: str) -> str:
    return utc_to_local(instant, zone).replace(second=0, microsecond=0).isoformat()


def recurrence_id_of(event: Event) -> str | None:
    """An override's recurrence id as the API writes it (None for other rows)."""
    if event.recurrence_id is None:
        return None
    return occurrence_key(recurrence_key(event.recurrence_id, event.all_day))


def _override(event: Event) -> resources.Override:
    start, end = event_times(event)
    return from_record(
        event, resources.Override, recurrence_id=recurrence_id_of(event), start=start, end=end
    )


def _event(event: Event, page_url: str, span: dict | None = None, **computed) -> dict:
    start, end = event_times(span or event)
    resource = from_record(
        event,
        resources.Event,
        start=start,
        end=end,
        location=_location(event.location) if event.location else None,
        forces=[_force(force) for force in event.forces],
        officials=[_official(official) for official in event.officials],
        url=page_url,
        created_at=event.created_at.isoformat(),
        updated_at=event.updated_at.isoformat(),
        class_names=[f"kind-{event.kind}", f"status-{event.status}"],
        # null, never "", when there is none: one way to say "not translated".
        title_ru=event.title_ru or None,
        description_ru=event.description_ru or None,
        **computed,
    )
    return _json(resource)


def event_json(
    event: Event, page_url: str, overrides: list[Event] = (), dropped: list[Event] = ()
) -> dict[str, Any]:
    """A stored row: a single event, a series (with its `overrides`, and after a write
    the overrides it `dropped`) or an override."""
    return _event(
        event,
        page_url,
        exdates=[occurrence_key(parse_exdate_text(text)) for text in event.exdates or ()],
        series_id=event.series_id,
        recurrence_id=recurrence_id_of(event),
        overrides=[_override(override) for override in overrides],
        dropped_overrides=[_override(override) for override in dropped],
    )


def occurrence_json(item: SeriesOccurrence, page_url: str) -> dict[str, Any]:
    """An occurrence of a series that no override changed: the series' fields at the
    occurrence's time, with the series' id (FullCalendar: one id for every instance of
    a repeating event) and the occurrence's recurrence id. Its rule is null: it is one
    occurrence, not the series (FullCalendar's rrule plugin would repeat it again)."""
    series = item.series
    return _event(
        series,
        page_url,
        span=item.span(),
        rrule=None,
        exdates=[],
        series_id=series.id,
        recurrence_id=item.key,
        overrides=[],
        dropped_overrides=[],
    )
