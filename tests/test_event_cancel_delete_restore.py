"""Cancelling (with a reason) and reinstating, deleting after a confirmation, and an
admin restoring a deleted event."""

from .event_form_helpers import create_interaction, only_event, revisions
from .helpers import csrf_token


def test_cancel_keeps_the_event_visible_as_cancelled(editor, app, ids):
    event_id = create_interaction(editor, ids)
    token = csrf_token(editor.get(f"/events/{event_id}").get_data(as_text=True))
    response = editor.post(f"/events/{event_id}/cancel", data={"csrf_token": token, "version": 1})
    assert response.status_code == 302
    event = only_event(app)
    assert event.status == "cancelled" and event.sequence == 1
    page = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "This event is cancelled" in page and "cancelled" in page
    assert revisions(app, event_id)[-1].changes == {"status": ["confirmed", "cancelled"]}


def test_delete_asks_first_then_hides_the_event_and_admin_restores_it(
    client, app, auth, ids, admin
):
    auth.login("editor")
    event_id = create_interaction(client, ids)
    confirm = client.get(f"/events/{event_id}/delete")
    assert confirm.status_code == 200 and "Delete “Interaction-2023”?" in confirm.get_data(True)
    assert only_event(app).deleted_at is None  # GET changes nothing
    token = csrf_token(confirm.get_data(as_text=True))
    assert 'name="version" value="1"' in confirm.get_data(as_text=True)
    response = client.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    assert response.status_code == 302
    assert client.get(f"/events/{event_id}").status_code == 404
    # An editor sees it in the audit log but may not restore it.
    audit = client.get("/manage/audit").get_data(as_text=True)
    assert "Interaction-2023" in audit and "an admin can restore" in audit
    assert client.post(f"/events/{event_id}/restore", data={"csrf_token": token}).status_code == 403

    audit = admin.get("/manage/audit").get_data(as_text=True)
    response = admin.post(f"/events/{event_id}/restore", data={"csrf_token": csrf_token(audit)})
    assert response.status_code == 302
    assert client.get(f"/events/{event_id}").status_code == 200
    actions = [r.action for r in revisions(app, event_id)]
    assert actions == ["create", "delete", "restore"]


def test_cancel_asks_first_and_keeps_the_reason(editor, app, ids):
    event_id = create_interaction(editor, ids, status="planned")
    detail = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/events/{event_id}/cancel"' in detail
    confirm = editor.get(f"/events/{event_id}/cancel")
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert "Cancel “Interaction-2023”?" in page and 'name="reason"' in page
    assert only_event(app).status == "planned"  # GET changes nothing
    response = editor.post(
        f"/events/{event_id}/cancel",
        data={"csrf_token": csrf_token(page), "version": "1", "reason": "Postponed <sine die>"},
    )
    assert response.status_code == 302
    assert only_event(app).status == "cancelled"
    assert revisions(app, event_id)[-1].changes == {
        "status": ["planned", "cancelled"],
        "reason": [None, "Postponed <sine die>"],
    }
    detail = editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert 'Reason: <span class="pre">Postponed &lt;sine die&gt;</span>' in detail
    assert f'action="/events/{event_id}/reinstate"' in detail
    assert f'href="/events/{event_id}/cancel"' not in detail


def test_cancel_reason_too_long_is_refused_and_kept(editor, app, ids):
    event_id = create_interaction(editor, ids)
    page = editor.get(f"/events/{event_id}/cancel").get_data(as_text=True)
    response = editor.post(
        f"/events/{event_id}/cancel",
        data={"csrf_token": csrf_token(page), "version": "1", "reason": "r" * 501},
    )
    assert response.status_code == 422
    assert "Keep this under 500 characters" in response.get_data(as_text=True)
    assert 'name="version" value="1"' in response.get_data(as_text=True)
    assert only_event(app).status == "confirmed"


def test_reinstate_brings_back_the_status_before_the_cancellation(editor, app, ids):
    event_id = create_interaction(editor, ids, status="planned")
    token = csrf_token(editor.get(f"/events/{event_id}/cancel").get_data(as_text=True))
    editor.post(f"/events/{event_id}/cancel", data={"csrf_token": token, "version": "1"})
    response = editor.post(
        f"/events/{event_id}/reinstate",
        data={"csrf_token": token, "version": "2"},
        follow_redirects=True,
    )
    assert "reinstated" in response.get_data(as_text=True)
    event = only_event(app)
    assert event.status == "planned" and event.sequence == 2
    assert revisions(app, event_id)[-1].action == "reinstate"
    # A stale page does nothing.
    again = editor.post(f"/events/{event_id}/reinstate", data={"csrf_token": token, "version": "2"})
    assert again.status_code == 302 and only_event(app).status == "planned"


def test_delete_goes_to_the_month_of_the_event(editor, ids):
    event_id = create_interaction(editor, ids)
    token = csrf_token(editor.get(f"/events/{event_id}/delete").get_data(as_text=True))
    response = editor.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    assert response.headers["Location"].endswith("/calendar/2023/9")


def test_admin_sees_who_deleted_an_event_and_can_restore_it(client, auth, ids, admin):
    auth.login("editor")
    event_id = create_interaction(client, ids)
    token = csrf_token(client.get(f"/events/{event_id}/delete").get_data(as_text=True))
    client.post(f"/events/{event_id}/delete", data={"csrf_token": token, "version": 1})
    client.get("/calendar/2023/9")  # shows the flash message
    editor_view = client.get(f"/events/{event_id}")
    assert editor_view.status_code == 404 and "Interaction-2023" not in editor_view.get_data(True)
    response = admin.get(f"/events/{event_id}")
    assert response.status_code == 404  # still not in the calendar
    page = response.get_data(as_text=True)
    assert "“Interaction-2023” is deleted" in page and "Deleted by <strong>erin</strong>" in page
    assert f'action="/events/{event_id}/restore"' in page
    restored = admin.post(f"/events/{event_id}/restore", data={"csrf_token": csrf_token(page)})
    assert restored.status_code == 302
    assert client.get(f"/events/{event_id}").status_code == 200
