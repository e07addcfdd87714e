"""Planning the import of repeating series: each series as one event, its overrides
(RECURRENCE-ID) as changes to its occurrences, and what a METHOD:CANCEL file names.

Reads, never writes. Idempotent by UID + RECURRENCE-ID: a series or an override equal to
the stored one is unchanged; a newer version of a series (SEQUENCE, LAST-MODIFIED, as for
single events) updates it and its overrides as a whole: its time and rule (every
occurrence follows), its excluded dates, and the overrides the file holds; a stored
override the newer file no longer holds is reset (its occurrence follows the series
again, as the organiser's calendar now shows it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ..domain.events import EventData
from ..domain.recurrence import (
    Series,
    describe_rule,
    extent,
    is_occurrence,
    occurrence_span,
    occurrences_between,
    parse_occurrence_key,
    recurrence_key,
)
from ..domain.text import N_, Message
from ..events.occurrences import stored_series
from ..events.rules import series_for
from ..events.series import find_override, moved, occurrence_data, start_step
from ..events.words import language
from ..extensions import db
from ..models import Event, utcnow
from ..vocab import MAX_LENGTHS
from .parse import ImportedEvent
from .plan import Context, PlannedChange, broken_rules, decide, differences, is_newer, prepared
from .repeats import as_key

OVERRIDE_UID_SUFFIX = len("#20250106T070000Z")  # an override row's UID: its series' and this


def _joined(first: str, second: str) -> str:
    """Two reasons as one ("a; b"), each still translatable; either may be empty."""
    if not first or not second:
        return first or second
    return Message(N_("%(first)s; %(second)s"), first=first, second=second)


def when_words(key: date | datetime) -> str:
    if isinstance(key, datetime):
        return f"{key.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return key.isoformat()


def _rejected(item: ImportedEvent, reason: str) -> PlannedChange:
    return PlannedChange("rejected", item.uid, item.title, reason)


def _live_series(event: Event | None) -> Event | None:
    return event if event is not None and event.is_series and not event.is_deleted else None


# -- the series ------------------------------------------------------------------------


def earlier_copies(uid: str) -> list[int]:
    """Live events an earlier import made of this series' occurrences (UID
    '<uid>/<start>', start as 20250106T070000Z or 20250106)."""
    rows = db.session.execute(
        select(Event.id, Event.uid).where(
            Event.uid.startswith(uid + "/", autoescape=True),
            Event.deleted_at.is_(None),
            Event.recurs.is_(False),
            Event.series_id.is_(None),
        )
    )
    return sorted(i for i, text in rows if parse_occurrence_key(text[len(uid) + 1 :]))


def plan_master(item: ImportedEvent, ctx: Context) -> PlannedChange:
    event = ctx.existing.get(item.uid)
    data, new_location, why = prepared(item, event, ctx)
    broken = broken_rules(data, ctx.rules)
    if broken:
        return _rejected(item, broken)
    series = series_for(data)
    first = extent(series).first
    data = _at_first(data, series, first)
    change = decide(item, event, data, new_location, why)
    change.newer = _live_series(event) is not None and is_newer(item, event)
    # In the language of the page that previews the file (English for the CLI).
    change.rule_words = describe_rule(series.rule, first, data.timezone, language())
    now = utcnow()
    change.next_year = len(occurrences_between(series, now, now + timedelta(days=365)))
    change.replaces = earlier_copies(item.uid)
    if change.replaces:
        copies = len(change.replaces)
        said = Message(
            N_("replaces %(count)s earlier copy of its occurrences")
            if copies == 1
            else N_("replaces %(count)s earlier copies of its occurrences"),
            count=copies,
        )
        change.reason = _joined(change.reason, said)
        if change.action == "unchanged":
            change.action, change.op, change.changes = "updated", "copies", ["earlier copies"]
    return change


def _at_first(data: EventData, series: Series, first) -> EventData:
    """The series as it is stored: starting on its rule's first occurrence."""
    if first == series.first:
        return data
    span = occurrence_span(series, first)
    if data.all_day:
        return replace(data, start=span["start_date"], end=span["end_date"])
    return replace(data, start=span["starts_at"], end=span["ends_at"])


