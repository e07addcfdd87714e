"""The /import upload step: what an editor is told about the file chosen."""

from __future__ import annotations

from .helpers import csrf_token, login, make_user
from .test_import_page import upload


def test_an_empty_file_is_said_to_be_empty_not_missing(app, client):
    make_user(app, "editor", "editor")
    login(client, "editor")
    reply = upload(client, b"", "holidays.ics")
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert "The file holidays.ics is empty." in page
    assert "Choose an .ics file" not in page
    blank = upload(client, b"  \r\n", "blank.ics").get_data(as_text=True)
    assert "The file blank.ics is empty." in blank


def test_no_file_at_all_asks_for_one(app, client):
    make_user(app, "editor", "editor")
    login(client, "editor")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    reply = client.post("/import", data={"csrf_token": token})
    assert reply.status_code == 422
    assert "Choose an .ics file to import." in reply.get_data(as_text=True)
