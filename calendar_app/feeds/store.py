"""Stored VEVENT texts and the feed change counter: the glue between events and feeds.

The service layer calls `on_event_changed` inside every write's transaction: it
re-renders that event's VEVENT and bumps the shared counter, so feeds in every
process see the change at once and never re-serialize unchanged events.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import bindparam, case, or_, select, update

from ..extensions import db
from ..models import UNKNOWN_LONGEST_EVENT, Event, FeedState, utcnow
from ..urls import public_url
from .ical import FORCES_LABEL, PARTICIPANTS_LABEL, FeedEvent, render_vevent
from .recurring import group_feed_events, group_root

# changed_at of a database that has never changed: before any client's If-Modified-Since.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)

# Bump whenever a feed's bytes change for the same events (render_vevent, the calendar
# header): stored texts are rebuilt, and ETags and kept feed files, which outlive a
# restart, change with it. 2: a single event's file is METHOD:PUBLISH without a name;
# 3: internal events are CLASS:CONFIDENTIAL; 4: series with RRULE/EXDATE, overrides with
# the series' UID and RECURRENCE-ID.
RENDER_FORMAT = 4


def event_uid(uid: str, base_url: str) -> str:
    """uid@host for our UIDs; imported UIDs that already carry a domain stay as they were."""
    if "@" in uid:
        return uid
    return f"{uid}@{urlsplit(base_url).hostname or 'localhost'}"


def event_url(event_id: int) -> str:
    return public_url("events.detail", event_id=event_id)


def feed_event(event: Event, language: str = "en") -> FeedEvent:
    """Plain data a calendar client sees of this event, in `language` ("en": exactly the
    English feed of old; "ru": the Russian texts where there are any, else the English)."""
    location = event.location
    geo = None
    if location is not None and location.latitude is not None and location.longitude is not None:
        geo = (location.latitude, location.longitude)
    item = FeedEvent(
        uid=event_uid(event.uid, current_app.config["CALENDAR_BASE_URL"]),
        title=event.title,
        kind=event.kind,
        status=event.status,
        **event.span(),
        created=event.created_at,
        last_modified=event.updated_at,
        sequence=event.sequence,
        location=location.label() if location else "",
        geo=geo,
        url=event_url(event.id),
        forces=tuple(force.name for force in event.forces),
        participants=event.participants,
        description=event.description,
        internal=event.visibility != "public",
        series_ends_at=event.series_ends_at,
    )
    return item if language == "en" else _in_language(item, event, language)


def _in_language(item: FeedEvent, event: Event, language: str) -> FeedEvent:
    """`item` with the event's texts in `language` where it has them, and the fixed
    words of the description translated."""
    title, title_language = event.localized_title(language)
    description, description_language = event.localized_description(language)
    location = event.location
    location_language = "en"
    if location is not None and location.localized_name(language)[1] == language:
        location_language = language
    with force_locale(language):
        forces_label, participants_label = gettext(FORCES_LABEL), gettext(PARTICIPANTS_LABEL)
    forces = tuple(force.localized_name(language)[0] for force in event.forces)
    # The DESCRIPTION is in the feed's language when its own text is, or when it only has
    # the fixed words (a text that fell back to English mixes the two: no LANGUAGE).
    described = (description or "").strip()
    only_fixed_words = not described and (forces or (event.participants or "").strip())
    if not (described and description_language == language) and not only_fixed_words:
        description_language = "en"
    else:
        description_language = language
    return replace(
        item,
        title=title,
        title_language=title_language,
        description=description or "",
        description_language=description_language,
        location=location.label(language) if location else "",
        location_language=location_language,
        forces=forces,
        forces_label=forces_label,
        participants_label=participants_label,
    )


def _text(item: FeedEvent | None) -> str:
    return "" if item is None else render_vevent(item).decode("utf-8")


def render_event_text(event: Event, language: str = "en") -> str:
    """The event's own text ("" for a row a feed never writes, such as an orphan override);
    a series or override is rendered with its group, read from the database."""
    if group_root(event) is None:
        return _text(feed_event(event, language))
    return texts_of([event], language)[event.id]


def _groups(roots: set[int]) -> dict[int, tuple[Event, list[Event]]]:
    """Each series with all its overrides (deleted ones too), read in one query."""
    found: dict[int, tuple[Event, list[Event]]] = {}
    if not roots:
        return found
    rows = list(
        db.session.scalars(
            select(Event)
            .where(or_(Event.id.in_(roots), Event.series_id.in_(roots)))
            .order_by(Event.id)
        ).unique()
    )
    masters = {row.id: row for row in rows if row.id in roots}
    for root, master in masters.items():
        found[root] = (master, [row for row in rows if row.series_id == root])
    return found


def texts_of(events: list[Event], language: str = "en") -> dict[int, str]:
    """The stored texts of these events; a series or override is rendered with the rest of
    its group (read from the database), since each of them shapes the others' texts."""
    texts = {e.id: render_event_text(e, language) for e in events if group_root(e) is None}
    grouped = [event for event in events if group_root(event) is not None]
    if grouped:
        written = feed_events_of(grouped, language)
        texts.update((key, _text(item)) for key, item in written.items())
    return texts


