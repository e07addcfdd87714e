"""Plain event data as it travels between forms, API, importers and the service layer."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .recurrence import parse_exdate_text


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
    official_ids: list[int] = field(default_factory=list)
    description: str = ""
    participants: str = ""
    visibility: str = "public"
    # The optional Russian texts (domain/bilingual.py); "" when not given.
    title_ru: str = ""
    description_ru: str = ""
    # A series: its repeat rule (RRULE text) and excluded occurrences (recurrence ids:
    # dates for an all-day series, aware UTC instants otherwise). None: a single event.
    rrule: str | None = None
    exdates: tuple = ()
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
            "official_ids": sorted(official.id for official in event.officials),
            "description": event.description,
            "participants": event.participants,
            "visibility": event.visibility,
            "title_ru": event.title_ru or "",
            "description_ru": event.description_ru or "",
            "rrule": event.rrule,
            "exdates": tuple(parse_exdate_text(text) for text in event.exdates or ()),
        }
        return cls(**{**values, **changes})


def keep_stored_seconds(data: EventData, event) -> EventData:
    """`data` for a stored `event`, its times kept where they are the stored ones to the
    minute. The form and the API give times to the minute, an imported event may carry
    seconds: saving it unchanged (or with only its title changed) must not move it by
    those seconds, record a change nobody made or bump its SEQUENCE."""
    if data.all_day or event.all_day:
        return data
    return replace(
        data, start=_kept(event.starts_at, data.start), end=_kept(event.ends_at, data.end)
    )


def _kept(stored: datetime, given: date | datetime) -> date | datetime:
    return stored if given == stored.replace(second=0, microsecond=0) else given
