"""What a series' pages show: its next occurrences, its changed (moved, cancelled)
occurrences, and a history that includes the changes made to single occurrences."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from flask_babel import gettext, ngettext
from sqlalchemy import select

from ..domain.recurrence import (
    RuleError,
    all_occurrences,
    describe_rule,
    occurrence_key,
    occurrence_span,
    occurrences_between,
    parse_rule,
    recurrence_instant,
    recurrence_key,
    span_of,
)
from ..domain.timezones import utc_to_local
from ..extensions import db
from ..models import Event, EventRevision, utcnow
from .history import describe
from .occurrences import stored_series
from .service import snapshot
from .words import language, short_date

NEXT_SHOWN = 8
LOOK_AHEAD = timedelta(days=3 * 366)


def occurrence_label(start: date | datetime, timezone: str) -> str:
    """An occurrence's original start as people read it: '6 Jan 2025 10:00' in its zone."""
    if isinstance(start, datetime):
        return short_date(utc_to_local(start, timezone))
    return short_date(start)


def describe_series(series: Event) -> str:
    """The series' rule in words, in the request's language."""
    stored = stored_series(series)
    return describe_rule(stored.rule, stored.first, series.timezone, language())


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


def moved_from(override: Event) -> str:
    """When an override is moved, the start it had in its series ('14 Dec 2026 10:00'),
    else "": its page says where the occurrence came from."""
    start = recurrence_key(override.recurrence_id, override.all_day)
    own = override.start_date if override.all_day else override.starts_at
    return occurrence_label(start, override.series.timezone) if own != start else ""


def next_occurrences(series: Event, now: datetime | None = None) -> tuple[str, list]:
    """The next few occurrences from now (or from its start, when that is later), with
    their heading; a series that is over shows its last few."""
    stored = stored_series(series)
    now = now or utcnow()
    begins, _ = span_of(stored, stored.first)
    window_start = max(now, begins)
    found = occurrences_between(stored, window_start, window_start + LOOK_AHEAD)[:NEXT_SHOWN]
    title = gettext("Next occurrences")
    if not found and stored.rule.bounded:
        every = [value for value in all_occurrences(stored) if value not in stored.exdates]
        found, title = every[-NEXT_SHOWN:], gettext("Last occurrences (the series is over)")
    overrides = _overrides(series)
    return title, [_line(series, start, overrides.get(start)) for start in found]


def changed_occurrences(series: Event) -> list[OccurrenceLine]:
    """Every occurrence changed on its own (moved, retitled, cancelled), in order."""
    overrides = _overrides(series)
    ordered = sorted(overrides, key=recurrence_instant)
    return [_line(series, start, overrides[start]) for start in ordered]


def series_history(series: Event, limit: int = 200) -> list:
    """The series' revisions and its occurrences' (each named by its original start),
    newest first. Rules read in words; an occurrence's first change lists only what
    differs from the series there (the override row is new, so its revision lists all)."""
    overrides = {
        row.id: row for row in db.session.scalars(select(Event).where(Event.series_id == series.id))
    }
    revisions = db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id.in_([series.id, *overrides]))
        .order_by(EventRevision.id.desc())
        .limit(limit)
    )
    entries = []
    for revision in revisions:
        override = overrides.get(revision.event_id)
        changes = _in_words(revision.changes or {}, series)
        if override is None:
            entries.append(describe(_Revision(revision, changes), series.timezone))
            continue
        start = recurrence_key(override.recurrence_id, override.all_day)
        if all(_pair(value)[0] is None for value in changes.values()):
            changes = _against_series(changes, series, start)
        entry = describe(_Revision(revision, changes), series.timezone)
        where = occurrence_label(start, series.timezone)  # "alice cancelled the occurrence of …"
        action = gettext("%(action)s the occurrence of %(when)s", action=entry.action, when=where)
        entries.append(replace(entry, action=action))
    return entries


def occurrence_history(override: Event, limit: int = 200) -> list:
    """A changed occurrence's own revisions, its first one against the series' values."""
    series, start = override.series, recurrence_key(override.recurrence_id, override.all_day)
    revisions = db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == override.id)
        .order_by(EventRevision.id.desc())
        .limit(limit)
    )
    entries = []
    for revision in revisions:
        changes = revision.changes or {}
        if all(_pair(value)[0] is None for value in changes.values()):
            changes = _against_series(changes, series, start)
        entries.append(describe(_Revision(revision, changes), series.timezone))
    return entries


@dataclass(frozen=True)
class _Revision:
    """A revision with its changes put as the series page shows them."""

    revision: EventRevision
    changes: dict

    def __getattr__(self, name):
        return getattr(self.revision, name)


def _pair(value) -> tuple:
    return tuple(value) if isinstance(value, list | tuple) and len(value) == 2 else (None, value)


def _words(text, series: Event):
    if not isinstance(text, str) or not text:
        return text
    try:
        stored = stored_series(series)
        return describe_rule(parse_rule(text), stored.first, series.timezone, language())
    except RuleError:
        return text


def _in_words(changes: dict, series: Event) -> dict:
    if "repeats" not in changes:
        return changes
    before, after = _pair(changes["repeats"])
    return {**changes, "repeats": [_words(before, series), _words(after, series)]}


SKIPPED = ("repeats", "exdates", "deleted")


def _against_series(changes: dict, series: Event, start) -> dict:
    """An occurrence's first revision as changes from the series' values there."""
    base = snapshot(series)
    begins, ends = span_of(stored_series(series), start)
    if series.all_day:
        last = begins.date() + (series.end_date - series.start_date)
        base.update(start=begins.date().isoformat(), end=last.isoformat())
    else:
        base.update(start=begins.isoformat(), end=ends.isoformat())
    found = {}
    for name, value in changes.items():
        after = _pair(value)[1]
        if name not in SKIPPED and base.get(name) != after:
            found[name] = [base.get(name), after]
    return found


def dropped_message(dropped: list[Event], series: Event) -> str:
    """Names the changed occurrences a new rule has no place for (they are gone)."""
    days = ", ".join(
        occurrence_label(recurrence_key(o.recurrence_id, o.all_day), series.timezone)
        for o in dropped
    )
    return ngettext(
        "The new rule has no occurrence on %(days)s: that changed occurrence was removed "
        "(see the history).",
        "The new rule has no occurrence on %(days)s: those changed occurrences were removed "
        "(see the history).",
        len(dropped),
        days=days,
    )


class OccurrenceOf:
    """An occurrence of a series that no override changed: the series' fields, its span."""

    def __init__(self, series: Event, start):
        self._series = series
        self.recurrence = start
        self.__dict__.update(occurrence_span(stored_series(series), start))

    def span(self) -> dict:
        return occurrence_span(stored_series(self._series), self.recurrence)

    def __getattr__(self, name):
        return getattr(self._series, name)
