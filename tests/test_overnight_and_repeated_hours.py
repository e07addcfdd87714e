"""Times that cross midnight or fall in the hour a fall-back repeats: an overnight meeting
ends the next morning, as in Google Calendar and Outlook, and a repeated 01:30 is offered
as the two instants it may be instead of being refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event

from .helpers import (
    field_error,
    post_form,
    save_as_shown,
    timed_form,
)
from .test_api import auth, make_token


def stored(app) -> list[tuple[datetime, datetime]]:
    with app.app_context():
        return [(e.starts_at, e.ends_at) for e in db.session.scalars(select(Event))]


def moscow(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall time on `day` December 2026 in Moscow, as the UTC instant stored."""
    return datetime(2026, 12, day, hour, minute, tzinfo=ZoneInfo("Europe/Moscow")).astimezone(UTC)


# ---- overnight --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "ends_at"),
    [
        # The demo's UN briefing (15:00-16:00 in New York) as the secretariat sees it.
        ("23:00", "00:00", moscow(25, 0)),
        ("22:00", "02:00", moscow(25, 2)),
        ("20:00", "08:00", moscow(25, 8)),  # a night exercise: twelve hours at the most
    ],
)
def test_an_end_time_before_the_start_with_no_end_date_ends_the_next_day(
    editor, app, ids, start, end, ends_at
):
    response = post_form(editor, "/events/new", timed_form(ids, start_time=start, end_time=end))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored(app) == [(moscow(24, int(start[:2])), ends_at)]


def test_a_span_of_more_than_twelve_hours_is_taken_for_a_slip_not_a_night(editor, app, ids):
    # 10:00 to 1:00 is much more likely 13:00 mistyped than a 15-hour meeting.
    data = timed_form(ids, start_time="10:00", end_time="01:00")
    page = post_form(editor, "/events/new", data).get_data(as_text=True)
    assert field_error(page, "end_time") == (
        "The event ends before it starts. If it ends the next day, enter that date as the end date."
    )
    assert stored(app) == []


def test_an_end_date_typed_as_the_start_date_is_taken_at_its_word(editor, app, ids):
    data = timed_form(ids, start_time="23:00", end_date="2026-12-24", end_time="00:00")
    response = post_form(editor, "/events/new", data)
    assert response.status_code == 422
    assert "ends before it starts" in field_error(response.get_data(as_text=True), "end_time")
    assert stored(app) == []


def test_the_edit_form_leaves_the_end_date_empty_for_a_same_day_event(editor, app, ids):
    post_form(editor, "/events/new", timed_form(ids))
    [event_id] = [e.id for e in events(app)]
    page = editor.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert re.search(r'name="end_date" type="date" value=""', page)
    # ... so that moving it to the evening, as one would in Google Calendar, just works
    response = save_as_shown(editor, app, event_id, start_time="23:00", end_time="00:30")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored(app) == [(moscow(24, 23), moscow(25, 0, 30))]


def events(app) -> list[Event]:
    with app.app_context():
        return list(db.session.scalars(select(Event)))


def test_an_overnight_event_saves_again_unchanged(editor, app, ids):
    post_form(editor, "/events/new", timed_form(ids, start_time="23:00", end_time="00:00"))
    [event] = events(app)
    page = editor.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert re.search(r'name="end_date" type="date" value="2026-12-25"', page)
    assert save_as_shown(editor, app, event.id).status_code == 302
    [again] = events(app)
    assert (again.version, again.sequence) == (event.version, 0)


# ---- the hour a fall-back repeats ---------------------------------------------------------

# 01:30 on 3 November 2024 happens twice in New York: 05:30 UTC (EDT) and 06:30 UTC (EST).
FIRST_0130 = datetime(2024, 11, 3, 5, 30, tzinfo=UTC)
SECOND_0130 = datetime(2024, 11, 3, 6, 30, tzinfo=UTC)
NIGHT_CALL = {
    "title": "Night call with New York",
    "start_date": "2024-11-03",
    "start_time": "01:30",
    "end_time": "03:00",
    "timezone": "America/New_York",
}


def choice(page: str, name: str) -> list[tuple[str, str]]:
    """The radio buttons offered for `name`: (value, label text)."""
    found = re.findall(
        rf'<input[^>]*name="{name}"[^>]*type="radio"[^>]*value="([01])"[^>]*>\s*'
        rf"<label[^>]*>([^<]*)</label>",
        page,
    )
    return [(value, label.strip()) for value, label in found]


def test_a_repeated_start_time_is_offered_as_its_two_instants(editor, app, ids):
    response = post_form(editor, "/events/new", timed_form(ids, **NIGHT_CALL))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "happens twice" in field_error(page, "start_time")
    assert choice(page, "start_fold") == [
        ("0", "01:30 EDT (UTC−04:00)"),
        ("1", "01:30 EST (UTC−05:00)"),
    ]
    assert 'type="hidden" name="start_fold"' not in page  # the choice replaces it
    assert stored(app) == []


@pytest.mark.parametrize(("fold", "starts_at"), [("0", FIRST_0130), ("1", SECOND_0130)])
def test_choosing_one_of_the_two_saves_that_instant(editor, app, ids, fold, starts_at):
    data = timed_form(ids, **NIGHT_CALL, start_fold=fold)
    response = post_form(editor, "/events/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored(app) == [(starts_at, datetime(2024, 11, 3, 8, tzinfo=UTC))]


def test_a_repeated_end_time_reached_overnight_is_offered_too(editor, app, ids):
    data = timed_form(ids, **NIGHT_CALL | {"start_date": "2024-11-02", "start_time": "23:30"})
    data["end_time"] = "01:30"  # no end date: the next day, 3 November
    page = post_form(editor, "/events/new", data).get_data(as_text=True)
    assert [label for _, label in choice(page, "end_fold")] == [
        "01:30 EDT (UTC−04:00)",
        "01:30 EST (UTC−05:00)",
    ]
    assert choice(page, "start_fold") == []
    response = post_form(editor, "/events/new", data | {"end_fold": "1"})
    assert response.status_code == 302
    assert stored(app) == [(datetime(2024, 11, 3, 3, 30, tzinfo=UTC), SECOND_0130)]


API_NIGHT_CALL = {
    "title": "Night call with New York",
    "kind": "meeting",
    "start": "2024-11-03T01:30",
    "end": "2024-11-03T03:00",
    "timezone": "America/New_York",
}


def test_the_api_names_the_two_offsets_of_a_repeated_time(app, client):
    token = make_token(app)
    response = client.post("/api/v1/events", json=API_NIGHT_CALL, headers=auth(token))
    assert response.status_code == 422
    message = response.get_json()["fields"]["start"]
    assert "happens twice" in message
    assert "2024-11-03T01:30:00-04:00 (EDT)" in message
    assert "2024-11-03T01:30:00-05:00 (EST)" in message


def test_the_api_takes_the_offset_that_says_which(app, client):
    token = make_token(app)
    body = API_NIGHT_CALL | {"start": "2024-11-03T01:30:00-05:00"}
    response = client.post("/api/v1/events", json=body, headers=auth(token))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["start"] == "2024-11-03T01:30:00-05:00"
    assert stored(app) == [(SECOND_0130, datetime(2024, 11, 3, 8, tzinfo=UTC))]
