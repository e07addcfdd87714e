"""Stored payloads stay text: `<script>` and attribute-breaking strings in every text field
render inert on every page, and CR/LF in any field never adds a line, property or
component to a feed."""

from __future__ import annotations

import re

import icalendar
import pytest

from calendar_app.extensions import db
from calendar_app.feeds.store import rebuild_all_texts
from calendar_app.models import Event, Force, Location

from .reliability import EVENT_DAY, build_world, form_token, login

SCRIPT = "<script>alert('xss')</script>"
ATTRIBUTE = "\"'><img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
INJECT = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected\r\nSUMMARY:INJECTED\r\nX-EVIL:1"
RAW_MARKERS = ("<script>alert", "<img src=x", "onerror=alert(1)>")


def _poison(app, world, payload: str) -> None:
    """Put `payload` into every stored text field behind the rules' back (the service now
    refuses it on every path: a database written by an older version, or by hand), then
    render the stored feed texts again: the feed writer must cope on its own."""
    with app.app_context():
        location = db.session.get(Location, world.location_id)
        location.name, location.city, location.address = (f"L{payload}",) * 3
        force = db.session.get(Force, world.force_id)
        force.name, force.description = f"F{payload}", f"FD{payload}"
        for event in db.session.scalars(db.select(Event).where(Event.deleted_at.is_(None))):
            event.title = f"T{payload}"
            event.participants, event.description = f"P{payload}", f"D{payload}"
            event.location_id, event.forces = world.location_id, [force]
        db.session.flush()
        rebuild_all_texts()
        db.session.commit()


def _pages(world) -> list[str]:
    month = f"/calendar/{EVENT_DAY.year}/{EVENT_DAY.month}"
    return [
        "/agenda?from=2024-03-01",
        "/calendar/2024/3",
        "/calendar/2024/3/5",
        month,
        f"/events/{world.public_id}",
        f"/events/{world.internal_id}",
        f"/events/{world.public_id}/edit",
        f"/events/{world.public_id}/delete",
        f"/subscribe?force=crrf&location={world.location_id}",
        "/manage/forces",
        f"/manage/forces/{world.force_id}/edit",
        "/manage/locations",
        f"/manage/locations/{world.location_id}/edit",
        "/manage/audit",
        "/manage/users",
    ]


@pytest.mark.parametrize("payload", [SCRIPT, ATTRIBUTE, JS_URL])
def test_stored_markup_renders_inert_on_every_page(app, payload):
    world = build_world(app)
    _poison(app, world, payload)
    client = app.test_client()
    login(client, "admin")
    for path in _pages(world):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert not any(marker in body for marker in RAW_MARKERS), path
        # a javascript: URL must never become a link target
        assert not re.search(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", body, re.I), path
    # JSON carries the text as it is, but never as something a browser would render
    api = client.get("/api/v1/events?start=2024-03-01&end=2024-04-01")
    assert api.mimetype == "application/json"
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_markup_typed_into_the_form_is_saved_as_text_and_shown_escaped(app):
    world = build_world(app)
    client = app.test_client()
    login(client, "editor")
    response = client.post(
        "/events/new",
        data={
            "csrf_token": form_token(client, True),
            "title": SCRIPT,
            "kind": "meeting",
            "status": "confirmed",
            "start_date": "2024-03-05",
            "end_date": "2024-03-05",
            "start_time": "10:00",
            "end_time": "11:00",
            "timezone": "Europe/Moscow",
            "participants": ATTRIBUTE,
            "description": f"{SCRIPT}\n{ATTRIBUTE}",
            "visibility": "public",
            "location_id": str(world.location_id),
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;script&gt;" in page
    assert not any(marker in page for marker in RAW_MARKERS)


def _feed_lines(body: bytes) -> list[str]:
    return body.decode().replace("\r\n ", "").split("\r\n")


# (NUL is left out: PostgreSQL cannot store it at all, and the rules refuse it.)
@pytest.mark.parametrize("payload", [INJECT, "a\nb\rc\r\n\r\nd", SCRIPT, "\x1b\x7f\x0b\x0c"])
def test_line_breaks_in_any_field_never_add_feed_lines(app, payload):
    world = build_world(app)
    _poison(app, world, payload)
    client = app.test_client()
    with app.app_context():
        visible = db.session.scalar(
            db.select(db.func.count()).select_from(Event).where(Event.deleted_at.is_(None))
        )
    feeds = [
        client.get("/calendar.ics?from=2024-01-01").data,
        client.get(f"/feeds/{world.feed_tokens['viewer']}/calendar.ics?from=2024-01-01").data,
        client.get(f"/events/{world.public_id}.ics").data,
    ]
    for number, body in enumerate(feeds):
        calendar = icalendar.Calendar.from_ical(body)
        events = calendar.walk("VEVENT")
        expected = {0: visible - 1, 1: visible, 2: 1}[number]  # public feed hides internal
        assert len(events) == expected
        lines = _feed_lines(body)
        assert not any(
            line.startswith(("UID:injected", "SUMMARY:INJECTED", "X-EVIL")) for line in lines
        )
        assert lines.count("BEGIN:VEVENT") == expected
        assert "\x00" not in body.decode() and "\x1b" not in body.decode()
        for event in events:
            assert str(event["SUMMARY"]).startswith("T")
            assert "X-EVIL" not in event
