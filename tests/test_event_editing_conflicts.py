"""Editing an event: the history records each field's before and after, and a save or
action against a version someone else has changed is refused."""

from datetime import date

import pytest

from calendar_app.extensions import db
from calendar_app.models import Event

from .event_form_helpers import create_interaction, only_event, revisions, submit
from .helpers import csrf_token, interaction_form


def test_edit_records_field_level_before_and_after(editor, app, ids):
    event_id = create_interaction(editor, ids)
    response = submit(
        editor,
        f"/events/{event_id}/edit",
        interaction_form(ids, end_date="2023-09-07", status="planned", version="1"),
    )
    assert response.status_code == 302
    last = revisions(app, event_id)[-1]
    assert last.action == "update"
    assert last.changes == {
        "status": ["confirmed", "planned"],
        "end": ["2023-09-06", "2023-09-07"],
    }
    assert only_event(app).sequence == 1
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "7 Sep 2023" in page and "07 Sep" not in page and "edited" in page


def test_edit_form_shows_the_event_as_entered(editor, ids):
    event_id = create_interaction(editor, ids)
    page = editor.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert 'value="Interaction-2023"' in page and 'value="2023-09-06"' in page
    assert 'name="version" type="hidden" value="1"' in page


def test_concurrent_edit_is_refused_naming_who_changed_what(client, app, auth, ids):
    auth.login("editor")
    event_id = create_interaction(client, ids)
    # Erin opens the form at version 1 ...
    erin_token = csrf_token(client.get(f"/events/{event_id}/edit").get_data(as_text=True))
    # ... meanwhile Bob changes the dates and saves.
    bob = app.test_client()
    auth.login("editor", username="bob", client=bob)
    saved = submit(
        bob, f"/events/{event_id}/edit", interaction_form(ids, end_date="2023-09-08", version="1")
    )
    assert saved.status_code == 302
    # Erin saves her title change against version 1.
    response = client.post(
        f"/events/{event_id}/edit",
        data={
            "csrf_token": erin_token,
            **interaction_form(ids, title="Interaction-2023 (CRRF)", version="1"),
        },
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Not saved: bob changed end while you were editing." in page
    assert 'value="Interaction-2023 (CRRF)"' in page  # her input is kept
    event = only_event(app)
    assert event.title == "Interaction-2023" and event.end_date == date(2023, 9, 8)
    assert 'name="version" type="hidden" value="2"' in page  # a second save is deliberate


def test_cancel_with_a_stale_version_does_nothing(editor, app, ids):
    event_id = create_interaction(editor, ids)
    submit(editor, f"/events/{event_id}/edit", interaction_form(ids, title="Renamed", version="1"))
    token = csrf_token(editor.get(f"/events/{event_id}").get_data(as_text=True))
    response = editor.post(
        f"/events/{event_id}/cancel",
        data={"csrf_token": token, "version": 1},
        follow_redirects=True,
    )
    assert "Nothing done: erin changed title" in response.get_data(as_text=True)
    assert only_event(app).status == "confirmed"


@pytest.mark.parametrize("version", ["", "abc", None])
def test_edit_without_a_version_is_treated_as_stale(editor, app, ids, version):
    event_id = create_interaction(editor, ids)
    data = interaction_form(ids, title="Blind", version=version)
    response = submit(editor, f"/events/{event_id}/edit", data)
    assert response.status_code == 409
    assert only_event(app).title == "Interaction-2023"


def test_a_save_racing_another_process_is_refused_by_the_version_counter(editor, app, ids):
    """Both passed the version check; the database lets only the first UPDATE through."""
    from sqlalchemy import text

    from calendar_app.events.rules import EventRules, validate_event
    from calendar_app.events.service import StaleEventError, update_event

    event_id = create_interaction(editor, ids)
    with app.app_context():
        event = db.session.get(Event, event_id)
        loaded = event.version
        # Another process saves in between (its own connection, its own transaction).
        with db.engine.begin() as other:
            other.execute(
                text("UPDATE events SET title = 'Theirs', version = version + 1 WHERE id = :id"),
                {"id": event_id},
            )
        rules = EventRules(["training"], "Europe/Moscow", {ids["belarus"]: "Europe/Minsk"}, {1})
        data = validate_event(interaction_form(ids, title="Mine"), rules)
        with pytest.raises(StaleEventError):
            update_event(event, data, None, expected_version=loaded)
    event = only_event(app)
    assert event.title == "Theirs"
    assert [r.action for r in revisions(app, event_id)] == ["create"]


def test_delete_without_the_shown_version_does_nothing(editor, app, ids):
    event_id = create_interaction(editor, ids)
    token = csrf_token(editor.get(f"/events/{event_id}/delete").get_data(as_text=True))
    response = editor.post(
        f"/events/{event_id}/delete", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Nothing done" in response.get_data(as_text=True)
    assert only_event(app).deleted_at is None
