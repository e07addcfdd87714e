"""/import for editors, and the account page with API tokens, through real forms with CSRF."""

import re
from datetime import date, timedelta
from html import unescape
from pathlib import Path

from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import ApiToken, Event

from .helpers import csrf_token

OUTLOOK = (Path(__file__).parent / "fixtures" / "outlook.ics").read_bytes()


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


def test_editor_previews_then_confirms_an_import(app, client, auth):
    auth.login("editor")
    preview = upload(client, OUTLOOK)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 new, 0 updated, 0 unchanged, 0 rejected. Nothing has been saved yet." in page
    assert count_events(app) == 0
    confirm = client.post("/import/confirm", data=confirm_form(page), follow_redirects=True)
    assert "Imported: 3 new" in confirm.get_data(as_text=True)
    assert count_events(app) == 3
    again = upload(client, OUTLOOK).get_data(as_text=True)
    assert "0 new, 0 updated, 3 unchanged" in again and "There is nothing to import" in again


def test_bad_files_get_a_clear_message_and_nothing_is_written(app, client, auth):
    auth.login("editor")
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


def test_viewers_and_anonymous_cannot_import(client, auth):
    assert client.get("/import").status_code == 302
    auth.login("viewer")
    assert client.get("/import").status_code == 403
    assert client.post("/import/confirm", data={"content": "x"}).status_code in (400, 403)


def test_account_page_creates_shows_once_and_revokes_api_tokens(app, client, auth):
    auth.login("viewer")
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


def test_token_name_is_required_and_others_tokens_cannot_be_revoked(client, auth):
    auth.login("viewer")
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


