"""Who may see which event: the one access rule, as a query filter and as a test of one event.

Internal events are for signed-in staff of any role (and for a user's private feed);
anonymous visitors see public events only. Deleted events are seen by nobody here
(an admin's restore page reads them on purpose, outside this policy).
"""

from __future__ import annotations

from sqlalchemy import Select, select

from ..models import Event


def sees_internal(user) -> bool:
    """`user`: a User, Flask-Login's current_user (perhaps anonymous), or None."""
    return bool(user is not None and user.is_authenticated and user.active)


def can_view(event: Event | None, user) -> bool:
    if event is None or event.deleted_at is not None:
        return False
    return event.visibility == "public" or sees_internal(user)


def visible_events(user=None, *, include_internal: bool | None = None) -> Select:
    """Live events `user` may see; `include_internal` states it outright where the
    decision was already taken (a feed request carries it as plain data)."""
    query = select(Event).where(Event.deleted_at.is_(None))
    internal = sees_internal(user) if include_internal is None else include_internal
    if not internal:
        query = query.where(Event.visibility == "public")
    return query