# -- overrides -------------------------------------------------------------------------


def plan_overrides(
    uid: str, items: list[ImportedEvent], master: PlannedChange | None, ctx: Context
) -> list[PlannedChange]:
    """The changes of one series' overrides in the file (and of those it no longer has)."""
    stored = _live_series(ctx.existing.get(uid))
    if master is not None and master.action == "rejected":
        return [_rejected(i, N_("its series is not imported (see the series' row)")) for i in items]
    if master is None and stored is None:
        return [_rejected(item, _orphan_reason(item)) for item in items]
    if len(uid) + OVERRIDE_UID_SUFFIX > MAX_LENGTHS["uid"]:
        reason = Message(
            N_("its UID is too long to name its occurrences (%(count)s at most)"),
            count=MAX_LENGTHS["uid"],
        )
        return [_rejected(item, reason) for item in items]
    written = master is not None and master.data is not None and master.op == "event"
    if not written and stored is None:
        reason = N_("its series is not imported: the event stored with its UID does not repeat")
        return [_rejected(item, reason) for item in items]
    target = series_for(master.data) if written else stored_series(stored)
    whole = master is not None and master.newer and master.data is not None
    owner = master.data if written else stored
    rows = _stored_overrides(stored, master.data if whole else None)
    changes, seen = [], set()
    for item in items:
        key = as_key(item.recurrence_id, target.all_day, target.timezone, target.first)
        change = _plan_override(item, key, target, rows.get(key), owner, whole, seen, ctx)
        change.series_uid, change.recurrence_id = uid, key
        changes.append(change)
    if whole:
        changes += _resets(uid, rows, seen, target, master)
    return changes


def _orphan_reason(item: ImportedEvent) -> str:
    """Why an override is refused whose series is neither in the file nor stored."""
    if item.this_and_future:
        return N_(
            "it changes an occurrence and all later ones (RECURRENCE-ID with "
            "RANGE=THISANDFUTURE) of a series that is neither in this file nor in this "
            "calendar: not imported"
        )
    return N_(
        "it changes one occurrence (RECURRENCE-ID) of a series that is neither in this "
        "file nor in this calendar: not imported"
    )


def _stored_overrides(stored: Event | None, new: EventData | None) -> dict:
    """The stored series' live overrides by the key their occurrence will have once the
    series is updated to `new` (moved as update_series moves them)."""
    if stored is None:
        return {}
    step = start_step(stored_series(stored).first, new.start, new.timezone) if new else None
    found = {}
    for row in stored.overrides:
        if not row.is_deleted:
            found[moved(recurrence_key(row.recurrence_id, row.all_day), step)] = row
    return found


def _plan_override(item, key, target, row, owner, whole, seen, ctx) -> PlannedChange:
    if key in seen:
        return _rejected(item, N_("its RECURRENCE-ID appears twice in the file"))
    seen.add(key)
    if not is_occurrence(target, key):
        return _rejected(
            item,
            Message(
                N_(
                    "its RECURRENCE-ID (%(when)s) is not an occurrence of its series: not "
                    "imported (as an event of its own it would stay behind, twice, once the "
                    "series is corrected)"
                ),
                when=when_words(key),
            ),
        )
    if key in target.exdates:
        return PlannedChange(
            "unchanged",
            item.uid,
            item.title,
            reason=Message(
                N_("its occurrence (%(when)s) is excluded (EXDATE): nothing shows"),
                when=when_words(key),
            ),
        )
    data, new_location, why = prepared(item, row, ctx)
    data = replace(data, uid=None, visibility=owner.visibility, participants=owner.participants)
    broken = broken_rules(data, ctx.rules)
    if broken:
        return _rejected(item, broken)
    if item.this_and_future:
        change = PlannedChange("updated", item.uid, item.title, data=data, op="split")
        change.reason = Message(
            N_("the occurrence of %(when)s and all later ones change (RANGE=THISANDFUTURE)"),
            when=when_words(key),
        )
        change.location_name = new_location
        return change
    newer = whole or (row is not None and is_newer(item, row))
    change = decide(item, row, data, new_location, why, newer=newer)
    change.op = "override"
    changed = Message(N_("changes the occurrence of %(when)s"), when=when_words(key))
    change.reason = _joined(changed, change.reason)
    return change