def calendar_file(*events: str, head: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Import//EN"]
    lines += [line for line in head.splitlines() if line]
    for event in events:
        lines += ["BEGIN:VEVENT", *[line for line in event.splitlines() if line], "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


SOON = date.today() + timedelta(days=3)
DAY = SOON.strftime("%Y%m%d")


def classified(uid: str, title: str, classification: str | None) -> str:
    line = f"CLASS:{classification}\n" if classification else ""
    return (
        f"UID:{uid}\nSUMMARY:{title}\n{line}"
        f"DTSTART;TZID=Europe/Moscow:{DAY}T100000\nDTEND;TZID=Europe/Moscow:{DAY}T110000\n"
    )


SECRETS = calendar_file(
    classified("c1", "Confidential consultations", "CONFIDENTIAL"),
    classified("p1", "Private briefing", "PRIVATE"),
    classified("x1", "Restricted by an unknown class", "X-SECRET"),
    classified("o1", "Open forum", "PUBLIC"),
    classified("n1", "Press conference", None),
)
HIDDEN = ("Confidential consultations", "Private briefing", "Restricted by an unknown class")


def preview_with(client, content: bytes, **options):
    from io import BytesIO

    token = csrf_token(client.get("/import").get_data(as_text=True))
    return client.post(
        "/import",
        data={"csrf_token": token, "file": (BytesIO(content), "export.ics"), **options},
        content_type="multipart/form-data",
    )


def confirm_form(page: str) -> dict:
    """The hidden fields of the preview's confirm form, exactly as the browser sends them."""
    form = page.split('action="/import/confirm"')[1].split("</form>")[0]
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }
    return fields


def public_views(client) -> str:
    month = client.get(f"/calendar/{SOON.year}/{SOON.month}")
    feed = client.get("/calendar.ics")
    assert month.status_code == feed.status_code == 200
    return month.get_data(as_text=True) + feed.get_data(as_text=True)


def test_import_form_offers_visibility_and_kind_defaulting_to_internal(client, auth):
    auth.login("editor")
    page = client.get("/import").get_data(as_text=True)
    assert 'name="visibility"' in page and 'name="kind"' in page
    assert '<option selected value="internal">' in page
    assert '<option selected value="meeting">' in page


def test_confidential_and_private_events_are_imported_internal_and_never_published(
    app, client, auth
):
    auth.login("editor")
    preview = preview_with(client, SECRETS, visibility="public", kind="session")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    rows = {title: page.split(title)[1].split("</tr>")[0] for title in HIDDEN + ("Open forum",)}
    for title in HIDDEN:
        assert "internal" in rows[title] and "CLASS:" in rows[title]
    assert "public" in rows["Open forum"] and "session" in rows["Open forum"]
    confirm = client.post("/import/confirm", data=confirm_form(page), follow_redirects=True)
    assert "Imported: 5 new" in confirm.get_data(as_text=True)
    with app.app_context():
        stored = {e.title: (e.visibility, e.kind) for e in db.session.scalars(select(Event))}
    assert stored == {
        "Confidential consultations": ("internal", "session"),
        "Private briefing": ("internal", "session"),
        "Restricted by an unknown class": ("internal", "session"),
        "Open forum": ("public", "session"),
        "Press conference": ("public", "session"),
    }
    seen = public_views(app.test_client())  # anonymous
    assert "Open forum" in seen and "Press conference" in seen
    for title in HIDDEN:
        assert title not in seen


def test_an_import_without_a_choice_is_internal_by_default(app, client, auth):
    auth.login("editor")
    page = upload(client, SECRETS).get_data(as_text=True)
    client.post("/import/confirm", data=confirm_form(page))
    with app.app_context():
        assert set(db.session.scalars(select(Event.visibility))) == {"internal"}


def test_reimporting_marks_an_already_published_confidential_event_internal(app, client, auth):
    auth.login("editor")
    leaked = SECRETS.replace(b"CLASS:CONFIDENTIAL", b"CLASS:PUBLIC")
    page = preview_with(client, leaked, visibility="public").get_data(as_text=True)
    client.post("/import/confirm", data=confirm_form(page))
    with app.app_context():
        assert db.session.scalar(select(Event.visibility).where(Event.uid == "c1")) == "public"
    again = preview_with(client, SECRETS, visibility="public").get_data(as_text=True)
    assert "1 updated" in again
    client.post("/import/confirm", data=confirm_form(again))
    with app.app_context():
        assert db.session.scalar(select(Event.visibility).where(Event.uid == "c1")) == "internal"


def test_confirm_refuses_a_plan_that_differs_from_the_preview(app, client, auth):
    auth.login("editor")
    page = preview_with(client, SECRETS, visibility="internal").get_data(as_text=True)
    fields = confirm_form(page)
    assert fields["visibility"] == "internal" and fields["kind"] == "meeting"
    tampered = client.post("/import/confirm", data={**fields, "visibility": "public"})
    assert tampered.status_code == 409
    assert "changed since the preview" in tampered.get_data(as_text=True)
    assert count_events(app) == 0
    bad = client.post("/import/confirm", data={**fields, "visibility": "everyone"})
    assert bad.status_code == 422 and count_events(app) == 0
    bad_kind = preview_with(client, SECRETS, kind="party")
    assert bad_kind.status_code == 422 and count_events(app) == 0


def test_unknown_time_zone_and_missing_end_are_warned_in_the_preview(app, client, auth):
    auth.login("editor")
    mars = f"UID:m1\nSUMMARY:Olympus review\nDTSTART;TZID=Mars/Olympus:{DAY}T090000\n"
    preview = preview_with(client, calendar_file(mars), visibility="public")
    page = unescape(preview.get_data(as_text=True))
    assert "unknown time zone Mars/Olympus, read as Europe/Moscow" in page
    assert "no end (DTEND or DURATION)" in page and "zero-length" in page
    confirm = client.post("/import/confirm", data=confirm_form(preview.get_data(as_text=True)))
    assert confirm.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event.timezone == "Europe/Moscow" and event.starts_at == event.ends_at
        event_id = event.id
    for url in (f"/events/{event_id}", f"/events/{event_id}/edit", f"/events/{event_id}.ics"):
        assert client.get(url).status_code == 200, url
    assert "Olympus review" in public_views(app.test_client())


def test_unknown_time_zone_prefers_the_files_vtimezone_then_x_wr_timezone(client, auth):
    auth.login("editor")
    vtimezone = (
        "BEGIN:VTIMEZONE\nTZID:Mars/Olympus\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
        "TZOFFSETFROM:+0500\nTZOFFSETTO:+0500\nEND:STANDARD\nEND:VTIMEZONE\n"
    )
    mars = (
        f"UID:m2\nSUMMARY:Olympus review\nDTSTART;TZID=Mars/Olympus:{DAY}T090000\n"
        f"DTEND;TZID=Mars/Olympus:{DAY}T100000\n"
    )
    page = unescape(preview_with(client, calendar_file(mars, head=vtimezone)).get_data(True))
    assert "unknown time zone Mars/Olympus, read with its VTIMEZONE in the file (UTC+05:00)" in page
    assert "zero-length" not in page
    x_wr = "X-WR-TIMEZONE:Asia/Bishkek\n"
    page = unescape(preview_with(client, calendar_file(mars, head=x_wr)).get_data(True))
    assert "unknown time zone Mars/Olympus, read as Asia/Bishkek (the file's X-WR-TIMEZONE)" in page
