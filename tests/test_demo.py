"""The demo data is data (calendar_app/demo/demo.toml, shipped in the wheel), seeded in
one committed transaction, and seeding again adds nothing; the standing meetings are
series, one of them with a moved and a cancelled occurrence this month."""

import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from calendar_app.demo import demo_events, load_demo, seed_demo
from calendar_app.events.occurrences import SeriesOccurrence, events_between
from calendar_app.events.policy import visible_events
from calendar_app.events.service import cancel_reason
from calendar_app.extensions import db
from calendar_app.models import Event, Force, Location

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_file_ships_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = config["tool"]["setuptools"]
    assert "calendar_app.demo" in setuptools["packages"]
    assert setuptools["package-data"]["calendar_app.demo"] == ["*.toml"]
    assert (ROOT / "calendar_app" / "demo" / "demo.toml").is_file()


def test_seeding_creates_every_listed_record_and_commits_it(app):
    demo = load_demo()
    with app.app_context():
        created = seed_demo(date(2026, 12, 2))
        db.session.rollback()  # nothing left uncommitted to lose
        assert len(demo.events) == 20 and created == 20 + 2  # and two overrides
        assert db.session.scalar(select(func.count(Event.id))) == 22
        assert db.session.scalar(select(func.count(Force.id))) == len(demo.forces) == 5
        assert db.session.scalar(select(func.count(Location.id))) == len(demo.locations) == 9
        assert seed_demo(date(2026, 12, 2)) == 0


def test_events_around_today_fall_in_this_month_and_the_next():
    class Ids(dict):
        def __missing__(self, key):
            return type("Row", (), {"id": key})

    events = dict(demo_events(load_demo(), date(2026, 12, 2), Ids(), Ids(), Ids()))
    council = events["csc-session-2026-12"]
    assert (council.start, council.end) == (date(2027, 1, 10), date(2027, 1, 11))
    exercise = events["peacekeeping-exercise-2026-12"]
    assert (exercise.start, exercise.end) == (date(2026, 12, 27), date(2027, 1, 3))
    assert exercise.force_ids == ["peacekeeping", "logistics"]
    visit = events["dushanbe-visit-2026-12"]
    assert visit.description == (
        "Postponed to a later date. Illustrative demo event (not from the news source)."
    )
    assert visit.start.isoformat() == "2026-12-20T05:00:00+00:00"  # 10:00 in Dushanbe


MOSCOW = ZoneInfo("Europe/Moscow")


def _december(app) -> list[tuple[str, str, str, bool]]:
    """(local start, title, status, from the rule) of December 2026's series items."""
    start, end = datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    items = events_between(visible_events(include_internal=True), start, end)
    return [
        (
            f"{item.span()['starts_at'].astimezone(MOSCOW):%a %d %H:%M}",
            (item.series if isinstance(item, SeriesOccurrence) else item).title,
            (item.series if isinstance(item, SeriesOccurrence) else item).status,
            isinstance(item, SeriesOccurrence),
        )
        for item in items
        if isinstance(item, SeriesOccurrence) or item.series_id is not None
    ]


def test_standing_meetings_are_illustrative_series_with_a_moved_and_a_cancelled_one(app):
    with app.app_context():
        seed_demo(date(2026, 12, 2))
        series = db.session.scalars(select(Event).where(Event.recurs.is_(True))).all()
        assert sorted(row.rrule for row in series) == [
            "FREQ=MONTHLY;BYDAY=2TU",
            "FREQ=WEEKLY;BYDAY=MO",
            "FREQ=YEARLY",
        ]
        assert all("Illustrative standing meeting" in row.description for row in series)
        staff, briefing = "Weekly staff meeting of the Secretariat", "Monthly briefing"
        december = _december(app)
        assert [entry for entry in december if entry[1].startswith(staff)] == [
            ("Mon 07 10:00", staff, "confirmed", True),
            ("Tue 15 10:00", f"{staff} (moved to Tuesday)", "confirmed", False),
            ("Mon 21 10:00", staff, "cancelled", False),
            ("Mon 28 10:00", staff, "confirmed", True),
        ]
        assert [entry[0] for entry in december if entry[1].startswith(briefing)] == [
            "Tue 08 11:00"  # the second Tuesday
        ]
        assert seed_demo(date(2026, 12, 2)) == 0
        assert _december(app) == december


def test_the_cancelled_demo_occurrence_keeps_its_reason(app):
    with app.app_context():
        seed_demo(date(2026, 12, 2))
        cancelled = db.session.scalar(
            select(Event).where(Event.series_id.is_not(None), Event.status == "cancelled")
        )
        assert cancelled.recurrence_id == datetime(2026, 12, 21, 7, tzinfo=UTC)
        assert cancel_reason(cancelled) == "Illustrative: the Secretary General is travelling."


def test_the_demo_books_the_secretary_general_and_shows_a_conflict(app, runner):
    from calendar_app.events.conflicts import conflicts_between
    from calendar_app.models import Official

    runner.invoke(args=["seed-demo"])
    with app.app_context():
        official = db.session.scalar(db.select(Official))
        assert official.position == "Secretary General"
        assert len(db.session.scalars(db.select(Event).where(Event.officials.any())).all()) >= 3
        # The four September 2023 trainings share the Belarus training grounds.
        assert conflicts_between(date(2023, 9, 1), date(2023, 10, 1))
