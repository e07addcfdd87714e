"""The one place where events change: every write records a revision and keeps SEQUENCE honest.

Views, the API, importers and the demo seeding all call these functions; none
of them set Event fields directly.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from sqlalchemy import select

from ..domain.events import EventData
from ..extensions import db
from ..feed_store import on_event_changed
from ..models import Event, EventRevision, Force, Location, User, utcnow

# Changing any of these changes what a subscriber's calendar shows at a time or
# place, so RFC 5545 wants SEQUENCE bumped for them.
SEQUENCE_FIELDS = frozenset({"all_day", "start", "end", "timezone", "location", "status"})


class StaleEventError(Exception):
    """The event changed since the editor loaded it."""

    def __init__(self, event: Event, revisions: list[EventRevision]):
        self.event = event
        self.revisions = revisions
        super().__init__(f"event {event.id} was changed by someone else")


def snapshot(event: Event) -> dict:
    """The event's user-visible fields as plain JSON-able values (for revisions and diffs)."""
    if event.all_day:
        start, end = event.start_date.isoformat(), event.end_date.isoformat()
    else:
        start, end = event.starts_at.isoformat(), event.ends_at.isoformat()
    return {
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "all_day": event.all_day,
        "start": start,
        "end": end,
        "timezone": event.timezone,
        "location": event.location.label() if event.location else None,
        "forces": [force.name for force in event.forces],
        "description": event.description,
        "participants": event.participants,
        "visibility": event.visibility,
        "deleted": event.deleted_at is not None,
    }


def diff(before: dict, after: dict) -> dict:
    return {key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]}


def _apply(event: Event, data: EventData) -> None:
    event.title = data.title
    event.kind = data.kind
    event.status = data.status
    if data.all_day:
        start = data.start.date() if isinstance(data.start, datetime) else data.start
        end = data.end.date() if isinstance(data.end, datetime) else data.end
        event.set_all_day(start, end, data.timezone)
    else:
        if not (isinstance(data.start, datetime) and isinstance(data.end, datetime)):
            raise TypeError("timed events need datetimes")
        event.set_timed(data.start, data.end, data.timezone)
    event.location = (
        None if data.location_id is None else db.session.get(Location, data.location_id)
    )
    wanted = sorted(set(data.force_ids))
    event.forces = (
        list(db.session.scalars(select(Force).where(Force.id.in_(wanted)).order_by(Force.name)))
        if wanted
        else []
    )
    event.description = data.description
    event.participants = data.participants
    event.visibility = data.visibility


_in_batch: ContextVar[bool] = ContextVar("in_batch", default=False)


@contextmanager
def atomic():
    """Group several service calls into one transaction: all are written, or none."""
    token = _in_batch.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _in_batch.reset(token)


def _finish() -> None:
    if _in_batch.get():
        db.session.flush()
    else:
        db.session.commit()


def _record(event: Event, user: User | None, action: str, changes: dict) -> EventRevision:
    on_event_changed(event)
    revision = EventRevision(
        event=event, user=user, action=action, changes=changes, at=event.updated_at
    )
    db.session.add(revision)
    return revision


def create_event(data: EventData, user: User | None = None, *, action: str = "create") -> Event:
    now = utcnow()
    event = Event(
        created_at=now,
        updated_at=now,
        created_by=user,
        updated_by=user,
        sequence=max(data.sequence or 0, 0),
    )
    if data.uid:
        event.uid = data.uid
    _apply(event, data)
    db.session.add(event)
    db.session.flush()
    _record(event, user, action, diff({}, snapshot(event)))
    _finish()
    return event


def _change(
    event: Event,
    user: User | None,
    action: str,
    mutate,
    expected_version: int | None = None,
    min_sequence: int | None = None,
) -> Event:
    if expected_version is not None and expected_version != event.version:
        newer = db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id == event.id)
            .order_by(EventRevision.id.desc())
            .limit(5)
        ).all()
        raise StaleEventError(event, newer)
    before = snapshot(event)
    mutate(event)
    after = snapshot(event)
    changes = diff(before, after)
    if not changes and action == "update":
        if not _in_batch.get():  # equal values write nothing; outside a batch, drop them
            db.session.rollback()
        return event
    if SEQUENCE_FIELDS & changes.keys():
        event.sequence += 1
    if min_sequence is not None:
        event.sequence = max(event.sequence, min_sequence)
    event.updated_at = utcnow()
    event.updated_by = user
    _record(event, user, action, changes)
    _finish()
    return event


def update_event(
    event: Event,
    data: EventData,
    user: User | None = None,
    *,
    expected_version: int | None = None,
    action: str = "update",
) -> Event:
    return _change(event, user, action, lambda e: _apply(e, data), expected_version, data.sequence)


def cancel_event(
    event: Event, user: User | None = None, *, expected_version: int | None = None
) -> Event:
    def mutate(e: Event) -> None:
        e.status = "cancelled"

    return _change(event, user, "cancel", mutate, expected_version)


def delete_event(
    event: Event, user: User | None = None, *, expected_version: int | None = None
) -> Event:
    def mutate(e: Event) -> None:
        e.deleted_at = utcnow()

    return _change(event, user, "delete", mutate, expected_version)


def restore_event(event: Event, user: User | None = None) -> Event:
    def mutate(e: Event) -> None:
        e.deleted_at = None

    return _change(event, user, "restore", mutate)
