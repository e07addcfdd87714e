"""Double bookings of stored events: forces, venues and officials, series occurrence by
occurrence, cancelled and deleted events ignored, and the /conflicts report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from calendar_app.domain.events import EventData
from calendar_app.events import series as scopes
from calendar_app.events import service
from calendar_app.events.conflicts import (
    UnconfirmedConflicts,
    confirm_or_refuse,
    conflicts_between,
    conflicts_of,
    conflicts_of_data,
    summaries,
)
from calendar_app.extensions import db
from calendar_app.models import EventRevision, Force, Location, Official

MINSK = ZoneInfo("Europe/Minsk")


@pytest.fixture
def records(app):
    """Two forces, two venues and the Secretary General."""
    with app.app_context():
        crrf = service.save_force(Force(slug="crrf"), {"name": "CRRF"})
        pkf = service.save_force(Force(slug="pkf"), {"name": "Peacekeeping Forces"})
        brest = service.save_location(
            Location(), {"name": "Brestsky range", "timezone": "Europe/Minsk"}
        )
        hall = service.save_location(Location(), {"name": "Hall A", "timezone": "Europe/Minsk"})
        sg = service.save_official(
            Official(), {"name": "Imangali Tasmagambetov", "position": "Secretary General"}
        )
        db.session.commit()
        yield {"crrf": crrf.id, "pkf": pkf.id, "brest": brest.id, "hall": hall.id, "sg": sg.id}


def _exercise(title, first: date, last: date, **changes):
    values = dict(title=title, kind="training", start=first, end=last, all_day=True,
                  timezone="Europe/Minsk")  # fmt: skip
    return service.create_event(EventData(**{**values, **changes}))


def _meeting(title, start: datetime, hours: int = 2, **changes):
    values = dict(title=title, kind="meeting", start=start, end=start + timedelta(hours=hours),
                  timezone="Europe/Minsk")  # fmt: skip
    return service.create_event(EventData(**{**values, **changes}))


def test_two_exercises_of_one_force_in_overlapping_weeks_conflict(app, records):
    with app.app_context():
        first = _exercise(
            "Interaction-2023", date(2023, 9, 1), date(2023, 9, 6), force_ids=[records["crrf"]]
        )
        second = _exercise(
            "Echelon-2023",
            date(2023, 9, 5),
            date(2023, 9, 9),
            force_ids=[records["crrf"], records["pkf"]],
        )
        [conflict] = conflicts_of(second)
        assert conflict.second.event_id == first.id
        assert conflict.shared == (("force", records["crrf"]),)


def test_an_all_day_exercise_meets_a_timed_meeting_on_its_day_in_its_zone(app, records):
    with app.app_context():
        _exercise("Range day", date(2023, 9, 4), date(2023, 9, 4), location_id=records["brest"])
        evening_before = _meeting(
            "Briefing", datetime(2023, 9, 3, 22, tzinfo=MINSK), location_id=records["brest"]
        )
        morning = _meeting(
            "Walk-through", datetime(2023, 9, 4, 9, tzinfo=MINSK), location_id=records["brest"]
        )
        assert conflicts_of(evening_before) == []
        assert [c.shared for c in conflicts_of(morning)] == [(("location", records["brest"]),)]


def test_the_same_official_at_two_overlapping_meetings_conflicts(app, records):
    with app.app_context():
        _meeting(
            "Meets the minister",
            datetime(2023, 9, 4, 10, tzinfo=MINSK),
            official_ids=[records["sg"]],
        )
        other = _meeting(
            "Press conference", datetime(2023, 9, 4, 11, tzinfo=MINSK), official_ids=[records["sg"]]
        )
        later = _meeting(
            "Dinner", datetime(2023, 9, 4, 12, tzinfo=MINSK), official_ids=[records["sg"]]
        )
        assert [(c.second.title, c.reasons()) for c in conflicts_of(other)] == [
            ("Meets the minister", ("official",)),
            ("Dinner", ("official",)),
        ]
        # 12:00 is when the first ends: half-open, so only the press conference overlaps.
        assert [c.second.title for c in conflicts_of(later)] == ["Press conference"]


def test_cancelled_and_deleted_events_never_conflict(app, records):
    with app.app_context():
        cancelled = _exercise(
            "Called off",
            date(2023, 9, 1),
            date(2023, 9, 3),
            force_ids=[records["pkf"]],
            status="cancelled",
        )
        deleted = _exercise(
            "Withdrawn", date(2023, 9, 1), date(2023, 9, 3), force_ids=[records["pkf"]]
        )
        service.delete_event(deleted)
        mine = _exercise(
            "Indestructible Brotherhood-2023",
            date(2023, 9, 2),
            date(2023, 9, 4),
            force_ids=[records["pkf"]],
        )
        assert conflicts_of(mine) == []
        assert conflicts_of(cancelled) == []


def test_a_series_conflicts_occurrence_by_occurrence_and_its_overrides_count(app, records):
    with app.app_context():
        start = datetime(2023, 9, 4, 10, tzinfo=MINSK)
        weekly = _meeting(
            "Staff meeting",
            start,
            rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=6",
            location_id=records["hall"],
        )
        clash = _meeting(
            "Visit", datetime(2023, 9, 18, 11, tzinfo=MINSK), location_id=records["hall"]
        )
        found = conflicts_of(clash)
        assert [c.second.occurrence for c in found] == ["20230918T070000Z"]
        # Cancel that occurrence: no conflict left; move the next one onto another visit.
        scopes.cancel_occurrence(weekly, datetime(2023, 9, 18, 10, tzinfo=MINSK))
        assert conflicts_of(clash) == []
        moved_onto = _meeting(
            "Delegation", datetime(2023, 9, 26, 15, tzinfo=MINSK), location_id=records["hall"]
        )
        assert conflicts_of(moved_onto) == []
        occurrence = datetime(2023, 9, 25, 10, tzinfo=MINSK)
        data = scopes.occurrence_data(weekly, occurrence)
        moved = EventData(
            **{
                **data.__dict__,
                "start": datetime(2023, 9, 26, 15, tzinfo=MINSK),
                "end": datetime(2023, 9, 26, 16, tzinfo=MINSK),
            }
        )
        scopes.edit_occurrence(weekly, occurrence, moved)
        assert [c.second.title for c in conflicts_of(moved_onto)] == ["Staff meeting"]


def test_a_series_is_checked_against_what_falls_on_any_occurrence(app, records):
    with app.app_context():
        visit = _meeting(
            "Visit", datetime(2023, 10, 2, 10, 30, tzinfo=MINSK), official_ids=[records["sg"]]
        )
        weekly = _meeting(
            "Staff meeting",
            datetime(2023, 9, 4, 10, tzinfo=MINSK),
            rrule="FREQ=WEEKLY;BYDAY=MO",
            official_ids=[records["sg"]],
        )
        found = conflicts_of(weekly)
        assert [(c.first.occurrence, c.second.event_id) for c in found] == [
            ("20231002T070000Z", visit.id)
        ]


def test_the_report_lists_each_pair_once_grouped_and_clipped_to_the_window(app, records):
    with app.app_context():
        _exercise(
            "Interaction-2023",
            date(2023, 9, 1),
            date(2023, 9, 6),
            force_ids=[records["crrf"]],
            location_id=records["brest"],
        )
        _exercise(
            "Search-2023",
            date(2023, 9, 5),
            date(2023, 9, 9),
            force_ids=[records["crrf"]],
            location_id=records["brest"],
        )
        _exercise("Later", date(2023, 11, 1), date(2023, 11, 2), force_ids=[records["crrf"]])
        _exercise("Later too", date(2023, 11, 2), date(2023, 11, 3), force_ids=[records["crrf"]])
        september = conflicts_between(date(2023, 9, 1), date(2023, 10, 1))
        assert [(c.first.title, c.second.title) for c in september] == [
            ("Interaction-2023", "Search-2023")
        ]
        assert september[0].reasons() == ("force", "location")
        assert len(conflicts_between(date(2023, 1, 1), date(2024, 1, 1))) == 2


def test_conflicts_page_groups_by_force_venue_and_official(app, client, records, editor):
    with app.app_context():
        _exercise(
            "Interaction-2023", date(2023, 9, 1), date(2023, 9, 6), force_ids=[records["crrf"]]
        )
        _exercise("Echelon-2023", date(2023, 9, 5), date(2023, 9, 9), force_ids=[records["crrf"]])
        db.session.commit()
    page = client.get("/conflicts?from=2023-09-01&to=2023-09-30")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Forces booked twice" in text and "CRRF" in text
    assert "Interaction-2023" in text and "Echelon-2023" in text
    assert "1 conflicting pair " in text
    assert "Venues booked twice" not in text


@pytest.mark.parametrize(
    "query", ["from=2023-13-01", "from=2023-09-10&to=2023-09-01", "from=2000-01-01&to=2030-01-01"]
)
def test_conflicts_page_refuses_a_bad_window_with_a_message(client, editor, query):
    page = client.get(f"/conflicts?{query}")
    assert page.status_code == 400
    assert 'role="alert"' in page.get_data(as_text=True)


def test_conflicts_page_is_for_editors(client):
    assert client.get("/conflicts").status_code in (302, 401, 403)


def test_a_conflicting_save_is_refused_unless_confirmed_with_a_reason(app, records):
    with app.app_context():
        _exercise(
            "Interaction-2023", date(2023, 9, 1), date(2023, 9, 6), force_ids=[records["crrf"]]
        )
        second = _exercise(
            "Search-2023", date(2023, 9, 5), date(2023, 9, 9), force_ids=[records["crrf"]]
        )
        for confirmed, reason in ((False, "planned so"), (True, "  ")):
            with pytest.raises(UnconfirmedConflicts) as refused:
                confirm_or_refuse(second, confirmed=confirmed, reason=reason)
            assert [c.second.title for c in refused.value.conflicts] == ["Interaction-2023"]
        found = confirm_or_refuse(second, confirmed=True, reason="Different battalions")
        [summary] = summaries(found)
        assert summary["event"]["title"] == "Interaction-2023"
        assert summary["shared"] == [{"kind": "force", "id": records["crrf"], "name": "CRRF"}]
        db.session.commit()
        last = second.id
        revision = db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id == last)
            .order_by(EventRevision.id.desc())
        ).first()
        assert revision.changes["conflicts_confirmed"] == [
            None,
            {"reason": "Different battalions", "with": ["Interaction-2023"]},
        ]


def test_a_save_without_conflicts_needs_no_confirmation(app, records):
    with app.app_context():
        lone = _exercise(
            "Echelon-2023", date(2023, 9, 5), date(2023, 9, 9), force_ids=[records["pkf"]]
        )
        assert confirm_or_refuse(lone, confirmed=False) == []


def test_a_preview_finds_what_unsaved_data_would_double_book(app, records):
    with app.app_context():
        stored = _exercise(
            "Interaction-2023", date(2023, 9, 1), date(2023, 9, 6), force_ids=[records["crrf"]]
        )
        db.session.commit()
        single = EventData(title="Search-2023", kind="training", start=date(2023, 9, 6),
                           end=date(2023, 9, 8), all_day=True, timezone="Europe/Minsk",
                           force_ids=[records["crrf"]])  # fmt: skip
        assert [c.second.event_id for c in conflicts_of_data(single)] == [stored.id]
        start = datetime(2023, 8, 28, 9, tzinfo=MINSK)
        weekly = EventData(title="Range walk", kind="meeting", start=start,
                           end=start + timedelta(hours=1), timezone="Europe/Minsk",
                           rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=3", force_ids=[records["crrf"]])  # fmt: skip
        assert [c.first.occurrence for c in conflicts_of_data(weekly)] == ["20230904T060000Z"]
        # The stored event itself, re-imported unchanged, does not conflict with itself.
        assert conflicts_of_data(EventData.from_event(stored), stored.id) == []
        assert conflicts_of_data(replace(single, status="cancelled")) == []
