"""Importing .ics files: a preview of what would change, then one atomic write.

Idempotent by UID: the same file twice changes nothing; a newer SEQUENCE or
LAST-MODIFIED updates the event; each change is an "import" revision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..domain.recurrence import Series
from ..domain.text import N_, Message
from ..events import bulk, service
from ..events.occurrences import stored_series
from ..extensions import db
from ..models import Event, Force, Location, User
from ..urls import base_host
from ..vocab import MAX_LENGTHS
from .overlaps import add_conflict_warnings
from .parse import ImportedEvent, parse_ics
from .plan import (
    Context,
    ImportOptions,
    ImportPlan,
    PlannedChange,
    broken_rules,
    decide,
    prepared,
)
from .series_plan import plan_cancel, plan_master, plan_overrides
from .series_write import write_series
from .splits import onto_earlier_splits, split_items


def import_window(today: date | None = None) -> tuple[date, date]:
    """Recurring series are expanded over this window: a year back, two years ahead."""
    today = today or date.today()
    return today - timedelta(days=365), today + timedelta(days=730)


def our_uid(uid: str) -> str:
    """Our own feed writes 'uid@host': read it back as the stored uid."""
    host = base_host()
    return uid[: -len(host) - 1] if uid.endswith("@" + host) else uid


def plan_import(
    content: bytes,
    window: tuple[date, date] | None = None,
    options: ImportOptions | None = None,
) -> ImportPlan:
    """Read the file and decide, per event, what importing would do. Writes nothing."""
    options = options or ImportOptions()
    config = current_app.config
    items, rejections = parse_ics(
        content, default_zone=config["CALENDAR_TIMEZONE"], window=window or import_window()
    )
    kinds = config["CALENDAR_KINDS"]
    if options.kind is not None and options.kind not in kinds:
        raise ValueError(f"kind must be one of {', '.join(kinds)}")
    forces = list(db.session.scalars(select(Force)))
    locations = list(db.session.scalars(select(Location)))
    for item in items:
        item.uid = our_uid(item.uid)
        if item.rdate_key:  # an extra date of a series: an event of its own
            item.uid = f"{item.uid}/rdate/{item.rdate_key}"
    items = onto_earlier_splits(split_items(items), _stored_series(items), _rest_series)
    uids = list({item.uid for item in items})
    existing = (
        {e.uid: e for e in db.session.scalars(select(Event).where(Event.uid.in_(uids)))}
        if uids
        else {}
    )
    ctx = Context(
        options, kinds, forces, locations, service.event_rules(locations, forces), existing
    )
    changes = [PlannedChange("rejected", r.uid, r.title, r.reason) for r in rejections]
    if any(item.method == "CANCEL" for item in items):
        changes += [_noted(item, plan_cancel(item, ctx)) for item in items]
        return ImportPlan(changes)
    seen: set[str] = set()
    masters: dict[str, PlannedChange] = {}
    overrides: dict[str, list[ImportedEvent]] = {}
    for item in items:
        if item.recurrence_id is not None:
            overrides.setdefault(item.uid, []).append(item)
            continue
        refused = _refused_uid(item, seen)
        if refused:
            changes.append(PlannedChange("rejected", item.uid, item.title, refused))
            continue
        change = plan_master(item, ctx) if item.rrule else _plan_single(item, ctx)
        if item.rrule:
            masters[item.uid] = change
        changes.append(_noted(item, change))
    for uid, master in masters.items():  # a newer series may reset overrides it lacks
        if master.newer:
            overrides.setdefault(uid, [])
    for uid, found in overrides.items():
        planned = plan_overrides(uid, found, masters.get(uid), ctx)
        changes += [_noted(item, change) for item, change in zip(found, planned, strict=False)]
        changes += planned[len(found) :]  # resets of stored overrides the file lacks
    add_conflict_warnings(changes)
    return ImportPlan(changes)


def _live_series(uids: set[str]) -> dict[str, Series]:
    if not uids:
        return {}
    rows = db.session.scalars(
        select(Event).where(Event.uid.in_(uids), Event.recurs.is_(True), Event.deleted_at.is_(None))
    )
    return {event.uid: stored_series(event) for event in rows}


def _stored_series(items: list[ImportedEvent]) -> dict[str, Series]:
    """The stored series the file's THISANDFUTURE overrides name."""
    return _live_series({item.uid for item in items if item.this_and_future})


