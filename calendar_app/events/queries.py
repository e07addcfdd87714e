"""Read-side queries shared by the views, feeds and API."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select

from ..domain.filters import EventFilter
from ..extensions import db
from ..models import UNKNOWN_LONGEST_EVENT, Event, FeedState, Force, Location


def longest_event() -> timedelta:
    """The longest event's duration (a small primary-key read; never too short)."""
    seconds = db.session.scalar(select(FeedState.longest_event_seconds).where(FeedState.id == 1))
    return timedelta(seconds=seconds if seconds is not None else UNKNOWN_LONGEST_EVENT)


def overlapping(query: Select, start: datetime, end: datetime) -> Select:
    """Events whose span meets [start, end), found by a short range of the
    (starts_at, ends_at) index: no event starts earlier than start - longest event.

    All-day spans are stored at UTC midnight, so callers widen their window by
    a day on each side and clip precisely in plain code.
    """
    earliest = start - longest_event()
    return query.where(
        Event.starts_at < end, Event.ends_at > start, Event.starts_at >= earliest
    ).order_by(Event.starts_at, Event.id)


def filtered(query: Select, event_filter: EventFilter) -> Select:
    """Apply the shared view/feed filters to an event query."""
    if event_filter.kinds:
        query = query.where(Event.kind.in_(event_filter.kinds))
    if event_filter.statuses:
        query = query.where(Event.status.in_(event_filter.statuses))
    if event_filter.forces:
        query = query.where(Event.forces.any(Force.slug.in_(event_filter.forces)))
    if event_filter.countries:
        query = query.where(Event.location.has(Location.country.in_(event_filter.countries)))
    if event_filter.locations:
        query = query.where(Event.location_id.in_(event_filter.locations))
    if event_filter.q:
        q = event_filter.q
        # Title, description (in either language), participants, and where it happens
        # (venue or city, in either language).
        query = query.where(
            or_(
                contains(Event.title, q),
                contains(Event.title_ru, q),
                contains(Event.description, q),
                contains(Event.description_ru, q),
                contains(Event.participants, q),
                Event.location.has(
                    or_(
                        contains(Location.name, q),
                        contains(Location.name_ru, q),
                        contains(Location.city, q),
                        contains(Location.city_ru, q),
                    )
                ),
            )
        )
    return query


def contains(column, text: str):
    """`column` holds `text`, ignoring case; % and _ in the text are plain characters."""
    pattern = "%" + _escape_like(text.lower()) + "%"
    return func.lower(column).like(pattern, escape="\\")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def row_count(query: Select) -> int:
    """How many rows `query` returns, counted by the database (its order dropped)."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def chronological(query: Select) -> Select:
    """By start, then id: a stable order for pages of events."""
    return query.order_by(Event.starts_at, Event.id)


def upcoming(query: Select, first_day: date, first_instant: datetime) -> Select:
    """Events not over by `first_day` (all-day, by date) or `first_instant` (timed), in order."""
    return chronological(
        query.where(
            or_(
                and_(Event.all_day.is_(True), Event.end_date >= first_day),
                and_(Event.all_day.is_(False), Event.ends_at > first_instant),
            )
        )
    )


def filter_choices() -> tuple[Select, Select]:
    """The forces and locations a filter form offers, by name."""
    return select(Force).order_by(Force.name), select(Location).order_by(Location.name)


def overrides_of(series: Event) -> list[Event]:
    """A series' live overrides (its changed occurrences), by original start."""
    query = select(Event).where(Event.series_id == series.id, Event.deleted_at.is_(None))
    return list(db.session.scalars(query.order_by(Event.recurrence_id)))