def feed_events_of(events: list[Event], language: str = "en") -> dict[int, FeedEvent | None]:
    """What each of these events writes in a feed (None: nothing), keyed by id."""
    found: dict[int, FeedEvent | None] = {}
    roots = set()
    for event in events:
        root = group_root(event)
        if root is None:
            found[event.id] = feed_event(event, language)
        else:
            roots.add(root)
    wanted = {event.id for event in events}
    for master, overrides in _groups(roots).values():
        base = {row.id: feed_event(row, language) for row in (master, *overrides)}
        for event_id, item in group_feed_events(master, overrides, base).items():
            if event_id in wanted:
                found[event_id] = item
    for event in events:  # an override whose series row is gone: never written
        found.setdefault(event.id, None)
    return found


def _store_text(event_id: int, text: str) -> None:
    # Core update: storing the rendering is not an edit, so the version must not move.
    table = Event.__table__
    db.session.execute(update(table).where(table.c.id == event_id).values(ics_text=text))


def _store_texts(events: list[Event]) -> None:
    """Render and store these events' texts, with every other row of their series."""
    roots = {root for root in map(group_root, events) if root is not None}
    group_rows = [row for m, o in _groups(roots).values() for row in (m, *o)]
    plain = [event for event in events if group_root(event) is None]
    rows = {row.id: row for row in (*plain, *group_rows)}
    texts = texts_of(list(rows.values()))
    if texts:
        table = Event.__table__
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("event_id"))
            .values(ics_text=bindparam("text")),
            [{"event_id": event_id, "text": text} for event_id, text in texts.items()],
        )
    for row in rows.values():
        if row in db.session:
            db.session.expire(row, ["ics_text"])


def render_signature() -> str:
    text = f"{RENDER_FORMAT}|{current_app.config['CALENDAR_BASE_URL']}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def new_generation() -> int:
    """A fresh random value, not a count: feed ETags and the per-process cache key on it,
    and a restored backup or another database (a count restarting from the same number)
    must never be mistaken for content a client or the cache already holds."""
    return secrets.randbelow(2**31 - 2) + 1


def _state_row() -> FeedState:
    state = db.session.get(FeedState, 1)
    if state is None:  # databases made by create_all (tests) start without the row
        state = FeedState(
            id=1,
            generation=0,
            changed_at=utcnow(),
            render_signature="",
            longest_event_seconds=UNKNOWN_LONGEST_EVENT,  # unknown: bound nothing out
        )
        db.session.add(state)
        db.session.flush()
    return state


def on_event_changed(event: Event) -> None:
    """Call inside the write's transaction, after the event's fields are final."""
    db.session.flush()  # the edit itself (one version bump), ids settled before rendering
    _store_texts([event])
    seconds = int((event.ends_at - event.starts_at).total_seconds())
    longest = FeedState.longest_event_seconds
    _renew_state(case((longest < seconds, seconds), else_=longest))


