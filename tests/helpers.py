"""Helpers for tests that go through forms with CSRF on: sign in (`AuthActions`, handed out
by the `auth` fixture), post forms, the reference data and the seed's exercise as typed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from sqlalchemy import event as sa_event

from calendar_app.domain.events import EventData
from calendar_app.events.forms import form_values
from calendar_app.extensions import db
from calendar_app.models import Event, Force, Location, User

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "no CSRF token in the page"
    return unescape(match.group(1))


class AuthActions:
    """Flask's tutorial (flaskr) `AuthActions`: sign a test client in and out through the
    real /login and /logout forms, CSRF token and all. The `auth` fixture in conftest.py
    hands one to each test.

    `auth.login("editor")` makes the editor (once: a second call signs the same user in
    again) and signs the test client in; it returns the user's id. `client=` signs another
    client in, `username=` gives a role a second user. The usual names: viewer "vera",
    editor "erin", admin "ada".
    """

    USERNAMES = {"viewer": "vera", "editor": "erin", "admin": "ada"}

    def __init__(self, app, client):
        self._app = app
        self._client = client
        self._users: dict[str, int] = {}

    def user(self, role: str = "editor", *, username: str | None = None, active=True) -> int:
        """The user of that role, made on first use; nobody is signed in."""
        username = username or self.USERNAMES[role]
        if username not in self._users:
            self._users[username] = self.create_user(self._app, username, role, active=active)
        return self._users[username]

    def login(self, role: str = "editor", *, username: str | None = None, client=None) -> int:
        user_id = self.user(role, username=username)
        response = self.submit(username or self.USERNAMES[role], client=client)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user_id

    def submit(self, username: str, password: str = PASSWORD, *, client=None):
        """The /login form as typed, whatever the answer (for the sign-in tests)."""
        return self.submit_form(client or self._client, username, password)

    def logout(self, client=None):
        response = post_form(client or self._client, "/account", {}, action="/logout")
        assert response.status_code == 302, response.status_code
        return response

    @staticmethod
    def create_user(app, username: str, role: str, *, active: bool = True) -> int:
        with app.app_context():
            user = User(username=username, role=role, active=active)
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            return user.id

    @staticmethod
    def submit_form(client, username: str, password: str = PASSWORD):
        # Signed in already, GET /login redirects to a page whose sign-out form has a token.
        page = client.get("/login", follow_redirects=True).get_data(as_text=True)
        return client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": csrf_token(page)},
        )


# The helpers before the `auth` fixture, kept for the files not moved to it yet
# (test_manage, test_write_rules, test_no_writes_on_get, test_page_cache, the browser tests).
def make_user(app, username: str, role: str = "viewer", *, active: bool = True) -> int:
    return AuthActions.create_user(app, username, role, active=active)


def login(client, username: str, password: str = PASSWORD):
    return AuthActions.submit_form(client, username, password)


def post_form(client, page_url: str, data: dict, action: str | None = None):
    """Fetch the page holding the form, then submit `data` with that page's CSRF token."""
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    body = {"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
    return client.post(action or page_url, data=body)


def count_queries(app, client, url) -> list[str]:
    """The SQL statements one GET of `url` sends to the app's engine."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    return statements


def exercise_data(title: str, first: date, **extra) -> EventData:
    """A three-day all-day training from `first`, in Minsk's time zone."""
    return EventData(
        title=title,
        kind="training",
        all_day=True,
        start=first,
        end=first + timedelta(days=2),
        timezone="Europe/Minsk",
        **extra,
    )


def make_reference_data(app) -> dict:
    """Belarus training grounds and two forces, as in the demo data."""
    with app.app_context():
        belarus = Location(
            name="Training grounds of the Republic of Belarus",
            country="BY",
            timezone="Europe/Minsk",
        )
        palace = Location(
            name="Palace of Independence",
            city="Minsk",
            country="BY",
            latitude=53.9386,
            longitude=27.4872,
            timezone="Europe/Minsk",
        )
        crrf = Force(slug="crrf", name="Collective Rapid Reaction Forces")
        peace = Force(slug="peacekeeping", name="Collective Peacekeeping Forces")
        db.session.add_all([belarus, palace, crrf, peace])
        db.session.commit()
        return {
            "belarus": belarus.id,
            "palace": palace.id,
            "crrf": crrf.id,
            "peacekeeping": peace.id,
        }


def timed(start: str, end_time: str, timezone: str) -> dict:
    """Form fields for a timed event that ends the day it starts (the end date left empty):
    `start` is "YYYY-MM-DD HH:MM" in `timezone`."""
    start_date, start_time = start.split()
    return {
        "all_day": None,
        "start_date": start_date,
        "start_time": start_time,
        "end_date": "",
        "end_time": end_time,
        "timezone": timezone,
    }


def interaction_form(ids: dict, **overrides) -> dict:
    """The seed's Interaction-2023 exercise as an editor types it."""
    data = {
        "title": "Interaction-2023",
        "kind": "training",
        "status": "confirmed",
        "all_day": "y",
        "start_date": "2023-09-01",
        "end_date": "2023-09-06",
        "start_time": "",
        "end_time": "",
        "timezone": "",
        "location_id": str(ids["belarus"]),
        "force_ids": [str(ids["crrf"])],
        "participants": "Contingents of the CSTO member states",
        "description": "Joint training of the Collective Rapid Reaction Forces.",
        "visibility": "public",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def save_as_shown(client, app, event_id: int, **changes):
    """Submit the event's edit form with the values it shows (form_values), `changes` on
    top: what an editor's save sends when they change only those fields."""
    with app.app_context():
        values = form_values(db.session.get(Event, event_id))
    values = {**values, "all_day": "y" if values["all_day"] else "", **changes}
    return post_form(client, f"/events/{event_id}/edit", values)


def timed_form(ids, **overrides) -> dict:
    """A meeting in Moscow on 24 December 2026, 10:00 to 11:00, as typed in the form."""
    meeting = timed("2026-12-24 10:00", "11:00", "Europe/Moscow")
    meeting |= {"title": "Council of Foreign Ministers", "kind": "meeting", "location_id": ""}
    return interaction_form(ids, **(meeting | overrides))


def field_error(page: str, name: str) -> str:
    """The message shown under a field of a re-rendered form ('' when none)."""
    found = re.search(rf'<p class="field-error" id="{name}-error">([^<]*)</p>', page)
    return found.group(1) if found else ""
