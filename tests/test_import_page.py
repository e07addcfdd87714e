"""/import for editors, and the account page with API tokens, through real forms with CSRF."""

from pathlib import Path

from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import ApiToken, Event

from .helpers import csrf_token, login, make_user

OUTLOOK = (Path(__file__).parent / "fixtures" / "outlook.ics").read_bytes()


def sign_in(client, app, role: str) -> None:
    make_user(app, role, role)
    assert login(client, role).status_code == 302


def count_events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Event.id)))


def upload(client, content: bytes, name="export.ics"):
    from io import BytesIO

    token = csrf_token(client.get("/import").get_data(as_text=True))
    return client.post(
        "/import",
        data={"csrf_token": token, "file": (BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_editor_previews_then_confirms_an_import(app, client):
    sign_in(client, app, "editor")
    preview = upload(client, OUTLOOK)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 new, 0 updated, 0 unchanged, 0 rejected. Nothing has been saved yet." in page
    assert count_events(app) == 0
    confirm = client.post(
        "/import/confirm",
        data={"csrf_token": csrf_token(page), "content": OUTLOOK.decode()},
        follow_redirects=True,
    )
    assert "Imported: 3 new" in confirm.get_data(as_text=True)
    assert count_events(app) == 3
    again = upload(client, OUTLOOK).get_data(as_text=True)
    assert "0 new, 0 updated, 3 unchanged" in again and "There is nothing to import" in again


def test_bad_files_get_a_clear_message_and_nothing_is_written(app, client):
    sign_in(client, app, "editor")
    for content, message in (
        (b"\x89PNG\x00\x00binary", "binary file"),
        (b"Name,Date\nx,y\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1", "cut short"),
    ):
        response = upload(client, content)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    app.config["CALENDAR_MAX_IMPORT_BYTES"] = 2048
    big = upload(client, OUTLOOK + b" " * 4096)
    assert big.status_code == 413
    assert count_events(app) == 0


def test_viewers_and_anonymous_cannot_import(app, client):
    assert client.get("/import").status_code == 302
    sign_in(client, app, "viewer")
    assert client.get("/import").status_code == 403
    assert client.post("/import/confirm", data={"content": "x"}).status_code in (400, 403)


def test_account_page_creates_shows_once_and_revokes_api_tokens(app, client):
    sign_in(client, app, "viewer")
    page = client.get("/account").get_data(as_text=True)
    assert "/feeds/" in page and "My private calendar feed" in page
    created = client.post(
        "/account/tokens", data={"csrf_token": csrf_token(page), "name": "Press office"}
    )
    text = created.get_data(as_text=True)
    token = text.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert token.startswith("cal_")
    assert (
        client.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    assert token not in client.get("/account").get_data(as_text=True)  # shown once
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert row.token_hash != token and row.name == "Press office"
        token_id = row.id
    revoke = client.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(text)}
    )
    assert revoke.status_code == 302
    assert (
        client.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_token_name_is_required_and_others_tokens_cannot_be_revoked(app, client):
    sign_in(client, app, "viewer")
    page = client.get("/account").get_data(as_text=True)
    empty = client.post("/account/tokens", data={"csrf_token": csrf_token(page), "name": " "})
    assert empty.status_code == 422 and "Give the token a name" in empty.get_data(as_text=True)
    assert (
        client.post("/account/tokens/999/revoke", data={"csrf_token": csrf_token(page)}).status_code
        == 404
    )
    assert client.post("/account/tokens", data={"name": "x"}).status_code == 400  # no CSRF


def test_account_page_needs_a_login(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
