"""The JSON API: reads, filters, pagination, tokens, and responses that match the OpenAPI."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

from calendar_app.api.openapi import build_document
from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import ApiToken, Force, User

from .helpers import login, make_user


@pytest.fixture
def spec(app):
    document = build_document(app.config["CALENDAR_KINDS"])
    document["servers"] = [{"url": "http://localhost/api/v1"}]
    return OpenAPI.from_dict(document)


class _SentRequest(WerkzeugOpenAPIRequest):
    """The test client's request after the app read its body: the body is not needed to
    check the response, and reading it again would fail."""

    @property
    def body(self):
        return b""


def check(spec, response):
    """The response is what the OpenAPI document promises for its request."""
    spec.validate_response(_SentRequest(response.request), WerkzeugOpenAPIResponse(response))
    return response


def make_token(app, role="editor", username=None) -> str:
    with app.app_context():
        user = User(username=username or f"{role}-user", role=role)
        user.set_password("a long password")
        db.session.add(user)
        row, token = ApiToken.issue(user, "test")
        db.session.add(row)
        db.session.commit()
    return token


def seed(app):
    with app.app_context():
        crrf = Force(name="Collective Rapid Reaction Forces", slug="crrf")
        db.session.add(crrf)
        db.session.commit()
        service.create_event(
            EventData(
                title="Interaction-2023",
                kind="training",
                all_day=True,
                start=date(2023, 9, 1),
                end=date(2023, 9, 6),
                timezone="Europe/Minsk",
                force_ids=[crrf.id],
            )
        )
        db.session.commit()
        service.create_event(
            EventData(
                title="UN Security Council debate",
                kind="session",
                start=datetime(2024, 7, 19, 14, tzinfo=UTC),
                end=datetime(2024, 7, 19, 17, tzinfo=UTC),
                timezone="America/New_York",
            )
        )
        db.session.commit()
        service.create_event(
            EventData(
                title="Internal planning",
                kind="meeting",
                visibility="internal",
                start=datetime(2024, 7, 20, 8, tzinfo=UTC),
                end=datetime(2024, 7, 20, 9, tzinfo=UTC),
                timezone="Europe/Moscow",
            )
        )
        db.session.commit()


def test_events_work_as_a_fullcalendar_source(app, client, spec):
    seed(app)
    response = check(spec, client.get("/api/v1/events?start=2023-08-28&end=2024-08-01"))
    events = response.get_json()
    assert [e["title"] for e in events] == ["Interaction-2023", "UN Security Council debate"]
    exercise, debate = events
    assert (exercise["allDay"], exercise["start"], exercise["end"]) == (
        True,
        "2023-09-01",
        "2023-09-07",
    )
    assert (debate["allDay"], debate["start"], debate["end"]) == (
        False,
        "2024-07-19T10:00:00-04:00",
        "2024-07-19T13:00:00-04:00",
    )
    assert debate["url"].startswith("https://calendar.test/events/")
    assert exercise["forces"][0]["slug"] == "crrf"
    assert response.headers["X-Total-Count"] == "2"


def test_fullcalendar_style_offsets_and_filters(app, client, spec):
    seed(app)
    url = "/api/v1/events?start=2024-07-01T00:00:00-04:00&end=2024-08-01T00:00:00-04:00"
    assert [e["title"] for e in check(spec, client.get(url)).get_json()] == [
        "UN Security Council debate"
    ]
    by_force = client.get("/api/v1/events?start=2023-01-01&end=2025-01-01&force=crrf")
    assert [e["title"] for e in check(spec, by_force).get_json()] == ["Interaction-2023"]


def test_internal_events_need_a_token(app, client, spec):
    seed(app)
    token = make_token(app, "viewer")
    url = "/api/v1/events?start=2024-07-01&end=2024-08-01"
    assert len(client.get(url).get_json()) == 1
    with_token = check(spec, client.get(url, headers={"Authorization": f"Bearer {token}"}))
    assert len(with_token.get_json()) == 2
    internal_id = with_token.get_json()[1]["id"]
    assert check(spec, client.get(f"/api/v1/events/{internal_id}")).status_code == 404


def test_bad_or_revoked_tokens_are_401_json(app, client, spec):
    token = make_token(app)
    bad = check(spec, client.get("/api/v1/events", headers={"Authorization": "Bearer nope"}))
    assert bad.status_code == 401 and "unknown or revoked" in bad.get_json()["error"]
    with app.app_context():
        row = db.session.scalar(db.select(ApiToken))
        row.revoked_at = datetime.now(UTC)
        db.session.commit()
    revoked = client.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401
    basic = client.get("/api/v1/events", headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401


def test_pagination_with_link_header(app, client, spec):
    with app.app_context():
        for day in range(1, 8):
            service.create_event(
                EventData(
                    title=f"Day {day}",
                    kind="meeting",
                    all_day=True,
                    start=date(2024, 3, day),
                    end=date(2024, 3, day),
                    timezone="UTC",
                )
            )
            db.session.commit()
    first = check(spec, client.get("/api/v1/events?start=2024-03-01&end=2024-04-01&limit=3"))
    assert [e["title"] for e in first.get_json()] == ["Day 1", "Day 2", "Day 3"]
    assert first.headers["X-Total-Count"] == "7"
    next_url = first.headers["Link"].split(">")[0].lstrip("<")
    second = client.get(next_url.replace("http://localhost", ""))
    assert [e["title"] for e in second.get_json()] == ["Day 4", "Day 5", "Day 6"]


@pytest.mark.parametrize(
    "query",
    [
        "start=tomorrow",
        "start=2024-01-01&end=2023-01-01",
        "limit=0",
        "limit=5000",
        "page=-1",
        "kind=party",
        "start=0001-01-01",
        "start=2024-13-01",
    ],
)
def test_bad_parameters_are_400_json(client, spec, query):
    response = check(spec, client.get(f"/api/v1/events?{query}"))
    assert response.status_code == 400 and response.get_json()["error"]


def test_forces_locations_and_single_event(app, client, spec):
    seed(app)
    assert check(spec, client.get("/api/v1/forces")).get_json()[0]["slug"] == "crrf"
    assert check(spec, client.get("/api/v1/locations")).get_json() == []
    event_id = client.get("/api/v1/events?start=2023-01-01&end=2025-01-01").get_json()[0]["id"]
    one = check(spec, client.get(f"/api/v1/events/{event_id}"))
    assert one.get_json()["title"] == "Interaction-2023" and one.headers["ETag"] == '"v1"'
    assert check(spec, client.get("/api/v1/events/99999")).status_code == 404


def test_openapi_document_is_served_and_covers_every_api_route(app, client):
    document = json.loads(client.get("/api/v1/openapi.json").data)
    assert document["openapi"].startswith("3.")
    OpenAPI.from_dict(document)  # a valid OpenAPI document
    documented = {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters"
    }
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routed |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routed == documented


def auth(token: str, **headers) -> dict:
    return {"Authorization": f"Bearer {token}", **headers}


EXERCISE = {
    "title": "Interaction-2023",
    "kind": "training",
    "allDay": True,
    "start": "2023-09-01",
    "end": "2023-09-07",
    "status": "planned",
}


def test_editor_creates_reads_updates_and_deletes_with_a_token(app, client, spec):
    token = make_token(app, "editor")
    created = check(spec, client.post("/api/v1/events", json=EXERCISE, headers=auth(token)))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["start"], body["end"], body["allDay"]) == ("2023-09-01", "2023-09-07", True)
    assert body["timezone"] == "Europe/Moscow"  # no location, no zone given: the default
    etag = created.headers["ETag"]
    url = f"/api/v1/events/{body['id']}"
    patched = check(
        spec,
        client.patch(
            url,
            json={"title": "Interaction-2023 (Brest)"},
            headers=auth(token, **{"If-Match": etag}),
        ),
    )
    assert patched.status_code == 200 and patched.get_json()["title"] == "Interaction-2023 (Brest)"
    assert patched.get_json()["start"] == "2023-09-01"
    stale = check(
        spec,
        client.patch(url, json={"title": "Lost update"}, headers=auth(token, **{"If-Match": etag})),
    )
    assert stale.status_code == 412 and "changed since" in stale.get_json()["error"]
    timed = {
        "title": "UN debate",
        "kind": "session",
        "allDay": False,
        "start": "2024-07-19T10:00",
        "end": "2024-07-19T13:00",
        "timezone": "America/New_York",
    }
    put = check(
        spec,
        client.put(url, json=timed, headers=auth(token, **{"If-Match": patched.headers["ETag"]})),
    )
    assert put.get_json()["start"] == "2024-07-19T10:00:00-04:00"
    assert put.get_json()["sequence"] >= 1
    deleted = check(
        spec, client.delete(url, headers=auth(token, **{"If-Match": put.headers["ETag"]}))
    )
    assert deleted.status_code == 204
    assert client.get(url).status_code == 404


def test_writes_use_the_form_rules_and_answer_422_with_fields(app, client, spec):
    token = make_token(app, "editor")
    cases = [
        ({**EXERCISE, "end": "2023-08-01"}, "end"),
        ({**EXERCISE, "kind": "party"}, "kind"),
        ({**EXERCISE, "title": "a\x00b"}, "title"),
        ({**EXERCISE, "title": "x" * 301}, "title"),
        ({**EXERCISE, "timezone": "Mars/Base"}, "timezone"),
        ({**EXERCISE, "start": "2023-02-30"}, "start"),
        ({**EXERCISE, "start": "10000-01-01"}, "start"),
        ({**EXERCISE, "allDay": "yes"}, "allDay"),
        ({**EXERCISE, "forceIds": [999]}, "forceIds"),
        ({**EXERCISE, "locationId": 999}, "locationId"),
        ({**EXERCISE, "colour": "red"}, "colour"),
        ({"title": "No dates", "kind": "meeting"}, "start"),
        (
            {
                "title": "DST gap",
                "kind": "meeting",
                "allDay": False,
                "start": "2024-03-10T02:30",
                "end": "2024-03-10T04:00",
                "timezone": "America/New_York",
            },
            "start",
        ),
    ]
    for payload, field in cases:
        response = check(spec, client.post("/api/v1/events", json=payload, headers=auth(token)))
        assert response.status_code == 422, (payload, response.get_json())
        assert field in response.get_json()["fields"], (field, response.get_json())
    for raw in (b"not json", b"[1, 2]", b'"text"'):
        response = client.post(
            "/api/v1/events", data=raw, headers=auth(token, **{"Content-Type": "application/json"})
        )
        assert response.status_code in (400, 422) and response.is_json
    with app.app_context():
        from calendar_app.models import Event

        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_viewers_anonymous_and_cookie_only_callers_cannot_write(app, client, spec):
    viewer = make_token(app, "viewer")
    denied = check(spec, client.post("/api/v1/events", json=EXERCISE, headers=auth(viewer)))
    assert denied.status_code == 403
    anonymous = check(spec, client.post("/api/v1/events", json=EXERCISE))
    assert anonymous.status_code == 401
    make_user(app, "erin", "editor")
    login(client, "erin")  # a browser session through the real sign-in form, no token
    assert client.post("/api/v1/events", json=EXERCISE).status_code == 401


def test_api_with_require_login_refuses_anonymous_reads_as_json(app, client):
    app.config["CALENDAR_REQUIRE_LOGIN"] = True
    response = client.get("/api/v1/events")
    assert response.status_code == 401 and response.is_json
    token = make_token(app, "viewer")
    assert client.get("/api/v1/events", headers=auth(token)).status_code == 200


def test_a_location_number_beyond_any_id_is_a_400_not_an_overflow(client):
    response = client.get("/api/v1/events?page=2&location=2839309319&location=10926")
    assert response.status_code == 400
    assert "is not a location number" in response.get_json()["error"]