def _rest_series(uid: str) -> Series | None:
    return _live_series({uid}).get(uid)


def _refused_uid(item: ImportedEvent, seen: set[str]) -> str:
    if item.uid in seen:
        return N_("its UID appears twice in the file")
    seen.add(item.uid)
    if len(item.uid) > MAX_LENGTHS["uid"]:
        return Message(N_("its UID is longer than %(count)s characters"), count=MAX_LENGTHS["uid"])
    return ""


def _plan_single(item: ImportedEvent, ctx: Context) -> PlannedChange:
    event = ctx.existing.get(item.uid)
    data, new_location, why = prepared(item, event, ctx)
    change = decide(item, event, data, new_location, why)
    broken = broken_rules(change.data, ctx.rules) if change.action != "unchanged" else ""
    return PlannedChange("rejected", item.uid, item.title, broken) if broken else change


def _noted(item: ImportedEvent, change: PlannedChange) -> PlannedChange:
    """The change with the item's warnings, and the kind and visibility it would have."""
    if change.action != "rejected":
        change.warnings = item.warnings
    if change.data is not None and change.action != "rejected":
        change.kind, change.visibility = change.data.kind, change.data.visibility
    return change


def commit_import(
    plan: ImportPlan, user: User | None, on_progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Write the plan's new and updated events (flushed; the caller commits once, so the
    import is all or nothing). Every event passes the service's rules again. New events
    go through the service's bulk create (the same rules, revisions and feed texts);
    `on_progress(done, total)` is told as batches are written."""
    writes = [change for change in plan.changes if change.action in ("new", "updated")]
    _create_locations(writes)
    rules = service.event_rules()  # read once, with the locations just made
    total, done = len(writes), 0

    def written(count: int) -> None:
        nonlocal done
        done += count
        if on_progress is not None:
            on_progress(done, total)

    series = [c for c in writes if c.op != "event" or c.data.rrule is not None or c.replaces]
    picked = {id(change) for change in series}
    writes = [change for change in writes if id(change) not in picked]
    new = [change.data for change in writes if change.action == "new"]
    bulk.create_events(new, user, action="import", rules=rules, on_progress=written)
    updates = [change for change in writes if change.action == "updated"]
    events = _events_by_id([change.event_id for change in updates])
    for number, change in enumerate(updates, 1):
        change.data.uid = None  # a UID never changes
        service.update_event(
            events[change.event_id], change.data, user, action="import", rules=rules
        )
        if number % bulk.BATCH == 0 or number == len(updates):
            written(bulk.BATCH if number % bulk.BATCH == 0 else number % bulk.BATCH)
    write_series(series, user, rules)
    if series:
        written(len(series))
    return plan.summary


def _events_by_id(ids: list[int]) -> dict[int, Event]:
    """The stored events to update, read in chunks rather than one query each."""
    events: dict[int, Event] = {}
    for first in range(0, len(ids), bulk.BATCH):
        chunk = ids[first : first + bulk.BATCH]
        events.update(
            (e.id, e) for e in db.session.scalars(select(Event).where(Event.id.in_(chunk)))
        )
    return events


def _create_locations(writes: list[PlannedChange]) -> None:
    """The locations the file names that do not exist yet, one per name (any case)."""
    made: dict[str, Location] = {}
    for change in writes:
        if not change.location_name:
            continue
        key = change.location_name.lower()
        location = made.get(key) or db.session.scalar(
            select(Location).where(func.lower(Location.name) == key)
        )
        if location is None:
            location = Location(name=change.location_name, timezone=change.data.timezone)
            db.session.add(location)
            db.session.flush()
        made[key] = location
        change.data.location_id = location.id
