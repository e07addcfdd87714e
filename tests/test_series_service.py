"""Series through the service layer and the month view: scopes, overrides, exclusions,
splits, and what the schedule shows, on a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events import series as scopes
from calendar_app.events import service
from calendar_app.events.occurrences import events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.models import Event

MOSCOW = ZoneInfo("Europe/Moscow")


def _staff_meeting(**changes) -> Event:
    """Weekly staff meeting, Mondays 10:00 Moscow, from 2 June 2025."""
    start = datetime(2025, 6, 2, 10, 0, tzinfo=MOSCOW)
    values = dict(title="Weekly staff meeting", kind="meeting", start=start,
                  end=start + timedelta(hours=1), timezone="Europe/Moscow",
                  rrule="FREQ=WEEKLY;BYDAY=MO")  # fmt: skip
    return service.create_event(EventData(**{**values, **changes}))


def _june() -> list:
    start, end = datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC)
    return events_between(visible_events(include_internal=True), start, end)


def _starts(items) -> list[datetime]:
    return [item.span()["starts_at"].astimezone(MOSCOW) for item in items]


def _monday(day: int) -> datetime:
    return datetime(2025, 6, day, 7, 0, tzinfo=UTC)  # 10:00 Moscow


def test_a_series_shows_every_monday_of_the_month(app):
    with app.app_context():
        _staff_meeting()
        db.session.commit()
        assert [s.day for s in _starts(_june())] == [2, 9, 16, 23, 30]
        assert {s.hour for s in _starts(_june())} == {10}


def test_a_start_off_the_rule_moves_to_its_first_occurrence(app):
    with app.app_context():
        wednesday = datetime(2025, 6, 4, 10, tzinfo=MOSCOW)
        event = _staff_meeting(start=wednesday, end=wednesday + timedelta(hours=1))
        assert event.starts_at == _monday(9)
        assert event.series_ends_at is None and event.recurs


def test_bad_rules_are_refused_by_the_one_rule_set(app):
    with app.app_context(), pytest.raises(service.InvalidEvent) as refused:
        _staff_meeting(rrule="FREQ=WEEKLY;UNTIL=20250101")
    assert "ends before" in refused.value.errors["rrule"]


def test_move_one_occurrence(app):
    with app.app_context():
        event = _staff_meeting()
        tuesday = datetime(2025, 6, 10, 10, tzinfo=MOSCOW)
        data = replace(scopes.occurrence_data(event, _monday(9)), start=tuesday,
                       end=tuesday + timedelta(hours=1))  # fmt: skip
        override = scopes.edit_occurrence(event, _monday(9), data, expected_version=event.version)
        db.session.commit()
        assert override.series_id == event.id and override.recurrence_id == _monday(9)
        assert [s.day for s in _starts(_june())] == [2, 10, 16, 23, 30]


def test_cancel_one_occurrence_keeps_it_visible(app):
    with app.app_context():
        event = _staff_meeting()
        scopes.cancel_occurrence(event, _monday(16), reason="Public holiday")
        db.session.commit()
        statuses = [getattr(i, "status", None) or i.series.status for i in _june()]
        assert statuses == ["confirmed", "confirmed", "cancelled", "confirmed", "confirmed"]


def test_delete_one_occurrence_excludes_it(app):
    with app.app_context():
        event = _staff_meeting()
        sequence = event.sequence
        scopes.delete_occurrence(event, _monday(23))
        db.session.commit()
        assert [s.day for s in _starts(_june())] == [2, 9, 16, 30]
        assert event.exdates == ["2025-06-23T07:00:00+00:00"]
        assert event.sequence == sequence + 1


def test_not_an_occurrence(app):
    with app.app_context():
        event = _staff_meeting()
        with pytest.raises(scopes.NotAnOccurrence):
            scopes.check_occurrence(event, _monday(10))
        scopes.delete_occurrence(event, _monday(9))
        with pytest.raises(scopes.NotAnOccurrence):
            scopes.check_occurrence(event, _monday(9))


def test_this_and_following_splits_the_series(app):
    with app.app_context():
        event = _staff_meeting(rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=5")
        scopes.cancel_occurrence(event, _monday(30))
        later = datetime(2025, 6, 16, 11, tzinfo=MOSCOW)
        data = replace(scopes.occurrence_data(event, _monday(16)), start=later,
                       end=later + timedelta(hours=1), title="Staff meeting (new time)",
                       rrule=event.rrule)  # fmt: skip
        change = scopes.split_series(event, _monday(16), data)
        db.session.commit()
        assert event.rrule == "FREQ=WEEKLY;COUNT=2;BYDAY=MO"
        assert change.series.rrule == "FREQ=WEEKLY;COUNT=3;BYDAY=MO"
        items = _june()
        assert [(s.day, s.hour) for s in _starts(items)] == [
            (2, 10),
            (9, 10),
            (16, 11),
            (23, 11),
            (30, 11),
        ]
        moved = db.session.get(Event, items[-1].id) if isinstance(items[-1], Event) else None
        assert moved is not None and moved.series_id == change.series.id
        assert moved.status == "cancelled"
        assert moved.recurrence_id == datetime(2025, 6, 30, 8, 0, tzinfo=UTC)


def test_split_of_an_endless_series_ends_it_at_its_last_occurrence(app):
    with app.app_context():
        event = _staff_meeting()
        data = replace(scopes.occurrence_data(event, _monday(16)), rrule=event.rrule)
        scopes.split_series(event, _monday(16), data)
        assert event.rrule == "FREQ=WEEKLY;UNTIL=20250609T070000Z;BYDAY=MO"
        assert event.series_ends_at == _monday(9) + timedelta(hours=1)


def test_changing_the_rule_drops_overrides_without_an_occurrence(app):
    with app.app_context():
        event = _staff_meeting()
        scopes.cancel_occurrence(event, _monday(9))
        data = replace(EventData.from_event(event), rrule="FREQ=WEEKLY;BYDAY=TH")
        change = scopes.update_series(event, data)
        db.session.commit()
        assert [o.recurrence_id for o in change.dropped] == [_monday(9)]
        assert [s.day for s in _starts(_june())] == [5, 12, 19, 26]


def test_moving_the_start_moves_overrides_by_the_same_step(app):
    with app.app_context():
        event = _staff_meeting()
        scopes.cancel_occurrence(event, _monday(9))
        thursday = datetime(2025, 6, 5, 10, tzinfo=MOSCOW)
        data = replace(EventData.from_event(event), rrule="FREQ=WEEKLY;BYDAY=TH", start=thursday,
                       end=thursday + timedelta(hours=1))  # fmt: skip
        assert scopes.update_series(event, data).dropped == []
        override = scopes.find_override(event, datetime(2025, 6, 12, 7, tzinfo=UTC))
        assert override is not None and override.status == "cancelled"
        assert override.starts_at == datetime(2025, 6, 12, 7, tzinfo=UTC)


def test_moving_the_series_moves_its_overrides(app):
    with app.app_context():
        event = _staff_meeting()
        scopes.cancel_occurrence(event, _monday(9))
        later = datetime(2025, 6, 2, 12, tzinfo=MOSCOW)
        data = replace(EventData.from_event(event), start=later, end=later + timedelta(hours=1))
        change = scopes.update_series(event, data)
        db.session.commit()
        assert change.dropped == []
        assert [(s.day, s.hour) for s in _starts(_june())] == [
            (2, 12),
            (9, 12),  # cancelled, at the time of its occurrence: it moves with it
            (16, 12),
            (23, 12),
            (30, 12),
        ]
        override = scopes.find_override(event, _monday(9) + timedelta(hours=2))
        assert override is not None and override.status == "cancelled"


def test_an_occurrence_edit_checks_the_series_version(app):
    with app.app_context():
        event = _staff_meeting()
        loaded = event.version
        scopes.cancel_occurrence(event, _monday(9), expected_version=loaded)
        data = scopes.occurrence_data(event, _monday(16))
        with pytest.raises(service.StaleEventError):
            scopes.edit_occurrence(event, _monday(16), data, expected_version=loaded)


def test_deleting_the_series_deletes_its_overrides(app):
    with app.app_context():
        event = _staff_meeting()
        override = scopes.cancel_occurrence(event, _monday(9))
        scopes.delete_series(event)
        db.session.commit()
        assert override.is_deleted and _june() == []


def test_all_day_series_of_three_days(app):
    with app.app_context():
        service.create_event(EventData(title="Exercise", kind="training", start=date(2025, 5, 30),
                                       end=date(2025, 6, 1), all_day=True, timezone="Europe/Minsk",
                                       rrule="FREQ=MONTHLY;BYMONTHDAY=30;COUNT=3"))  # fmt: skip
        db.session.commit()
        spans = [(i.span()["start_date"], i.span()["end_date"]) for i in _june()]
        assert spans == [
            (date(2025, 5, 30), date(2025, 6, 1)),
            (date(2025, 6, 30), date(2025, 7, 2)),
        ]
