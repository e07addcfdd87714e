"""The API's resources are declared once (api/resources.py): the document, the writes and
the output all follow the declaration, and its limits are vocab.py's and the config's."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI

from calendar_app.api.openapi import build_document
from calendar_app.api.writes import PayloadError, check_shape
from calendar_app.vocab import MAX_LENGTHS, STATUSES, VISIBILITIES

from .test_api import EXERCISE, auth, make_token


def test_document_enums_and_limits_come_from_vocab_and_config():
    document = build_document(["drill", "summit"])
    OpenAPI.from_dict(document)
    schemas = document["components"]["schemas"]
    for name in ("Event", "EventInput", "EventPatch"):
        fields = schemas[name]["properties"]
        assert fields["kind"]["enum"] == ["drill", "summit"]
        assert fields["status"]["enum"] == list(STATUSES)
        assert fields["visibility"]["enum"] == list(VISIBILITIES)
        assert fields["title"]["maxLength"] == MAX_LENGTHS["title"]
        assert fields["description"]["maxLength"] == MAX_LENGTHS["description"]
    filters = {p["name"]: p for p in document["paths"]["/events"]["get"]["parameters"]}
    assert filters["kind"]["schema"]["items"]["enum"] == ["drill", "summit"]
    assert "x-configured-kinds" not in str(document)


def test_a_patch_may_send_any_part_and_a_response_has_every_field():
    schemas = build_document(["meeting"])["components"]["schemas"]
    assert schemas["EventInput"]["required"] == ["title", "kind", "start", "end"]
    assert "required" not in schemas["EventPatch"]
    assert set(schemas["EventPatch"]["properties"]) == set(schemas["EventInput"]["properties"])
    event = schemas["Event"]
    assert set(event["required"]) == set(event["properties"])
    assert not any("default" in field for field in event["properties"].values())


def test_the_shape_check_names_json_fields_and_leaves_the_rules_to_rules_py():
    with pytest.raises(PayloadError) as refused:
        check_shape({"all_day": True, "allDay": "yes", "forceIds": [1, True], "title": 3})
    assert refused.value.fields == {
        "all_day": "Unknown field.",
        "allDay": "Must be true or false.",
        "forceIds": "Must be a list of force ids.",
        "title": "Must be a string.",
        "kind": "This field is required.",
        "start": "This field is required.",
        "end": "This field is required.",
    }
    # Out-of-vocabulary and over-long values are the shape's business no more than the form's.
    body = check_shape(EXERCISE | {"status": "maybe", "title": "x" * 400})
    assert (body.status, body.all_day, body.force_ids) == ("maybe", True, [])


def test_patch_lays_the_body_over_the_stored_event(app, client):
    token = make_token(app, "editor")
    created = client.post("/api/v1/events", json=EXERCISE, headers=auth(token)).get_json()
    url = f"/api/v1/events/{created['id']}"
    etag = {"If-Match": f'"v{created["version"]}"'}
    patched = client.patch(url, json={"visibility": "internal"}, headers=auth(token, **etag))
    assert patched.status_code == 200
    assert {k: patched.get_json()[k] for k in ("title", "visibility", "start", "status")} == {
        "title": EXERCISE["title"],
        "visibility": "internal",
        "start": EXERCISE["start"],
        "status": EXERCISE["status"],
    }
    etag = {"If-Match": patched.headers["ETag"]}
    refused = client.patch(url, json={"allDay": 1}, headers=auth(token, **etag))
    assert refused.status_code == 422
    assert refused.get_json() == {
        "error": "Some fields are not valid.",
        "fields": {"allDay": "Must be true or false."},
    }