def on_events_created(events: list[Event]) -> None:
    """on_event_changed for many new events inserted in bulk (objects outside the session,
    with their ids): each text rendered as for one, stored with one statement, and the
    counter renewed once (call inside the write's transaction)."""
    if not events:
        return
    _store_texts(events)
    seconds = max(int((e.ends_at - e.starts_at).total_seconds()) for e in events)
    longest = FeedState.longest_event_seconds
    _renew_state(case((longest < seconds, seconds), else_=longest))


def on_events_rewritten() -> None:
    """Many events changed at once (bulk import, restore): bump the counter, and measure
    the longest event again."""
    spans = db.session.execute(select(Event.starts_at, Event.ends_at))
    _renew_state(max((int((end - start).total_seconds()) for start, end in spans), default=0))


def on_shared_record_changed() -> None:
    """A force or location was saved or deleted: feeds and pages name them (a feed
    filtered by a force is called after it) even when no event uses them, so nothing
    kept under the old stamp may be served."""
    _renew_state(FeedState.longest_event_seconds)


def _renew_state(longest_event_seconds) -> None:
    """A new stamp (in the caller's transaction) and the longest event so far. A database
    whose texts were never marked (a new one) is marked current: every text in it was
    rendered by this code, the one just written included."""
    _state_row()
    signature = FeedState.render_signature
    db.session.execute(
        update(FeedState)
        .where(FeedState.id == 1)
        .values(
            generation=new_generation(),
            changed_at=utcnow(),
            longest_event_seconds=longest_event_seconds,
            render_signature=case((signature == "", render_signature()), else_=signature),
        )
    )


def current_generation() -> int:
    """The change stamp alone (one primary-key read), for caches of pages."""
    generation = db.session.scalar(select(FeedState.generation).where(FeedState.id == 1))
    return generation or 0


def feed_state() -> FeedState:
    """The counter, read fresh from the database (one primary-key lookup). Read-only: a
    database without the row (made by create_all) gets an unsaved stand-in."""
    state = db.session.execute(
        select(FeedState).where(FeedState.id == 1).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if state is None:
        state = FeedState(
            id=1,
            generation=0,
            changed_at=NEVER,
            render_signature="",
            longest_event_seconds=UNKNOWN_LONGEST_EVENT,
        )
    return state


def texts_are_current(state: FeedState) -> bool:
    """Whether the stored texts were rendered in this format for this base URL. When not
    (a restart with a new base URL, before `feeds rebuild`), feeds are rendered from the
    events instead, and nothing is written by the request that asks."""
    return state.render_signature == render_signature()


def render_texts(event_ids: list[int], language: str = "en") -> dict[int, str]:
    """Render these events' texts now, in chunks (nothing stored). Only English texts
    are stored; a feed in another language is rendered from the events, and kept as a
    file under its own ETag (routes._full_feed), so once per change."""
    texts: dict[int, str] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        events = list(db.session.scalars(select(Event).where(Event.id.in_(chunk))))
        texts.update(texts_of(events, language))
    return texts


def rebuild_all_texts() -> int:
    """Re-render and store every event's text and mark them current (flushes; the CLI
    command, `db upgrade` or start-up commits). Returns the number of events."""
    _state_row()
    ids = list(db.session.scalars(select(Event.id).order_by(Event.id)))
    for start in range(0, len(ids), 500):
        for event_id, text in render_texts(ids[start : start + 500]).items():
            _store_text(event_id, text)
    db.session.execute(
        update(FeedState)
        .where(FeedState.id == 1)
        .values(
            render_signature=render_signature(), generation=new_generation(), changed_at=utcnow()
        )
    )
    return len(ids)


def ensure_texts_current() -> bool:
    """Rebuild the stored texts when their format or base URL is not today's (after an
    upgrade or a base-URL change): run by `db upgrade` and at start-up, never inside a
    subscriber's request. True when it rebuilt them (the caller commits)."""
    if texts_are_current(feed_state()):
        return False
    rebuild_all_texts()
    return True
