"""Hostile input: Hypothesis mangles every staff form and every API write (random unicode,
control characters, NUL, huge fields, impossible dates, DST gaps, unknown zones, wrong
types, duplicate and missing fields). Never a 500; a refusal is a 4xx that says why and
leaves the database exactly as it was.

Bounded for `make test`; CALENDAR_FUZZ_EXAMPLES=500 (or more) for a long run.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from calendar_app.extensions import db
from calendar_app.models import Event

from .reliability import build_world, form_token, login, snapshot_database

EXAMPLES = int(os.environ.get("CALENDAR_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\nEND:VEVENT\r\nBEGIN:VEVENT",
        "\x1b[31m",
        "\u202e\u200b\ufeff",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "x" * 1_000_000,
        "Я" * 301,
        "\ud7ff\U0010ffff",
        "0000-00-00",
        "0000-01-01",
        "10000-01-01",
        "2024-02-30",
        "2024-13-01",
        "9999-12-31",
        "2024-03-31",
        "02:30",
        "25:61",
        "24:00",
        "-1",
        "99999999999999999999",
        "1e308",
        "NaN",
        "Europe/Atlantis",
        "../../etc/passwd",
        "UTC+3",
        "Europe/Berlin",
        "America/New_York",
        "Etc/GMT+14",
        "public",
        "internal",
        "secret",
        "cancelled",
        "y",
        "false",
    ]
)
ANY_TEXT = st.one_of(NASTY_TEXT, st.text(max_size=40))


def _mutations(base: dict[str, list[str]]):
    """A form as a list of (name, value) pairs: some fields replaced, dropped or repeated."""
    names = sorted(base)
    change = st.tuples(
        st.sampled_from(names + ["unexpected_field"]),
        st.sampled_from(["replace", "drop", "duplicate"]),
        ANY_TEXT,
    )

    def apply(changes) -> list[tuple[str, str]]:
        fields = {name: list(values) for name, values in base.items()}
        for name, how, value in changes:
            if how == "drop":
                fields.pop(name, None)
            elif how == "duplicate":
                fields.setdefault(name, []).append(value)
            else:
                fields[name] = [value]
        return [(name, value) for name, values in fields.items() for value in values]

    return st.lists(change, min_size=1, max_size=5).map(apply)


def _event_form(world, all_day: bool = False) -> dict[str, list[str]]:
    return {
        "title": ["Fuzzed exercise"],
        "kind": ["training"],
        "status": ["confirmed"],
        "start_date": ["2024-03-31"],
        "end_date": ["2024-03-31"],
        "start_time": ["01:00"],
        "end_time": ["04:00"],
        "timezone": ["Europe/Berlin"],  # 02:00-03:00 does not exist on this day
        "location_id": [str(world.location_id)],
        "force_ids": [str(world.force_id)],
        "participants": ["Contingents"],
        "description": ["Joint training."],
        "visibility": ["internal"],
        **({"all_day": ["y"]} if all_day else {}),
    }


FORMS = {
    "/events/new": lambda world: _event_form(world),
    "/events/{public_id}/edit": lambda world: _event_form(world, all_day=True) | {"version": ["1"]},
    "/manage/forces/new": lambda world: {"name": ["Air forces"], "description": ["Planes"]},
    "/manage/forces/{force_id}/edit": lambda world: {"name": ["Renamed"], "description": [""]},
    "/manage/locations/new": lambda world: {
        "name": ["Grounds"],
        "city": ["Minsk"],
        "country": ["BY"],
        "address": ["Street 1"],
        "latitude": ["53.9"],
        "longitude": ["27.5"],
        "timezone": ["Europe/Minsk"],
    },
    "/manage/users/new": lambda world: {
        "username": ["newcomer"],
        "role": ["viewer"],
        "active": ["y"],
        "password": ["a long enough password"],
    },
    "/manage/users/{viewer}/edit": lambda world: {"role": ["editor"], "active": ["y"]},
}


def _refusal_explains(response) -> bool:
    body = response.get_data(as_text=True)
    return response.status_code == 413 or (
        "error" in body.lower() or "not" in body.lower() or "must" in body.lower()
    )


@pytest.mark.parametrize("path", sorted(FORMS))
def test_hostile_form_input_is_refused_clearly_or_saved_never_a_500(app, path):
    world = build_world(app)
    client = app.test_client()
    login(client, "admin")
    token = form_token(client, True)
    url = path.format(
        public_id=world.public_id, force_id=world.force_id, viewer=world.users["viewer"]
    )
    base = FORMS[path](world)

    @FUZZ
    @given(_mutations(base))
    def check(fields):
        with app.app_context():
            before = snapshot_database()
        response = client.post(url, data=MultiDict([("csrf_token", token), *fields]))
        assert response.status_code < 500, (response.status_code, fields)
        if response.status_code >= 400:
            assert _refusal_explains(response), fields
            with app.app_context():
                assert snapshot_database() == before, fields
        else:
            assert response.status_code in (200, 302), fields

    check()


JSON_VALUES = st.one_of(
    ANY_TEXT,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.lists(st.integers(min_value=-5, max_value=2**40), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
API_BASE = {
    "title": "Fuzzed",
    "kind": "meeting",
    "start": "2024-10-27T02:30",  # happens twice in Europe/Berlin
    "end": "2024-10-27T04:00",
    "timezone": "Europe/Berlin",
    "allDay": False,
    "visibility": "internal",
    "forceIds": [],
    "locationId": None,
}
API_FIELDS = sorted(API_BASE) + ["participants", "description", "status", "bogus"]


@st.composite
def api_bodies(draw):
    """Mostly a JSON object with some values swapped or dropped; sometimes not JSON at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(
            st.sampled_from(
                [
                    b"",
                    b"{",
                    b"null",
                    b"[]",
                    b'"text"',
                    b'{"title": "a", "title": "b"}',
                    b"\x00\xff\xfe",
                    b'{"title": "\\ud800"}',
                    b"1" * 5000,
                    b"[" * 100_000,
                ]
            )
        )
    body = dict(API_BASE)
    for name in draw(st.lists(st.sampled_from(API_FIELDS), min_size=1, max_size=4)):
        if draw(st.booleans()):
            body.pop(name, None)
        else:
            body[name] = draw(JSON_VALUES)
    return json.dumps(body).encode()


