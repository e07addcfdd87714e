"""Three independent expanders of recurring iCalendar text, each reduced to the same plain
occurrences for comparison with what the app's own views show: recurring-ical-events (on
icalendar), Home Assistant's `ical` (its timeline) and Mozilla's ical.js (Thunderbird's
iterator, with exceptions related to their series).

An occurrence is (start, end, title, status): start and end as ("utc", ISO instant) or
("date", ISO date), the end exclusive, the status as iCal says it (CONFIRMED, CANCELLED,
TENTATIVE).
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, date, datetime, time, timedelta

import pytest

from calendar_app.events.occurrences import SeriesOccurrence
from calendar_app.feeds.ical import STATUS_MAP

from .parsers import JS_DIR, NODE, icaljs_available

PAD = timedelta(days=3)  # asked of each expander around the window; clipped the same way after


def when(value: date | datetime) -> tuple[str, str]:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value!r} in a feed"
        return ("utc", value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return ("date", value.isoformat())


def _instant(value: tuple[str, str]) -> datetime:
    kind, text = value
    if kind == "date":
        return datetime.combine(date.fromisoformat(text), time(), UTC)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def clipped(rows, start: datetime, end: datetime) -> list[tuple]:
    """The occurrences meeting [start, end) (all-day ones at UTC midnight, as the app keeps
    them), in order, duplicates kept: an expander that doubles one must fail."""
    kept = [r for r in rows if _instant(r[0]) < end and _instant(r[1]) > start]
    return sorted(kept, key=lambda r: (_instant(r[0]), r[2], r[3]))


def app_occurrences(items) -> list[tuple]:
    """The app's own occurrences (events/occurrences.events_between items) in that shape."""
    rows = []
    for item in items:
        event = item.series if isinstance(item, SeriesOccurrence) else item
        span = item.span()
        if span["all_day"]:
            start, end = span["start_date"], span["end_date"] + timedelta(days=1)
        else:
            start, end = span["starts_at"], span["ends_at"]
        rows.append((when(start), when(end), event.title, STATUS_MAP[event.status]))
    return rows


def with_recurring_ical_events(text: bytes, start: datetime, end: datetime) -> list[tuple]:
    import recurring_ical_events
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    found = recurring_ical_events.of(calendar).between(start - PAD, end + PAD)
    rows = [
        (
            when(event.decoded("dtstart")),
            when(event.decoded("dtend")),
            str(event.get("summary", "")),
            str(event.get("status", "")).upper(),
        )
        for event in found
    ]
    return clipped(rows, start, end)


def with_ical(text: bytes, start: datetime, end: datetime) -> list[tuple]:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(text.decode("utf-8"))
    timeline = calendar.timeline_tz(UTC)
    rows = [
        (
            when(event.dtstart),
            when(event.dtend),
            event.summary or "",
            event.status.value if event.status else "",
        )
        for event in timeline.overlapping(start - PAD, end + PAD)
    ]
    return clipped(rows, start, end)


def with_icaljs(text: bytes, start: datetime, end: datetime) -> list[tuple]:
    if not icaljs_available():
        pytest.skip("node or tests/js/node_modules/ical.js missing (make test installs it)")
    limit = (end + PAD).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = subprocess.run(
        [NODE, str(JS_DIR / "expand.mjs"), limit],
        input=text,
        capture_output=True,
        timeout=120,
        check=True,
    )

    def at(value: dict) -> tuple[str, str]:
        return ("date", value["date"]) if "date" in value else ("utc", value["utc"])

    rows = [
        (at(o["start"]), at(o["end"]), o["summary"] or "", (o["status"] or "").upper())
        for o in json.loads(result.stdout)
    ]
    return clipped(rows, start, end)


EXPANDERS = {
    "recurring-ical-events": with_recurring_ical_events,
    "ical": with_ical,
    "ical.js": with_icaljs,
}
