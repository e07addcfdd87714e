"""The event rules as plain functions (the form and the API call the same ones)."""

from datetime import UTC, date, datetime

from calendar_app import models
from calendar_app.domain.events import EventData
from calendar_app.events import rules as validation
from calendar_app.events.rules import EventRules, validate_event

RULES = EventRules(
    kinds=["meeting", "session", "training"],
    default_timezone="Europe/Moscow",
    location_zones={1: "Europe/Minsk"},
    force_ids={1, 2},
)


def raw(**overrides):
    data = {
        "title": " Interaction-2023 ",
        "kind": "training",
        "status": "confirmed",
        "all_day": True,
        "start_date": "2023-09-01",
        "end_date": "2023-09-06",
        "location_id": "1",
        "force_ids": ["2", "1", "1"],
        "visibility": "public",
    }
    return {**data, **overrides}


def test_valid_all_day_input_becomes_event_data():
    data = validate_event(raw(), RULES)
    assert isinstance(data, EventData)
    assert data.title == "Interaction-2023"
    assert (data.start, data.end) == (date(2023, 9, 1), date(2023, 9, 6))
    assert data.timezone == "Europe/Minsk" and data.force_ids == [1, 2]


def test_timed_input_becomes_utc_instants():
    data = validate_event(raw(all_day="", start_time="09:00", end_time="17:00", end_date=""), RULES)
    assert data.start == datetime(2023, 9, 1, 6, 0, tzinfo=UTC)
    assert data.end == datetime(2023, 9, 1, 14, 0, tzinfo=UTC)


def test_every_error_is_reported_at_once():
    errors = validate_event(raw(title="", kind="x", start_date="nope"), RULES)
    assert set(errors) == {"title", "kind", "start_date"}


def test_dst_gap_is_refused_even_when_other_fields_fail():
    errors = validate_event(
        raw(
            title="",
            all_day=False,
            timezone="Europe/Berlin",
            start_date="2024-03-31",
            end_date="",
            start_time="02:30",
            end_time="04:00",
        ),
        RULES,
    )
    assert "title" in errors and "does not exist" in errors["start_time"]


def test_choices_match_the_model():
    assert validation.STATUSES == models.STATUSES
    assert validation.VISIBILITIES == models.VISIBILITIES


def test_carriage_returns_are_normalised_and_tabs_kept():
    data = validate_event(raw(description="line one\r\nline\ttwo"), RULES)
    assert data.description == "line one\nline\ttwo"


def test_a_zone_typed_in_any_case_is_stored_in_its_own_spelling():
    data = validate_event(raw(timezone=" europe/MINSK "), RULES)
    assert data.timezone == "Europe/Minsk"
    errors = validate_event(raw(timezone="Mars/Olympus"), RULES)
    assert "Unknown time zone 'Mars/Olympus'" in errors["timezone"]
