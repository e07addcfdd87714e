"""Double bookings of stored events: the database side of domain/conflicts.py.

The check runs after the service has flushed a change, inside the same transaction, so it
sees the event exactly as it would be committed (a series with its overrides applied) and
every other writer's committed rows; the boundary then commits, or rolls back and asks.
Only events sharing a resource with the one saved are read: the join tables are indexed by
force and official, events by location, and the time window narrows them by the span
index. Cancelled and deleted events never conflict; a series counts occurrence by
occurrence up to HORIZON ahead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..domain.bilingual import localized
from ..domain.conflicts import Booking, Conflict, conflicting_pairs, conflicts_with
from ..domain.events import EventData
from ..domain.recurrence import (
    occurrence_key,
    occurrence_span,
    occurrences_between,
    recurrence_instant,
)
from ..domain.text import N_
from ..domain.timezones import utc_to_local, zone
from ..domain.zone_picker import zone_name
from ..extensions import db
from ..models import (
    Event,
    EventRevision,
    Force,
    Location,
    Official,
    event_forces,
    event_officials,
    utcnow,
)
from ..schedule.formatting import short_date
from . import words
from .occurrences import (
    SeriesOccurrence,
    expand,
    overridden,
    series_between,
    singles_between,
    stored_series,
)
from .rules import series_for

# How far ahead a series without an end is checked: "a few years", as planners look.
HORIZON = timedelta(days=3 * 366)
# All-day spans are stored at UTC midnight: windows are widened by this on each side.
_SLACK = timedelta(days=1)


def _instants(span: dict) -> tuple[datetime, datetime]:
    """An occurrence's real [start, end): an all-day event lasts from midnight to
    midnight in its own zone, so it meets a timed event there when their hours meet."""
    if not span["all_day"]:
        return span["starts_at"], span["ends_at"]
    tz = zone(span["timezone"])
    begins = datetime.combine(span["start_date"], time(), tz)
    ends = datetime.combine(span["end_date"] + timedelta(days=1), time(), tz)
    return begins.astimezone(UTC), ends.astimezone(UTC)


def booking_of(item: Event | SeriesOccurrence) -> Booking:
    """A stored single event, override or series occurrence as a booking."""
    event = item.series if isinstance(item, SeriesOccurrence) else item
    start, end = _instants(item.span())
    occurrence = item.key if isinstance(item, SeriesOccurrence) else None
    series_id = event.id if isinstance(item, SeriesOccurrence) else event.series_id
    return Booking(
        event_id=event.id,
        title=event.title,
        title_ru=event.title_ru or "",
        start=start,
        end=end,
        forces=frozenset(force.id for force in event.forces),
        location=event.location_id,
        officials=frozenset(official.id for official in event.officials),
        series_id=series_id,
        occurrence=occurrence,
        timezone=event.timezone,
        all_day=event.all_day,
    )


def _live(query):
    return query.where(Event.deleted_at.is_(None), Event.status != "cancelled")


def _own_bookings(event: Event) -> list[Booking]:
    """The saved event's bookings: itself, or a series' live occurrences up to HORIZON
    (its overrides are stored rows, found with everything else)."""
    if event.deleted_at is not None or event.status == "cancelled":
        return []
    if not event.recurs:
        return [booking_of(event)]
    rule = stored_series(event)
    start = event.starts_at - _SLACK
    end = max(utcnow(), event.starts_at) + HORIZON
    if event.series_ends_at is not None:
        end = min(end, event.series_ends_at + _SLACK)
    replaced = overridden([event.id]).get(event.id, set())
    return [
        booking_of(SeriesOccurrence(event, when, rule))
        for when in occurrences_between(rule, start, end)
        if when not in replaced
    ]


def planned_bookings(data: EventData, event_id: int | None = None) -> list[Booking]:
    """The bookings an event would make if saved as `data` (an import's preview asks
    before anything is written); a series' occurrences up to HORIZON."""
    if data.status == "cancelled":
        return []
    if data.rrule:
        series = series_for(data)
        first = recurrence_instant(series.first)
        end = max(utcnow(), first) + HORIZON
        found = [(occurrence_span(series, when), occurrence_key(when)) for when in
                 occurrences_between(series, first - _SLACK, end)]  # fmt: skip
    elif data.all_day:
        span = {"all_day": True, "start_date": data.start, "end_date": data.end,
                "timezone": data.timezone}  # fmt: skip
        found = [(span, None)]
    else:
        found = [({"all_day": False, "starts_at": data.start, "ends_at": data.end}, None)]
    return [
        Booking(
            event_id=event_id,
            title=data.title,
            title_ru=data.title_ru,
            **dict(zip(("start", "end"), _instants(span), strict=True)),
            forces=frozenset(data.force_ids),
            location=data.location_id,
            officials=frozenset(data.official_ids),
            series_id=event_id if data.rrule else None,
            occurrence=key,
            timezone=data.timezone,
            all_day=data.all_day,
        )
        for span, key in found
    ]


