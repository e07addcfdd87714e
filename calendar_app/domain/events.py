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
