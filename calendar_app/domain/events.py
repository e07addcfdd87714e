"""Plain event data as it travels between forms, API, importers and the service layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class EventData:
    """What a person (or an importer) says an event is.

    For an all-day event `start` and `end` are dates (end inclusive); for a timed
    event they are aware datetimes.
    """

    title: str
    kind: str
    start: date | datetime
    end: date | datetime
    timezone: str
    all_day: bool = False
    status: str = "confirmed"
    location_id: int | None = None
    force_ids: list[int] = field(default_factory=list)
    description: str = ""
    participants: str = ""
    visibility: str = "public"
    uid: str | None = None  # only importers choose a UID; otherwise one is made
    sequence: int | None = None  # an imported SEQUENCE: ours never goes below it

    @classmethod
    def from_event(cls, event, **changes) -> EventData:
        """A stored event (any object with the Event model's fields) as plain data,
        with `changes` applied on top."""
        values = {
            "title": event.title,
            "kind": event.kind,
            "start": event.start_date if event.all_day else event.starts_at,
            "end": event.end_date if event.all_day else event.ends_at,
            "timezone": event.timezone,
            "all_day": event.all_day,
            "status": event.status,
            "location_id": event.location_id,
            "force_ids": sorted(force.id for force in event.forces),
            "description": event.description,
            "participants": event.participants,
            "visibility": event.visibility,
        }
        return cls(**{**values, **changes})
