"""What an import would do, event by event: the plan a preview shows and a confirmation
writes, and the comparisons it is decided by (plain data and stored events, no writes)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from ..domain.events import EventData
from ..domain.recurrence import exdate_text
from ..domain.text import N_, Message
from ..domain.timezones import utc_to_local
from ..events.rules import EventRules, check_event
from ..models import Event, Force, Location
from ..schedule.formatting import short_date
from ..vocab import MAX_LENGTHS, VISIBILITIES
from .matching import kind_and_forces, match_location
from .parse import ImportedEvent

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
    # What the write is: "event" (a single event or a whole series), "override" (one
    # occurrence, changed or cancelled), "reset" (an override the file no longer has:
    # its occurrence follows its series again), "split" (THISANDFUTURE), "cancel"
    # (METHOD:CANCEL of an event or a whole series), "cancel-occurrence", "copies".
    op: str = "event"
    series_uid: str = ""  # an override's series
    recurrence_id: date | datetime | None = None  # an override's occurrence (a key)
    replaces: list[int] = field(default_factory=list)  # earlier copies of a series to delete
    rule_words: str = ""  # a series' rule in words, for the preview
    next_year: int | None = None  # a series' occurrences in the next year
    newer: bool = False  # a newer version of a stored series: its overrides follow the file

    @property
    def when(self) -> str:
        """The dates as a person reads them: local times in the event's own zone."""
        return self.when_in("en")

    def when_in(self, locale: str) -> str | Message:
        """`when` with the dates in `locale`; "(all day)" is a Message to translate."""
        data = self.data
        if data is None:
            return ""
        if data.all_day:
            first = short_date(data.start, locale=locale)
            if data.start == data.end:
                return Message(N_("%(dates)s (all day)"), dates=first)
            dates = f"{first} – {short_date(data.end, locale=locale)}"
            return Message(N_("%(dates)s (all day)"), dates=dates)
        start = utc_to_local(data.start, data.timezone)
        end = utc_to_local(data.end, data.timezone)
        last = f"{end:%H:%M}" if end.date() == start.date() else short_date(end, locale=locale)
        return f"{short_date(start, locale=locale)} – {last} ({data.timezone})"


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
                "op": c.op,
                "series_uid": c.series_uid,
                "recurrence_id": c.recurrence_id,
                "replaces": c.replaces,
                "data": asdict(c.data) if c.data is not None else None,
            }
            for c in self.changes
        ]
        text = json.dumps(rows, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def visibility_of(item: ImportedEvent, event: Event | None, options: ImportOptions):
    """(visibility, why): the file's CLASS can only restrict; otherwise keep or choose."""
    if item.restricted:
        return "internal", Message(
            N_("%(class)s in the file"), **{"class": f"CLASS:{item.classification}"}
        )
    if event is not None:
        return event.visibility, Message(N_("kept as stored"))
    return options.visibility, Message(N_("the import's choice"))


def event_data(
    item: ImportedEvent, kind: str, force_ids: list[int], kept: list[str], location: Location | None
) -> EventData:
    description = item.description
    if kept:
        description = (description + "\n\n" if description else "") + (
            "Categories: " + ", ".join(kept)
        )
    return EventData(
        title=item.title,
        title_ru=item.title_ru,
        description_ru=item.description_ru,
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
        rrule=item.rrule,
        exdates=item.exdates,
    )


# How the preview names an EventData field that breaks a rule.
FIELD_NAMES = {
    "title": "its title (SUMMARY)",
    "title_ru": "its Russian title (SUMMARY;LANGUAGE=ru)",
    "description_ru": "its Russian description",
    "description": "its description",
    "participants": "its participants",
    "kind": "its kind",
    "status": "its status",
    "visibility": "its visibility",
    "timezone": "its time zone",
    "start": "its start",
    "end": "its end",
}


def broken_rules(data: EventData, rules: EventRules) -> str:
    """The event rules this data breaks, as the preview says them ('' when none): the
    same rules the form and the API apply, so nothing imported is refused when saved."""
    problems = check_event(data, rules)
    return "; ".join(
        f"{FIELD_NAMES.get(name, name)}: {message[:1].lower()}{message[1:].rstrip('.')}"
        for name, message in problems.items()
    )


def differences(event: Event, data: EventData, location_name: str) -> list[str]:
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
        "title in Russian": (event.title_ru or "", data.title_ru or ""),
        "description in Russian": (event.description_ru or "", data.description_ru or ""),
        "visibility": (event.visibility, data.visibility),
        "repeats": (event.rrule, data.rrule),
        "excluded dates": (
            sorted(event.exdates or ()),
            sorted({exdate_text(value) for value in data.exdates}),
        ),
    }
    return [name for name, (old, new) in pairs.items() if old != new]


@dataclass
class Context:
    """What planning reads once per file: the choices, the vocabulary, the rules and the
    stored events the file's UIDs name."""

    options: ImportOptions
    kinds: list[str]
    forces: list[Force]
    locations: list[Location]
    rules: EventRules
    existing: dict[str, Event]


def prepared(item: ImportedEvent, event: Event | None, ctx: Context):
    """(data, location name to create, why this visibility) for an item of the file,
    to be compared with the stored `event` (None: there is none)."""
    location = match_location(item.location, ctx.locations) if item.location else None
    new_location = (
        item.location[: MAX_LENGTHS["location_name"]] if item.location and location is None else ""
    )
    kind, force_ids, kept = kind_and_forces(item, ctx.kinds, ctx.forces, ctx.options.kind)
    data = event_data(item, kind, force_ids, kept, location)
    data.visibility, why = visibility_of(item, event, ctx.options)
    if event is not None:
        data.participants = event.participants  # .ics files do not carry it; keep staff's
        # A file without the Russian texts keeps the ones staff wrote.
        data.title_ru = data.title_ru or event.title_ru or ""
        data.description_ru = data.description_ru or event.description_ru or ""
    return data, new_location, why


def is_newer(item: ImportedEvent, event: Event) -> bool:
    """Whether the file's version is newer than the stored one (SEQUENCE, LAST-MODIFIED)."""
    return item.sequence > event.sequence or (
        item.last_modified is not None and item.last_modified > event.updated_at
    )


def decide(
    item: ImportedEvent,
    event: Event | None,
    data: EventData,
    new_location: str,
    why: str,
    newer: bool | None = None,
) -> PlannedChange:
    """New, updated or unchanged: a stored event changes only for a newer version, except
    that a file may always restrict its visibility."""
    if event is None:
        return PlannedChange(
            "new",
            item.uid,
            item.title,
            data=data,
            location_name=new_location,
            visibility_reason=why,
        )
    differs = differences(event, data, new_location)
    if not differs:
        return PlannedChange(
            "unchanged", item.uid, item.title, data=data, event_id=event.id, visibility_reason=why
        )
    if newer if newer is not None else is_newer(item, event):
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
            reason=N_("only its visibility changes: the stored event is as new or newer"),
            visibility_reason=why,
        )
    return PlannedChange(
        "unchanged",
        item.uid,
        item.title,
        event_id=event.id,
        reason=N_("the stored event is as new or newer (SEQUENCE, LAST-MODIFIED)"),
        kind=event.kind,
        visibility=event.visibility,
        visibility_reason="kept as stored",
    )
