"""The one place where events change: every write passes the one rule set, records a
revision and keeps SEQUENCE honest.

Views, the API, importers, `import-json` and the demo seeding all call these functions;
none of them set Event fields directly. Services only flush: the boundary (the view, the
API handler, the CLI command) commits once, so several calls form one transaction and
a refused one leaves the caller free to roll back everything.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ..domain.events import EventData, keep_stored_seconds
from ..domain.recurrence import exdate_text, extent, format_rule
from ..extensions import db
from ..feeds.store import on_event_changed, on_shared_record_changed
from ..models import Event, EventRevision, Force, Location, Official, User, new_uid, utcnow
from .rules import EventRules, check_event, series_for

# Changing any of these changes what a subscriber's calendar shows at a time or
# place, so RFC 5545 wants SEQUENCE bumped for them.
SEQUENCE_FIELDS = frozenset(
    {"all_day", "start", "end", "timezone", "location", "status", "repeats", "exdates"}
)


class InvalidEvent(ValueError):
    """The data breaks a rule; `errors` maps EventData field names to messages."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


def event_rules(
    locations: list[Location] | None = None, forces: list[Force] | None = None
) -> EventRules:
    """The rules' view of the world: configured kinds and zone, existing locations and forces
    (read from the database unless given). Forms, the API and every write use it."""
    if locations is None:
        zones = dict(db.session.execute(select(Location.id, Location.timezone)).all())
    else:
        zones = {location.id: location.timezone for location in locations}
    force_ids = (
        set(db.session.scalars(select(Force.id))) if forces is None else {f.id for f in forces}
    )
    official_ids = set(db.session.scalars(select(Official.id)))
    return EventRules(
        kinds=current_app.config["CALENDAR_KINDS"],
        default_timezone=current_app.config["CALENDAR_TIMEZONE"],
        location_zones=zones,
        force_ids=force_ids,
        official_ids=official_ids,
    )


def checked(data: EventData, rules: EventRules | None) -> EventData:
    """`data` when it meets every rule, else InvalidEvent. Bulk writers pass their
    `rules` once rather than have them read for each event."""
    errors = check_event(data, rules or event_rules())
    if errors:
        raise InvalidEvent(errors)
    return data


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
        "title_ru": event.title_ru or None,
        "kind": event.kind,
        "status": event.status,
        "all_day": event.all_day,
        "start": start,
        "end": end,
        "timezone": event.timezone,
        "location": event.location.label() if event.location else None,
        "forces": [force.name for force in event.forces],
        "officials": [official.name for official in event.officials],
        "description": event.description,
        "description_ru": event.description_ru or None,
        "participants": event.participants,
        "visibility": event.visibility,
        "deleted": event.deleted_at is not None,
        "repeats": event.rrule,
        "exdates": list(event.exdates or ()),
    }


def diff(before: dict, after: dict) -> dict:
    return {key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]}


def _officials(ids: list[int]) -> list[Official]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(
        db.session.scalars(select(Official).where(Official.id.in_(wanted)).order_by(Official.name))
    )


def _apply(event: Event, data: EventData, known=None) -> None:
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
    wanted = sorted(set(data.force_ids))
    if known is not None:  # a bulk write read them once (bulk.Known)
        event.location = known.locations.get(data.location_id)
        event.forces = sorted((known.forces[i] for i in wanted), key=lambda f: f.name)
        event.officials = sorted(
            (known.officials[i] for i in set(data.official_ids)), key=lambda o: o.name
        )
    else:
        event.location = (
            None if data.location_id is None else db.session.get(Location, data.location_id)
        )
        event.forces = (
            list(db.session.scalars(select(Force).where(Force.id.in_(wanted)).order_by(Force.name)))
            if wanted
            else []
        )
        event.officials = _officials(data.official_ids)
    event.description = data.description
    event.title_ru = data.title_ru or None
    event.description_ru = data.description_ru or None
    event.participants = data.participants
    event.visibility = data.visibility
    _apply_series(event, data)


def _apply_series(event: Event, data: EventData) -> None:
    """The repeat rule, its excluded dates and where the series lies. A series starts on
    its rule's first occurrence (as Google Calendar moves it), so that every client, which
    may or may not count a DTSTART the rule does not match, shows the same occurrences."""
    if data.rrule is None:
        event.rrule, event.exdates, event.recurs, event.series_ends_at = None, [], False, None
        return
    series = series_for(data)
    where = extent(series)
    if where.first != series.first:
        if data.all_day:
            event.set_all_day(
                where.first, where.first + series.duration - timedelta(days=1), data.timezone
            )
        else:
            event.set_timed(where.first, where.first + series.duration, data.timezone)
    event.rrule = format_rule(series.rule)
    event.exdates = sorted({exdate_text(value) for value in data.exdates})
    event.recurs = True
    event.series_ends_at = where.last_end


