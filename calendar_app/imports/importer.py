"""Importing .ics files: a preview of what would change, then one atomic write.

Idempotent by UID: the same file twice changes nothing; a newer SEQUENCE or
LAST-MODIFIED updates the event; each change is an "import" revision.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..domain.events import EventData
from ..domain.timezones import utc_to_local
from ..events import bulk, service
from ..events.rules import EventRules, check_event
from ..extensions import db
from ..models import Event, Force, Location, User
from ..schedule.formatting import short_date
from ..urls import base_host
from ..vocab import MAX_LENGTHS, VISIBILITIES
from .matching import kind_and_forces, match_location
from .parse import ImportedEvent, parse_ics

# A security organisation's calendar: nothing becomes public unless someone chose so.
DEFAULT_VISIBILITY = "internal"
# A preview lists this many events, then only the rejected and warned ones among the rest
# (at most PREVIEW_NOTICES): a 10,000-event preview was a 7.7 MB page.
PREVIEW_ROWS = 200
PREVIEW_NOTICES = 1_000


@dataclass(frozen=True)
class ImportOptions:
    """What the person importing chose for events whose file does not say."""

    visibility: str = DEFAULT_VISIBILITY  # for new events without CLASS or with CLASS:PUBLIC
    kind: str | None = None  # when neither categories nor title name a kind

    def __post_init__(self) -> None:
        if self.visibility not in VISIBILITIES:
            raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")


@dataclass
class PlannedChange:
    """One event of the file and what importing it would do."""

    action: str  # new, updated, unchanged, rejected
    uid: str
    title: str
    reason: str = ""
    data: EventData | None = None
    event_id: int | None = None
    location_name: str = ""  # a location to create on commit
    changes: list[str] = field(default_factory=list)
    kind: str = ""
    visibility: str = ""
    visibility_reason: str = ""  # why: "CLASS:CONFIDENTIAL in the file", "the import's choice"…
    warnings: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        """The dates as a person reads them: local times in the event's own zone."""
        data = self.data
        if data is None:
            return ""
        if data.all_day:
            if data.start == data.end:
                return f"{short_date(data.start)} (all day)"
            return f"{short_date(data.start)} – {short_date(data.end)} (all day)"
        start = utc_to_local(data.start, data.timezone)
        end = utc_to_local(data.end, data.timezone)
        last = f"{end:%H:%M}" if end.date() == start.date() else short_date(end)
        return f"{short_date(start)} – {last} ({data.timezone})"


