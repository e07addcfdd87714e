"""The web import's confirm step: the previewed file stays in the database, and the
confirmation names it by a token bound to the user, valid once and for an hour."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select, update

from calendar_app import create_app
from calendar_app.extensions import db
from calendar_app.models import Event, ImportUpload, utcnow

from .helpers import csrf_token, login, make_user
from .test_import_hostile import calendar
from .test_import_page import preview_with

DAY = date.today() + timedelta(days=5)


def russian_export(n: int, description_chars: int = 3000) -> bytes:
    """n timed events with long Cyrillic descriptions (~5.8 KB each, as in the report)."""
    text = ("Совещание рабочей группы по вопросам коллективной безопасности. " * 60)[
        :description_chars
    ]
    events = [
        f"UID:ru-{i}@example.org\nSUMMARY:Заседание Совета № {i}\n"
        f"DTSTART;TZID=Europe/Moscow:{(DAY + timedelta(days=i % 300)):%Y%m%d}T100000\n"
        f"DTEND;TZID=Europe/Moscow:{(DAY + timedelta(days=i % 300)):%Y%m%d}T120000\n"
        f"DESCRIPTION:{text}\nLOCATION:Москва\\, Зал {i % 5}"
        for i in range(n)
    ]
    return calendar(*events)


def sign_in(app, client, name: str = "editor") -> None:
    make_user(app, name, "editor")
    assert login(client, name).status_code == 302


def confirm_fields(page: str) -> dict:
    form = page.split('action="/import/confirm"')[1].split("</form>")[0]
    return {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }


def events_stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Event.id)))


def upload_row(app) -> ImportUpload:
    with app.app_context():
        row = db.session.scalar(select(ImportUpload))
        db.session.expunge_all()
        return row


def test_a_two_megabyte_russian_file_is_confirmed_by_reference(app, client):
    sign_in(app, client)
    content = russian_export(335)
    assert len(content) > 1_900_000
    page = preview_with(client, content).get_data(as_text=True)
    assert "335 new, 0 updated" in page
    fields = confirm_fields(page)
    assert set(fields) == {"csrf_token", "visibility", "kind", "fingerprint", "token"}
    assert sum(len(v) for v in fields.values()) < 1_000  # the file does not travel back
    assert "Совещание" not in page.split('action="/import/confirm"')[1]
    with app.app_context():
        kept = db.session.scalar(select(ImportUpload))
        assert kept.content == content and kept.state == "previewed"
        assert kept.expires_at - utcnow() <= timedelta(hours=1)
    confirm = client.post("/import/confirm", data=fields)
    assert confirm.status_code == 302
    status = client.get(confirm.headers["Location"]).get_data(as_text=True)
    assert "Imported: 335 new, 0 updated, 0 unchanged, 0 rejected." in status
    assert events_stored(app) == 335
    with app.app_context():
        done = db.session.scalar(select(ImportUpload))
        assert done.state == "done" and done.content == b""  # removed after confirm
    progress = client.get(f"/import/{fields['token']}/progress").get_json()
    assert progress["state"] == "done" and progress["done"] == progress["total"] == 335


def test_another_process_confirms_what_one_previewed(app, app_config, client):
    """Nothing of the upload lives in process memory: a second app on the same database
    (another gunicorn worker or host) takes the confirmation."""
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(3)).get_data(as_text=True))
    other = create_app(app_config)
    other_client = other.test_client()
    other_client.set_cookie("session", client.get_cookie("session").value)
    reply = other_client.post("/import/confirm", data=fields)
    assert reply.status_code == 302
    assert events_stored(app) == 3
    with other.app_context():
        db.engine.dispose()


def test_another_users_token_is_refused_and_nothing_is_imported(app, client):
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(3)).get_data(as_text=True))
    intruder = app.test_client()
    sign_in(app, intruder, "mallory")
    fields["csrf_token"] = csrf_token(intruder.get("/import").get_data(as_text=True))
    reply = intruder.post("/import/confirm", data=fields)
    assert reply.status_code == 404
    assert "previewed by someone else" in reply.get_data(as_text=True)
    assert intruder.get(f"/import/{fields['token']}").status_code == 404
    assert intruder.get(f"/import/{fields['token']}/progress").status_code == 404
    assert events_stored(app) == 0 and upload_row(app).state == "previewed"


def test_an_expired_preview_is_refused_and_nothing_is_imported(app, client):
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(3)).get_data(as_text=True))
    with app.app_context():
        db.session.execute(update(ImportUpload).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    reply = client.post("/import/confirm", data=fields)
    assert reply.status_code == 410
    assert "This preview expired" in reply.get_data(as_text=True)
    assert events_stored(app) == 0
    preview_with(client, russian_export(1))  # a new upload removes expired ones
    with app.app_context():
        assert db.session.scalar(select(func.count(ImportUpload.id))) == 1


def test_a_reused_token_is_refused_and_imports_once(app, client):
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(4)).get_data(as_text=True))
    assert client.post("/import/confirm", data=fields).status_code == 302
    again = client.post("/import/confirm", data=fields)
    assert again.status_code == 409
    assert "already confirmed" in again.get_data(as_text=True)
    assert events_stored(app) == 4


@pytest.mark.parametrize("field", ["token", "fingerprint"])
def test_a_missing_or_forged_reference_is_refused(app, client, field):
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(2)).get_data(as_text=True))
    reply = client.post("/import/confirm", data={**fields, field: "forged"})
    assert reply.status_code in (404, 409)
    assert events_stored(app) == 0


def test_a_calendar_changed_since_the_preview_imports_nothing(app, client):
    sign_in(app, client)
    content = russian_export(3)
    fields = confirm_fields(preview_with(client, content).get_data(as_text=True))
    other = preview_with(client, russian_export(1))  # another preview, then confirm it first
    client.post("/import/confirm", data=confirm_fields(other.get_data(as_text=True)))
    assert events_stored(app) == 1
    reply = client.post("/import/confirm", data=fields)
    status = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "The calendar changed since the preview" in unescape(status)
    assert events_stored(app) == 1


def test_a_failing_import_job_writes_nothing_and_says_so(app, client, monkeypatch):
    from calendar_app.feeds import store

    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(5)).get_data(as_text=True))

    def broken(event):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "render_event_text", broken)
    reply = client.post("/import/confirm", data=fields)
    status = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "The import failed (the import could not be written); nothing was saved." in status
    assert events_stored(app) == 0
    row = upload_row(app)
    assert row.state == "failed"


def test_a_large_preview_lists_200_events_and_every_rejected_one(app, client):
    sign_in(app, client)
    events = [
        f"UID:big-{i}\nSUMMARY:Event {i}\nDTSTART:{DAY:%Y%m%d}T090000Z\nDTEND:{DAY:%Y%m%d}T100000Z"
        for i in range(1500)
    ]
    events += [f"UID:late-{i}\nSUMMARY:Broken {i}" for i in range(3)]  # no start: rejected
    events[700] = events[700].replace("DTEND", "X-NOTHING")  # a warning late in the file
    page = preview_with(client, calendar(*events)).get_data(as_text=True)
    assert "1500 new, 0 updated, 0 unchanged, 3 rejected" in page
    assert page.count('<tr class="import-') == 200 + 1  # the rejected ones come first
    assert "Broken 2<" in page and "Event 0<" in page and "Event 196<" in page
    assert "Event 700<" in page and "zero-length" in page
    assert "Event 197<" not in page and "Event 1200<" not in page
    assert "1,302 more are not listed" in page
    assert len(page) < 300_000


def test_the_import_page_is_for_the_editor_who_uploaded_only(app, client):
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(2)).get_data(as_text=True))
    client.post("/import/confirm", data=fields)
    pages = (f"/import/{fields['token']}", f"/import/{fields['token']}/progress")
    assert [client.get(page).status_code for page in pages] == [200, 200]
    anonymous = app.test_client()
    assert all(anonymous.get(page).status_code == 302 for page in pages)
    viewer = app.test_client()
    make_user(app, "vera", "viewer")
    login(viewer, "vera")
    assert all(viewer.get(page).status_code == 403 for page in pages)
    assert client.get("/import/not-a-token").status_code == 404


def test_an_unreachable_queue_is_a_503_and_nothing_is_imported(app, client, monkeypatch):
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(2)).get_data(as_text=True))

    def down(*args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(app.extensions["jobs"], "enqueue", down)
    reply = client.post("/import/confirm", data=fields)
    assert reply.status_code == 503
    assert "queue cannot be reached; nothing was saved" in reply.get_data(as_text=True)
    assert events_stored(app) == 0 and upload_row(app).state == "failed"


def test_a_job_that_never_finished_shows_as_failed_once_expired(app, client, monkeypatch):
    sign_in(app, client)
    fields = confirm_fields(preview_with(client, russian_export(2)).get_data(as_text=True))
    monkeypatch.setattr(app.extensions["jobs"], "enqueue", lambda *args: None)  # no worker
    client.post("/import/confirm", data=fields)
    url = f"/import/{fields['token']}/progress"
    assert client.get(url).get_json()["state"] == "queued"
    assert "Waiting for the background worker" in client.get(f"/import/{fields['token']}").text
    with app.app_context():
        db.session.execute(update(ImportUpload).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    stopped = client.get(url).get_json()
    assert stopped["state"] == "failed" and "did not finish" in stopped["message"]
    assert events_stored(app) == 0
