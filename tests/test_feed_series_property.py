"""Property: any rule of the supported subset (FREQ, INTERVAL, BYDAY with ordinals,
BYMONTHDAY, BYMONTH, BYSETPOS, COUNT or UNTIL), saved through the service, gives the same
occurrences in the app's own expansion and in its feed as read back by
recurring-ical-events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import event as event_note
from hypothesis import strategies as st
from sqlalchemy import delete

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.events.occurrences import events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .expanders import app_occurrences, clipped, with_recurring_ical_events

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ZONES = ("Europe/Moscow", "America/New_York", "Asia/Almaty", None)  # None: all-day


@st.composite
def rules(draw) -> str:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}"]
    interval = draw(st.integers(1, 3))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    end = draw(st.sampled_from(["count", "until", "never"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 15))}")
    elif end == "until":
        parts.append(
            "UNTIL=" + draw(st.dates(date(2025, 3, 1), date(2027, 6, 30))).strftime("%Y%m%d")
        )
    ordinals = [0, 1, 2, 3, -1, -2] if freq in ("MONTHLY", "YEARLY") else [0]
    days = draw(st.lists(st.sampled_from(WEEKDAYS), max_size=3, unique=True))
    byday = [f"{draw(st.sampled_from(ordinals)) or ''}{day}" for day in days]
    if byday:
        parts.append("BYDAY=" + ",".join(byday))
    monthdays = []
    if freq != "WEEKLY" and draw(st.booleans()):
        values = st.sampled_from([1, 2, 13, 15, 28, 29, 30, 31, -1, -2])
        monthdays = draw(st.lists(values, min_size=1, max_size=3, unique=True))
        parts.append("BYMONTHDAY=" + ",".join(map(str, monthdays)))
    if draw(st.booleans()):
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True))
        parts.append("BYMONTH=" + ",".join(map(str, sorted(months))))
    if (byday or monthdays) and draw(st.booleans()):
        positions = draw(st.lists(st.sampled_from([1, 2, -1]), min_size=1, max_size=2, unique=True))
        parts.append("BYSETPOS=" + ",".join(map(str, positions)))
    return ";".join(parts)


def _series(rrule: str, first: date, tz: str | None) -> EventData:
    if tz is None:
        return EventData(title="Series", kind="meeting", start=first, end=first, all_day=True,
                         timezone="Europe/Moscow", rrule=rrule)  # fmt: skip
    start = datetime.combine(first, time(9), ZoneInfo(tz))
    return EventData(title="Series", kind="meeting", start=start, end=start + timedelta(hours=2),
                     timezone=tz, rrule=rrule)  # fmt: skip


def _window(first: datetime) -> tuple[datetime, datetime]:
    return (
        datetime.combine(first.date() - timedelta(days=1), time(), UTC),
        datetime.combine(first.date() + timedelta(days=731), time(), UTC),
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rrule=rules(),
    first=st.dates(date(2024, 1, 1), date(2025, 12, 31)),
    tz=st.sampled_from(ZONES),
)
def test_the_feed_read_back_gives_the_occurrences_of_the_apps_expansion(
    app, client, rrule, first, tz
):
    with app.app_context():
        db.session.execute(delete(EventRevision))
        db.session.execute(delete(Event))
        db.session.commit()
        try:
            event = service.create_event(_series(rrule, first, tz))
        except service.InvalidEvent as refused:  # no occurrence, too many: said, not saved
            db.session.rollback()
            assert "rrule" in refused.errors
            event_note("refused")
            return
        db.session.commit()
        # Two years from the series' first occurrence (it may lie years after `first`).
        start, end = _window(event.starts_at)
        query = visible_events(include_internal=False)
        shown = clipped(app_occurrences(events_between(query, start, end)), start, end)
    assert shown, (rrule, first, tz)
    event_note("compared")
    feed = client.get(f"/calendar.ics?from={start.date()}&to={(end - timedelta(days=1)).date()}")
    assert with_recurring_ical_events(feed.data, start, end) == shown, (rrule, first, tz)


def test_a_weekly_bysetpos_series_starts_on_an_occurrence(app, client):
    rrule = "FREQ=WEEKLY;COUNT=3;BYDAY=MO,TU;BYSETPOS=2"
    with app.app_context():
        event = service.create_event(_series(rrule, date(2024, 1, 1), "Europe/Moscow"))
        db.session.commit()
        start, end = _window(event.starts_at)
        query = visible_events(include_internal=False)
        shown = clipped(app_occurrences(events_between(query, start, end)), start, end)
    feed = client.get(f"/calendar.ics?from={start.date()}&to={(end - timedelta(days=1)).date()}")
    assert with_recurring_ical_events(feed.data, start, end) == shown
