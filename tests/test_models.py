from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.events.policy import visible_events
from calendar_app.events.queries import overlapping
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, Force, Location

MOSCOW = "Europe/Moscow"


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def timed(title="Meeting", start=None, end=None, **extra):
    start = start or utc(2024, 7, 25, 8)
    end = end or start + timedelta(hours=2)
    return EventData(title=title, kind="meeting", start=start, end=end, timezone=MOSCOW, **extra)


def all_day(title="Interaction-2023", first=date(2023, 9, 1), last=date(2023, 9, 6), **extra):
    return EventData(
        title=title,
        kind="training",
        all_day=True,
        start=first,
        end=last,
        timezone="Europe/Minsk",
        **extra,
    )


def test_end_before_start_is_refused_by_the_database(app):
    with app.app_context():
        event = Event(title="Backwards", kind="meeting", timezone=MOSCOW, uid="x")
        event.set_timed(utc(2024, 1, 2), utc(2024, 1, 1), MOSCOW)
        db.session.add(event)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(Event.id)) is None


def test_unknown_status_is_refused_by_the_database(app):
    with app.app_context():
        event = Event(title="X", kind="meeting", status="maybe")
        event.set_timed(utc(2024, 1, 1), utc(2024, 1, 1, 1), MOSCOW)
        db.session.add(event)
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_all_day_event_keeps_its_dates_and_an_exclusive_utc_span(app):
    with app.app_context():
        event = service.create_event(all_day())
        db.session.commit()
        assert (event.start_date, event.end_date) == (date(2023, 9, 1), date(2023, 9, 6))
        assert event.ends_at == utc(2023, 9, 7)


def test_timed_event_ending_at_midnight_stays_on_its_day(app):
    with app.app_context():
        start = datetime(2024, 7, 25, 22, tzinfo=UTC) - timedelta(hours=3)  # 22:00 Moscow
        event = service.create_event(timed(start=start, end=start + timedelta(hours=2)))
        db.session.commit()
        assert event.start_date == event.end_date == date(2024, 7, 25)


def test_uid_is_generated_once_and_never_changes(app):
    with app.app_context():
        event = service.create_event(timed())
        db.session.commit()
        uid = event.uid
        assert len(uid) >= 32
        service.update_event(event, timed(title="Renamed", start=utc(2024, 7, 26, 8)))
        db.session.commit()
        service.cancel_event(event)
        db.session.commit()
        assert db.session.get(Event, event.id).uid == uid


def test_sequence_bumps_for_time_place_status_but_not_title(app):
    with app.app_context():
        place = Location(name="CSTO Secretariat", city="Moscow", country="RU", timezone=MOSCOW)
        db.session.add(place)
        db.session.commit()
        event = service.create_event(timed())
        db.session.commit()
        assert event.sequence == 0
        service.update_event(event, timed(title="New title"))
        db.session.commit()
        assert event.sequence == 0
        service.update_event(event, timed(title="New title", start=utc(2024, 7, 25, 9)))
        db.session.commit()
        assert event.sequence == 1
        service.update_event(
            event, timed(title="New title", start=utc(2024, 7, 25, 9), location_id=place.id)
        )
        db.session.commit()
        assert event.sequence == 2
        service.cancel_event(event)
        db.session.commit()
        assert event.sequence == 3 and event.status == "cancelled"


def test_every_change_records_a_revision_with_before_and_after(app):
    with app.app_context():
        force = Force(name="Collective Rapid Reaction Forces", slug="crrf")
        db.session.add(force)
        db.session.commit()
        event = service.create_event(all_day())
        db.session.commit()
        service.update_event(
            event, all_day(title="Interaction-2023 (revised)", force_ids=[force.id])
        )
        db.session.commit()
        revisions = db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id == event.id)
            .order_by(EventRevision.id)
        ).all()
        assert [r.action for r in revisions] == ["create", "update"]
        assert revisions[1].changes == {
            "title": ["Interaction-2023", "Interaction-2023 (revised)"],
            "forces": [[], ["Collective Rapid Reaction Forces"]],
        }


def test_soft_deleted_event_leaves_queries_and_can_be_restored(app):
    with app.app_context():
        event = service.create_event(timed())
        db.session.commit()
        service.delete_event(event)
        db.session.commit()
        assert db.session.get(Event, event.id) is not None
        assert db.session.scalars(visible_events(include_internal=True)).all() == []
        service.restore_event(event)
        db.session.commit()
        assert db.session.scalars(visible_events(include_internal=True)).all() == [event]


def test_internal_events_are_hidden_from_the_public_query(app):
    with app.app_context():
        service.create_event(timed(title="Public"))
        db.session.commit()
        service.create_event(timed(title="Internal", visibility="internal"))
        db.session.commit()
        assert [e.title for e in db.session.scalars(visible_events())] == ["Public"]
        assert len(db.session.scalars(visible_events(include_internal=True)).all()) == 2


def test_overlap_query_returns_exactly_the_events_meeting_the_window(app):
    with app.app_context():
        service.create_event(timed("before", utc(2024, 7, 1, 8), utc(2024, 7, 1, 10)))
        db.session.commit()
        service.create_event(timed("touching end", utc(2024, 7, 1, 10), utc(2024, 7, 1, 12)))
        db.session.commit()
        service.create_event(timed("inside", utc(2024, 7, 2, 8), utc(2024, 7, 2, 9)))
        db.session.commit()
        service.create_event(timed("spanning", utc(2024, 6, 1), utc(2024, 8, 1)))
        db.session.commit()
        service.create_event(timed("after", utc(2024, 7, 3), utc(2024, 7, 3, 1)))
        db.session.commit()
        window = overlapping(visible_events(), utc(2024, 7, 1, 10), utc(2024, 7, 3))
        titles = {e.title for e in db.session.scalars(window)}
        assert titles == {"touching end", "inside", "spanning"}


def test_version_counter_refuses_a_stale_write(app):
    with app.app_context():
        event = service.create_event(timed())
        db.session.commit()
        assert event.version == 1
        service.update_event(event, timed(title="First save"))
        db.session.commit()
        assert event.version == 2
        with pytest.raises(service.StaleEventError):
            service.update_event(event, timed(title="Late save"), expected_version=1)
            db.session.commit()
        assert db.session.get(Event, event.id).title == "First save"


def test_concurrent_session_write_is_detected_by_the_version_column(app):
    with app.app_context():
        event = service.create_event(timed())
        db.session.commit()
        with Session(db.engine) as second:
            copy = second.get(Event, event.id)
            copy.title = "Saved elsewhere"
            second.commit()
        event.title = "Saved here"
        with pytest.raises(StaleDataError):
            db.session.commit()
