"""What a series' pages show: its next occurrences, its changed (moved, cancelled)
occurrences, and a history that includes the changes made to single occurrences."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..domain.recurrence import (
    describe_rule,
    occurrence_key,
    occurrences_between,
    recurrence_instant,
    recurrence_key,
    span_of,
)
from ..domain.timezones import utc_to_local
from ..extensions import db
from ..models import Event, EventRevision, utcnow
from ..schedule.formatting import short_date
from .history import describe
from .occurrences import stored_series

NEXT_SHOWN = 8
LOOK_AHEAD = timedelta(days=3 * 366)


def occurrence_label(start: date | datetime, timezone: str) -> str:
    """An occurrence's original start as people read it: '6 Jan 2025 10:00' in its zone."""
    if isinstance(start, datetime):
        return short_date(utc_to_local(start, timezone))
    return short_date(start)


def describe_series(series: Event) -> str:
    stored = stored_series(series)
    return describe_rule(stored.rule, stored.first, series.timezone)


@dataclass(frozen=True)
class OccurrenceLine:
    key: str  # its address part
    label: str  # when it was planned
    state: str  # "" (as the rule says), "moved", "changed", "cancelled"
    moved_to: str = ""


def _overrides(series: Event) -> dict:
    rows = db.session.scalars(
        select(Event).where(Event.series_id == series.id, Event.deleted_at.is_(None))
    )
    return {recurrence_key(row.recurrence_id, row.all_day): row for row in rows}


def _line(series: Event, start, override: Event | None) -> OccurrenceLine:
    label = occurrence_label(start, series.timezone)
    if override is None:
        return OccurrenceLine(occurrence_key(start), label, "")
    own = override.start_date if override.all_day else override.starts_at
    moved = own != start
    state = "cancelled" if override.is_cancelled else ("moved" if moved else "changed")
    moved_to = occurrence_label(own, override.timezone) if moved else ""
    return OccurrenceLine(occurrence_key(start), label, state, moved_to)


def next_occurrences(series: Event, now: datetime | None = None) -> list[OccurrenceLine]:
    """The next few occurrences from now (or from its start, when it is in the future)."""
    stored = stored_series(series)
    now = now or utcnow()
    begins, _ = span_of(stored, stored.first)
    window_start = max(now, begins)
    found = occurrences_between(stored, window_start, window_start + LOOK_AHEAD)[:NEXT_SHOWN]
    overrides = _overrides(series)
    return [_line(series, start, overrides.get(start)) for start in found]


def changed_occurrences(series: Event) -> list[OccurrenceLine]:
    """Every occurrence changed on its own (moved, retitled, cancelled), in order."""
    overrides = _overrides(series)
    ordered = sorted(overrides, key=recurrence_instant)
    return [_line(series, start, overrides[start]) for start in ordered]


def series_history(series: Event, limit: int = 200) -> list:
    """The series' revisions and its occurrences' (each named by its original start),
    newest first."""
    override_of = {
        row.id: recurrence_key(row.recurrence_id, row.all_day)
        for row in db.session.scalars(select(Event).where(Event.series_id == series.id))
    }
    ids = [series.id, *override_of]
    revisions = db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id.in_(ids))
        .order_by(EventRevision.id.desc())
        .limit(limit)
    )
    entries = []
    for revision in revisions:
        start = override_of.get(revision.event_id)
        entry = describe(revision, series.timezone)
        if start is not None:  # "alice cancelled the occurrence of 6 Jan 2025 10:00"
            where = occurrence_label(start, series.timezone)
            entry = replace(entry, action=f"{entry.action} the occurrence of {where}")
        entries.append(entry)
    return entries
