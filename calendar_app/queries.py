"""Read-side queries shared by the views, feeds and API."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select

from .models import Event


def visible_events(include_internal: bool = False) -> Select:
    """Live (not deleted) events; internal ones only for signed-in staff."""
    query = select(Event).where(Event.deleted_at.is_(None))
    if not include_internal:
        query = query.where(Event.visibility == "public")
    return query


def overlapping(query: Select, start: datetime, end: datetime) -> Select:
    """Events whose span meets [start, end). Uses the (starts_at, ends_at) index.

    All-day spans are stored at UTC midnight, so callers widen their window by
    a day on each side and clip precisely in plain code.
    """
    return query.where(Event.starts_at < end, Event.ends_at > start).order_by(
        Event.starts_at, Event.id
    )