def _resets(uid: str, rows: dict, seen: set, target: Series, master: PlannedChange) -> list:
    """Stored overrides the newer file does not hold: their occurrences follow the series
    again (those the new rule no longer has are dropped by the series' update)."""
    new, location_name = master.data, master.location_name
    changes = []
    for key, row in sorted(rows.items(), key=lambda pair: str(pair[0])):
        if key in seen or not is_occurrence(target, key) or key in target.exdates:
            continue
        span = occurrence_span(target, key)
        when = (
            {"start": span["start_date"], "end": span["end_date"]}
            if target.all_day
            else {"start": span["starts_at"], "end": span["ends_at"]}
        )
        data = replace(new, rrule=None, exdates=(), uid=None, sequence=None, **when)
        if not differences(row, data, location_name):
            continue
        change = PlannedChange("updated", uid, row.title, data=data, event_id=row.id, op="reset")
        change.location_name = location_name
        change.reason = Message(
            N_(
                "the occurrence of %(when)s is no longer changed in the file: it follows its "
                "series again"
            ),
            when=when_words(key),
        )
        change.series_uid, change.recurrence_id = uid, key
        changes.append(change)
    return changes


# -- METHOD:CANCEL ---------------------------------------------------------------------


def plan_cancel(item: ImportedEvent, ctx: Context) -> PlannedChange:
    """What a cancellation names: a whole event or series (no RECURRENCE-ID), or one
    occurrence. Applied whatever its SEQUENCE: our own edits may have stepped ours past
    the organiser's, and a cancellation is undone by reinstating."""
    event = ctx.existing.get(item.uid)
    if item.recurrence_id is None:
        if event is None or event.is_deleted:
            return _rejected(item, N_("nothing to cancel: no event here has this UID"))
        change = PlannedChange(
            "unchanged", item.uid, event.title, event_id=event.id, data=EventData.from_event(event)
        )
        if event.is_cancelled:
            change.reason = N_("already cancelled")
            return change
        change.action, change.op, change.changes = "updated", "cancel", ["status"]
        change.reason = (
            N_("the file cancels the whole series")
            if event.is_series
            else N_("the file cancels it")
        )
        return change
    series = _live_series(event)
    if series is None:
        return _rejected(item, N_("nothing to cancel: no series here has this UID"))
    stored = stored_series(series)
    key = as_key(item.recurrence_id, stored.all_day, stored.timezone, stored.first)
    if not is_occurrence(stored, key) or key in stored.exdates:
        return _rejected(
            item,
            Message(
                N_("nothing to cancel: the series has no occurrence at %(when)s"),
                when=when_words(key),
            ),
        )
    data = replace(occurrence_data(series, key), status="cancelled")
    change = PlannedChange("updated", item.uid, series.title, data=data, op="cancel-occurrence")
    change.series_uid, change.recurrence_id = item.uid, key
    override = find_override(series, key)
    if override is not None and not override.is_deleted and override.is_cancelled:
        change.action, change.reason = "unchanged", N_("this occurrence is already cancelled")
    else:
        change.changes = ["status"]
        change.reason = Message(N_("cancels the occurrence of %(when)s"), when=when_words(key))
    return change
