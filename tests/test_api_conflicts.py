"""The API and double bookings: 409 with the overlaps, saved with confirm_conflicts and
a reason, officials written and shown, all as the OpenAPI document says."""

from __future__ import annotations

from sqlalchemy import select

from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import EventRevision, Force, Official
from tests.factories import api_token
from tests.test_api import check, spec  # noqa: F401 - the OpenAPI checker fixture


def _setup(app):
    with app.app_context():
        force = service.save_force(Force(slug="crrf"), {"name": "CRRF"})
        official = service.save_official(Official(), {"name": "Imangali Tasmagambetov"})
        db.session.commit()
        return force.id, official.id


def _exercise(force_id, official_id, **changes):
    body = {"title": "Interaction-2023", "kind": "training", "allDay": True,
            "start": "2023-09-01", "end": "2023-09-07", "timezone": "Europe/Minsk",
            "forceIds": [force_id], "officialIds": [official_id]}  # fmt: skip
    return {**body, **changes}


def test_a_double_booking_answers_409_until_confirmed_with_a_reason(app, client, spec):  # noqa: F811
    force_id, official_id = _setup(app)
    auth = {"Authorization": f"Bearer {api_token(app)}"}
    first = client.post("/api/v1/events", json=_exercise(force_id, official_id), headers=auth)
    assert first.status_code == 201
    check(spec, first)
    assert [o["name"] for o in first.get_json()["officials"]] == ["Imangali Tasmagambetov"]
    second = _exercise(
        force_id, official_id, title="Search-2023", start="2023-09-05", end="2023-09-10"
    )
    refused = client.post("/api/v1/events", json=second, headers=auth)
    assert refused.status_code == 409
    check(spec, refused)
    answer = refused.get_json()
    assert answer["error"] == "conflicts"
    [overlap] = answer["conflicts"]
    assert overlap["event"]["title"] == "Interaction-2023"
    assert {s["kind"] for s in overlap["shared"]} == {"force", "official"}
    no_reason = client.post(
        "/api/v1/events", json={**second, "confirm_conflicts": True}, headers=auth
    )
    assert no_reason.status_code == 409 and "conflict_reason" in no_reason.get_json()["fields"]
    saved = client.post(
        "/api/v1/events",
        json={**second, "confirm_conflicts": True, "conflict_reason": "Other battalions"},
        headers=auth,
    )
    assert saved.status_code == 201
    with app.app_context():
        revision = db.session.scalar(
            select(EventRevision).where(EventRevision.event_id == saved.get_json()["id"])
        )
        assert revision.changes["conflicts_confirmed"][1]["reason"] == "Other battalions"


def test_an_unknown_official_is_a_field_error(app, client):
    force_id, _ = _setup(app)
    auth = {"Authorization": f"Bearer {api_token(app)}"}
    response = client.post("/api/v1/events", json=_exercise(force_id, 999), headers=auth)
    assert response.status_code == 422
    assert "officialIds" in response.get_json()["fields"]
