"""Many new events at once (large imports): the service's create_event for each, with the
same rules, revisions and stored feed texts, in a few statements per batch.

Each event is checked against rules read once; then BATCH at a time its row, its forces
and its creation revision are inserted with one statement per table (no ORM unit of work,
no query per event), and its VEVENT text is rendered by the same function as for one
event. Flushes only: the caller commits, so a failure anywhere leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import insert, select

from ..domain.events import EventData
from ..extensions import db
from ..feeds.store import on_events_created
from ..models import (
    Event,
    EventRevision,
    Force,
    Location,
    Official,
    User,
    event_forces,
    event_officials,
)
from .rules import EventRules
from .service import checked, diff, event_rules, new_event, snapshot


class Known:
    """Every location, force and official by id, read once for a bulk write."""

    def __init__(self) -> None:
        self.locations = {loc.id: loc for loc in db.session.scalars(select(Location))}
        self.forces = {force.id: force for force in db.session.scalars(select(Force))}
        self.officials = {o.id: o for o in db.session.scalars(select(Official))}


BATCH = 500  # events per statement in bulk writes


def create_events(
    datas: Sequence[EventData],
    user: User | None = None,
    *,
    action: str = "create",
    rules: EventRules | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> list[int]:
    """create_event for many events at once, with the same rules, revisions and stored feed
    texts: each checked against rules read once, then BATCH at a time inserted with one
    statement per table (no ORM unit of work, no query per event), its revision written
    and its feed text rendered as for one. Returns the new ids; `on_progress(n)` is told
    after each batch."""
    rules = rules or event_rules()
    for data in datas:
        checked(data, rules)
    known = Known()
    ids: list[int] = []
    for first in range(0, len(datas), BATCH):
        batch = [new_event(data, user, known) for data in datas[first : first + BATCH]]
        _insert(batch, user, action)
        on_events_created(batch)
        ids += [event.id for event in batch]
        if on_progress is not None:
            on_progress(len(batch))
    return ids


_EVENT_COLUMNS = [c.name for c in Event.__table__.columns if c.name not in ("id", "ics_text")]


def _insert(events: list[Event], user: User | None, action: str) -> None:
    """Insert unsaved events, their forces and their creation revisions; each event gets
    its new id (it stays outside the session)."""
    user_id = user.id if user is not None else None
    rows = []
    for event in events:
        # Relationships set no foreign keys outside the session: the ids are set here.
        event.location_id = event.location.id if event.location is not None else None
        event.created_by_id = event.updated_by_id = user_id
        event.version = 1  # what the version counter starts at
        rows.append({name: getattr(event, name) for name in _EVENT_COLUMNS})
    statement = insert(Event).returning(Event.id, sort_by_parameter_order=True)
    for event, event_id in zip(events, db.session.scalars(statement, rows), strict=True):
        event.id = event_id
    forces = [{"event_id": e.id, "force_id": f.id} for e in events for f in e.forces]
    if forces:
        db.session.execute(insert(event_forces), forces)
    officials = [{"event_id": e.id, "official_id": o.id} for e in events for o in e.officials]
    if officials:
        db.session.execute(insert(event_officials), officials)
    revisions = [
        {
            "event_id": event.id,
            "user_id": user_id,
            "action": action,
            "changes": diff({}, snapshot(event)),
            "at": event.updated_at,
        }
        for event in events
    ]
    db.session.execute(insert(EventRevision), revisions)