def conflicts_of_data(data: EventData, event_id: int | None = None) -> list[Conflict]:
    """What saving `data` would double-book (nothing is written): for previews."""
    return conflicts_of_bookings(planned_bookings(data, event_id))


def _sharing(bookings: list[Booking]):
    """Events that share a force, a location or an official with any of `bookings`."""
    forces = set().union(*(b.forces for b in bookings))
    officials = set().union(*(b.officials for b in bookings))
    locations = {b.location for b in bookings if b.location is not None}
    clauses = []
    if forces:
        clauses.append(Event.forces.any(Force.id.in_(forces)))
    if officials:
        clauses.append(Event.officials.any(Official.id.in_(officials)))
    if locations:
        clauses.append(Event.location_id.in_(locations))
    return or_(*clauses) if clauses else None


def _links(column, ids: list[int]) -> dict[int, set[int]]:
    """Force or official ids by event, for `ids` (one indexed read)."""
    found: dict[int, set[int]] = {}
    table = column.table
    for first in range(0, len(ids), 500):
        rows = db.session.execute(
            select(table.c.event_id, column).where(table.c.event_id.in_(ids[first : first + 500]))
        )
        for event_id, record_id in rows:
            found.setdefault(event_id, set()).add(record_id)
    return found


_SPAN = (Event.id, Event.title, Event.title_ru, Event.all_day, Event.starts_at, Event.ends_at, Event.start_date,
         Event.end_date, Event.timezone, Event.location_id, Event.series_id)  # fmt: skip


def _stored_bookings(where, start: datetime, end: datetime) -> list[Booking]:
    """Live bookings matching `where` that meet [start, end): single events and overrides
    read as bare columns (no ORM objects: a save's check stays cheap), series expanded."""
    rows = db.session.execute(singles_between(_live(select(*_SPAN)).where(where), start, end))
    rows = rows.all()
    ids = [row.id for row in rows]
    forces, officials = (
        _links(event_forces.c.force_id, ids),
        _links(event_officials.c.official_id, ids),
    )
    found = [
        Booking(
            event_id=row.id,
            title=row.title,
            title_ru=row.title_ru or "",
            **dict(zip(("start", "end"), _instants(row._mapping), strict=True)),
            forces=frozenset(forces.get(row.id, ())),
            location=row.location_id,
            officials=frozenset(officials.get(row.id, ())),
            series_id=row.series_id,
            timezone=row.timezone,
            all_day=row.all_day,
        )
        for row in rows
    ]
    series_rows = list(
        db.session.scalars(
            series_between(_live(select(Event)).where(where), start, end).options(
                selectinload(Event.officials)
            )
        )
    )
    found += [booking_of(item) for item in expand(series_rows, start, end)]
    return found


def conflicts_of(event: Event) -> list[Conflict]:
    """Every conflict of `event` (as flushed) with other live events, in time order."""
    return conflicts_of_bookings(_own_bookings(event))


def conflicts_of_bookings(mine: list[Booking]) -> list[Conflict]:
    """Conflicts of `mine` with the stored live events: one read of those sharing a
    resource with any of them, over their whole span (an import's many at once)."""
    sharing = _sharing(mine) if mine else None
    if sharing is None:
        return []
    start = min(b.start for b in mine) - _SLACK
    end = max(b.end for b in mine) + _SLACK
    return conflicts_with(mine, _stored_bookings(sharing, start, end))


def conflicts_between(start: date, end: date) -> list[Conflict]:
    """Every conflicting pair of live events meeting the days [start, end)."""
    window_start = datetime.combine(start, time(), UTC) - _SLACK
    window_end = datetime.combine(end, time(), UTC) + _SLACK
    anything = or_(Event.forces.any(), Event.officials.any(), Event.location_id.is_not(None))
    bookings = _stored_bookings(anything, window_start, window_end)
    first = datetime.combine(start, time(), UTC)
    last = datetime.combine(end, time(), UTC)
    return [
        c
        for c in conflicting_pairs(bookings)
        if max(c.first.start, c.second.start) < last and min(c.first.end, c.second.end) > first
    ]


