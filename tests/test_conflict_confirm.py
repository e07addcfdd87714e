"""Saving a double booking through the form: listed with links, refused until "Save
anyway" with a reason, which the event's history keeps."""

from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision
from tests.helpers import csrf_token, interaction_form, post_form


def _second_exercise(ids, **changes):
    values = {"title": "Search-2023", "start_date": "2023-09-05", "end_date": "2023-09-09"}
    return interaction_form(ids, **{**values, **changes})


def test_a_double_booked_force_is_listed_and_nothing_is_saved(app, editor, ids):
    assert post_form(editor, "/events/new", interaction_form(ids)).status_code == 302
    refused = post_form(editor, "/events/new", _second_exercise(ids))
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Not saved" in html and "Interaction-2023" in html
    assert (
        "Collective Rapid Reaction Forces" in html
        and "Training grounds of the Republic of Belarus" in html
    )
    assert 'name="confirm_conflicts"' in html and 'value="Search-2023"' in html  # input kept
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def test_save_anyway_needs_a_reason_and_records_it(app, editor, ids):
    post_form(editor, "/events/new", interaction_form(ids))
    page = editor.get("/events/new")
    token = csrf_token(page.get_data(as_text=True))
    no_reason = editor.post(
        "/events/new", data={**_second_exercise(ids), "csrf_token": token, "confirm_conflicts": "y"}
    )
    assert no_reason.status_code == 409
    assert "Say why it is saved anyway" in no_reason.get_data(as_text=True)
    saved = editor.post(
        "/events/new",
        data={**_second_exercise(ids), "csrf_token": token, "confirm_conflicts": "y",
              "conflict_reason": "Different battalions of the CRRF"},
    )  # fmt: skip
    assert saved.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.title == "Search-2023"))
        revision = db.session.scalar(
            select(EventRevision).where(EventRevision.event_id == event.id)
        )
        assert revision.changes["conflicts_confirmed"][1] == {
            "reason": "Different battalions of the CRRF",
            "with": ["Interaction-2023"],
        }
        event_id = event.id
    history = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Different battalions of the CRRF" in history


def test_an_edit_that_creates_a_double_booking_is_refused_too(app, editor, ids):
    post_form(editor, "/events/new", interaction_form(ids))
    post_form(
        editor, "/events/new", _second_exercise(ids, start_date="2023-10-05", end_date="2023-10-09")
    )
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.title == "Search-2023"))
    page = editor.get(f"/events/{event_id}/edit").get_data(as_text=True)
    moved = editor.post(
        f"/events/{event_id}/edit",
        data={**_second_exercise(ids), "csrf_token": csrf_token(page), "version": "1"},
    )
    assert moved.status_code == 409
    with app.app_context():
        assert db.session.get(Event, event_id).start_date.month == 10


def test_a_cancelled_event_books_nothing(app, editor, ids):
    post_form(editor, "/events/new", interaction_form(ids, status="cancelled"))
    assert post_form(editor, "/events/new", _second_exercise(ids)).status_code == 302
