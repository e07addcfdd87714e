"""The feed endpoints end to end: content, HTTP caching, access, and every cache kept honest."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.feeds.build import FeedRequest, rebuild_feed
from calendar_app.feeds.subscriptions import private_token
from calendar_app.models import Event, Force, Location, User

from .parsers import PARSERS, with_icalendar

TODAY = datetime.now(UTC).date()


def login(client, app, username="viewer", role="viewer") -> User:
    with app.app_context():
        user = User(username=username, role=role)
        user.set_password("a long password")
        db.session.add(user)
        db.session.commit()
        user_id, session_id = user.id, user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    with app.app_context():
        return db.session.get(User, user_id)


def add_event(
    title="Exercise", *, days_ahead=10, visibility="public", all_day=True, **extra
) -> int:
    first = TODAY + timedelta(days=days_ahead)
    if all_day:
        data = EventData(
            title=title,
            kind="training",
            all_day=True,
            start=first,
            end=first + timedelta(days=2),
            timezone="Europe/Minsk",
            visibility=visibility,
            **extra,
        )
    else:
        start = datetime(first.year, first.month, first.day, 14, tzinfo=UTC)
        data = EventData(
            title=title,
            kind="meeting",
            start=start,
            end=start + timedelta(hours=2),
            timezone="America/New_York",
            visibility=visibility,
            **extra,
        )
    event = service.create_event(data)
    db.session.commit()
    return event.id


def clear_feed_files(app) -> None:
    app.extensions["feed_files"].clear()


@pytest.fixture(autouse=True)
def empty_feed_cache(app):
    clear_feed_files(app)
    yield
    clear_feed_files(app)


def uids(response) -> list[str]:
    return [row["summary"] for row in with_icalendar(response.data)]


def test_feed_is_text_calendar_uncompressed_with_validators(client, app):
    with app.app_context():
        add_event()
    response = client.get("/calendar.ics", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Encoding" not in response.headers
    assert re.fullmatch(r'"[0-9a-f]{40}"', response.headers["ETag"])
    assert response.headers["Last-Modified"]
    assert "max-age=" in response.headers["Cache-Control"]
    assert uids(response) == ["Exercise"]


def test_unchanged_feed_is_byte_identical_and_revalidates_to_304(client, app):
    with app.app_context():
        add_event()
    first = client.get("/calendar.ics")
    clear_feed_files(app)  # a different process would rebuild from the database
    second = client.get("/calendar.ics")
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    not_modified = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and not_modified.data == b""
    since = client.get(
        "/calendar.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert since.status_code == 304


def test_an_edit_changes_the_etag_and_the_feed(client, app):
    with app.app_context():
        event_id = add_event()
    first = client.get("/calendar.ics")
    with app.app_context():
        event = db.session.get(Event, event_id)
        service.update_event(
            event,
            EventData(
                title="Exercise (moved)",
                kind="training",
                all_day=True,
                start=event.start_date,
                end=event.end_date,
                timezone=event.timezone,
            ),
        )
        db.session.commit()
    stale = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert stale.status_code == 200 and uids(stale) == ["Exercise (moved)"]


def test_head_answers_like_get_without_a_body(client, app):
    with app.app_context():
        add_event()
    get, head = client.get("/calendar.ics"), client.head("/calendar.ics")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]


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


def test_private_feed_shows_internal_events_to_its_owner_only(client, app):
    with app.app_context():
        add_event("Public one")
        add_event("Internal one", visibility="internal")
    user = login(client, app)
    token = private_token(user)
    private = client.get(f"/feeds/{token}/calendar.ics")
    assert sorted(uids(private)) == ["Internal one", "Public one"]
    classes = {
        str(event["SUMMARY"]): str(event.get("CLASS", "PUBLIC"))
        for event in Calendar.from_ical(private.data).walk("VEVENT")
    }
    assert classes == {"Internal one": "CONFIDENTIAL", "Public one": "PUBLIC"}
    owner_id, secret = token.split(".")
    assert client.get(f"/feeds/{owner_id}.{secret[:-1]}x/calendar.ics").status_code == 404
    assert client.get(f"/feeds/{int(owner_id) + 1}.{secret}/calendar.ics").status_code == 404
    assert client.get("/feeds/garbage/calendar.ics").status_code == 404


def test_reset_kills_the_old_private_feed_address_at_once(client, app):
    user = login(client, app)
    old = private_token(user)
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 200
    page = client.get("/subscribe").get_data(as_text=True)
    assert old in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/subscribe/reset-private-feed").status_code == 400  # no CSRF token
    unconfirmed = client.post("/subscribe/reset-private-feed", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 302
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 200  # nothing changed
    response = client.post(
        "/subscribe/reset-private-feed",
        data={"csrf_token": csrf, "confirm_reset": "y", "next": "/subscribe"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/subscribe"
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 404
    with app.app_context():
        new = private_token(db.session.get(User, user.id))
    assert new != old and client.get(f"/feeds/{new}/calendar.ics").status_code == 200


def test_reset_needs_the_i_understand_box_and_says_so(client, app):
    user = login(client, app)
    old = private_token(user)
    page = client.get("/account").get_data(as_text=True)
    assert 'name="confirm_reset"' in page and "will stop updating" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/subscribe/reset-private-feed", data={"csrf_token": csrf, "next": "/account"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "was not reset" in client.get("/account").get_data(as_text=True)
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 200


@pytest.mark.parametrize(
    ("origin", "back_to"),
    [
        ("/account", "/account"),
        ("/subscribe?kind=training", "/subscribe?kind=training"),
        ("https://evil.example/", "/account"),
        ("//evil.example/x", "/account"),
        ("", "/account"),
    ],
)
def test_reset_returns_to_the_page_it_came_from_on_this_site_only(client, app, origin, back_to):
    login(client, app)
    page = client.get("/account").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/subscribe/reset-private-feed",
        data={"csrf_token": csrf, "confirm_reset": "y", "next": origin},
    )
    assert response.status_code == 302 and response.headers["Location"] == back_to


def test_reset_forms_name_the_page_to_come_back_to(client, app):
    login(client, app)
    account = client.get("/account").get_data(as_text=True)
    assert 'name="next" value="/account"' in account
    subscribe = client.get("/subscribe?kind=training").get_data(as_text=True)
    assert 'name="next" value="/subscribe?kind=training"' in subscribe
    assert 'name="confirm_reset"' in subscribe


def test_deactivated_user_private_feed_is_gone(client, app):
    user = login(client, app)
    token = private_token(user)
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get(f"/feeds/{token}/calendar.ics").status_code == 404


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


@pytest.mark.parametrize(
    "query",
    [
        "from=yesterday",
        "from=2024-02-30",
        "to=2024-01-01&from=2024-02-01",
        "from=0000-01-01",
        "to=10000-01-01",
        "from=1800-01-01",
        "kind=party",
        "status=maybe",
        "force=%00",
        "country=Belarus",
        "location=abc",
        "from=2000-01-01&to=2100-01-01",
    ],
)
def test_nonsense_arguments_are_a_400_with_a_message(client, query):
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 400


def test_default_window_drops_old_events_and_from_to_override_it(client, app):
    with app.app_context():
        add_event("Last decade", days_ahead=-3000)
        add_event("Soon", days_ahead=5)
    assert uids(client.get("/calendar.ics")) == ["Soon"]
    start = (TODAY - timedelta(days=3010)).isoformat()
    end = (TODAY - timedelta(days=2990)).isoformat()
    assert uids(client.get(f"/calendar.ics?from={start}&to={end}")) == ["Last decade"]


def test_single_event_ics_and_its_access(client, app):
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
    login(client, app)
    assert client.get(f"/events/{internal_id}.ics").status_code == 200


def test_uid_is_stable_and_carries_the_base_url_host(client, app):
    with app.app_context():
        event_id = add_event()
        uid = db.session.get(Event, event_id).uid
    rows = with_icalendar(client.get("/calendar.ics").data)
    assert rows[0]["uid"] == f"{uid}@calendar.test"


def _assert_stored_equals_rebuilt(app, client):
    from calendar_app.domain.filters import EventFilter
    from calendar_app.feeds.build import assemble_feed
    from calendar_app.feeds.ical import FeedOptions

    with app.app_context():
        request = FeedRequest(True, EventFilter(), datetime(2000, 1, 1, tzinfo=UTC), None)
        options = FeedOptions(name="All")
        assert assemble_feed(request, options) == rebuild_feed(request, options)


def test_stored_texts_equal_a_full_rebuild_after_every_kind_of_change(client, app):
    with app.app_context():
        force = Force(name="Logistics support units", slug="logistics")
        place = Location(name="Training grounds", city="", country="BY", timezone="Europe/Minsk")
        db.session.add_all([force, place])
        db.session.commit()
        ids = [
            add_event(
                f"E{i}",
                days_ahead=i,
                force_ids=[force.id],
                location_id=place.id,
                all_day=bool(i % 2),
            )
            for i in range(6)
        ]
    _assert_stored_equals_rebuilt(app, client)
    with app.app_context():
        event = db.session.get(Event, ids[0])
        service.update_event(
            event,
            EventData(
                title="E0 moved",
                kind="meeting",
                start=event.starts_at + timedelta(hours=5),
                end=event.ends_at + timedelta(hours=6),
                timezone="Asia/Almaty",
            ),
        )
        db.session.commit()
        service.cancel_event(db.session.get(Event, ids[1]))
        db.session.commit()
        service.delete_event(db.session.get(Event, ids[2]))
        db.session.commit()
        service.restore_event(db.session.get(Event, ids[2]))
        db.session.commit()
    _assert_stored_equals_rebuilt(app, client)
    with app.app_context():
        service.save_force(db.session.get(Force, force.id), {"name": "Logistics units"})
        db.session.commit()
        service.save_location(
            db.session.get(Location, place.id), {"name": "Brest training ground", "city": "Brest"}
        )
        db.session.commit()
    _assert_stored_equals_rebuilt(app, client)
    with app.app_context():  # coordinates alone change the feed's GEO
        service.save_location(
            db.session.get(Location, place.id), {"latitude": 52.1, "longitude": 23.7}
        )
        db.session.commit()
        event = db.session.get(Event, ids[3])
        service.update_event(
            event,
            EventData(  # and a time-zone change
                title=event.title,
                kind=event.kind,
                start=event.starts_at,
                end=event.ends_at,
                timezone="America/New_York",
                location_id=place.id,
                force_ids=[force.id],
            ),
        )
        db.session.commit()
    _assert_stored_equals_rebuilt(app, client)
    body = client.get("/calendar.ics").get_data(as_text=True)
    assert "GEO:52.1;23.7" in body and "Brest training ground" in body


def test_texts_are_rebuilt_when_the_base_url_changes(client, app):
    with app.app_context():
        add_event()
    before = client.get("/calendar.ics").get_data(as_text=True)
    app.config["CALENDAR_BASE_URL"] = "https://calendar.example.org"
    clear_feed_files(app)
    after = client.get("/calendar.ics").get_data(as_text=True)
    assert "calendar.test" in before and "calendar.test" not in after
    _assert_stored_equals_rebuilt(app, client)


def test_demo_feed_parses_identically_in_three_parsers_and_stays_under_1_mb(client, app, runner):
    runner.invoke(args=["seed-demo"])
    body = client.get("/calendar.ics?from=2020-01-01").data
    assert len(body) < 1_000_000
    results = {name: parse(body) for name, parse in PARSERS.items()}
    assert results["icalendar"] == results["ical"] == results["ical.js"]
    with app.app_context():
        stored = {
            f"{e.uid}@calendar.test": e
            for e in db.session.scalars(select(Event).where(Event.visibility == "public"))
        }
    rows = results["icalendar"]
    assert {row["uid"] for row in rows} == set(stored)
    for row in rows:
        event = stored[row["uid"]]
        assert row["summary"] == event.title
        if event.all_day:
            assert row["start"] == ("date", event.start_date.isoformat())
            assert row["end"] == ("date", (event.end_date + timedelta(days=1)).isoformat())
        else:
            assert row["start"] == ("utc", event.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
            assert row["end"] == ("utc", event.ends_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    debate = next(r for r in rows if r["summary"].startswith("UN Security Council debate"))
    assert debate["start"] == ("utc", "2024-07-19T14:00:00Z")  # 10:00 in New York (EDT)


def test_hundreds_of_varied_events_parse_identically_in_three_parsers(client, app):
    zones = [
        "America/New_York",
        "Europe/Moscow",
        "Europe/Minsk",
        "Asia/Bishkek",
        "Asia/Almaty",
        "Asia/Yerevan",
    ]
    with app.app_context():
        for i in range(240):
            tz = zones[i % len(zones)]
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


def test_large_feeds_are_streamed_with_the_same_bytes_and_then_kept(client, app, monkeypatch):
    import calendar_app.feeds.build as build
    import calendar_app.feeds.routes as routes

    with app.app_context():
        for i in range(5):
            add_event(f"E{i}", days_ahead=i, all_day=bool(i % 2))
    whole = client.get("/calendar.ics").data
    clear_feed_files(app)
    monkeypatch.setattr(routes, "STREAM_ABOVE", 2)
    monkeypatch.setattr(build, "STREAM_CHUNK", 2)
    streamed = client.get("/calendar.ics")
    assert streamed.is_streamed and "Content-Length" not in streamed.headers
    assert streamed.data == whole and len(with_icalendar(whole)) == 5
    kept = client.get("/calendar.ics")  # the streamed bytes were kept once all had gone out
    assert kept.data == whole and kept.headers["Content-Length"] == str(len(whole))


def test_feeds_are_kept_as_files_named_by_etag_and_sent_whole(client, app):
    with app.app_context():
        add_event()
    built = client.get("/calendar.ics")
    directory = app.extensions["feed_files"].directory
    assert [p.name for p in directory.iterdir()] == [built.headers["ETag"].strip('"') + ".ics"]
    served = client.get("/calendar.ics")
    assert served.data == built.data and served.headers["ETag"] == built.headers["ETag"]
    assert served.headers["Content-Length"] == str(len(built.data))
    assert served.headers["Content-Type"] == "text/calendar; charset=utf-8"
    head = client.head("/calendar.ics")
    assert head.data == b"" and head.headers["Content-Length"] == str(len(built.data))


def test_a_feed_stream_cut_short_leaves_no_file(tmp_path):
    from calendar_app.feeds.files import FeedFiles

    files = FeedFiles(tmp_path / "feeds")
    stream = files.writing("abc", iter([b"BEGIN:VCALENDAR\r\n", b"more", b"END"]))
    assert next(stream) == b"BEGIN:VCALENDAR\r\n"
    stream.close()  # the client hung up
    assert list((tmp_path / "feeds").iterdir()) == [] and files.open("abc") is None
    assert b"".join(files.writing("abc", [b"one", b"two"])) == b"onetwo"
    with files.open("abc") as kept:
        assert kept.read() == b"onetwo"


def test_feed_files_are_pruned_oldest_first_and_dead_partials_removed(tmp_path):
    import os
    import time

    from calendar_app.feeds.files import ABANDONED_AFTER, FeedFiles

    directory = tmp_path / "feeds"
    directory.mkdir()
    files = FeedFiles(directory, max_files=3, max_bytes=10)
    long_ago = time.time() - ABANDONED_AFTER - 60
    for age, name in enumerate(["d.ics", "c.ics", "b.ics", "a.ics", ".partial-dead"]):
        (directory / name).write_bytes(b"12")
        os.utime(directory / name, (long_ago - age, long_ago - age))  # "a" is the oldest
    (directory / ".partial-alive").write_bytes(b"x")  # another process is writing it
    files.prune()
    names = sorted(p.name for p in directory.iterdir())
    assert names == [".partial-alive", "b.ics", "c.ics", "d.ics"]
    files.put("big", b"123456789")  # the newest; no other file fits beside it in 10 bytes
    assert sorted(p.name for p in directory.iterdir()) == [".partial-alive", "big.ics"]


def test_an_unwritable_feed_cache_still_serves_the_feed(client, app, tmp_path):
    from calendar_app.feeds.files import FeedFiles

    with app.app_context():
        add_event()
    expected = client.get("/calendar.ics").data
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    app.extensions["feed_files"] = FeedFiles(blocker / "feeds")
    assert client.get("/calendar.ics").data == expected


def test_a_second_database_in_the_same_process_never_gets_the_first_ones_feed(
    app, client, tmp_path, monkeypatch
):
    """The cache and ETags key on a random stamp, not a count two databases would share."""
    from calendar_app import create_app
    from calendar_app.schema import create_all_at_head

    with app.app_context():
        add_event("Only in the first")
    first = client.get("/calendar.ics")
    other = create_app(
        {**app.config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.sqlite3'}"}
    )
    with other.app_context():
        create_all_at_head()
        add_event("Only in the second")
    second = other.test_client().get("/calendar.ics")
    assert uids(first) == ["Only in the first"] and uids(second) == ["Only in the second"]
    assert first.headers["ETag"] != second.headers["ETag"]
    with other.app_context():
        db.engine.dispose()


CHILD_EDIT = """
import sys
from calendar_app import create_app
from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "x",
                  "CALENDAR_BASE_URL": "https://calendar.test"})
