"""Adding a location or a force from the event form keeps what was typed: the event form
holds a small "New location" fieldset and a "New force" field, judged by the rules of
/manage's forms and saved with the event, in one transaction."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, Force, Location

from .helpers import (
    field_error,
    interaction_form,
    post_form,
    save_as_shown,
)

KAZAKHSTAN = {
    "location_id": "new",
    "new_location-name": "Ministry of Defence of the Republic of Kazakhstan",
    "new_location-city": "Astana",
    "new_location-country": "KZ",
    "new_location-timezone": "asia/almaty",  # any case, as on /manage/locations
}


def exercise(ids, **overrides) -> dict:
    """Interaction-2023 typed with a new location and no time zone of its own."""
    return interaction_form(ids, **(KAZAKHSTAN | {"timezone": ""} | overrides))


def counts(app) -> tuple[int, int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count(model.id)))
            for model in (Event, Location, Force, EventRevision)
        )


def test_the_form_offers_a_new_location_and_a_new_force(editor):
    page = editor.get("/events/new").get_data(as_text=True)
    assert '<option value="new">New location (fill in below)</option>' in page
    for name in ("name", "city", "country", "timezone"):
        assert f'name="new_location-{name}"' in page
    assert 'name="new_force-name"' in page
    assert "/manage/locations/new" not in page  # no link away from the typed input


def test_an_event_is_created_with_its_new_location_in_one_go(editor, app, ids):
    response = post_form(editor, "/events/new", exercise(ids))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        location = event.location
        assert (location.name, location.city, location.country, location.timezone) == (
            "Ministry of Defence of the Republic of Kazakhstan",
            "Astana",
            "KZ",
            "Asia/Almaty",
        )
        assert event.timezone == "Asia/Almaty"  # the new location's zone, as for any other
        assert event.title == "Interaction-2023"
        [revision] = db.session.scalars(select(EventRevision)).all()
        assert revision.changes["location"][1].startswith("Ministry of Defence")


def test_a_venue_typed_with_no_location_chosen_is_taken_as_the_new_one(editor, app, ids):
    response = post_form(editor, "/events/new", exercise(ids, location_id=""))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Event)).one().location.city == "Astana"


def test_a_venue_typed_beside_a_chosen_location_asks_which(editor, app, ids):
    before = counts(app)
    response = post_form(editor, "/events/new", exercise(ids, location_id=str(ids["palace"])))
    assert response.status_code == 422
    assert "New location" in field_error(response.get_data(as_text=True), "location_id")
    assert counts(app) == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"new_location-name": ""}, "new_location-name", "This field is required."),
        ({"new_location-name": "x" * 201}, "new_location-name", "Field cannot be longer"),
        ({"new_location-city": "Astana\x07"}, "new_location-city", "control characters"),
        ({"new_location-timezone": "Mars/Olympus"}, "new_location-timezone", "Unknown time zone"),
        ({"new_location-timezone": ""}, "new_location-timezone", "This field is required."),
        ({"new_location-country": "ZZ"}, "new_location-country", "Not a valid choice"),
        ({"new_location-name": "palace of independence"}, "new_location-name", "Another location"),
    ],
)
def test_a_new_location_meets_the_rules_of_the_location_form(
    editor, app, ids, overrides, field, message
):
    before = counts(app)
    response = post_form(editor, "/events/new", exercise(ids, **overrides))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in field_error(page, field).replace("&#39;", "'")
    assert 'value="Interaction-2023"' in page  # the event's input is kept
    assert re.search(r'<details[^>]*id="new-location"[^>]*open', page)  # shown open
    assert counts(app) == before


def test_an_event_error_saves_neither_event_nor_location_and_keeps_both_inputs(editor, app, ids):
    before = counts(app)
    response = post_form(editor, "/events/new", exercise(ids, title=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "title") == "This field is required."
    assert 'value="Ministry of Defence of the Republic of Kazakhstan"' in page
    assert '<option selected value="new">' in page
    assert counts(app) == before


def test_an_edit_adds_a_location_and_keeps_the_typed_changes(editor, app, ids):
    assert post_form(editor, "/events/new", interaction_form(ids)).status_code == 302
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    response = save_as_shown(
        editor, app, event_id, **KAZAKHSTAN, title="Interaction-2023 (Astana)", timezone=""
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/events/{event_id}")
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.title, event.location.city) == ("Interaction-2023 (Astana)", "Astana")


def test_a_stale_edit_adds_no_location(editor, app, ids):
    assert post_form(editor, "/events/new", interaction_form(ids)).status_code == 302
    with app.app_context():
        event_id = db.session.scalar(select(Event.id))
    assert save_as_shown(editor, app, event_id, title="Moved on").status_code == 302
    before = counts(app)
    response = post_form(editor, f"/events/{event_id}/edit", exercise(ids, version="1"))
    assert response.status_code == 409
    assert 'value="Ministry of Defence of the Republic of Kazakhstan"' in response.get_data(True)
    assert counts(app) == before


def test_a_new_force_is_added_and_takes_part(editor, app, ids):
    data = interaction_form(ids, **{"new_force-name": "CSTO Collective Aviation Forces"})
    response = post_form(editor, "/events/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert sorted(f.name for f in event.forces) == [
            "CSTO Collective Aviation Forces",
            "Collective Rapid Reaction Forces",
        ]
        force = db.session.scalars(select(Force).where(Force.name.like("CSTO%"))).one()
        assert force.slug == "csto-collective-aviation-forces"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("collective peacekeeping forces", "Another force already has this name."),
        ("Line\nbreak", "Remove line breaks or control characters."),
    ],
)
def test_a_new_force_meets_the_rules_of_the_force_form(editor, app, ids, name, message):
    before = counts(app)
    response = post_form(editor, "/events/new", interaction_form(ids, **{"new_force-name": name}))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "new_force-name") == message
    assert counts(app) == before


def test_the_error_summary_links_to_the_new_location_fields(editor, ids):
    response = post_form(editor, "/events/new", exercise(ids, **{"new_location-timezone": "x"}))
    page = response.get_data(as_text=True)
    assert '<a href="#new_location-timezone">' in page


def test_a_name_taken_a_moment_ago_is_a_field_message_not_a_500(editor, app, ids, monkeypatch):
    # As if another editor added "Palace of Independence" after this form was checked:
    # the check passes once, then the database's unique name refuses the insert.
    from calendar_app.events import additions

    answers = iter([False])  # the form's check finds the name free; the next one, taken
    monkeypatch.setattr(additions, "name_taken", lambda *args: next(answers, True))
    before = counts(app)
    data = exercise(ids, **{"new_location-name": "Palace of Independence"})
    response = post_form(editor, "/events/new", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "new_location-name") == "Another location already has this name."
    assert 'value="Interaction-2023"' in page
    assert counts(app) == before
