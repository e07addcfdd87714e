"""Feeds assembled from stored VEVENT texts, keyed on the shared change counter."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select

from ..domain.filters import EventFilter, FilterError
from ..events.policy import visible_events
from ..events.queries import filtered
from ..extensions import db
from ..models import Event, FeedState
from ..vocab import FIRST_YEAR, LAST_YEAR, in_year_range
from .ical import (
    END_CALENDAR,
    FeedEvent,
    FeedOptions,
    ZoneSpan,
    build_feed,
    render_header,
    render_timezones,
    zone_last_year,
    zone_spans,
)
from .store import (
    feed_events_of,
    feed_state,
    render_signature,
    render_texts,
    texts_are_current,
)

MAX_WINDOW_DAYS = 366 * 30
STREAM_CHUNK = 1000  # event texts fetched and sent at a time
STREAM_ABOVE = 20_000  # events: larger feeds are streamed, not held whole or cached


@dataclass(frozen=True)
class FeedRequest:
    """Which events a feed holds. With the change counter, it decides the feed's bytes
    (the calendar's name derives from the filter; renames bump the counter)."""

    include_internal: bool
    event_filter: EventFilter
    window_start: datetime
    window_end: datetime | None
    only_event_id: int | None = None
    # "en" or "ru". Left out of the repr, and so of an English feed's key, which stays the
    # ETag it always was; any other language is added to the key.
    language: str = field(default="en", repr=False)

    def key(self, state: FeedState) -> str:
        """A strong ETag: changes whenever any input of the output changes."""
        parts = (state.generation, render_signature(), self)
        if self.language != "en":
            parts = (*parts, self.language)
        text = repr(parts)
        return hashlib.sha256(text.encode()).hexdigest()[:40]


def _parse_day(args, name: str) -> date | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        day = None
    if day is None or len(value) != 10:
        raise FilterError(f"'{name}' must be a date like 2024-07-19")
    if not in_year_range(day.year):
        raise FilterError(f"'{name}' must be between {FIRST_YEAR} and {LAST_YEAR}")
    return day


def parse_window(args, past_days: int, today: date) -> tuple[datetime, datetime | None]:
    """[start, end) in UTC from ?from=&to= (dates, `to` inclusive); default: the last
    `past_days` days and everything ahead. Whole days keep the ETag stable within a day.
    """
    first, last = _parse_day(args, "from"), _parse_day(args, "to")
    if first is None:
        first = today - timedelta(days=past_days)
    if last is not None and last < first:
        raise FilterError("'to' must not be before 'from'")
    if last is not None and (last - first).days > MAX_WINDOW_DAYS:
        raise FilterError("the window is too long (at most 30 years)")
    start = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(days=1)
    end = None
    if last is not None:
        after = last + timedelta(days=2)  # inclusive `to`, plus a day of zone slack
        end = datetime(after.year, after.month, after.day, tzinfo=UTC)
    return start, end


def _series_ids(request: FeedRequest):
    """The series the feed holds, as a subquery: visible, filtered, and reaching into the
    window (begun before its end, not over before its start; open-ended ones never are),
    or with a live override that meets it (an occurrence moved into the window)."""
    query = filtered(
        visible_events(include_internal=request.include_internal), request.event_filter
    )
    reaches = [or_(Event.series_ends_at.is_(None), Event.series_ends_at > request.window_start)]
    moved = select(Event.series_id).where(
        Event.series_id.is_not(None),
        Event.deleted_at.is_(None),
        Event.ends_at > request.window_start,
    )
    if request.window_end is not None:
        reaches.append(Event.starts_at < request.window_end)
        moved = moved.where(Event.starts_at < request.window_end)
    moved_ids = moved.correlate(None).scalar_subquery()
    query = query.where(Event.recurs.is_(True), or_(and_(*reaches), Event.id.in_(moved_ids)))
    return query.with_only_columns(Event.id).correlate(None).scalar_subquery()


def _query(request: FeedRequest, *columns, ordered: bool = True):
    """The feed's rows: single events meeting the window, and each series in it whole (the
    series row and all its live overrides; an override never without its series)."""
    query = visible_events(include_internal=request.include_internal)
    if columns:
        query = query.with_only_columns(*columns)
    if request.only_event_id is not None:
        only = request.only_event_id
        query = query.where(or_(Event.id == only, Event.series_id == only))
        return query.order_by(Event.starts_at, Event.id) if ordered else query
    singles = [Event.recurs.is_(False), Event.series_id.is_(None)]
    singles.append(Event.ends_at > request.window_start)
    if request.window_end is not None:
        singles.append(Event.starts_at < request.window_end)
    chosen = filtered(select(Event.id), request.event_filter).whereclause
    if chosen is not None:
        singles.append(chosen)
    series = _series_ids(request)
    query = query.where(or_(and_(*singles), Event.id.in_(series), Event.series_id.in_(series)))
    return query.order_by(Event.starts_at, Event.id) if ordered else query


@dataclass(frozen=True)
class FeedOutline:
    """What a feed will hold, from one aggregate query: its size and its zones."""

    events: int
    spans: list[ZoneSpan]


def feed_outline(request: FeedRequest) -> FeedOutline:
    count = db.session.scalar(_query(request, func.count(), ordered=False))
    open_ended = and_(Event.recurs.is_(True), Event.series_ends_at.is_(None))
    zones = db.session.execute(
        _query(
            request,
            Event.timezone,
            func.min(Event.starts_at),
            func.max(func.coalesce(Event.series_ends_at, Event.ends_at)),
            func.max(case((open_ended, Event.starts_at))),
            ordered=False,
        )
        .where(Event.all_day.is_(False))
        .group_by(Event.timezone)
    ).all()
    spans = zone_spans(
        (tz, first.year, zone_last_year(last, latest_open))
        for tz, first, last, latest_open in zones
    )
    return FeedOutline(count, spans)


def iter_feed(request: FeedRequest, options: FeedOptions, outline: FeedOutline, state: FeedState):
    """The feed from stored texts, in chunks: no serialization of unchanged events, and
    never more than a chunk of event texts in memory. A text that is missing (an event
    from before texts were kept) or stale (the base URL changed and `feeds rebuild` has
    not run yet) is rendered for this response only: a GET never writes. The stored texts
    are English: a feed in another language renders every text (the route keeps the
    result as the file of its own ETag, so that happens once per change)."""
    stored = texts_are_current(state) and request.language == "en"
    yield render_header(options)
    yield from render_timezones(outline.spans)
    rows = db.session.execute(
        _query(request, Event.id, Event.ics_text).execution_options(yield_per=STREAM_CHUNK)
    )
    for chunk in rows.partitions():
        missing = [event_id for event_id, text in chunk if text is None or not stored]
        rendered = render_texts(missing, request.language) if missing else {}
        texts = (rendered.get(event_id, text) for event_id, text in chunk)
        yield "".join(texts).encode("utf-8")
    yield END_CALENDAR


def assemble_feed(request: FeedRequest, options: FeedOptions) -> bytes:
    """The whole feed from stored texts, as bytes."""
    return b"".join(iter_feed(request, options, feed_outline(request), feed_state()))


def feed_items(request: FeedRequest) -> list[FeedEvent]:
    """What the feed writes, as plain data in its order, rendered from the events now."""
    events = db.session.scalars(_query(request)).unique().all()
    written = feed_events_of(list(events), request.language)
    return [written[event.id] for event in events if written[event.id] is not None]


def rebuild_feed(request: FeedRequest, options: FeedOptions) -> bytes:
    """The same feed rendered from scratch (what the stored texts must always equal)."""
    return build_feed(feed_items(request), options, spans=feed_outline(request).spans)
