"""Changing recurring series: one occurrence, this and following, or all of them.

Every write goes through service.py (the one rule set, revisions, SEQUENCE); this module
only decides what each scope means, the way Google Calendar does:

- **this occurrence**: an override row (same series, its original start as recurrence
  id) carries the changed occurrence; cancelling it is an override with status
  cancelled (it stays visible and in the feed); deleting it adds an excluded date.
- **this and following**: the series ends before the occurrence (COUNT recomputed, or an
  UNTIL at the last occurrence kept, never one before its start) and the rest becomes
  a new series; overrides and excluded dates from then on move with it.
- **all occurrences**: the series itself; when its start moves, overrides and excluded
  dates move by the same step, and overrides whose occurrence no longer exists are
  dropped (and named).

Optimistic locking covers the series and its overrides: every change to an occurrence
also checks the series' version and steps it (a change the series' page did not see).
Flush only; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from ..domain.events import EventData
from ..domain.recurrence import (
    all_occurrences,
    follow_start,
    format_rule,
    is_occurrence,
    occurrences_between,
    recurrence_instant,
    recurrence_key,
    span_of,
)
from ..domain.timezones import zone
from ..extensions import db
from ..models import Event, User, utcnow
from . import service
from .occurrences import stored_series
from .rules import EventRules

SCOPES = ("this", "following", "all")


class NotAnOccurrence(LookupError):
    """The series has no (live) occurrence at that recurrence id."""


@dataclass
class SeriesChange:
    """What a change to a series did: the series written (a new one after a split) and
    the overrides dropped because their occurrence no longer exists."""

    series: Event
    dropped: list[Event] = field(default_factory=list)


def find_override(series: Event, start: date | datetime) -> Event | None:
    """The override row of one occurrence, deleted or not (None: the rule's own)."""
    return db.session.scalar(
        select(Event).where(
            Event.series_id == series.id, Event.recurrence_id == recurrence_instant(start)
        )
    )


def check_occurrence(series: Event, start: date | datetime) -> None:
    """NotAnOccurrence unless `series` is a live series with a live occurrence at `start`."""
    if not series.is_series or series.is_deleted:
        raise NotAnOccurrence(start)
    stored = stored_series(series)
    if isinstance(start, datetime) == series.all_day or not is_occurrence(stored, start):
        raise NotAnOccurrence(start)
    if start in stored.exdates:
        raise NotAnOccurrence(start)


def occurrence_data(series: Event, start: date | datetime) -> EventData:
    """One occurrence as plain data: its override's, else the series' moved to it."""
    override = find_override(series, start)
    if override is not None and not override.is_deleted:
        return EventData.from_event(override)
    span = span_of(stored_series(series), start)
    if series.all_day:
        first = span[0].date()
        last = first + (series.end_date - series.start_date)
        when = {"start": first, "end": last}
    else:
        when = {"start": span[0], "end": span[1]}
    return EventData.from_event(series, rrule=None, exdates=(), **when)


def _touch(series: Event, user: User | None, expected_version: int | None) -> None:
    """Check the series' version and step it: its page must see the change."""
    if expected_version is not None and expected_version != series.version:
        raise service.StaleEventError(series, service.revisions_since(series, expected_version))
    series.updated_at = utcnow()
    series.updated_by = user
    # Within the same second updated_at is unchanged: force the UPDATE that steps the version.
    flag_modified(series, "updated_at")
    service.on_event_changed(series)


# -- this occurrence -------------------------------------------------------------------


def edit_occurrence(
    series: Event,
    start: date | datetime,
    data: EventData,
    user: User | None = None,
    *,
    expected_version: int | None = None,
    action: str = "update",
    rules: EventRules | None = None,
    note: dict | None = None,
) -> Event:
    """Change one occurrence: its override is made or updated (never a rule of its own)."""
    check_occurrence(series, start)
    data = replace(data, rrule=None, exdates=(), visibility=series.visibility, uid=None)
    override = find_override(series, start)
    _touch(series, user, expected_version)
    if override is None:
        override = service.create_event(
            replace(data, uid=_override_uid(series, start)), user, action=action, rules=rules
        )
        override.series_id = series.id
        override.recurrence_id = recurrence_instant(start)
        override.sequence = series.sequence
        db.session.flush()
        service.on_event_changed(override)
        return override
    if override.is_deleted:
        override.deleted_at = None
    return service.update_event(override, data, user, action=action, rules=rules)


def _override_uid(series: Event, start: date | datetime) -> str:
    """Overrides share the series' UID in feeds; the column is unique, so the row keeps
    the series' UID with its recurrence id (never shown as a UID)."""
    key = start.strftime("%Y%m%dT%H%M%SZ") if isinstance(start, datetime) else start.isoformat()
    return f"{series.uid}#{key}"


def cancel_occurrence(
    series: Event,
    start: date | datetime,
    user: User | None = None,
    *,
    expected_version: int | None = None,
    reason: str = "",
) -> Event:
    """Cancel one occurrence: it stays, struck through, and in the feed as CANCELLED."""
    data = replace(occurrence_data(series, start), status="cancelled")
    note = {"reason": [None, reason]} if reason else None
    override = edit_occurrence(
        series, start, data, user, expected_version=expected_version, action="cancel"
    )
    if note:
        revision = service.last_revision(override, "cancel")
        if revision is not None:
            revision.changes = {**revision.changes, **note}
    return override


def restore_occurrence(
    series: Event, start: date | datetime, user: User | None = None, *, expected_version=None
) -> Event | None:
    """Reinstate one cancelled occurrence (None: it is not cancelled on its own)."""
    check_occurrence(series, start)
    override = find_override(series, start)
    if override is None or override.is_deleted or not override.is_cancelled:
        return None
    _touch(series, user, expected_version)
    return service.reinstate_event(override, user)


def delete_occurrence(
    series: Event, start: date | datetime, user: User | None = None, *, expected_version=None
) -> Event:
    """Delete one occurrence: an excluded date of the series (its override, if any, goes)."""
    check_occurrence(series, start)
    override = find_override(series, start)
    data = EventData.from_event(series)
    data = replace(data, exdates=tuple(sorted({*data.exdates, start}, key=recurrence_instant)))
    service.update_event(series, data, user, expected_version=expected_version)
    if override is not None and not override.is_deleted:
        service.delete_event(override, user)
    return series


# -- all occurrences -------------------------------------------------------------------


def update_series(
    series: Event,
    data: EventData,
    user: User | None = None,
    *,
    expected_version: int | None = None,
    rules: EventRules | None = None,
    action: str = "update",
    as_given: bool = False,
) -> SeriesChange:
    """Change the whole series. When its first occurrence moves, excluded dates and
    overrides move by the same step; overrides whose occurrence the new rule no longer
    has are dropped and returned. `as_given` (an import): `data`'s rule and excluded
    dates are already the new series' own, so only the overrides move."""
    old_first = stored_series(series).first
    old_all_day = series.all_day
    if data.rrule is not None and data.all_day == old_all_day:
        step = start_step(old_first, data.start, data.timezone)
        if not as_given:
            data = replace(data, exdates=tuple(moved(value, step) for value in data.exdates))
        if data.rrule == series.rrule and not as_given:
            rule = follow_start(
                stored_series(series).rule,
                _local_day(old_first, series),
                _local_day(data.start, data),
            )
            data = replace(data, rrule=format_rule(rule))
    else:
        step = None
    service.update_event(
        series, data, user, expected_version=expected_version, action=action, rules=rules
    )
    return SeriesChange(series, _follow_overrides(series, step, user))


@dataclass(frozen=True)
class Step:
    """How far a series' start moved, on the wall clock of its zone (so that occurrences
    on either side of a DST change move alike)."""

    delta: timedelta
    timezone: str


def start_step(old: date | datetime, new: date | datetime, timezone: str) -> Step | None:
    if isinstance(old, datetime) != isinstance(new, datetime):
        return None
    if isinstance(old, datetime):
        tz = zone(timezone)
        old = old.astimezone(tz).replace(tzinfo=None)
        new = new.astimezone(tz).replace(tzinfo=None)
    return Step(new - old, timezone)


def _local_day(value: date | datetime, where) -> date:
    """The day of `value` in the zone of `where` (an event or EventData)."""
    if isinstance(value, datetime):
        return value.astimezone(zone(where.timezone)).date()
    return value


def moved(value: date | datetime, step: Step | None) -> date | datetime:
    if step is None or not step.delta:
        return value
    if not isinstance(value, datetime):
        return value + step.delta
    tz = zone(step.timezone)
    local = value.astimezone(tz).replace(tzinfo=None) + step.delta
    return local.replace(tzinfo=tz).astimezone(UTC)


def _follow_overrides(series: Event, step, user: User | None) -> list[Event]:
    """Move the overrides with their occurrences; drop those without one any more."""
    dropped = []
    overrides = list(
        db.session.scalars(
            select(Event).where(Event.series_id == series.id, Event.deleted_at.is_(None))
        )
    )
    stored = stored_series(series) if series.is_series else None
    for override in overrides:
        start = recurrence_key(override.recurrence_id, override.all_day)
        if step is not None and isinstance(start, datetime) != series.all_day:
            start = moved(start, step)
        keeps = (
            stored is not None
            and isinstance(start, datetime) != series.all_day
            and is_occurrence(stored, start)
            and start not in stored.exdates
        )
        if not keeps:
            service.delete_event(override, user)
            dropped.append(override)
        elif recurrence_instant(start) != override.recurrence_id:
            _rekey(override, series, start, step, user)
    return dropped


def _rekey(override: Event, series: Event, start, step: Step | None, user: User | None) -> None:
    """Name `override` by its occurrence's new start; an override that kept its occurrence's
    time (one only retitled or cancelled, say) moves with it."""
    old = recurrence_key(override.recurrence_id, override.all_day)
    own_start = override.start_date if override.all_day else override.starts_at
    if own_start == old and step is not None and step.delta:
        data = EventData.from_event(override)
        data = replace(data, start=moved(data.start, step), end=moved(data.end, step))
        service.update_event(override, data, user)
    override.series_id = series.id
    override.recurrence_id = recurrence_instant(start)
    override.uid = _override_uid(series, start)
    db.session.flush()
    service.on_event_changed(override)


def delete_series(series: Event, user: User | None = None, *, expected_version=None) -> Event:
    """Delete the series and every override with it (restored together, too)."""
    service.delete_event(series, user, expected_version=expected_version)
    for override in _live_overrides(series):
        service.delete_event(override, user)
    return series


def _live_overrides(series: Event) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.series_id == series.id, Event.deleted_at.is_(None))
        )
    )


