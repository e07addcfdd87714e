"""Saving an event that someone deleted meanwhile: the typed input stays, the page says who
deleted it and when, and the way back is an administrator's restore, as with a save that
someone else's edit overtook."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .event_form_helpers import create_interaction
from .helpers import csrf_token, interaction_form


def signed_in(app, auth, role: str, username: str | None = None):
    """A client of its own, signed in as the `role`'s usual user (or `username`)."""
    client = app.test_client()
    auth.login(role, username=username, client=client)
    return client


def delete(client, event_id: int) -> None:
    page = client.get(f"/events/{event_id}/delete").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "version": "1"}
    assert client.post(f"/events/{event_id}/delete", data=data).status_code == 302


def state(app, event_id: int) -> tuple:
    with app.app_context():
        event = db.session.get(Event, event_id)
        actions = db.session.scalars(
            select(EventRevision.action).where(EventRevision.event_id == event_id)
        ).all()
        return event.title, event.deleted_at is not None, actions


@pytest.fixture
def opened_then_deleted(app, auth, ids):
    """Erin opens the edit form; meanwhile Bob deletes the event. (client, id, token)"""
    erin = signed_in(app, auth, "editor")
    event_id = create_interaction(erin, ids)
    token = csrf_token(erin.get(f"/events/{event_id}/edit").get_data(as_text=True))
    delete(signed_in(app, auth, "editor", "bob"), event_id)
    return erin, event_id, token


TYPED = {"title": "Interaction-2023 (Brest)", "participants": "Six delegations", "version": "1"}


def test_a_save_after_a_deletion_keeps_the_input_and_says_who_deleted_it_and_when(
    app, ids, opened_then_deleted
):
    erin, event_id, token = opened_then_deleted
    response = erin.post(
        f"/events/{event_id}/edit", data={"csrf_token": token, **interaction_form(ids, **TYPED)}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'value="Interaction-2023 (Brest)"' in page and "Six delegations" in page
    assert re.search(r"Not saved: bob deleted this event on \d+ \w+ \d{4} \d\d:\d\d", page)
    assert "while you were editing" in page
    assert "An administrator can restore it" in page
    assert 'name="restore"' not in page  # an editor cannot restore
    assert state(app, event_id) == ("Interaction-2023", True, ["create", "delete"])


def test_an_editor_cannot_restore_by_sending_the_admins_button(app, ids, opened_then_deleted):
    erin, event_id, token = opened_then_deleted
    data = {"csrf_token": token, "restore": "1", **interaction_form(ids, **TYPED)}
    assert erin.post(f"/events/{event_id}/edit", data=data).status_code == 409
    assert state(app, event_id) == ("Interaction-2023", True, ["create", "delete"])


def test_an_admin_restores_and_saves_the_input_in_one_step(app, auth, ids):
    ada = signed_in(app, auth, "admin")
    event_id = create_interaction(ada, ids)
    token = csrf_token(ada.get(f"/events/{event_id}/edit").get_data(as_text=True))
    delete(signed_in(app, auth, "editor", "bob"), event_id)
    url = f"/events/{event_id}/edit"
    refused = ada.post(url, data={"csrf_token": token, **interaction_form(ids, **TYPED)})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert re.search(r'<button[^>]*name="restore"[^>]*>Restore and save</button>', page)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    data = {
        "csrf_token": token,
        "restore": "1",
        **interaction_form(ids, **TYPED | {"version": version}),
    }
    saved = ada.post(url, data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert state(app, event_id) == (
        "Interaction-2023 (Brest)",
        False,
        ["create", "delete", "restore", "update"],
    )


def test_a_restore_and_save_with_field_errors_restores_nothing(app, auth, ids):
    ada = signed_in(app, auth, "admin")
    event_id = create_interaction(ada, ids)
    token = csrf_token(ada.get(f"/events/{event_id}/edit").get_data(as_text=True))
    delete(signed_in(app, auth, "editor", "bob"), event_id)
    data = {"csrf_token": token, "restore": "1", **interaction_form(ids, **TYPED | {"title": ""})}
    response = ada.post(f"/events/{event_id}/edit", data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'id="title-error">This field is required.' in page
    assert "Six delegations" in page
    assert state(app, event_id) == ("Interaction-2023", True, ["create", "delete"])


def test_a_save_with_an_expired_token_after_a_deletion_keeps_the_input_too(
    app, ids, opened_then_deleted
):
    erin, event_id, _ = opened_then_deleted
    data = {"csrf_token": "expired", **interaction_form(ids, **TYPED)}
    response = erin.post(f"/events/{event_id}/edit", data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'value="Interaction-2023 (Brest)"' in page and "bob deleted this event" in page
    assert state(app, event_id) == ("Interaction-2023", True, ["create", "delete"])


def test_the_edit_page_of_a_deleted_event_is_still_not_found(app, ids, opened_then_deleted):
    erin, event_id, _ = opened_then_deleted
    assert erin.get(f"/events/{event_id}/edit").status_code == 404


def test_a_viewer_posting_to_a_deleted_event_learns_nothing(app, auth, ids, opened_then_deleted):
    _, event_id, _ = opened_then_deleted
    vera = signed_in(app, auth, "viewer")
    token = csrf_token(vera.get("/calendar/2023/9").get_data(as_text=True))
    data = {"csrf_token": token, **interaction_form(ids, **TYPED)}
    response = vera.post(f"/events/{event_id}/edit", data=data)
    assert response.status_code == 403
    assert "deleted" not in response.get_data(as_text=True)
