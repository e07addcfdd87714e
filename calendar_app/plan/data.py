"""The plan's events read from the database, as the plain data layout.py and changes.py
take: each event (or series occurrence) of the year once, with its snapshot entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from ..events.occurrences import SeriesOccurrence, events_between
from ..extensions import db
from ..models import Event, Force
from ..schedule.month import CalendarEvent, Occurrence, occurrence, utc_window
from ..schedule.view_state import to_calendar_event
from .layout import PlanEvent


@dataclass(frozen=True)
class PlanItem:
    """One event of the plan: as the views show it, where it falls, and its entry."""

    event: CalendarEvent
    occurrence: Occurrence  # its days in the zone shown
    entry: dict  # as an approval's snapshot stores it (plan/changes.py)
    # The stored event (the series for its occurrences): its texts in either language.
    record: Event | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        return self.entry["key"]


def plan_key(event: CalendarEvent) -> str:
    """The same name for an occurrence whether the rule or an override makes it."""
    return f"{event.series_id}/{event.occurrence}" if event.occurrence else str(event.id)


def _when(event: CalendarEvent) -> tuple[str, str]:
    if event.all_day:
        return event.start_date.isoformat(), event.end_date.isoformat()
    zone = ZoneInfo(event.timezone)
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    return f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M} {event.timezone}"


def entry_of(event: CalendarEvent, row: Event) -> dict:
    start, end = _when(event)
    return {
        "key": plan_key(event),
        "event_id": row.id,
        "series_id": event.series_id,
        "occurrence": event.occurrence,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "start": start,
        "end": end,
        "place": event.location,  # the location's label(), as to_calendar_event made it
        "country": row.location.country if row.location else "",
        "forces": list(event.forces),
        "internal": event.internal,
    }


def year_window(year: int):
    return utc_window(date(year, 1, 1), date(year, 12, 31))


def plan_items(query: Select, year: int, tz: ZoneInfo) -> list[PlanItem]:
    """The events of `query` touching `year` in zone `tz`, series as their occurrences."""
    items = []
    shared: dict = {}  # what a series' occurrences have in common, read once
    for found in events_between(query, *year_window(year)):
        row = found.series if isinstance(found, SeriesOccurrence) else found
        event = to_calendar_event(found, shared)
        occ = occurrence(event, tz)
        if occ.last_day.year < year or occ.first_day.year > year:
            continue
        items.append(PlanItem(event, occ, entry_of(event, row), row))
    return items


def plan_event(item: PlanItem, force_ids: dict[str, int], mark: str) -> PlanEvent:
    """`force_ids`: force name → id (names are unique; the view data has names)."""
    return PlanEvent(
        key=item.key,
        title=item.event.title,
        kind=item.event.kind,
        status=item.event.status,
        first_day=item.occurrence.first_day,
        last_day=item.occurrence.last_day,
        force_ids=tuple(force_ids[name] for name in item.event.forces if name in force_ids),
        mark=mark,
        item=item,
    )


def forces_in_order(slugs: tuple[str, ...] = (), language: str = "en") -> list[tuple[int, str]]:
    """The managed list of forces, as every list shows it (by name, in `language` where
    the force has a name in it); only `slugs` if any. Each as (id, its English name): the
    plan's data names forces so."""
    query = select(Force)
    if slugs:
        query = query.where(Force.slug.in_(slugs))
    forces = sorted(
        db.session.scalars(query),
        key=lambda force: (force.localized_name(language)[0].casefold(), force.name),
    )
    return [(force.id, force.name) for force in forces]


def force_records() -> dict[str, Force]:
    """Every force by its (unique, English) name: the plan's data names forces so; the
    pages and the Excel table show the name in the reader's language."""
    return {force.name: force for force in db.session.scalars(select(Force))}
