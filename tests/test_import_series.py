"""Imported series stay series: an Outlook-shaped and a Google-shaped export with
exceptions become one series each with its excluded dates and overrides, re-imports are
idempotent by UID + RECURRENCE-ID, newer versions update the series as a whole,
METHOD:CANCEL cancels what it names, and earlier expanded copies are replaced."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from calendar_app.events.occurrences import events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.imports.importer import commit_import, plan_import
from calendar_app.models import Event, EventRevision

FIXTURES = Path(__file__).parent / "fixtures"
MOSCOW = ZoneInfo("Europe/Moscow")
OUTLOOK_UID = "040000008200E00074C5B7101A82E0080000000010203040506070809000A0B0C0D0E0F"
WINDOW = (date(2024, 1, 1), date(2026, 12, 31))


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def outlook(**edits: str) -> bytes:
    """The Outlook series fixture with text replaced (old=new pairs as a dict)."""
    text = read("outlook-series.ics").decode()
    for old, new in edits.items():
        text = text.replace(old, new)
    return text.encode()


def imported(content: bytes):
    plan = plan_import(content, WINDOW)
    commit_import(plan, None)
    db.session.commit()
    return plan


def occurrences(start=datetime(2025, 1, 1, tzinfo=UTC), end=datetime(2025, 4, 1, tzinfo=UTC)):
    return events_between(visible_events(include_internal=True), start, end)


def local_starts(items) -> list[datetime]:
    return [item.span()["starts_at"].astimezone(MOSCOW).replace(tzinfo=None) for item in items]


def series_row(uid: str = OUTLOOK_UID) -> Event:
    return db.session.scalar(select(Event).where(Event.uid == uid))


def live_events() -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.deleted_at.is_(None))))


THURSDAYS = [datetime(2025, 1, 9) + timedelta(weeks=n) for n in range(8)]


def test_outlook_series_imports_as_one_series_with_its_exdate_and_moved_occurrence(app):
    with app.app_context():
        plan = imported(read("outlook-series.ics"))
        assert plan.summary == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 0}
        series = series_row()
        assert series.is_series and series.timezone == "Europe/Moscow"
        assert series.rrule == "FREQ=WEEKLY;COUNT=8;BYDAY=TH"
        assert series.exdates == ["2025-01-23T07:00:00+00:00"]
        [override] = series.overrides
        assert override.recurrence_id == datetime(2025, 2, 6, 7, tzinfo=UTC)
        assert len(live_events()) == 2
        expected = [t.replace(hour=10) for t in THURSDAYS if t.day != 23 and t.day != 6]
        expected.append(datetime(2025, 2, 7, 12))
        assert local_starts(occurrences()) == sorted(expected)
        [row] = [c for c in plan.changes if c.rule_words]
        assert row.rule_words == "Weekly on Thursday, 8 times"


def test_the_same_file_again_is_unchanged(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        revisions = len(list(db.session.scalars(select(EventRevision))))
        plan = imported(read("outlook-series.ics"))
        assert plan.summary == {"new": 0, "updated": 0, "unchanged": 2, "rejected": 0}
        assert len(list(db.session.scalars(select(EventRevision)))) == revisions


def test_a_newer_sequence_with_a_new_time_moves_the_whole_series(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        newer = outlook(**{
            "SEQUENCE:0": "SEQUENCE:2",
            "20250109T100000": "20250109T150000",
            "20250109T110000": "20250109T160000",
            "20250123T100000": "20250123T150000",
            "20250206T100000": "20250206T150000",
        })  # fmt: skip
        plan = imported(newer)
        assert plan.summary["rejected"] == 0 and plan.summary["updated"] >= 1
        items = occurrences()
        starts = local_starts(items)
        assert len(starts) == len(set(starts)) == 7
        thursdays = [s for s in starts if s.weekday() == 3]
        assert {s.hour for s in thursdays} == {15}
        assert datetime(2025, 2, 7, 12) in starts  # the moved occurrence stays moved
        assert all(s.day != 23 or s.month != 1 for s in starts)
        assert series_row().sequence >= 2


def test_an_added_exdate_removes_one_occurrence(app):
    with app.app_context():
        imported(read("outlook-series.ics"))
        newer = outlook(**{
            "SEQUENCE:0": "SEQUENCE:1",
            "EXDATE;TZID=\"Russian Standard Time\":20250123T100000":
                "EXDATE;TZID=\"Russian Standard Time\":20250123T100000,20250213T100000",
        })  # fmt: skip
        imported(newer)
        starts = local_starts(occurrences())
        assert datetime(2025, 2, 13, 10) not in starts and len(starts) == 6
