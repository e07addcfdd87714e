"""Feed caching kept honest: HTTP validators and 304s, stored event texts equal to a full
rebuild, feed files named by ETag, streaming, and no cache hiding another process's or
another database's change."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.feeds.build import FeedRequest, rebuild_feed
from calendar_app.models import Event, Force, Location

from .feeds_helpers import add_event, clear_feed_files, uids
from .parsers import with_icalendar

pytestmark = pytest.mark.usefixtures("empty_feed_cache")


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
