"""Times as people type them: the form takes HH:MM, the API ISO 8601 to the minute, and
nothing else is quietly misread; a save that changes nothing records nothing, also for
stored times that carry seconds (imports)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.events.forms import form_values
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .helpers import (
    field_error,
    post_form,
    save_as_shown,
    timed_form,
)
from .test_api import auth, make_token


def events(app) -> list[Event]:
    with app.app_context():
        return list(db.session.scalars(select(Event).order_by(Event.id)))


def revision_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(EventRevision.id)))


# ---- the form: HH:MM only ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["10.30", "10:30:00", "10:30:00.5", "1030", "10:60", "24:00"])
def test_a_form_time_that_is_not_hh_mm_is_refused_not_misread(editor, app, ids, typed):
    response = post_form(editor, "/events/new", timed_form(ids, start_time=typed))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "start_time") == "Enter a time as HH:MM."
    assert events(app) == []


@pytest.mark.parametrize(("typed", "stored"), [("10:30", (7, 30)), ("9:05", (6, 5))])
def test_a_form_time_in_hours_and_minutes_is_taken(editor, app, ids, typed, stored):
    response = post_form(editor, "/events/new", timed_form(ids, start_time=typed))
    assert response.status_code == 302, field_error(response.get_data(as_text=True), "start_time")
    [event] = events(app)
    assert event.starts_at == datetime(2026, 12, 24, *stored, tzinfo=UTC)


# ---- the API: ISO 8601 to the minute ----------------------------------------------------

API_MEETING = {
    "title": "Council of Foreign Ministers",
    "kind": "meeting",
    "end": "2026-12-24T12:00",
    "timezone": "Europe/Moscow",
}


@pytest.mark.parametrize(
    "start",
    [
        "2026-12-24T10:30",
        "2026-12-24T10:30:00",
        "2026-12-24T10:30:00+03:00",
        "2026-12-24T07:30:00.000Z",  # what JavaScript's toISOString() sends
    ],
)
def test_an_api_time_to_the_minute_is_taken(app, client, start):
    token = make_token(app)
    response = client.post(
        "/api/v1/events", json=API_MEETING | {"start": start}, headers=auth(token)
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["start"] == "2026-12-24T10:30:00+03:00"


@pytest.mark.parametrize(
    "start",
    [
        "2026-12-24T10.30",
        "2026-12-24T10:30:15",
        "2026-12-24T10:30:00.5",
        "2026-12-24T10",
        "2026-12-24 10:30",
        "2026-12-24",
        "2026-12-24T10:30+0300",
    ],
)
def test_an_api_time_that_is_not_iso_8601_to_the_minute_is_a_field_message(app, client, start):
    token = make_token(app)
    response = client.post(
        "/api/v1/events", json=API_MEETING | {"start": start}, headers=auth(token)
    )
    assert response.status_code == 422, response.get_json()
    message = response.get_json()["fields"]["start"]
    assert "YYYY-MM-DDTHH:MM" in message and "2026-12-24T10:30:00+03:00" in message
    assert events(app) == []


# ---- a save that changes nothing records nothing -----------------------------------------


def stored_event(app, start: datetime, end: datetime) -> int:
    """As an .ics import may store it: instants with seconds (or the fractions that the
    old form read from "10.30")."""
    with app.app_context():
        event = service.create_event(
            EventData(title="Imported call", kind="meeting", start=start, end=end,
                      timezone="Europe/Moscow"),
            action="import",
        )  # fmt: skip
        db.session.commit()
        return event.id


WITH_SECONDS = (
    datetime(2026, 12, 24, 7, 0, 30, tzinfo=UTC),
    datetime(2026, 12, 24, 8, 0, 45, tzinfo=UTC),
)
WITH_FRACTION = (
    datetime(2026, 12, 24, 7, 0, 0, 300000, tzinfo=UTC),
    datetime(2026, 12, 24, 8, tzinfo=UTC),
)


@pytest.mark.parametrize("span", [WITH_SECONDS, WITH_FRACTION])
def test_saving_an_event_with_stored_seconds_unchanged_records_nothing(editor, app, span):
    event_id = stored_event(app, *span)
    with app.app_context():
        assert form_values(db.session.get(Event, event_id))["start_time"] == "10:00"
    response = save_as_shown(editor, app, event_id)
    assert response.status_code == 302, response.get_data(as_text=True)
    [event] = events(app)
    assert (event.starts_at, event.ends_at, event.sequence) == (*span, 0)
    assert revision_count(app) == 1  # the import only


def test_a_title_change_keeps_stored_seconds_and_records_the_title_only(editor, app):
    event_id = stored_event(app, *WITH_SECONDS)
    response = save_as_shown(editor, app, event_id, title="Imported call (room 2)")
    assert response.status_code == 302
    [event] = events(app)
    assert (event.starts_at, event.ends_at, event.sequence) == (*WITH_SECONDS, 0)
    with app.app_context():
        last = db.session.scalars(select(EventRevision).order_by(EventRevision.id.desc())).first()
        assert set(last.changes) == {"title"}


def test_a_moved_time_is_taken_to_the_minute(editor, app):
    event_id = stored_event(app, *WITH_SECONDS)
    assert save_as_shown(editor, app, event_id, start_time="10:15").status_code == 302
    [event] = events(app)
    assert event.starts_at == datetime(2026, 12, 24, 7, 15, tzinfo=UTC)
    assert event.ends_at == WITH_SECONDS[1]  # the end was not touched
    assert event.sequence == 1


def test_the_api_shows_stored_seconds_to_the_minute_and_a_patch_keeps_them(app, client):
    event_id = stored_event(app, *WITH_SECONDS)
    token = make_token(app)
    url = f"/api/v1/events/{event_id}"
    read = client.get(url, headers=auth(token))
    assert (read.get_json()["start"], read.get_json()["end"]) == (
        "2026-12-24T10:00:00+03:00",
        "2026-12-24T11:00:00+03:00",
    )
    body = {k: read.get_json()[k] for k in ("title", "kind", "start", "end", "timezone")}
    put = client.put(url, json=body, headers=auth(token, **{"If-Match": read.headers["ETag"]}))
    assert put.status_code == 200, put.get_json()
    patch = client.patch(
        url, json={"title": "Renamed"}, headers=auth(token, **{"If-Match": put.headers["ETag"]})
    )
    assert patch.status_code == 200, patch.get_json()
    [event] = events(app)
    assert (event.starts_at, event.ends_at, event.sequence) == (*WITH_SECONDS, 0)
    assert revision_count(app) == 2  # the import and the title
