"""Occurrences of stored series, found for a window: the read side of recurring events.

A series is one Event row with `recurs` set (its span is its first occurrence); each
changed occurrence is an override row (`series_id`, `recurrence_id`) that the ordinary
overlap query finds by its own time. So a window's events are: the single events and
overrides overlapping it, plus the series that reach into it, expanded for the window
only, leaving out excluded occurrences and the ones an override replaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache

from sqlalchemy import Select, or_, select

from ..domain.recurrence import (
    Series,
    occurrence_key,
    occurrence_span,
    occurrences_between,
    parse_exdate_text,
    parse_rule,
    recurrence_key,
)
from ..extensions import db
from ..models import Event
from .queries import overlapping

# Expansions kept (one per series and window): a month page of a thousand series fits
# twice. Only windows up to a month page's (six weeks and margins) are kept, so each
# holds a few dozen occurrences at most; the agenda's and the plan's long windows are
# expanded afresh.
EXPANSIONS = 2048
KEPT_WINDOW = timedelta(days=62)


def stored_series(event: Event) -> Series:
    """The Series of a stored series row."""
    return _series(*_series_inputs(event))


def _series_inputs(event: Event) -> tuple:
    """Everything of a row its Series is made of (hashable: the memos' key)."""
    return (
        event.rrule,
        event.start_date if event.all_day else event.starts_at,
        event.ends_at - event.starts_at,
        event.timezone,
        event.all_day,
        tuple(event.exdates or ()),
    )


def _series(rrule: str, first, duration, timezone: str, all_day: bool, exdates: tuple) -> Series:
    return Series(
        rule=parse_rule(rrule),
        first=first,
        duration=duration,
        timezone=timezone,
        all_day=all_day,
        exdates=frozenset(parse_exdate_text(text) for text in exdates),
    )


@lru_cache(maxsize=EXPANSIONS)
def _expansion(inputs: tuple, start: datetime, end: datetime) -> tuple[Series, tuple]:
    """A series' occurrences meeting [start, end), each (start, key, span), for the
    series made of `inputs`. Kept by every input, so an edited series (other rule, start,
    zone or exclusions) is a new key and never reads an old expansion: nothing to
    invalidate. Overrides are left out by the caller, as they change without the row."""
    rule = _series(*inputs)
    return rule, tuple(
        (when, occurrence_key(when), occurrence_span(rule, when))
        for when in occurrences_between(rule, start, end)
    )


def singles_between(query: Select, start: datetime, end: datetime) -> Select:
    """Single events and overrides overlapping [start, end) (no series rows)."""
    return overlapping(query.where(Event.recurs.is_(False)), start, end)


def series_between(query: Select, start: datetime, end: datetime) -> Select:
    """Series with an occurrence that may meet [start, end): begun before its end and not
    over before its start (one short range of the (recurs, starts_at) index)."""
    return query.where(
        Event.recurs.is_(True),
        Event.starts_at < end,
        or_(Event.series_ends_at.is_(None), Event.series_ends_at > start),
    ).order_by(Event.starts_at, Event.id)


@dataclass(frozen=True)
class SeriesOccurrence:
    """One occurrence of a series that no override replaces."""

    series: Event
    start: date | datetime  # its recurrence id
    rule: Series  # the series' rule, read once for all its occurrences
    # Key and span when already known (from the expansion memo; its span is copied, as
    # the memo's is shared by every request).
    known: tuple[str, dict] | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        return self.known[0] if self.known is not None else occurrence_key(self.start)

    def span(self) -> dict:
        return self._span

    @cached_property
    def _span(self) -> dict:  # computed once: sorting and rendering both ask for it
        if self.known is not None:
            return dict(self.known[1])
        return occurrence_span(self.rule, self.start)


def overridden(series_ids: list[int]) -> dict[int, set]:
    """Recurrence ids that overrides replace, by series (deleted overrides too: their
    occurrence is excluded, never shown from the rule)."""
    found: dict[int, set] = {}
    if not series_ids:
        return found
    rows = db.session.execute(
        select(Event.series_id, Event.recurrence_id, Event.all_day).where(
            Event.series_id.in_(series_ids)
        )
    )
    for series_id, instant, all_day in rows:
        found.setdefault(series_id, set()).add(recurrence_key(instant, all_day))
    return found


def expand(series_rows: list[Event], start: datetime, end: datetime) -> list[SeriesOccurrence]:
    """The occurrences of `series_rows` meeting [start, end), overridden ones left out."""
    replaced = overridden([row.id for row in series_rows])
    found = []
    for row in series_rows:
        skip = replaced.get(row.id, set())
        expansion = _expansion if end - start <= KEPT_WINDOW else _expansion.__wrapped__
        rule, occurrences = expansion(_series_inputs(row), start, end)
        for when, key, span in occurrences:
            if when not in skip:
                found.append(SeriesOccurrence(row, when, rule, (key, span)))
    return found


def events_between(query: Select, start: datetime, end: datetime) -> list[Event | SeriesOccurrence]:
    """Everything of `query` (visible, filtered events) that meets [start, end): single
    events and overrides as rows, series as their occurrences, in order of start."""
    rows = list(db.session.scalars(singles_between(query, start, end)).unique())
    series_rows = list(db.session.scalars(series_between(query, start, end)).unique())
    found: list = [*rows, *expand(series_rows, start, end)]
    found.sort(
        key=lambda item: (
            item.span()["starts_at"],
            item.series.id if isinstance(item, SeriesOccurrence) else item.id,
        )
    )
    return found
