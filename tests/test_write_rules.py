"""One rule set for every write path: the form, the API, the .ics importer, import-json and
the service itself judge an event alike, and a repeated local hour keeps its instant."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from calendar_app.backup import BackupError, export_data, import_data
from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.events.forms import form_values
from calendar_app.extensions import db
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.models import Event, EventRevision

from .factories import api_token
from .helpers import login, make_user, post_form

LONG = "x" * 10_001  # one over the description's limit

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//rules//EN
BEGIN:VEVENT
UID:long-description@example.org
DTSTAMP:20240101T000000Z
DTSTART;VALUE=DATE:20240910
DTEND;VALUE=DATE:20240911
SUMMARY:Too much to say
DESCRIPTION:{description}
END:VEVENT
BEGIN:VEVENT
UID:fine@example.org
DTSTAMP:20240101T000000Z
DTSTART;VALUE=DATE:20240912
DTEND;VALUE=DATE:20240913
SUMMARY:Just right
END:VEVENT
END:VCALENDAR
"""


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_imported_description_over_the_forms_limit_is_rejected_in_the_preview(app):
    with app.app_context():
        plan = plan_import(
            ICS.format(description=LONG).encode(), (date(2024, 1, 1), date(2025, 1, 1))
        )
        by_uid = {change.uid: change for change in plan.changes}
        rejected = by_uid["long-description@example.org"]
        assert rejected.action == "rejected"
        assert "its description: keep this under 10000 characters" in rejected.reason
        assert by_uid["fine@example.org"].action == "new"
        commit_import(plan, None)
        db.session.commit()
        assert [e.title for e in db.session.scalars(select(Event))] == ["Just right"]


def test_the_service_refuses_what_the_form_would_refuse(app):
    with app.app_context():
        bad = EventData(
            title="Briefing",
            kind="picnic",  # not a configured kind
            start=date(2024, 9, 1),
            end=date(2024, 9, 1),
            all_day=True,
            timezone="Europe/Minsk",
            description=LONG,
        )
        with pytest.raises(service.InvalidEvent) as refused:
            service.create_event(bad)
        assert set(refused.value.errors) == {"kind", "description"}
        db.session.rollback()
        assert count(Event) == 0


def test_an_update_through_the_service_meets_the_same_rules(app):
    with app.app_context():
        event = service.create_event(
            EventData(title="Talks", kind="meeting", start=date(2024, 9, 2), end=date(2024, 9, 2),
                      all_day=True, timezone="Europe/Minsk")
        )  # fmt: skip
        db.session.commit()
        data = EventData.from_event(event, end=date(2024, 9, 1))  # before the start
        with pytest.raises(service.InvalidEvent) as refused:
            service.update_event(event, data)
        assert refused.value.errors == {"end": "The event ends before it starts."}


def _export_with_one_event(app, **row_changes) -> dict:
    with app.app_context():
        service.create_event(
            EventData(title="Talks", kind="meeting", start=date(2024, 9, 2), end=date(2024, 9, 2),
                      all_day=True, timezone="Europe/Minsk")
        )  # fmt: skip
        db.session.commit()
        data = json.loads(json.dumps(export_data()))
    data["tables"]["events"][0].update(row_changes)
    return data


def test_import_json_refuses_an_event_the_form_would_refuse_and_keeps_the_database(app):
    data = _export_with_one_event(app, description=LONG)
    with app.app_context():
        with pytest.raises(BackupError, match="description: Keep this under 10000"):
            import_data(data, replace=True)
        db.session.rollback()
        assert [e.title for e in db.session.scalars(select(Event))] == ["Talks"]


def test_the_import_json_command_says_which_event_breaks_a_rule(app, runner, tmp_path):
    data = _export_with_one_event(app, kind="picnic")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(args=["import-json", str(path), "--replace"])
    assert result.exit_code == 1
    assert "breaks the event rules: kind: Choose a kind from the list." in result.output
    with app.app_context():
        assert db.session.scalar(select(Event.kind)) == "meeting"