def conflicting_keys(start: datetime, end: datetime) -> set[tuple[int, str]]:
    """What a view marks as double-booked in [start, end): (event id, occurrence key) of
    each booking in a conflict; the key is "" for a single event or an override."""
    found = conflicts_between(start.date(), (end + timedelta(days=1)).date())
    return {(b.event_id, b.occurrence or "") for c in found for b in (c.first, c.second)}


# -- at the boundary: ask, or record why it was saved anyway ------------------------------


class UnconfirmedConflicts(Exception):
    """The change double-books something and the user has not confirmed it."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} conflict(s)")
        self.conflicts = conflicts


REASON_NEEDED = N_("Say why it is saved anyway (for the event's history).")
# What a change must touch to be asked about double bookings (a revision's field names).
BOOKING_FIELDS = frozenset(
    {"start", "end", "all_day", "timezone", "location", "forces", "officials", "status",
     "repeats", "exdates", "deleted"}
)  # fmt: skip


def confirm_or_refuse(event: Event, *, confirmed: bool, reason: str = "") -> list[Conflict]:
    """After the service has flushed `event`: its conflicts, refused (UnconfirmedConflicts)
    unless confirmed with a reason; a confirmed save records the reason and the events it
    overlaps in the change's revision. The caller rolls back on the exception."""
    revision = db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == event.id)
        .order_by(EventRevision.id.desc())
        .limit(1)
    ).first()
    if revision is not None and not (BOOKING_FIELDS & set(revision.changes or {})):
        return []  # a new title or description books nothing new: no question asked
    found = conflicts_of(event)
    if not found:
        return []
    if not confirmed or not reason.strip():
        raise UnconfirmedConflicts(found)
    if revision is not None:
        titles = sorted({c.second.title for c in found})
        note = {"reason": reason.strip(), "with": titles}
        revision.changes = {**revision.changes, "conflicts_confirmed": [None, note]}
    return found


def shared_records(conflicts: list[Conflict]) -> dict[tuple[str, int], Force | Location | Official]:
    """Every force, location and official the conflicts share, by (reason, id)."""
    wanted: dict[str, set[int]] = {}
    for conflict in conflicts:
        for reason, resource in conflict.shared:
            wanted.setdefault(reason, set()).add(resource)
    records = {}
    for reason, ids in wanted.items():
        model = {"force": Force, "location": Location, "official": Official}[reason]
        for record in db.session.scalars(select(model).where(model.id.in_(ids))):
            records[(reason, record.id)] = record
    return records


def resource_names(conflicts: list[Conflict], locale: str = "en") -> dict[tuple[str, int], str]:
    """The name of every force, location and official the conflicts share, in `locale`
    where it has one (the English name otherwise)."""
    return {
        key: record.localized_name(locale)[0] for key, record in shared_records(conflicts).items()
    }


def booking_when(booking: Booking, locale: str = "en") -> str:
    """How a booking's time reads: its dates, and its hours in its own zone (in `locale`)."""
    start = utc_to_local(booking.start, booking.timezone)
    end = utc_to_local(booking.end, booking.timezone)
    if booking.all_day:
        last = (end - timedelta(days=1)).date()
        return words.date_range(start.date(), last, locale)
    if locale == "en":
        until = short_date(end) if end.date() != start.date() else f"{end:%H:%M}"
        return f"{short_date(start)} – {until} ({booking.timezone})"
    until = words.short_date(end, locale) if end.date() != start.date() else f"{end:%H:%M}"
    return f"{words.short_date(start, locale)} – {until} ({zone_name(booking.timezone, locale)})"


def summaries(conflicts: list[Conflict], locale: str = "en") -> list[dict]:
    """The conflicts of a save as plain data for a page or the API: the other event (its
    occurrence for a series), when (in `locale`), and what both book."""
    names = resource_names(conflicts, locale)
    return [
        {
            "occurrence": c.first.occurrence,
            "when": booking_when(c.first, locale),
            "event": {
                "id": c.second.series_id if c.second.occurrence else c.second.event_id,
                "occurrence": c.second.occurrence,
                "title": localized(c.second.title, c.second.title_ru, locale)[0],
                "start": c.second.start.isoformat(),
                "end": c.second.end.isoformat(),
                "timezone": c.second.timezone,
                "allDay": c.second.all_day,
                "when": booking_when(c.second, locale),
            },
            "shared": [
                {"kind": reason, "id": resource, "name": names.get((reason, resource), "")}
                for reason, resource in c.shared
            ],
        }
        for c in conflicts
    ]