with app.app_context():
    event = db.session.get(Event, int(sys.argv[2]))
    service.update_event(event, EventData(
        title="Renamed by another process", kind=event.kind, all_day=True,
        start=event.start_date, end=event.end_date, timezone=event.timezone))
    db.session.commit()
"""


def test_a_change_made_by_another_process_is_served_at_once(client, app, tmp_path):
    """Two processes, one database: this one's cache and ETag must not hide the other's edit."""
    import subprocess
    import sys

    with app.app_context():
        event_id = add_event("Original title")
    before = client.get("/calendar.ics")
    assert client.get("/calendar.ics").data == before.data  # now served from this cache
    subprocess.run(
        [sys.executable, "-c", CHILD_EDIT, app.config["SQLALCHEMY_DATABASE_URI"], str(event_id)],
        check=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "CALENDAR_INSTANCE_PATH": str(tmp_path)},
    )
    after = client.get("/calendar.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert uids(after) == ["Renamed by another process"]
    _assert_stored_equals_rebuilt(app, client)


def test_every_app_process_gives_the_same_etag_for_the_same_feed(app, client):
    """Behind a load balancer a client revalidates against whichever process answers."""
    from calendar_app import create_app

    with app.app_context():
        add_event()
    other = create_app(dict(app.config))
    first = client.get("/calendar.ics")
    second = other.test_client().get("/calendar.ics")
    assert first.headers["ETag"] == second.headers["ETag"] and first.data == second.data
    assert (
        other.test_client()
        .get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
        .status_code
        == 304
    )
    with other.app_context():
        db.engine.dispose()


def test_renaming_or_deleting_an_unused_force_renews_feeds_filtered_by_it(client, app):
    """No event uses the force, yet a feed filtered by it is named after it."""
    with app.app_context():
        force = Force(name="Reserve units", slug="reserve")
        db.session.add(force)
        db.session.commit()
        force_id = force.id
    first = client.get("/calendar.ics?force=reserve")
    assert "Reserve units" in first.get_data(as_text=True)
    with app.app_context():
        service.save_force(db.session.get(Force, force_id), {"name": "Strategic reserve"})
        db.session.commit()
    renamed = client.get(
        "/calendar.ics?force=reserve", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert renamed.status_code == 200 and renamed.headers["ETag"] != first.headers["ETag"]
    assert "Strategic reserve" in renamed.get_data(as_text=True)
    with app.app_context():
        service.delete_unused_record(db.session.get(Force, force_id))
        db.session.commit()
    after_delete = client.get("/calendar.ics?force=reserve")
    assert after_delete.headers.get("ETag") != renamed.headers["ETag"]
    assert "Strategic reserve" not in after_delete.get_data(as_text=True)
