"""API changes to a stored event must say which version they were made against (If-Match),
as the web form does with its version field: a change without it is a blind overwrite."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI
from sqlalchemy import func, select

from calendar_app.api.openapi import build_document
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .test_api import EXERCISE, auth, check, make_token


@pytest.fixture
def spec(app):
    document = build_document(app.config["CALENDAR_KINDS"]) | {
        "servers": [{"url": "http://localhost/api/v1"}]
    }
    return OpenAPI.from_dict(document)


WRITES = [
    ("patch", {"title": "Interaction-2023 (Brest)"}),
    ("put", EXERCISE | {"title": "Interaction-2023 (Brest)"}),
    ("delete", None),
]


def created(app, client, token) -> tuple[str, str]:
    response = client.post("/api/v1/events", json=EXERCISE, headers=auth(token))
    assert response.status_code == 201, response.get_json()
    return f"/api/v1/events/{response.get_json()['id']}", response.headers["ETag"]


def stored(app) -> tuple[str, int, int]:
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        revisions = db.session.scalar(select(func.count(EventRevision.id)))
        return event.title, event.version, revisions


def send(client, method: str, url: str, body, headers: dict):
    return getattr(client, method)(url, json=body, headers=headers)


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_a_change_without_if_match_is_refused_with_428_saying_how(app, client, spec, method, body):
    token = make_token(app)
    url, _ = created(app, client, token)
    before = stored(app)
    response = check(spec, send(client, method, url, body, auth(token)))
    assert response.status_code == 428
    error = response.get_json()["error"]
    assert "If-Match" in error and "ETag" in error and "read the event" in error.lower()
    assert stored(app) == before  # nothing written, no revision


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_if_match_star_says_no_version_and_is_refused_too(app, client, spec, method, body):
    token = make_token(app)
    url, _ = created(app, client, token)
    before = stored(app)
    response = check(spec, send(client, method, url, body, auth(token, **{"If-Match": "*"})))
    assert response.status_code == 428
    assert stored(app) == before


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_a_change_with_the_current_etag_goes_through(app, client, spec, method, body):
    token = make_token(app)
    url, etag = created(app, client, token)
    response = check(spec, send(client, method, url, body, auth(token, **{"If-Match": etag})))
    assert response.status_code == (204 if method == "delete" else 200), response.get_data()


@pytest.mark.parametrize(("method", "body"), WRITES)
def test_a_change_with_an_old_etag_is_412(app, client, spec, method, body):
    token = make_token(app)
    url, etag = created(app, client, token)
    renamed = client.patch(
        url, json={"title": "Renamed"}, headers=auth(token, **{"If-Match": etag})
    )
    assert renamed.status_code == 200
    before = stored(app)
    response = check(spec, send(client, method, url, body, auth(token, **{"If-Match": etag})))
    assert response.status_code == 412
    assert stored(app) == before


def test_the_openapi_document_requires_if_match_and_lists_428():
    paths = build_document(["meeting"])["paths"]
    for method in ("put", "patch", "delete"):
        operation = paths["/events/{event_id}"][method]
        if_match = next(p for p in operation["parameters"] if p["name"] == "If-Match")
        assert if_match["required"] is True
        assert "428" in if_match["description"] and "412" in if_match["description"]
        assert "428" in operation["responses"]
        assert "If-Match" in operation["responses"]["428"]["description"]
    assert "428" not in paths["/events"]["post"]["responses"]  # a create has no version yet


def test_readme_says_that_changes_need_if_match():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    api = readme.split("## JSON API", 1)[1].split("\n## ", 1)[0]
    assert "428" in api and "If-Match" in api


@pytest.mark.parametrize(
    ("start", "end"),
    [("2024-09-02", "2024-09-02"), ("2024-09-02", "2024-09-01")],
)
def test_an_all_day_end_that_is_not_after_the_start_says_the_end_is_exclusive(
    app, client, spec, start, end
):
    token = make_token(app)
    body = EXERCISE | {"start": start, "end": end}
    response = check(spec, client.post("/api/v1/events", json=body, headers=auth(token)))
    assert response.status_code == 422
    assert response.get_json()["fields"]["end"] == (
        "The end is exclusive (the day after the last day): for a one-day event on "
        "2024-09-02, send end 2024-09-03."
    )


def test_an_all_day_event_of_one_day_is_sent_with_the_next_day_as_end(app, client):
    token = make_token(app)
    body = EXERCISE | {"start": "2024-09-02", "end": "2024-09-03"}
    response = client.post("/api/v1/events", json=body, headers=auth(token))
    assert response.status_code == 201
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert (event.start_date.isoformat(), event.end_date.isoformat()) == (
            "2024-09-02",
            "2024-09-02",
        )
