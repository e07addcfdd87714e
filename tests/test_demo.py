"""The demo data is data (calendar_app/demo/demo.toml, shipped in the wheel), seeded in
one committed transaction, and seeding again adds nothing."""

import tomllib
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from calendar_app.demo import demo_events, load_demo, seed_demo
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
        assert created == len(demo.events) == 17
        assert db.session.scalar(select(func.count(Event.id))) == 17
        assert db.session.scalar(select(func.count(Force.id))) == len(demo.forces) == 5
        assert db.session.scalar(select(func.count(Location.id))) == len(demo.locations) == 9
        assert seed_demo(date(2026, 12, 2)) == 0


def test_events_around_today_fall_in_this_month_and_the_next():
    class Ids(dict):
        def __missing__(self, key):
            return type("Row", (), {"id": key})

    events = dict(demo_events(load_demo(), date(2026, 12, 2), Ids(), Ids()))
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
