"""Helpers of the feed tests: add an event, read a feed's summaries, sign a viewer in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import User

from .helpers import exercise_data
from .parsers import with_icalendar

TODAY = datetime.now(UTC).date()
# Time zones of the member states, and New York's for the UN.
ZONES = [
    "America/New_York",
    "Europe/Moscow",
    "Europe/Minsk",
    "Asia/Bishkek",
    "Asia/Almaty",
    "Asia/Yerevan",
]


def add_event(
    title="Exercise", *, days_ahead=10, visibility="public", all_day=True, **extra
) -> int:
    first = TODAY + timedelta(days=days_ahead)
    if all_day:
        data = exercise_data(title, first, visibility=visibility, **extra)
    else:
        start = datetime(first.year, first.month, first.day, 14, tzinfo=UTC)
        data = EventData(
            title=title,
            kind="meeting",
            start=start,
            end=start + timedelta(hours=2),
            timezone="America/New_York",
            visibility=visibility,
            **extra,
        )
    event = service.create_event(data)
    db.session.commit()
    return event.id


def clear_feed_files(app) -> None:
    app.extensions["feed_files"].clear()


def uids(response) -> list[str]:
    return [row["summary"] for row in with_icalendar(response.data)]


def signed_in_viewer(auth, app) -> User:
    """Sign the test client in as a viewer through the real form; that viewer."""
    user_id = auth.login("viewer")
    with app.app_context():
        return db.session.get(User, user_id)