def _record(event: Event, user: User | None, action: str, changes: dict) -> EventRevision:
    on_event_changed(event)
    revision = EventRevision(
        event=event, user=user, action=action, changes=changes, at=event.updated_at
    )
    db.session.add(revision)
    return revision


def new_event(data: EventData, user: User | None, known=None) -> Event:
    """An event made from data, not yet in the session (`known`: see bulk.Known)."""
    now = utcnow()
    event = Event(
        uid=data.uid or new_uid(),
        created_at=now,
        updated_at=now,
        sequence=max(data.sequence or 0, 0),
        deleted_at=None,
    )
    _apply(event, data, known)
    return event


def create_event(
    data: EventData,
    user: User | None = None,
    *,
    action: str = "create",
    rules: EventRules | None = None,
) -> Event:
    checked(data, rules)
    event = new_event(data, user)
    event.created_by = event.updated_by = user
    db.session.add(event)
    db.session.flush()
    _record(event, user, action, diff({}, snapshot(event)))
    return event


def revisions_since(event: Event, version: int) -> list[EventRevision]:
    """The changes saved after the editor loaded `version`, newest first.

    Each saved change writes one revision and one UPDATE (which bumps the
    version), so the newest `event.version - version` revisions are the ones
    the editor has not seen; at most five are named.
    """
    missed = max(1, min(5, event.version - version))
    return list(
        db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id == event.id)
            .order_by(EventRevision.id.desc())
            .limit(missed)
        )
    )


def _change(
    event: Event,
    user: User | None,
    action: str,
    mutate,
    expected_version: int | None = None,
    min_sequence: int | None = None,
    note: dict | None = None,
) -> Event:
    if expected_version is not None and expected_version != event.version:
        raise StaleEventError(event, revisions_since(event, expected_version))
    event_id = event.id
    try:
        # No autoflush while changing: the change is one UPDATE, so one version step
        # per saved change (revisions_since relies on it).
        with db.session.no_autoflush:
            before = snapshot(event)
            mutate(event)
            after = snapshot(event)
            changes = diff(before, after)
            if not changes and action in ("update", "import"):
                return event  # equal values: no revision, no SEQUENCE, nothing flushed
            if SEQUENCE_FIELDS & changes.keys():
                event.sequence += 1
            changes.update(note or {})  # said with the change (a reason), not a field
            if min_sequence is not None:
                event.sequence = max(event.sequence, min_sequence)
            event.updated_at = utcnow()
            event.updated_by = user
            _record(event, user, action, changes)
    except StaleDataError:
        # Another process saved the same event meanwhile: the version counter refused
        # the UPDATE. A failed flush leaves the transaction unusable, so it is rolled
        # back here (nothing of it could be committed) to read what the other one saved.
        db.session.rollback()
        fresh = db.session.get(Event, event_id, populate_existing=True)
        if fresh is None:
            raise
        loaded = expected_version if expected_version is not None else fresh.version - 1
        raise StaleEventError(fresh, revisions_since(fresh, loaded)) from None
    return event


def update_event(
    event: Event,
    data: EventData,
    user: User | None = None,
    *,
    expected_version: int | None = None,
    action: str = "update",
    rules: EventRules | None = None,
) -> Event:
    data = keep_stored_seconds(checked(data, rules), event)
    return _change(event, user, action, lambda e: _apply(e, data), expected_version, data.sequence)


def cancel_event(
    event: Event,
    user: User | None = None,
    *,
    expected_version: int | None = None,
    reason: str = "",
) -> Event:
    """Cancel: the event stays, marked so; an optional reason is kept in its history."""

    def mutate(e: Event) -> None:
        e.status = "cancelled"

    note = {"reason": [None, reason]} if reason else None
    return _change(event, user, "cancel", mutate, expected_version, note=note)


def last_revision(event: Event, action: str) -> EventRevision | None:
    return db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == event.id, EventRevision.action == action)
        .order_by(EventRevision.id.desc())
        .limit(1)
    ).first()


