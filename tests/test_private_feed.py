"""A user's private feed: internal events for its owner only, the reset that kills the old
address (after an "I understand" box), and a deactivated user's feed gone."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from calendar_app.extensions import db
from calendar_app.feeds.subscriptions import private_token
from calendar_app.models import User

from .feeds_helpers import add_event, signed_in_viewer, uids

pytestmark = pytest.mark.usefixtures("empty_feed_cache")


def test_private_feed_shows_internal_events_to_its_owner_only(client, app, auth):
    with app.app_context():
        add_event("Public one")
        add_event("Internal one", visibility="internal")
    user = signed_in_viewer(auth, app)
    token = private_token(user)
    private = client.get(f"/feeds/{token}/calendar.ics")
    assert sorted(uids(private)) == ["Internal one", "Public one"]
    classes = {
        str(event["SUMMARY"]): str(event.get("CLASS", "PUBLIC"))
        for event in Calendar.from_ical(private.data).walk("VEVENT")
    }
    assert classes == {"Internal one": "CONFIDENTIAL", "Public one": "PUBLIC"}
    owner_id, secret = token.split(".")
    assert client.get(f"/feeds/{owner_id}.{secret[:-1]}x/calendar.ics").status_code == 404
    assert client.get(f"/feeds/{int(owner_id) + 1}.{secret}/calendar.ics").status_code == 404
    assert client.get("/feeds/garbage/calendar.ics").status_code == 404


def test_reset_kills_the_old_private_feed_address_at_once(client, app, auth):
    user = signed_in_viewer(auth, app)
    old = private_token(user)
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 200
    page = client.get("/subscribe").get_data(as_text=True)
    assert old in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/subscribe/reset-private-feed").status_code == 400  # no CSRF token
    unconfirmed = client.post("/subscribe/reset-private-feed", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 302
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 200  # nothing changed
    response = client.post(
        "/subscribe/reset-private-feed",
        data={"csrf_token": csrf, "confirm_reset": "y", "next": "/subscribe"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/subscribe"
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 404
    with app.app_context():
        new = private_token(db.session.get(User, user.id))
    assert new != old and client.get(f"/feeds/{new}/calendar.ics").status_code == 200


def test_reset_needs_the_i_understand_box_and_says_so(client, app, auth):
    user = signed_in_viewer(auth, app)
    old = private_token(user)
    page = client.get("/account").get_data(as_text=True)
    assert 'name="confirm_reset"' in page and "will stop updating" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/subscribe/reset-private-feed", data={"csrf_token": csrf, "next": "/account"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "was not reset" in client.get("/account").get_data(as_text=True)
    assert client.get(f"/feeds/{old}/calendar.ics").status_code == 200


@pytest.mark.parametrize(
    ("origin", "back_to"),
    [
        ("/account", "/account"),
        ("/subscribe?kind=training", "/subscribe?kind=training"),
        ("https://evil.example/", "/account"),
        ("//evil.example/x", "/account"),
        ("", "/account"),
    ],
)
def test_reset_returns_to_the_page_it_came_from_on_this_site_only(client, auth, origin, back_to):
    auth.login("viewer")
    page = client.get("/account").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/subscribe/reset-private-feed",
        data={"csrf_token": csrf, "confirm_reset": "y", "next": origin},
    )
    assert response.status_code == 302 and response.headers["Location"] == back_to


def test_reset_forms_name_the_page_to_come_back_to(client, auth):
    auth.login("viewer")
    account = client.get("/account").get_data(as_text=True)
    assert 'name="next" value="/account"' in account
    subscribe = client.get("/subscribe?kind=training").get_data(as_text=True)
    assert 'name="next" value="/subscribe?kind=training"' in subscribe
    assert 'name="confirm_reset"' in subscribe


def test_deactivated_user_private_feed_is_gone(client, app, auth):
    user = signed_in_viewer(auth, app)
    token = private_token(user)
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get(f"/feeds/{token}/calendar.ics").status_code == 404
