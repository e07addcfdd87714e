"""Events, forces and locations as JSON-ready plain data (no request, no session)."""

from __future__ import annotations

from datetime import timedelta

from ..domain.timezones import utc_to_local
from ..models import Event, Force, Location


def force_json(force: Force) -> dict:
    return {
        "id": force.id,
        "name": force.name,
        "slug": force.slug,
        "description": force.description,
    }


def location_json(location: Location) -> dict:
    return {
        "id": location.id,
        "name": location.name,
        "city": location.city,
        "country": location.country,
        "address": location.address,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "timezone": location.timezone,
        "label": location.label(),
    }


def event_times(event: Event) -> tuple[str, str]:
    """ISO 8601: dates for all-day events (end exclusive, as iCalendar and FullCalendar
    read it), local times with the offset of the event's own zone otherwise."""
    if event.all_day:
        return event.start_date.isoformat(), (event.end_date + timedelta(days=1)).isoformat()
    return (
        utc_to_local(event.starts_at, event.timezone).isoformat(),
        utc_to_local(event.ends_at, event.timezone).isoformat(),
    )


def event_json(event: Event, page_url: str) -> dict:
    start, end = event_times(event)
    return {
        "id": event.id,
        "uid": event.uid,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "allDay": event.all_day,
        "start": start,
        "end": end,
        "timezone": event.timezone,
        "location": location_json(event.location) if event.location else None,
        "forces": [force_json(force) for force in event.forces],
        "participants": event.participants,
        "description": event.description,
        "visibility": event.visibility,
        "sequence": event.sequence,
        "version": event.version,
        "url": page_url,
        "createdAt": event.created_at.isoformat(),
        "updatedAt": event.updated_at.isoformat(),
        # FullCalendar reads classNames; cancelled events can be struck through by CSS
        "classNames": [f"kind-{event.kind}", f"status-{event.status}"],
    }
