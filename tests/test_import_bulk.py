"""The service's bulk create, used by large imports: the same rules, revisions and stored
feed texts as create_event, one statement per table and batch, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from calendar_app.domain.events import EventData
from calendar_app.events import bulk, service
from calendar_app.extensions import db
from calendar_app.feeds.store import feed_state, render_event_text
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.models import Event, EventRevision, Force, Location

from .reliability import timed
from .test_import_hostile import calendar


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_bulk_created_events_match_one_by_one_created_ones(app):
    with app.app_context():
        place = Location(name="Palace", city="Minsk", country="BY", timezone="Europe/Minsk")
        force = Force(name="Collective Rapid Reaction Forces", slug="crrf")
        db.session.add_all([place, force])
        db.session.flush()
        extra = {"location_id": place.id, "force_ids": [force.id], "participants": "Staff"}
        single = service.create_event(timed("One", 9, uid="one", **extra), action="import")
        day = EventData(
            title="Day",
            kind="training",
            start=date(2025, 3, 6),
            end=date(2025, 3, 8),
            timezone="Europe/Minsk",
            all_day=True,
            uid="day",
            **extra,
        )
        generation = feed_state().generation
        ids = bulk.create_events([timed("Many", 10, uid="many", **extra), day], action="import")
        db.session.commit()
        assert feed_state().generation != generation
        events = {e.uid: e for e in db.session.scalars(select(Event))}
        many = events["many"]
        assert sorted(ids) == sorted([many.id, events["day"].id])
        assert many.location.name == "Palace" and [f.slug for f in many.forces] == ["crrf"]
        assert many.version == 1 and many.sequence == 0
        for event in events.values():
            assert event.ics_text == render_event_text(event)  # what feeds serve
        revisions = {r.event_id: r for r in db.session.scalars(select(EventRevision))}
        assert revisions[many.id].action == revisions[single.id].action == "import"
        theirs = revisions[single.id].changes
        ours = revisions[many.id].changes
        assert set(ours) == set(theirs)
        assert ours["location"] == theirs["location"] and ours["forces"] == theirs["forces"]


def test_bulk_create_refuses_the_whole_list_when_one_breaks_a_rule(app):
    with app.app_context():
        good, bad = timed("Good", 9), timed("", 10)
        with pytest.raises(service.InvalidEvent) as refused:
            bulk.create_events([good, bad])
        assert "title" in refused.value.errors
        db.session.rollback()
        assert count(Event) == 0 and count(EventRevision) == 0


def test_a_failure_while_bulk_writing_an_import_writes_nothing(app, monkeypatch):
    from calendar_app.feeds import store

    events = [
        f"UID:f{n}\nSUMMARY:Event {n}\nDTSTART:20250301T090000Z\nDTEND:20250301T100000Z\n"
        f"LOCATION:Room {n}"
        for n in range(1200)
    ]
    with app.app_context():
        plan = plan_import(calendar(*events))
        calls = []
        real = store.render_event_text

        def failing(event, *args, **kwargs):
            calls.append(1)
            if len(calls) == 700:  # in the second batch, after the first one was written
                raise RuntimeError("disk full")
            return real(event, *args, **kwargs)

        monkeypatch.setattr(store, "render_event_text", failing)
        with pytest.raises(RuntimeError):
            commit_import(plan, None)
        db.session.rollback()
        assert count(Event) == 0 and count(EventRevision) == 0 and count(Location) == 0
