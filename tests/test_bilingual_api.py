"""The API's Russian texts (issue 16 §5): events carry titleRu and descriptionRu, forces
and locations nameRu (and cityRu), null when there are none; writes take them through the
form's rules, and the OpenAPI document says so."""

from __future__ import annotations

from calendar_app.extensions import db
from calendar_app.models import Event, Force, Location

from .test_api import EXERCISE, auth, check, make_token, spec  # noqa: F401 - spec: a fixture

RU_TITLE = "Взаимодействие-2023"


def test_an_event_is_created_and_updated_with_its_russian_texts(app, client, spec):  # noqa: F811
    token = make_token(app, "editor")
    body = {**EXERCISE, "titleRu": RU_TITLE, "descriptionRu": "Совместное учение."}
    created = check(spec, client.post("/api/v1/events", json=body, headers=auth(token)))
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    assert (event["titleRu"], event["descriptionRu"]) == (RU_TITLE, "Совместное учение.")
    url = f"/api/v1/events/{event['id']}"
    assert check(spec, client.get(url)).get_json()["titleRu"] == RU_TITLE
    with app.app_context():
        stored = db.session.get(Event, event["id"])
        assert (stored.title_ru, stored.description_ru) == (RU_TITLE, "Совместное учение.")

    # A PATCH of another field keeps them; a PATCH of one changes it alone.
    etag = created.headers["ETag"]
    patched = client.patch(url, json={"title": "Interaction-2023 (Brest)"},
                           headers=auth(token, **{"If-Match": etag}))  # fmt: skip
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["titleRu"] == RU_TITLE
    renamed = check(
        spec,
        client.patch(
            url,
            json={"titleRu": "Взаимодействие-2023 (Брест)"},
            headers=auth(token, **{"If-Match": patched.headers["ETag"]}),
        ),  # fmt: skip
    )
    assert renamed.get_json()["titleRu"] == "Взаимодействие-2023 (Брест)"
    assert renamed.get_json()["descriptionRu"] == "Совместное учение."

    # null (or a PUT that leaves them out) removes them: null again, never "".
    cleared = check(
        spec,
        client.patch(
            url,
            json={"titleRu": None, "descriptionRu": ""},
            headers=auth(token, **{"If-Match": renamed.headers["ETag"]}),
        ),  # fmt: skip
    )
    assert (cleared.get_json()["titleRu"], cleared.get_json()["descriptionRu"]) == (None, None)
    put = check(
        spec,
        client.put(
            url,
            json={**EXERCISE, "titleRu": RU_TITLE},
            headers=auth(token, **{"If-Match": cleared.headers["ETag"]}),
        ),  # fmt: skip
    )
    assert (put.get_json()["titleRu"], put.get_json()["descriptionRu"]) == (RU_TITLE, None)


def test_an_event_without_russian_texts_says_null(app, client, spec):  # noqa: F811
    token = make_token(app, "editor")
    created = check(spec, client.post("/api/v1/events", json=EXERCISE, headers=auth(token)))
    event = created.get_json()
    assert event["titleRu"] is None and event["descriptionRu"] is None
    listed = check(spec, client.get("/api/v1/events?start=2023-08-01&end=2023-10-01"))
    assert [(e["titleRu"], e["descriptionRu"]) for e in listed.get_json()] == [(None, None)]


def test_bad_russian_texts_are_422_field_errors(app, client, spec):  # noqa: F811
    token = make_token(app, "editor")
    cases = [
        ({**EXERCISE, "titleRu": "я" * 301}, "titleRu"),
        ({**EXERCISE, "titleRu": "две\nстроки"}, "titleRu"),
        ({**EXERCISE, "titleRu": "a\x00b"}, "titleRu"),
        ({**EXERCISE, "titleRu": 5}, "titleRu"),
        ({**EXERCISE, "descriptionRu": "я" * 10001}, "descriptionRu"),
        ({**EXERCISE, "descriptionRu": ["list"]}, "descriptionRu"),
    ]
    for payload, field in cases:
        response = check(spec, client.post("/api/v1/events", json=payload, headers=auth(token)))
        assert response.status_code == 422, (payload, response.get_json())
        assert field in response.get_json()["fields"], (field, response.get_json())
    ru = auth(token, **{"Accept-Language": "ru"})
    answer = client.post("/api/v1/events", json={**EXERCISE, "titleRu": "a\nb"}, headers=ru)
    assert answer.status_code == 422 and answer.get_json()["fields"]["titleRu"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_forces_and_locations_carry_their_russian_names(app, client, spec):  # noqa: F811
    with app.app_context():
        db.session.add_all(
            [
                Force(
                    name="Collective Rapid Reaction Forces",
                    slug="crrf",
                    name_ru="Коллективные силы оперативного реагирования",
                ),  # fmt: skip
                Force(name="Peacekeeping Forces", slug="pkf"),
                Location(
                    name="Brestsky range",
                    name_ru="Брестский полигон",
                    city="Brest",
                    city_ru="Брест",
                    country="BY",
                    timezone="Europe/Minsk",
                ),  # fmt: skip
                Location(
                    name="UN Headquarters",
                    city="New York",
                    country="US",
                    timezone="America/New_York",
                ),  # fmt: skip
            ]
        )
        db.session.commit()
        crrf = db.session.scalar(db.select(Force).filter_by(slug="crrf"))
        brest = db.session.scalar(db.select(Location).filter_by(city="Brest"))
        crrf_id, brest_id = crrf.id, brest.id
    forces = check(spec, client.get("/api/v1/forces")).get_json()
    assert {f["slug"]: f["nameRu"] for f in forces} == {
        "crrf": "Коллективные силы оперативного реагирования",
        "pkf": None,
    }
    locations = check(spec, client.get("/api/v1/locations")).get_json()
    assert {(loc["name"], loc["nameRu"], loc["cityRu"]) for loc in locations} == {
        ("Brestsky range", "Брестский полигон", "Брест"),
        ("UN Headquarters", None, None),
    }
    token = make_token(app, "editor")
    body = {**EXERCISE, "forceIds": [crrf_id], "locationId": brest_id}
    event = check(spec, client.post("/api/v1/events", json=body, headers=auth(token))).get_json()
    assert event["forces"][0]["nameRu"] == "Коллективные силы оперативного реагирования"
    assert (event["location"]["nameRu"], event["location"]["cityRu"]) == (
        "Брестский полигон",
        "Брест",
    )


def test_the_openapi_document_names_the_russian_fields(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    for name in ("Event", "EventInput"):
        properties = schemas[name]["properties"]
        assert {"titleRu", "descriptionRu"} <= set(properties), name
        assert properties["titleRu"]["maxLength"] == 300
    assert "titleRu" not in schemas["EventInput"].get("required", [])
    assert {"titleRu", "descriptionRu"} <= set(schemas["Event"]["required"])
    assert "nameRu" in schemas["Force"]["properties"]
    assert {"nameRu", "cityRu"} <= set(schemas["Location"]["properties"])