def _if_match(app, world, headers: dict) -> dict:
    """A change to the stored event names the version it was made against (If-Match is
    required); a POST ignores the header."""
    with app.app_context():
        version = db.session.get(Event, world.public_id).version
    return {**headers, "If-Match": f'"v{version}"'}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_hostile_api_writes_are_refused_with_a_json_reason_never_a_500(app, method):
    world = build_world(app)
    client = app.test_client()
    headers = {
        "Authorization": f"Bearer {world.api_tokens['editor']}",
        "Content-Type": "application/json",
    }
    url = "/api/v1/events" if method == "POST" else f"/api/v1/events/{world.public_id}"

    @FUZZ
    @given(api_bodies())
    def check(body):
        with app.app_context():
            before = snapshot_database()
        response = client.open(
            url, method=method, data=body, headers=_if_match(app, world, headers)
        )
        assert response.status_code < 500, (response.status_code, body[:200])
        if response.status_code >= 400:
            payload = response.get_json()
            assert payload and payload["error"], body[:200]
            with app.app_context():
                assert snapshot_database() == before, body[:200]

    check()


def test_request_over_the_size_limit_gets_a_413_page_and_saves_nothing(app):
    world = build_world(app)
    client = app.test_client()
    login(client, "editor")
    fields = _event_form(world)
    fields["description"] = ["x" * (app.config["MAX_CONTENT_LENGTH"] + 1)]
    with app.app_context():
        before = snapshot_database()
    response = client.post(
        "/events/new",
        data=MultiDict([("csrf_token", form_token(client, True)), *_flat(fields)]),
    )
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    api = client.post(
        "/api/v1/events",
        data=b'{"title": "' + b"x" * app.config["MAX_CONTENT_LENGTH"] + b'"}',
        headers={
            "Authorization": f"Bearer {world.api_tokens['editor']}",
            "Content-Type": "application/json",
        },
    )
    assert api.status_code == 413 and api.get_json()["error"]
    with app.app_context():
        assert snapshot_database() == before


def _flat(fields):
    for name, values in fields.items():
        for value in values:
            yield name, value


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=" + "x" * 5000,
        "from=0000-01-01",
        "from=10000-01-01",
        "from=2024-02-30",
        "kind=%0d%0a",
        "force=../../x",
        "country=ZZZ",
        "location=abc",
        "location=99999999999999999999",
        "tz=Europe/Atlantis",
        "page=-1",
        "limit=10000000000",
        "start=2024-01-01&end=2023-01-01",
    ],
)
def test_hostile_query_strings_never_make_a_500(app, query):
    build_world(app)
    client = app.test_client()
    for path in (
        "/",
        "/agenda",
        "/calendar/2024/3",
        "/calendar.ics",
        "/subscribe",
        "/api/v1/events",
    ):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 302, 400, 404), (path, query)


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("field", ["title", "description", "participants", "timezone"])
@pytest.mark.parametrize("text", ["\ud800", "a\udfffb"])
def test_lone_surrogate_in_json_text_is_refused_not_a_500(app, method, field, text):
    world = build_world(app)
    url = "/api/v1/events" if method == "POST" else f"/api/v1/events/{world.public_id}"
    valid = API_BASE | {"start": "2024-03-05T10:00", "end": "2024-03-05T11:00"}
    body = json.dumps((valid if method == "POST" else {}) | {field: text}).encode()
    with app.app_context():
        before = snapshot_database()
    headers = {
        "Authorization": f"Bearer {world.api_tokens['editor']}",
        "Content-Type": "application/json",
    }
    response = app.test_client().open(
        url, method=method, data=body, headers=_if_match(app, world, headers)
    )
    assert response.status_code in (400, 422), response.status_code
    assert response.get_json()["error"]
    with app.app_context():
        assert snapshot_database() == before
