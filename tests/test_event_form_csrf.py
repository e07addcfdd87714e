"""CSRF on the event forms: a post without a valid token is refused with a clear page,
yet typed input is never lost to an expired form."""

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event

from .event_form_helpers import create_interaction, only_event
from .helpers import csrf_token, interaction_form


def test_post_without_csrf_token_is_refused(editor, app, ids):
    response = editor.post("/events/new", data=interaction_form(ids))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_csrf_failure_is_a_clear_400_page(editor, ids):
    response = editor.post("/events/new", data={"title": "x"})
    assert response.status_code == 400
    assert "nothing was saved" in response.get_data(as_text=True)


def test_a_form_left_open_for_hours_still_saves(editor, app, ids, monkeypatch):
    import time

    import itsdangerous.timed

    token = csrf_token(editor.get("/events/new").get_data(as_text=True))
    later = time.time() + 5 * 3600
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    response = editor.post("/events/new", data={"csrf_token": token, **interaction_form(ids)})
    assert response.status_code == 302
    assert only_event(app).title == "Interaction-2023"


@pytest.mark.parametrize("token", [None, "expired-or-forged"])
def test_refused_csrf_on_the_new_form_keeps_the_input_with_a_fresh_token(editor, app, ids, token):
    data = interaction_form(ids, participants="Delegations of six states")
    if token:
        data["csrf_token"] = token
    response = editor.post("/events/new", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "did not come from this site" in page and "submit again" in page
    assert 'value="Interaction-2023"' in page and "Delegations of six states" in page
    assert 'value="2023-09-06"' in page
    with app.app_context():
        assert db.session.scalar(select(Event)) is None
    # The re-rendered form carries a new token: submitting it again saves.
    again = editor.post("/events/new", data={**data, "csrf_token": csrf_token(page)})
    assert again.status_code == 302
    assert only_event(app).participants == "Delegations of six states"


def test_refused_csrf_on_the_edit_form_keeps_the_input_and_the_loaded_version(editor, app, ids):
    event_id = create_interaction(editor, ids)
    data = interaction_form(ids, title="Interaction-2023 (CRRF)", version="1")
    response = editor.post(f"/events/{event_id}/edit", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="Interaction-2023 (CRRF)"' in page
    assert 'name="version" type="hidden" value="1"' in page
    assert only_event(app).title == "Interaction-2023"
    again = editor.post(f"/events/{event_id}/edit", data={**data, "csrf_token": csrf_token(page)})
    assert again.status_code == 302 and only_event(app).title == "Interaction-2023 (CRRF)"


def test_refused_csrf_shows_no_form_to_whoever_may_not_use_it(client, app, auth, ids):
    auth.login("editor")
    event_id = create_interaction(client, ids, visibility="internal")
    for who in (None, "viewer"):
        other = app.test_client()
        if who:
            auth.login(who, client=other)
        for url in ("/events/new", f"/events/{event_id}/edit"):
            response = other.post(url, data=interaction_form(ids, participants="TYPED"))
            assert response.status_code == 400
            page = response.get_data(as_text=True)
            assert "TYPED" not in page and "Interaction-2023" not in page
            assert "did not come from this site" in page