# -- this and following ----------------------------------------------------------------


def occurrences_before(series: Event, start: date | datetime) -> list[date | datetime]:
    """The rule's occurrences (excluded ones too) before `start`."""
    stored = stored_series(series)
    begins, _ = span_of(stored, start)
    first, _ = span_of(stored, stored.first)
    return occurrences_between(stored, first, begins, excluded=True)


def end_before(series: Event, start: date | datetime, user: User | None = None, **kw) -> Event:
    """End the series before `start` (which must not be its first occurrence): COUNT
    becomes the number before it, or UNTIL the last occurrence before it."""
    stored = stored_series(series)
    before = occurrences_before(series, start)
    if not before:
        raise ValueError("the first occurrence has nothing before it")
    rule = stored.rule
    if rule.count is not None:
        rule = replace(rule, count=len(before))
    else:
        last = before[-1]
        rule = replace(rule, count=None, until=last)
    data = EventData.from_event(series)
    kept = tuple(
        value for value in data.exdates if recurrence_instant(value) < recurrence_instant(start)
    )
    data = replace(data, rrule=format_rule(rule), exdates=kept)
    service.update_event(series, data, user, **kw)
    return series


def split_series(
    series: Event,
    start: date | datetime,
    data: EventData,
    user: User | None = None,
    *,
    expected_version: int | None = None,
    rules: EventRules | None = None,
    uid: str | None = None,
) -> SeriesChange:
    """ "This and following": the series ends before `start`; `data` (the occurrence at
    `start` as edited, with the rule to follow) becomes a new series (with `uid`, else a
    new one: an import names it so that it finds it again). Splitting at the first
    occurrence is a change to all of them."""
    check_occurrence(series, start)
    stored = stored_series(series)
    before = len(occurrences_before(series, start))
    if not before:
        return update_series(series, data, user, expected_version=expected_version, rules=rules)
    rule_text = data.rrule
    if rule_text is None or rule_text == series.rrule:
        rule = follow_start(stored.rule, _local_day(start, series), _local_day(data.start, data))
        if rule.count is not None:
            rule = replace(rule, count=max(rule.count - before, 1))
        rule_text = format_rule(rule)
    step = start_step(start, data.start, data.timezone)
    later = [
        value for value in stored.exdates if recurrence_instant(value) >= recurrence_instant(start)
    ]
    moving = [
        override
        for override in _live_overrides(series)
        if override.recurrence_id >= recurrence_instant(start)
    ]
    end_before(series, start, user, expected_version=expected_version, rules=rules)
    new = service.create_event(
        replace(
            data,
            rrule=rule_text,
            exdates=tuple(moved(value, step) for value in later),
            uid=uid,
        ),
        user,
        rules=rules,
    )
    for override in moving:
        old_start = recurrence_key(override.recurrence_id, override.all_day)
        _rekey(override, new, moved(old_start, step), step, user)
    dropped = _follow_overrides(new, None, user)
    return SeriesChange(new, dropped)


def split_and_cancel(
    series: Event, start: date | datetime, user: User | None = None, *, expected_version=None
) -> SeriesChange:
    """Cancel this and following: the rest becomes a new series, cancelled."""
    data = replace(occurrence_data(series, start), status="cancelled", rrule=series.rrule)
    return split_series(series, start, data, user, expected_version=expected_version)


def delete_following(
    series: Event, start: date | datetime, user: User | None = None, *, expected_version=None
) -> Event:
    """Delete this and following: the series ends before `start` (all of it, from the
    first occurrence)."""
    check_occurrence(series, start)
    if not occurrences_before(series, start):
        return delete_series(series, user, expected_version=expected_version)
    moving = [o for o in _live_overrides(series) if o.recurrence_id >= recurrence_instant(start)]
    end_before(series, start, user, expected_version=expected_version)
    for override in moving:
        service.delete_event(override, user)
    return series


def series_occurrences(series: Event, limit: int = 1_001) -> list[date | datetime]:
    """Every occurrence of a bounded series (at most `limit`), excluded ones left out."""
    stored = stored_series(series)
    return [value for value in all_occurrences(stored, limit) if value not in stored.exdates]