def _cancellation(event: Event) -> dict:
    """The changes of the revision that last set the status to cancelled (by the cancel
    action or an edit), or {}."""
    revisions = db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == event.id)
        .order_by(EventRevision.id.desc())
        .limit(200)
    )
    for revision in revisions:
        status = (revision.changes or {}).get("status")
        if isinstance(status, list) and len(status) == 2 and status[1] == "cancelled":
            return revision.changes
    return {}


def _noted(event: Event, name: str, index: int):
    """One value of the last cancellation: the status before it, or the reason given."""
    pair = _cancellation(event).get(name)
    return pair[index] if isinstance(pair, list) and len(pair) == 2 else None


def status_before_cancel(event: Event) -> str:
    """The status the event had when it was last cancelled (confirmed if unknown)."""
    before = _noted(event, "status", 0)
    return before if before in {"planned", "confirmed"} else "confirmed"


def cancel_reason(event: Event) -> str:
    """Why the event was cancelled, as given at its last cancellation ('' if not said)."""
    return _noted(event, "reason", 1) or ""


def reinstate_event(
    event: Event, user: User | None = None, *, expected_version: int | None = None
) -> Event:
    """Undo a cancellation: back to the status it had before."""
    status = status_before_cancel(event)

    def mutate(e: Event) -> None:
        e.status = status

    return _change(event, user, "reinstate", mutate, expected_version)


def delete_event(
    event: Event, user: User | None = None, *, expected_version: int | None = None
) -> Event:
    def mutate(e: Event) -> None:
        e.deleted_at = utcnow()

    return _change(event, user, "delete", mutate, expected_version)


def restore_event(
    event: Event, user: User | None = None, *, expected_version: int | None = None
) -> Event:
    def mutate(e: Event) -> None:
        e.deleted_at = None

    return _change(event, user, "restore", mutate, expected_version)


def _relabel(events: list[Event], user: User | None, field: str, labels: dict[int, tuple]) -> None:
    """Record on each live event that a shared record it shows (its location or a force)
    now reads differently, so that feeds and histories see the change."""
    now = utcnow()
    for event in events:
        before, after = labels[event.id]
        if before == after:
            continue
        changes = {field: [before, after]}
        if SEQUENCE_FIELDS & changes.keys():
            event.sequence += 1
        event.updated_at = now
        event.updated_by = user
        _record(event, user, "rename", changes)


def _live_events(*where) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.deleted_at.is_(None), *where)))


def _place(location: Location) -> tuple[str, float | None, float | None]:
    """What of a location shows in feeds: its label, and its coordinates (GEO)."""
    return location.label(), location.latitude, location.longitude


def _place_change(before: tuple, after: tuple) -> tuple[str, str]:
    """The label change, with coordinates spelled out when those moved too."""
    if before[1:] == after[1:]:
        return before[0], after[0]

    def spelled(place: tuple) -> str:
        label, lat, lon = place
        return label if lat is None or lon is None else f"{label} ({lat:.4f}, {lon:.4f})"

    return spelled(before), spelled(after)


def save_location(location: Location, values: dict, user: User | None = None) -> Location:
    """Create or edit a location; events at it get a revision when its label changes."""
    events = _live_events(Event.location_id == location.id) if location.id else []
    before = _place(location)
    for name, value in values.items():
        setattr(location, name, value)
    db.session.add(location)
    db.session.flush()
    labels = _place_change(before, _place(location))
    _relabel(events, user, "location", {e.id: labels for e in events})
    on_shared_record_changed()
    return location


def save_force(force: Force, values: dict, user: User | None = None) -> Force:
    """Create or edit a force; events it takes part in get a revision when it is renamed."""
    return _save_listed(force, values, user, "forces")


def save_official(official: Official, values: dict, user: User | None = None) -> Official:
    """Create or edit an official; events they attend get a revision when renamed."""
    return _save_listed(official, values, user, "officials")


def _save_listed(record, values: dict, user: User | None, field: str):
    """A record of a many-to-many managed list (`field`: the events' relationship)."""
    relation, model = getattr(Event, field), type(record)
    events = _live_events(relation.any(model.id == record.id)) if record.id else []
    before = {event.id: [r.name for r in getattr(event, field)] for event in events}
    for name, value in values.items():
        setattr(record, name, value)
    db.session.add(record)
    db.session.flush()
    after = {event.id: sorted(r.name for r in getattr(event, field)) for event in events}
    _relabel(events, user, field, {e.id: (before[e.id], after[e.id]) for e in events})
    on_shared_record_changed()
    return record


def delete_unused_record(record: Force | Location | Official) -> None:
    """Delete a force or location no event uses (the caller checks)."""
    db.session.delete(record)
    on_shared_record_changed()
