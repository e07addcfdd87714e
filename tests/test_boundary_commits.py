"""Services flush, the boundary commits: several service calls are one transaction, and a
save that changes nothing records nothing and leaves the caller's pending work alone."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, Force


def talks(**changes) -> EventData:
    values = dict(title="Talks", kind="meeting", start=date(2024, 9, 2), end=date(2024, 9, 2),
                  all_day=True, timezone="Europe/Minsk")  # fmt: skip
    return EventData(**{**values, **changes})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_service_calls_commit_nothing_until_the_caller_does(app):
    with app.app_context():
        service.create_event(talks())
        service.create_event(talks(title="More talks"))
        db.session.rollback()  # the boundary decides: here, nothing
        assert count(Event) == 0
        assert count(EventRevision) == 0


def test_a_refused_call_lets_the_caller_drop_the_whole_transaction(app):
    with app.app_context():
        service.create_event(talks())
        try:
            service.create_event(talks(kind="picnic"))
        except service.InvalidEvent:
            db.session.rollback()
        assert count(Event) == 0


def test_a_save_that_changes_nothing_records_nothing_and_keeps_pending_work(app):
    with app.app_context():
        event = service.create_event(talks())
        db.session.commit()
        version, sequence = event.version, event.sequence
        db.session.add(Force(slug="crrf", name="Collective Rapid Reaction Forces"))
        service.update_event(event, EventData.from_event(event), expected_version=version)
        db.session.commit()
        assert count(Force) == 1  # not rolled back by the no-op save
        fresh = db.session.get(Event, event.id, populate_existing=True)
        assert (fresh.version, fresh.sequence) == (version, sequence)
        assert count(EventRevision) == 1


def test_a_real_change_and_other_pending_work_commit_together(app):
    with app.app_context():
        event = service.create_event(talks())
        db.session.commit()
        db.session.add(Force(slug="crrf", name="Collective Rapid Reaction Forces"))
        service.update_event(event, EventData.from_event(event, end=date(2024, 9, 3)))
        db.session.rollback()
        fresh = db.session.get(Event, event.id, populate_existing=True)
        assert (fresh.end_date, count(Force), count(EventRevision)) == (date(2024, 9, 2), 0, 1)
