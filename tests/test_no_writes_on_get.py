"""A GET never writes: feeds are served from the texts stored by writes, `db upgrade` and
`feeds rebuild`; a text that is missing or stale is rendered for the response only."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event as sa_event
from sqlalchemy import select

from calendar_app import create_app
from calendar_app.domain.filters import EventFilter
from calendar_app.extensions import db
from calendar_app.feeds.build import FeedRequest, parse_window, rebuild_feed
from calendar_app.feeds.routes import feed_options
from calendar_app.feeds.store import feed_state, render_signature, texts_are_current
from calendar_app.models import Event

from .factories import add_talks, api_token
from .helpers import login, make_reference_data, make_user

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b", re.I)


@contextmanager
def recorded_writes(app):
    """Every data-changing statement and every COMMIT sent to the app's database."""
    seen: list[str] = []

    def on_statement(conn, cursor, statement, parameters, context, executemany):
        if WRITES.match(statement):
            seen.append(statement.split("\n", 1)[0][:80])

    def on_commit(conn):
        seen.append("COMMIT")

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", on_statement)
    sa_event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        sa_event.remove(engine, "before_cursor_execute", on_statement)
        sa_event.remove(engine, "commit", on_commit)


def ics_of(count: int) -> bytes:
    first = date.today() + timedelta(days=5)
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:bulk-{i}@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
        f"DTSTART;VALUE=DATE:{(first + timedelta(days=i)):%Y%m%d}\r\n"
        f"SUMMARY:Exercise {i}\r\nEND:VEVENT\r\n"
        for i in range(count)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{events}END:VCALENDAR\r\n".encode()


def _whole_feed(app) -> bytes:
    with app.test_request_context("/calendar.ics"):
        start, end = parse_window({}, app.config["CALENDAR_FEED_PAST_DAYS"], date.today())
        request = FeedRequest(False, EventFilter(), start, end)
        return rebuild_feed(request, feed_options(request))


def test_the_first_feed_after_a_cli_import_is_served_from_stored_texts_writing_nothing(
    fresh_database_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("CALENDAR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": fresh_database_url, "SECRET_KEY": "x", "TESTING": True,
         "CALENDAR_BASE_URL": "https://calendar.test"}
    )  # fmt: skip
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    path = tmp_path / "bulk.ics"
    path.write_bytes(ics_of(40))
    result = runner.invoke(args=["import-ics", str(path), "--visibility", "public"])
    assert "Imported: 40 new" in result.output, result.output
    with app.app_context():
        assert texts_are_current(feed_state())
    with recorded_writes(app) as writes:
        body = app.test_client().get("/calendar.ics").data
    assert writes == []
    assert body.count(b"BEGIN:VEVENT") == 40
    assert body == _whole_feed(app)
    with app.app_context():
        db.engine.dispose()


def test_a_new_base_url_is_served_at_once_without_writing_and_stored_by_feeds_rebuild(
    app, app_config, client, tmp_path, monkeypatch
):
    add_talks(app)
    assert b"@calendar.test" in client.get("/calendar.ics").data
    moved = create_app({**app_config, "CALENDAR_BASE_URL": "https://calendar.example.org"})
    with recorded_writes(moved) as writes:
        body = moved.test_client().get("/calendar.ics").data
    assert writes == []
    assert b"@calendar.example.org" in body and b"@calendar.test" not in body
    assert body == _whole_feed(moved)
    with moved.app_context():
        assert not texts_are_current(feed_state())  # nothing was stored by that GET
    assert "Rendered 1 events." in moved.test_cli_runner().invoke(args=["feeds", "rebuild"]).output
    with moved.app_context():
        state = feed_state()
        assert state.render_signature == render_signature()
        assert "@calendar.example.org" in db.session.scalar(select(Event.ics_text))
        db.engine.dispose()


def test_an_event_without_a_stored_text_is_rendered_for_the_response_only(app, client):
    event_id = add_talks(app)
    with app.app_context():
        db.session.execute(Event.__table__.update().values(ics_text=None))
        db.session.commit()
    with recorded_writes(app) as writes:
        body = client.get("/calendar.ics").data
    assert writes == [] and b"SUMMARY:Talks" in body
    with app.app_context():
        assert db.session.get(Event, event_id).ics_text is None


def test_no_page_feed_or_api_read_writes_anything(app, client):
    ids = make_reference_data(app)
    event_id = add_talks(app, date(2023, 9, 1), title="Interaction-2023", kind="training",
                         end=date(2023, 9, 6), location_id=ids["belarus"],
                         force_ids=[ids["crrf"]])  # fmt: skip
    make_user(app, "ed", "editor")
    urls = [
        "/",
        "/calendar/2023/9",
        "/calendar/2023/9/4",
        "/calendar/2023/9/4/week",
        "/agenda?from=2023-09-01",
        "/agenda?q=interaction",
        f"/events/{event_id}",
        f"/events/{event_id}.ics",
        "/calendar.ics",
        "/calendar.ics?force=crrf",
        "/subscribe",
        "/api/v1/events?start=2023-09-01&end=2023-10-01",
        f"/api/v1/events/{event_id}",
        "/api/v1/forces",
        "/api/v1/openapi.json",
        "/healthz",
    ]
    for signed_in in (False, True):
        if signed_in:
            login(client, "ed")
            urls += ["/account", "/manage/audit", f"/events/{event_id}/edit", "/import"]
        for url in urls:
            with recorded_writes(app) as writes:
                status = client.get(url).status_code
            assert status == 200 or status == 302, (url, status)
            assert writes == [], (url, writes)


def test_an_api_read_with_a_token_writes_nothing_and_a_write_records_the_tokens_use(app, client):
    from calendar_app.models import ApiToken

    headers = {"Authorization": f"Bearer {api_token(app)}"}
    with recorded_writes(app) as writes:
        assert client.get("/api/v1/events", headers=headers).status_code == 200
    assert writes == []
    body = {"title": "Talks", "kind": "meeting", "allDay": True,
            "start": "2024-09-02", "end": "2024-09-03", "timezone": "Europe/Minsk"}  # fmt: skip
    assert client.post("/api/v1/events", json=body, headers=headers).status_code == 201
    with app.app_context():
        assert db.session.scalar(select(ApiToken.last_used_at)) is not None