# 01:30 on 3 November 2024 happens twice in New York: 05:30 UTC (EDT) and 06:30 UTC (EST).
SECOND_0130 = datetime(2024, 11, 3, 6, 30, tzinfo=UTC)


def _event_in_the_repeated_hour(app) -> int:
    """As an importer stores it: the instants themselves, the second 01:30 to 02:30."""
    with app.app_context():
        event = service.create_event(
            EventData(title="Night call", kind="meeting", start=SECOND_0130,
                      end=datetime(2024, 11, 3, 7, 30, tzinfo=UTC), timezone="America/New_York")
        )  # fmt: skip
        db.session.commit()
        return event.id


def test_an_event_in_the_repeated_hour_saves_again_through_the_form_unchanged(app, client):
    event_id = _event_in_the_repeated_hour(app)
    make_user(app, "ed", "editor")
    login(client, "ed")
    page = client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert re.search(r'name="start_fold"[^>]*value="1"', page)
    with app.app_context():
        values = form_values(db.session.get(Event, event_id))
    values["all_day"] = ""
    response = post_form(client, f"/events/{event_id}/edit", values)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.starts_at == SECOND_0130
        assert event.sequence == 0
        assert count(EventRevision) == 1  # the create only: an unchanged save records nothing


def test_an_edited_title_keeps_the_second_of_two_equal_wall_times(app, client):
    event_id = _event_in_the_repeated_hour(app)
    make_user(app, "ed", "editor")
    login(client, "ed")
    with app.app_context():
        values = form_values(db.session.get(Event, event_id))
    values.update(all_day="", title="Night call (moved room)")
    assert post_form(client, f"/events/{event_id}/edit", values).status_code == 302
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.title, event.starts_at, event.sequence) == (
            "Night call (moved room)",
            SECOND_0130,
            0,  # a title is no time, place or status: SEQUENCE stays
        )


def test_a_force_description_with_a_nul_is_a_field_message_not_a_500(app, client):
    from calendar_app.models import Force

    with app.app_context():
        db.session.add(Force(slug="crrf", name="Collective Rapid Reaction Forces"))
        db.session.commit()
        force_id = db.session.scalar(select(Force.id))
    make_user(app, "ed", "editor")
    login(client, "ed")
    url = f"/manage/forces/{force_id}/edit"
    response = post_form(client, url, {"name": "CRRF", "slug": "crrf", "description": "a\x00b"})
    assert response.status_code == 422
    assert "Remove the control characters" in response.get_data(as_text=True)


def test_a_patch_of_an_event_in_the_repeated_hour_keeps_its_instant(app, client):
    event_id = _event_in_the_repeated_hour(app)
    headers = {"Authorization": f"Bearer {api_token(app)}"}
    read = client.get(f"/api/v1/events/{event_id}", headers=headers)
    patched = client.patch(
        f"/api/v1/events/{event_id}",
        json={"title": "Night call, room 2"},
        headers={**headers, "If-Match": read.headers["ETag"]},
    )
    assert patched.status_code == 200, patched.get_json()
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.title, event.starts_at, event.sequence) == (
            "Night call, room 2",
            SECOND_0130,
            0,
        )


def test_a_write_the_services_check_refuses_is_a_422_and_keeps_nothing(app, client, monkeypatch):
    """What got past the form but not the service (a location deleted meanwhile, say)."""
    monkeypatch.setattr(
        service, "check_event", lambda data, rules: {"location_id": "Choose a location."}
    )
    token = api_token(app)
    body = {"title": "Talks", "kind": "meeting", "allDay": True,
            "start": "2024-09-02", "end": "2024-09-03", "timezone": "Europe/Minsk"}  # fmt: skip
    response = client.post(
        "/api/v1/events", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert response.get_json()["error"] == "Nothing was saved: Choose a location."
    with app.app_context():
        assert count(Event) == 0
