"""A series and its overrides as a subscriber's calendar reads them: which VEVENT each
row contributes, decided for the whole group at once.

- A series is one VEVENT with its RRULE and EXDATE (its excluded occurrences, and the
  occurrences of overrides since deleted, which the app no longer shows either).
- Each live override is a VEVENT with the series' UID and a RECURRENCE-ID of the same
  value type and TZID as the series' DTSTART (a cancelled one says STATUS:CANCELLED),
  its SEQUENCE never below the series'.
- A rule with exactly one occurrence (FREQ=YEARLY;COUNT=1, or what a split leaves) is
  written as a single event without RRULE (Office 365 refuses such a rule): the series
  itself, or, when that occurrence is overridden, the override in its place under the
  series' UID; nothing when it is excluded.
- Overrides of a row that no longer repeats, or of a deleted series, are never written:
  an override is only ever seen beside its series.

Rows of one group are rendered together, so a change to any of them renews all of them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from ..domain.recurrence import (
    Series,
    all_occurrences,
    is_occurrence,
    occurrence_span,
    recurrence_key,
)
from ..events.occurrences import stored_series
from ..models import Event
from .ical import FeedEvent


def _key(override: Event) -> date | datetime:
    return recurrence_key(override.recurrence_id, override.all_day)


def _fits(series: Series, start: date | datetime) -> bool:
    """An occurrence key of the series' own kind (a date of an all-day one)."""
    return isinstance(start, datetime) != series.all_day


def group_feed_events(
    master: Event, overrides: list[Event], base: dict[int, FeedEvent]
) -> dict[int, FeedEvent | None]:
    """What each row of the group writes (None: nothing). `base` holds every row's plain
    FeedEvent (store.feed_event), keyed by id."""
    written: dict[int, FeedEvent | None] = {row.id: None for row in overrides}
    if not master.is_series or master.is_deleted:
        written[master.id] = base[master.id]
        return written
    series = stored_series(master)
    uid = base[master.id].uid
    live = {_key(o): o for o in overrides if not o.is_deleted and _fits(series, _key(o))}
    gone = {
        key
        for key in (_key(o) for o in overrides if o.is_deleted)
        if _fits(series, key) and key not in live and is_occurrence(series, key)
    }
    first_two = all_occurrences(series, limit=2)
    if len(first_two) == 1:
        only = first_two[0]
        carrier = live.get(only)
        hidden = only in series.exdates or only in gone
        alone = replace(base[master.id], **occurrence_span(series, only))
        written[master.id] = None if hidden or carrier is not None else alone
        if carrier is not None:
            written[carrier.id] = replace(base[carrier.id], uid=uid)
        return written
    exdates = tuple(sorted(series.exdates | gone, key=_order))
    written[master.id] = replace(base[master.id], rrule=master.rrule, exdates=exdates)
    for key, override in live.items():
        written[override.id] = replace(
            base[override.id],
            uid=uid,
            recurrence_id=key,
            series_timezone=master.timezone,
            # Never below its series' (Google drops such an override as outdated).
            sequence=max(override.sequence, master.sequence),
        )
    return written


def _order(value: date | datetime):
    return value.isoformat()


def group_root(event: Event) -> int | None:
    """The id of the series whose group `event` is in (None: a plain single event)."""
    if event.series_id is not None:
        return event.series_id
    return event.id if event.is_series else None
