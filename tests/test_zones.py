"""Only real IANA zones: canonical names, and backward-compatible aliases stored as the
canonical name; nothing that depends on the host (`localtime`) or names no place."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.config import ConfigError, load_config
from calendar_app.domain.timezones import canonical_zone, is_timezone, timezone_names
from calendar_app.events.rules import EventRules, validate_event
from calendar_app.extensions import db
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.imports.parse import zone_name
from calendar_app.models import Event

RULES = EventRules(kinds=["meeting"], default_timezone="Europe/Moscow")


def timed(timezone: str) -> dict:
    return {"title": "Call", "kind": "meeting", "status": "confirmed", "visibility": "public",
            "start_date": "2024-07-19", "start_time": "10:00", "end_time": "11:00",
            "timezone": timezone}  # fmt: skip


@pytest.mark.parametrize("name", ["localtime", "Factory", "EST5EDT", "posixrules", "Nowhere/Land"])
def test_host_dependent_and_pseudo_zones_are_refused(name):
    assert canonical_zone(name) is None and not is_timezone(name)
    errors = validate_event(timed(name), RULES)
    assert errors == {
        "timezone": f"Unknown time zone {name!r}; use an IANA name such as Europe/Minsk."
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("US/Eastern", "America/New_York"), ("europe/kiev", "Europe/Kyiv"),
     ("Asia/Calcutta", "Asia/Kolkata"), ("UTC", "UTC"), ("asia/almaty", "Asia/Almaty")],
)  # fmt: skip
def test_aliases_and_any_case_are_stored_as_the_canonical_name(typed, stored):
    assert validate_event(timed(typed), RULES).timezone == stored
    assert is_timezone(stored)


def test_forms_offer_canonical_area_city_zones_only():
    names = timezone_names()
    assert "Europe/Minsk" in names and "America/New_York" in names
    assert not {"US/Eastern", "Europe/Kiev", "localtime", "EST5EDT", "Factory"} & set(names)


def test_a_host_zone_in_the_configuration_stops_start_up(tmp_path):
    with pytest.raises(ConfigError, match="unknown time zone 'localtime'"):
        load_config(tmp_path, {"CALENDAR_TIMEZONE": "localtime"})
    assert (
        load_config(tmp_path, {"CALENDAR_TIMEZONE": "Europe/Kiev"})["CALENDAR_TIMEZONE"]
        == "Europe/Kyiv"
    )


def test_a_view_in_a_host_zone_is_a_400(client):
    assert client.get("/calendar/2024/7?tz=localtime").status_code == 400


def test_an_imported_alias_tzid_is_stored_as_the_canonical_zone(app):
    assert zone_name("US/Eastern") == "America/New_York"
    assert zone_name("/mozilla.org/20070129_1/Europe/Kiev") == "Europe/Kyiv"
    assert zone_name("localtime") is None
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:alias@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
        b"DTSTART;TZID=US/Eastern:20240719T090000\r\nDTEND;TZID=US/Eastern:20240719T100000\r\n"
        b"SUMMARY:Briefing\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with app.app_context():
        plan = plan_import(ics, (date(2024, 1, 1), date(2025, 1, 1)))
        assert plan.summary["new"] == 1, plan.changes
        commit_import(plan, None)
        db.session.commit()
        assert db.session.scalar(db.select(Event.timezone)) == "America/New_York"
