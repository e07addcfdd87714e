"""Who may add, change and see events: anonymous visitors, viewers, editors; unknown
events are a 404."""

from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event

from .event_form_helpers import create_interaction, only_event
from .helpers import csrf_token, interaction_form


def test_anonymous_visitor_is_sent_to_login(client, ids):
    response = client.get("/events/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_viewer_is_refused_with_403(client, app, auth, ids):
    auth.login("viewer")
    assert client.get("/events/new").status_code == 403
    token = csrf_token(client.get("/calendar/2023/9").get_data(as_text=True))
    response = client.post("/events/new", data={"csrf_token": token, **interaction_form(ids)})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_viewer_cannot_cancel_or_delete(client, app, auth, ids):
    auth.login("editor")
    event_id = create_interaction(client, ids)
    viewer = app.test_client()
    auth.login("viewer", client=viewer)
    token = csrf_token(viewer.get(f"/events/{event_id}").get_data(as_text=True))
    assert viewer.post(f"/events/{event_id}/cancel", data={"csrf_token": token}).status_code == 403
    assert viewer.post(f"/events/{event_id}/delete", data={"csrf_token": token}).status_code == 403
    assert only_event(app).status == "confirmed"


def test_unknown_and_deleted_events_give_404_not_500(editor, ids):
    assert editor.get("/events/999/edit").status_code == 404
    assert editor.get("/events/999/delete").status_code == 404


def test_history_is_hidden_from_anonymous_visitors(client, app, auth, ids):
    auth.login("editor")
    event_id = create_interaction(client, ids)
    anonymous = app.test_client()
    page = anonymous.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Interaction-2023" in page and "History" not in page and "erin" not in page


def test_internal_event_is_404_for_anonymous_visitors(client, app, auth, ids):
    auth.login("editor")
    event_id = create_interaction(client, ids, visibility="internal")
    assert app.test_client().get(f"/events/{event_id}").status_code == 404
    assert client.get(f"/events/{event_id}").status_code == 200
