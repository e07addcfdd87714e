"""The plan's events read from the database, as the plain data layout.py and changes.py
take: each event (or series occurrence) of the year once, with its snapshot entry.

A busy year has thousands of single events: they are read as plain rows of the columns
the plan needs (the filtered query's own conditions), with their forces and places from
one small query each, not as ORM objects (most of the page's time was building those).
Series are few: they go through the shared expansion (events.occurrences)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from ..domain.bilingual import localized
from ..domain.recurrence import occurrence_key, recurrence_key
from ..events.occurrences import expand, series_between, singles_between
from ..extensions import db
from ..models import Event, Force, Location, event_forces
from ..schedule.month import CalendarEvent, Occurrence, occurrence, utc_window
from ..schedule.view_state import location_labels, record_fields, to_calendar_event
from .layout import PlanEvent


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """What the plan's words read of a single event's record (as of an `Event`): its
    titles, its place and its forces (shared objects, read once per request)."""

    id: int
    title: str
    title_ru: str | None
    location: Location | None
    forces: tuple[Force, ...]

    def localized_title(self, language: str | None) -> tuple[str, str]:
        return localized(self.title, self.title_ru, language)


@dataclass(frozen=True)
class PlanItem:
    """One event of the plan: as the views show it, where it falls, and its entry."""

    event: CalendarEvent
    occurrence: Occurrence  # its days in the zone shown
    entry: dict  # as an approval's snapshot stores it (plan/changes.py)
    # The stored event (the series for its occurrences): its texts in either language.
    record: Event | PlanRecord | None = field(default=None, compare=False, repr=False)

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


def entry_of(event: CalendarEvent, row: Event | PlanRecord) -> dict:
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


# The columns of a single event the plan shows (CalendarEvent's, and the place's id).
_COLUMNS = (
    Event.id, Event.title, Event.title_ru, Event.kind, Event.status, Event.visibility,
    Event.all_day, Event.start_date, Event.end_date, Event.starts_at, Event.ends_at,
    Event.timezone, Event.location_id, Event.series_id, Event.recurrence_id,
)  # fmt: skip


class _Places:
    """Every location and force, read once: a few hundred rows at most."""

    def __init__(self):
        self.locations = {row.id: row for row in db.session.scalars(select(Location))}
        self.forces = {row.id: row for row in db.session.scalars(select(Force))}
        self.labels: dict[int, tuple[str, str]] = {}

    def labels_of(self, location: Location | None) -> tuple[str, str]:
        """Its labels in English and in Russian, worked out once per location."""
        if location is None:
            return "", ""
        found = self.labels.get(location.id)
        if found is None:
            found = self.labels[location.id] = location_labels(location)
        return found


def _singles(query: Select, start, end) -> list[tuple[CalendarEvent, PlanRecord]]:
    """The single events and overrides of `query` meeting [start, end), as plain data."""
    places = _Places()
    wanted = singles_between(query, start, end)
    links = db.session.execute(
        select(event_forces.c.event_id, event_forces.c.force_id).where(
            event_forces.c.event_id.in_(wanted.with_only_columns(Event.id).order_by(None))
        )
    )
    forces_of: dict[int, list[Force]] = {}
    for event_id, force_id in links:
        forces_of.setdefault(event_id, []).append(places.forces[force_id])
    found = []
    for row in db.session.execute(wanted.with_only_columns(*_COLUMNS)):
        forces = tuple(sorted(forces_of.get(row.id, ()), key=lambda force: force.name))
        location = places.locations.get(row.location_id)
        key = ""  # an override's occurrence, as its address names it
        if row.series_id is not None:
            key = occurrence_key(recurrence_key(row.recurrence_id, row.all_day))
        event = CalendarEvent(
            **record_fields(row, places.labels_of(location), forces),
            all_day=row.all_day,
            start_date=row.start_date,
            end_date=row.end_date,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            timezone=row.timezone,
            series_id=row.series_id,
            occurrence=key,
        )
        found.append((event, PlanRecord(row.id, row.title, row.title_ru, location, forces)))
    return found


def plan_items(query: Select, year: int, tz: ZoneInfo) -> list[PlanItem]:
    """The events of `query` touching `year` in zone `tz`, series as their occurrences,
    in order of start (as events.occurrences.events_between orders them)."""
    start, end = year_window(year)
    found = _singles(query, start, end)
    shared: dict = {}  # what a series' occurrences have in common, read once
    series = db.session.scalars(series_between(query, start, end)).unique()
    for each in expand(list(series), start, end):
        found.append((to_calendar_event(each, shared), each.series))
    found.sort(key=lambda pair: (pair[0].starts_at, pair[1].id))
    items = []
    for event, row in found:
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
