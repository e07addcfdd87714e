"""Creating events through the form: what is stored, the forms prefilled from the address,
the default end, and duplicating an event."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event

from .event_form_helpers import create_interaction, only_event
from .helpers import csrf_token, interaction_form, timed


def test_editor_adds_interaction_2023_as_an_all_day_exercise(editor, app, ids):
    event_id = create_interaction(editor, ids)
    event = only_event(app)
    assert (event.title, event.kind, event.all_day) == ("Interaction-2023", "training", True)
    assert (event.start_date, event.end_date) == (date(2023, 9, 1), date(2023, 9, 6))
    assert event.timezone == "Europe/Minsk"  # defaulted from the location
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Interaction-2023" in page and "Collective Rapid Reaction Forces" in page
    assert "created" in page and "History" in page
    assert "Event “Interaction-2023” created." in page


def test_timed_event_is_stored_in_utc_from_local_time_in_its_zone(editor, app, ids):
    create_interaction(
        editor,
        ids,
        **timed("2024-07-19 10:00", "12:30", "America/New_York"),
        title="Council meeting",
        kind="meeting",
    )
    event = only_event(app)
    assert event.starts_at == datetime(2024, 7, 19, 14, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2024, 7, 19, 16, 30, tzinfo=UTC)
    assert event.timezone == "America/New_York"


def test_time_zone_defaults_to_the_configured_one_without_a_location(editor, app, ids):
    create_interaction(editor, ids, location_id="")
    assert only_event(app).timezone == "Europe/Moscow"


def test_new_form_takes_the_date_from_the_address(editor, ids):
    page = editor.get("/events/new?date=2026-11-04").get_data(as_text=True)
    assert re.search(r'id="start_date" name="start_date" type="date" value="2026-11-04"', page)


def test_new_form_takes_a_start_time_from_the_address_and_ends_an_hour_later(editor, ids):
    page = editor.get("/events/new?start=2026-11-04T23:30").get_data(as_text=True)
    assert 'name="start_date" type="date" value="2026-11-04"' in page
    assert 'name="start_time" type="time" value="23:30"' in page
    assert 'name="end_date" type="date" value="2026-11-05"' in page
    assert 'name="end_time" type="time" value="00:30"' in page


@pytest.mark.parametrize(
    "query", ["date=04.11.2026", "date=2026-13-01", "start=2026-11-04T25:00", "start=x", "date="]
)
def test_new_form_ignores_a_date_that_makes_no_sense(editor, ids, query):
    response = editor.get(f"/events/new?{query}")
    assert response.status_code == 200
    assert 'name="start_date" type="date" value=""' in response.get_data(as_text=True)


def test_timed_event_without_an_end_time_lasts_an_hour(editor, app, ids):
    create_interaction(editor, ids, **timed("2024-07-19 23:30", "", "America/New_York"))
    event = only_event(app)
    assert event.starts_at == datetime(2024, 7, 20, 3, 30, tzinfo=UTC)
    assert event.ends_at == datetime(2024, 7, 20, 4, 30, tzinfo=UTC)
    assert "Empty: one hour after the start." in editor.get("/events/new").get_data(True)


def test_duplicate_opens_a_prefilled_form_and_saves_nothing_until_submitted(editor, app, ids):
    event_id = create_interaction(editor, ids, participants="Contingents", visibility="internal")
    detail = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/events/new?copy={event_id}"' in detail
    page = editor.get(f"/events/new?copy={event_id}").get_data(as_text=True)
    assert 'value="Interaction-2023"' in page and 'value="2023-09-06"' in page
    assert "Contingents" in page and 'name="version"' in page
    assert 'name="version" type="hidden" value=""' in page
    assert re.search(rf'<option selected value="{ids["belarus"]}"', page)
    assert '<option selected value="internal"' in page
    assert 'action="/events/new"' in page
    with app.app_context():
        assert len(db.session.scalars(select(Event)).all()) == 1
    response = editor.post(
        "/events/new",
        data={  # the copy a month later (the same dates would double-book the force)
            "csrf_token": csrf_token(page),
            **interaction_form(ids, start_date="2023-10-02", end_date="2023-10-06"),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(Event)).all()) == 2


def test_duplicate_of_an_unknown_or_deleted_event_is_404(editor, app, ids):
    event_id = create_interaction(editor, ids)
    assert editor.get("/events/new?copy=999").status_code == 404
    assert editor.get("/events/new?copy=99999999999999999999").status_code == 404
    token = csrf_token(editor.get(f"/events/{event_id}/delete").get_data(as_text=True))
    editor.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    assert editor.get(f"/events/new?copy={event_id}").status_code == 404
