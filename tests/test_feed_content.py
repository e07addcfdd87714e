"""What a feed holds: public events only, cancelled kept and deleted gone, filters and the
calendar's name, the date window, single-event files, stable UIDs, and the same events
in three parsers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from icalendar import Calendar
from sqlalchemy import select

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event, Force, Location

from .feeds_helpers import TODAY, ZONES, add_event, uids
from .parsers import PARSERS, with_icalendar

pytestmark = pytest.mark.usefixtures("empty_feed_cache")


def test_cancelled_event_stays_in_feed_as_cancelled_and_deleted_leaves(client, app):
    with app.app_context():
        kept, gone = add_event("Kept"), add_event("Gone")
        service.cancel_event(db.session.get(Event, kept))
        db.session.commit()
        service.delete_event(db.session.get(Event, gone))
        db.session.commit()
    rows = with_icalendar(client.get("/calendar.ics").data)
    assert [(r["summary"], r["status"], r["sequence"]) for r in rows] == [("Kept", "CANCELLED", 1)]


def test_public_feed_never_holds_internal_events(client, app):
    with app.app_context():
        add_event("Public one")
        add_event("Internal one", visibility="internal")
    assert uids(client.get("/calendar.ics")) == ["Public one"]


def test_filters_select_events_and_name_the_calendar(client, app):
    with app.app_context():
        crrf = Force(name="Collective Rapid Reaction Forces", slug="crrf")
        minsk = Location(
            name="Palace of Independence", city="Minsk", country="BY", timezone="Europe/Minsk"
        )
        db.session.add_all([crrf, minsk])
        db.session.commit()
        add_event("Interaction", force_ids=[crrf.id], location_id=minsk.id)
        add_event("Talks", all_day=False)
    response = client.get("/calendar.ics?kind=training&force=crrf&country=by")
    assert uids(response) == ["Interaction"]
    name = str(Calendar.from_ical(response.data)["X-WR-CALNAME"])
    assert name == (
        "CSTO Secretariat calendar — training · Collective Rapid Reaction Forces · Belarus"
    )
    assert uids(client.get("/calendar.ics?q=TALK")) == ["Talks"]
    assert uids(client.get("/calendar.ics?status=cancelled")) == []


# Each argument and the reason the error page gives (the FilterError from parse_filter or
# parse_window, shown HTML-escaped in errors/error.html).
NONSENSE = [
    ("from=yesterday", "'from' must be a date like 2024-07-19"),
    ("from=2024-02-30", "'from' must be a date like 2024-07-19"),
    ("to=2024-01-01&from=2024-02-01", "'to' must not be before 'from'"),
    ("from=0000-01-01", "'from' must be a date like 2024-07-19"),
    ("to=10000-01-01", "'to' must be a date like 2024-07-19"),
    ("from=1800-01-01", "'from' must be between 1900 and 2200"),
    ("kind=party", "unknown kind 'party' (one of: meeting, session, training)"),
    ("status=maybe", "unknown status 'maybe' (one of: planned, confirmed, cancelled)"),
    ("force=%00", "'\x00' is not a force identifier"),
    ("country=Belarus", "'Belarus' is not a two-letter country code"),
    ("location=abc", "'abc' is not a location number"),
    # Beyond PostgreSQL's integer: a message, not an overflow (schemathesis found it).
    ("location=2839309319", "'2839309319' is not a location number"),
    ("from=2000-01-01&to=2100-01-01", "the window is too long (at most 30 years)"),
]


@pytest.mark.parametrize(("query", "message"), NONSENSE, ids=[query for query, _ in NONSENSE])
def test_nonsense_arguments_are_a_400_with_a_message(client, query, message):
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))


def test_default_window_drops_old_events_and_from_to_override_it(client, app):
    with app.app_context():
        add_event("Last decade", days_ahead=-3000)
        add_event("Soon", days_ahead=5)
    assert uids(client.get("/calendar.ics")) == ["Soon"]
    start = (TODAY - timedelta(days=3010)).isoformat()
    end = (TODAY - timedelta(days=2990)).isoformat()
    assert uids(client.get(f"/calendar.ics?from={start}&to={end}")) == ["Last decade"]


def test_single_event_ics_and_its_access(client, app, auth):
    with app.app_context():
        public_id = add_event("Public one", all_day=False)
        internal_id = add_event("Internal one", visibility="internal")
    response = client.get(f"/events/{public_id}.ics")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert uids(response) == ["Public one"]
    text = response.get_data(as_text=True)
    assert "BEGIN:VTIMEZONE" in text
    # A file to add one event, not a calendar: clients must not offer a new calendar.
    assert "METHOD:PUBLISH" in text
    assert "X-WR-CALNAME" not in text and "REFRESH-INTERVAL" not in text
    assert "METHOD" not in client.get("/calendar.ics").get_data(as_text=True)
    assert client.get(f"/events/{internal_id}.ics").status_code == 404
    assert client.get("/events/999999.ics").status_code == 404
    auth.login("viewer")
    assert client.get(f"/events/{internal_id}.ics").status_code == 200


def test_uid_is_stable_and_carries_the_base_url_host(client, app):
    with app.app_context():
        event_id = add_event()
        uid = db.session.get(Event, event_id).uid
    rows = with_icalendar(client.get("/calendar.ics").data)
    assert rows[0]["uid"] == f"{uid}@calendar.test"


def test_demo_feed_parses_identically_in_three_parsers_and_stays_under_1_mb(client, app, runner):
    runner.invoke(args=["seed-demo"])
    body = client.get("/calendar.ics?from=2020-01-01").data
    assert len(body) < 1_000_000
    results = {name: parse(body) for name, parse in PARSERS.items()}
    assert results["icalendar"] == results["ical"] == results["ical.js"]
    with app.app_context():
        public = list(db.session.scalars(select(Event).where(Event.visibility == "public")))
        # An override (a changed occurrence) is written under its series' UID.
        stored = {f"{e.uid}@calendar.test": [e] for e in public if e.series_id is None}
        by_id = {e.id: e for e in public}
        for e in public:
            if e.series_id is not None:
                stored[f"{by_id[e.series_id].uid}@calendar.test"].append(e)
    rows = results["icalendar"]
    assert {row["uid"] for row in rows} == set(stored)
    for row in rows:
        assert any(_as_written(event) == _as_read(row) for event in stored[row["uid"]]), row
    debate = next(r for r in rows if r["summary"].startswith("UN Security Council debate"))
    assert debate["start"] == ("utc", "2024-07-19T14:00:00Z")  # 10:00 in New York (EDT)


def _as_written(event) -> tuple:
    if event.all_day:
        return (event.title, ("date", event.start_date.isoformat()),
                ("date", (event.end_date + timedelta(days=1)).isoformat()))  # fmt: skip
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    return (event.title, ("utc", event.starts_at.strftime(stamp)),
            ("utc", event.ends_at.strftime(stamp)))  # fmt: skip


def _as_read(row: dict) -> tuple:
    return (row["summary"], row["start"], row["end"])


def test_hundreds_of_varied_events_parse_identically_in_three_parsers(client, app):
    with app.app_context():
        for i in range(240):
            tz = ZONES[i % len(ZONES)]
            first = date(2024, 1, 1) + timedelta(days=i * 3)
            if i % 3 == 0:
                data = EventData(
                    title=f"Exercise {i}; phase, “{i}”",
                    kind="training",
                    all_day=True,
                    start=first,
                    end=first + timedelta(days=i % 5),
                    timezone=tz,
                    status="planned",
                )
            else:
                start = datetime(first.year, first.month, first.day, 6 + i % 12, tzinfo=UTC)
                data = EventData(
                    # A title has no line breaks (the rules refuse them): the description does.
                    title=f"Встреча {i}",
                    kind="meeting",
                    start=start,
                    end=start + timedelta(minutes=30 + i),
                    timezone=tz,
                    description="line one\nline two\n"
                    + "Описание, с запятыми; и \\ слешами " * (i % 4),
                    status=("confirmed", "cancelled")[i % 2],
                )
            service.create_event(data)
            db.session.commit()
    body = client.get("/calendar.ics?from=2023-12-01&to=2026-12-31").data
    results = {name: parse(body) for name, parse in PARSERS.items()}
    assert len(results["icalendar"]) == 240
    assert results["icalendar"] == results["ical"] == results["ical.js"]