@dataclass
class ImportPlan:
    changes: list[PlannedChange]

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    def preview_rows(self) -> list[PlannedChange]:
        """The first PREVIEW_ROWS changes, then those of the rest that need a look."""
        rest = self.changes[PREVIEW_ROWS:]
        notable = [c for c in rest if c.action == "rejected" or c.warnings]
        return self.changes[:PREVIEW_ROWS] + notable[:PREVIEW_NOTICES]

    @property
    def summary(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("new", "updated", "unchanged", "rejected")}

    @property
    def fingerprint(self) -> str:
        """A digest of everything the plan would write: the confirm step must match it."""
        rows = [
            {
                "action": c.action,
                "uid": c.uid,
                "event_id": c.event_id,
                "location_name": c.location_name,
                "visibility": c.visibility,
                "kind": c.kind,
                "data": asdict(c.data) if c.data is not None else None,
            }
            for c in self.changes
        ]
        text = json.dumps(rows, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def import_window(today: date | None = None) -> tuple[date, date]:
    """Recurring series are expanded over this window: a year back, two years ahead."""
    today = today or date.today()
    return today - timedelta(days=365), today + timedelta(days=730)


def our_uid(uid: str) -> str:
    """Our own feed writes 'uid@host': read it back as the stored uid."""
    host = base_host()
    return uid[: -len(host) - 1] if uid.endswith("@" + host) else uid


def _visibility(item: ImportedEvent, event: Event | None, options: ImportOptions):
    """(visibility, why): the file's CLASS can only restrict; otherwise keep or choose."""
    if item.restricted:
        return "internal", f"CLASS:{item.classification} in the file"
    if event is not None:
        return event.visibility, "kept as stored"
    return options.visibility, "the import's choice"


def _event_data(
    item: ImportedEvent, kind: str, force_ids: list[int], kept: list[str], location: Location | None
) -> EventData:
    description = item.description
    if kept:
        description = (description + "\n\n" if description else "") + (
            "Categories: " + ", ".join(kept)
        )
    return EventData(
        title=item.title,
        kind=kind,
        start=item.start,
        end=item.end,
        timezone=item.timezone,
        all_day=item.all_day,
        status=item.status,
        location_id=location.id if location else None,
        force_ids=force_ids,
        description=description,
        uid=item.uid,
        sequence=item.sequence,
    )


# How the preview names an EventData field that breaks a rule.
_FIELD_NAMES = {
    "title": "its title (SUMMARY)",
    "description": "its description",
    "participants": "its participants",
    "kind": "its kind",
    "status": "its status",
    "visibility": "its visibility",
    "timezone": "its time zone",
    "start": "its start",
    "end": "its end",
}


def _broken_rules(data: EventData, rules: EventRules) -> str:
    """The event rules this data breaks, as the preview says them ('' when none): the
    same rules the form and the API apply, so nothing imported is refused when saved."""
    problems = check_event(data, rules)
    return "; ".join(
        f"{_FIELD_NAMES.get(name, name)}: {message[:1].lower()}{message[1:].rstrip('.')}"
        for name, message in problems.items()
    )


def _differences(event: Event, data: EventData, location_name: str) -> list[str]:
    """Fields whose imported value differs from the stored one."""
    probe = Event(sequence=event.sequence)
    probe.title, probe.kind, probe.status = data.title, data.kind, data.status
    if data.all_day:
        probe.set_all_day(data.start, data.end, data.timezone)
    else:
        probe.set_timed(data.start, data.end, data.timezone)
    pairs = {
        "title": (event.title, probe.title),
        "kind": (event.kind, probe.kind),
        "status": (event.status, probe.status),
        "all_day": (event.all_day, probe.all_day),
        "start": (event.starts_at, probe.starts_at),
        "end": (event.ends_at, probe.ends_at),
        "timezone": (event.timezone, probe.timezone),
        "location": (event.location_id, data.location_id)
        if not location_name
        else (None, location_name),
        "forces": (sorted(f.id for f in event.forces), sorted(data.force_ids)),
        "description": (event.description, data.description),
        "visibility": (event.visibility, data.visibility),
    }
    return [name for name, (old, new) in pairs.items() if old != new]


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
    rules = service.event_rules(locations, forces)
    uids = [our_uid(item.uid) for item in items]
    existing = (
        {e.uid: e for e in db.session.scalars(select(Event).where(Event.uid.in_(uids)))}
        if uids
        else {}
    )
    changes = [PlannedChange("rejected", r.uid, r.title, r.reason) for r in rejections]
    seen: set[str] = set()
    for item in items:
        item.uid = our_uid(item.uid)
        if item.uid in seen:
            changes.append(
                PlannedChange("rejected", item.uid, item.title, "its UID appears twice in the file")
            )
            continue
        seen.add(item.uid)
        if len(item.uid) > MAX_LENGTHS["uid"]:
            reason = f"its UID is longer than {MAX_LENGTHS['uid']} characters"
            changes.append(PlannedChange("rejected", item.uid, item.title, reason))
            continue
        change = _plan_one(item, existing.get(item.uid), options, kinds, forces, locations)
        broken = _broken_rules(change.data, rules) if change.action != "unchanged" else ""
        if broken:
            changes.append(PlannedChange("rejected", item.uid, item.title, broken))
            continue
        change.warnings = item.warnings
        if change.data is not None:
            change.kind, change.visibility = change.data.kind, change.data.visibility
        changes.append(change)
    return ImportPlan(changes)


def _plan_one(item, event, options, kinds, forces, locations) -> PlannedChange:
    location = match_location(item.location, locations) if item.location else None
    new_location = (
        item.location[: MAX_LENGTHS["location_name"]] if item.location and location is None else ""
    )
    kind, force_ids, kept = kind_and_forces(item, kinds, forces, options.kind)
    data = _event_data(item, kind, force_ids, kept, location)
    data.visibility, why = _visibility(item, event, options)
    if event is None:
        return PlannedChange(
            "new",
            item.uid,
            item.title,
            data=data,
            location_name=new_location,
            visibility_reason=why,
        )
    data.participants = event.participants  # .ics files do not carry it; keep what staff set
    differs = _differences(event, data, new_location)
    newer = item.sequence > event.sequence or (
        item.last_modified is not None and item.last_modified > event.updated_at
    )
    if not differs:
        return PlannedChange(
            "unchanged", item.uid, item.title, data=data, event_id=event.id, visibility_reason=why
        )
    if newer:
        return PlannedChange(
            "updated",
            item.uid,
            item.title,
            data=data,
            event_id=event.id,
            location_name=new_location,
            changes=differs,
            visibility_reason=why,
        )
    if data.visibility != event.visibility:
        # Restricting is never stale: a file marking a published event confidential hides it,
        # and only that changes.
        return PlannedChange(
            "updated",
            item.uid,
            item.title,
            data=EventData.from_event(event, visibility=data.visibility),
            event_id=event.id,
            changes=["visibility"],
            reason="only its visibility changes: the stored event is as new or newer",
            visibility_reason=why,
        )
    return PlannedChange(
        "unchanged",
        item.uid,
        item.title,
        event_id=event.id,
        reason="the stored event is as new or newer (SEQUENCE, LAST-MODIFIED)",
        kind=event.kind,
        visibility=event.visibility,
        visibility_reason="kept as stored",
    )


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
