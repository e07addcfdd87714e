"""Series through the JSON API: the resource's rule, exclusions and overrides, the list as
occurrences, and occurrence writes with the form's scopes and If-Match. Every response is
checked against the OpenAPI document."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI
from sqlalchemy import select

from calendar_app.api.openapi import build_document
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .test_api import auth, check, make_token


@pytest.fixture
def spec(app):
    """The OpenAPI document every response here is checked against."""
    document = build_document(app.config["CALENDAR_KINDS"])
    return OpenAPI.from_dict(document | {"servers": [{"url": "http://localhost/api/v1"}]})


STAFF = {
    "title": "Weekly staff meeting",
    "kind": "meeting",
    "start": "2025-06-02T10:00",  # a Monday, Moscow
    "end": "2025-06-02T11:00",
    "timezone": "Europe/Moscow",
    "rrule": "FREQ=WEEKLY;BYDAY=MO;COUNT=5",
}
JUNE = "/api/v1/events?start=2025-06-01&end=2025-07-01"
SECOND = "20250609T070000Z"  # 9 June 10:00 Moscow


def _series(client, spec, token, body=STAFF):
    response = check(spec, client.post("/api/v1/events", json=body, headers=auth(token)))
    assert response.status_code == 201, response.get_json()
    return response.get_json(), response.headers["ETag"]


def _june(client, spec):
    return check(spec, client.get(JUNE)).get_json()


def _occurrence_url(series_id: int, key: str = SECOND, scope: str | None = None) -> str:
    url = f"/api/v1/events/{series_id}/occurrences/{key}"
    return url + (f"?scope={scope}" if scope else "")


def _locked(token, etag) -> dict:
    return auth(token) | {"If-Match": etag}


def test_a_series_carries_its_rule_and_the_list_gives_its_occurrences(app, client, spec):
    token = make_token(app)
    series, _ = _series(client, spec, token)
    assert series["rrule"] == "FREQ=WEEKLY;COUNT=5;BYDAY=MO"
    assert (series["exdates"], series["overrides"], series["seriesId"]) == ([], [], None)
    listed = _june(client, spec)
    assert [item["start"] for item in listed] == [
        f"2025-06-{day:02}T10:00:00+03:00" for day in (2, 9, 16, 23, 30)
    ]
    assert {item["id"] for item in listed} == {series["id"]}  # FullCalendar: one id a series
    assert {item["seriesId"] for item in listed} == {series["id"]}
    assert listed[1]["recurrenceId"] == SECOND and listed[1]["rrule"] is None
    assert listed[1]["url"].endswith(f"/events/{series['id']}/{SECOND}")


def test_a_bad_rule_or_exclusion_is_a_field_message(app, client, spec):
    token = make_token(app)
    cases = {
        "rrule": STAFF | {"rrule": "FREQ=HOURLY"},
        "exdates": STAFF | {"exdates": ["9 June"]},
    }
    for field, body in cases.items():
        response = check(spec, client.post("/api/v1/events", json=body, headers=auth(token)))
        assert response.status_code == 422 and set(response.get_json()["fields"]) == {field}
    too_many = STAFF | {"rrule": "FREQ=DAILY;COUNT=5000"}
    response = client.post("/api/v1/events", json=too_many, headers=auth(token))
    assert response.status_code == 422 and "1 to 1000" in response.get_json()["fields"]["rrule"]
    with app.app_context():
        assert db.session.scalar(select(Event.id)) is None


def test_an_occurrence_moved_through_the_api_is_an_override_in_its_new_place(app, client, spec):
    token = make_token(app)
    series, etag = _series(client, spec, token)
    url = _occurrence_url(series["id"], scope="this")
    moved = {"start": "2025-06-10T15:00", "end": "2025-06-10T16:00", "title": "Moved"}
    response = check(spec, client.patch(url, json=moved, headers=_locked(token, etag)))
    assert response.status_code == 200, response.get_json()
    override = response.get_json()
    assert (override["seriesId"], override["recurrenceId"]) == (series["id"], SECOND)
    assert override["rrule"] is None and response.headers["ETag"] != etag
    listed = _june(client, spec)
    assert [item["title"] for item in listed].count("Moved") == 1
    assert "2025-06-09T10:00:00+03:00" not in [item["start"] for item in listed]
    read = check(spec, client.get(f"/api/v1/events/{series['id']}"))
    assert read.headers["ETag"] == response.headers["ETag"]  # the series' version stepped
    assert read.get_json()["overrides"] == [
        {
            "id": override["id"],
            "recurrenceId": SECOND,
            "start": "2025-06-10T15:00:00+03:00",
            "end": "2025-06-10T16:00:00+03:00",
            "status": "confirmed",
            "title": "Moved",
        }
    ]
    stale = check(spec, client.patch(url, json={"title": "x"}, headers=_locked(token, etag)))
    assert stale.status_code == 412


def test_cancelling_and_deleting_one_occurrence(app, client, spec):
    token = make_token(app)
    series, etag = _series(client, spec, token)
    cancel = client.patch(
        _occurrence_url(series["id"], scope="this"),
        json={"status": "cancelled"},
        headers=_locked(token, etag),
    )
    assert check(spec, cancel).status_code == 200 and cancel.get_json()["status"] == "cancelled"
    with app.app_context():
        actions = db.session.scalars(select(EventRevision.action)).all()
        assert "cancel" in actions
    third = "20250616T070000Z"
    gone = client.delete(
        _occurrence_url(series["id"], third, "this"),
        headers=_locked(token, cancel.headers["ETag"]),
    )
    assert check(spec, gone).status_code == 204
    read = check(spec, client.get(f"/api/v1/events/{series['id']}")).get_json()
    assert read["exdates"] == [third]
    listed = _june(client, spec)
    assert [item["status"] for item in listed] == ["confirmed", "cancelled"] + ["confirmed"] * 2
    assert check(spec, client.get(_occurrence_url(series["id"], third))).status_code == 404


def test_this_and_following_splits_and_all_moves_the_series(app, client, spec):
    token = make_token(app)
    series, etag = _series(client, spec, token)
    split = client.patch(
        _occurrence_url(series["id"], "20250616T070000Z", "following"),
        json={"title": "Staff meeting (new format)"},
        headers=_locked(token, etag),
    )
    assert check(spec, split).status_code == 200, split.get_json()
    later = split.get_json()
    assert later["id"] != series["id"] and later["rrule"] == "FREQ=WEEKLY;COUNT=3;BYDAY=MO"
    earlier = check(spec, client.get(f"/api/v1/events/{series['id']}"))
    assert earlier.get_json()["rrule"] == "FREQ=WEEKLY;COUNT=2;BYDAY=MO"
    moved = client.patch(
        _occurrence_url(later["id"], "20250623T070000Z", "all"),
        json={"start": "2025-06-23T11:00", "end": "2025-06-23T12:00"},
        headers=_locked(token, split.headers["ETag"]),
    )
    assert check(spec, moved).status_code == 200, moved.get_json()
    assert moved.get_json()["start"] == "2025-06-16T11:00:00+03:00"  # its first, an hour on
    titles = [(item["title"], item["start"][8:16]) for item in _june(client, spec)]
    assert titles == [
        ("Weekly staff meeting", "02T10:00"),
        ("Weekly staff meeting", "09T10:00"),
        ("Staff meeting (new format)", "16T11:00"),
        ("Staff meeting (new format)", "23T11:00"),
        ("Staff meeting (new format)", "30T11:00"),
    ]


def test_occurrence_writes_say_what_is_missing(app, client, spec):
    token = make_token(app)
    series, etag = _series(client, spec, token)
    url = _occurrence_url(series["id"])
    no_scope = check(spec, client.patch(url, json={}, headers=_locked(token, etag)))
    assert no_scope.status_code == 400 and "scope=this" in no_scope.get_json()["error"]
    no_etag = check(spec, client.delete(url + "?scope=this", headers=auth(token)))
    assert no_etag.status_code == 428
    repeat = client.patch(
        url + "?scope=this", json={"rrule": "FREQ=DAILY"}, headers=_locked(token, etag)
    )
    assert check(spec, repeat).status_code == 422 and "rrule" in repeat.get_json()["fields"]
    off_rule = _occurrence_url(series["id"], "20250610T070000Z", "this")
    assert check(spec, client.delete(off_rule, headers=_locked(token, etag))).status_code == 404
    garbage = _occurrence_url(series["id"], "tomorrow")
    assert client.get(garbage).status_code == 404


def test_an_endless_series_pages_without_a_total(app, client, spec):
    token = make_token(app)
    _series(client, spec, token, STAFF | {"rrule": "FREQ=DAILY"})
    url = "/api/v1/events?start=2025-06-01&end=2026-06-01&limit=50"
    first = check(spec, client.get(url))
    assert len(first.get_json()) == 50 and "X-Total-Count" not in first.headers
    assert 'rel="next"' in first.headers["Link"]
    last = check(spec, client.get(url + "&page=8"))
    assert len(last.get_json()) == 365 - 7 * 50 - 1  # 2 June 2025 to 31 May 2026
    assert last.headers["X-Total-Count"] == "364" and "Link" not in last.headers
    too_far = check(spec, client.get(url + "&page=201"))
    assert too_far.status_code == 400 and "later" in too_far.get_json()["error"]


def test_put_of_a_series_without_a_rule_makes_it_a_single_event(app, client, spec):
    token = make_token(app)
    series, etag = _series(client, spec, token)
    single = {key: value for key, value in STAFF.items() if key != "rrule"}
    response = client.put(
        f"/api/v1/events/{series['id']}", json=single, headers=_locked(token, etag)
    )
    assert check(spec, response).status_code == 200 and response.get_json()["rrule"] is None
    assert len(_june(client, spec)) == 1


def test_a_new_rule_says_which_changed_occurrences_it_dropped(app, client, spec):
    token = make_token(app)
    series, etag = _series(client, spec, token)
    url = _occurrence_url(series["id"], scope="this")
    moved = {"start": "2025-06-10T15:00", "end": "2025-06-10T16:00", "title": "Moved"}
    response = check(spec, client.patch(url, json=moved, headers=_locked(token, etag)))
    assert response.status_code == 200 and response.get_json()["droppedOverrides"] == []
    # Every two weeks from 2 June: 9 June is no occurrence any more.
    every_other = {"rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=3"}
    response = check(
        spec,
        client.patch(f"/api/v1/events/{series['id']}", json=every_other,
                     headers=_locked(token, response.headers["ETag"])),
    )  # fmt: skip
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [(o["recurrenceId"], o["title"]) for o in body["droppedOverrides"]] == [
        (SECOND, "Moved")
    ]
    assert body["overrides"] == []
    again = check(spec, client.get(f"/api/v1/events/{series['id']}")).get_json()
    assert again["droppedOverrides"] == []
