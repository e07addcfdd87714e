"""Small records tests need, made through the real service and models and committed."""

from __future__ import annotations

from datetime import date

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import ApiToken, User


def add_talks(app, day: date | None = None, **changes) -> int:
    """A one-day public meeting ("Talks", Minsk), today unless `day` says otherwise."""
    day = day or date.today()
    values = dict(title="Talks", kind="meeting", start=day, end=day, all_day=True,
                  timezone="Europe/Minsk")  # fmt: skip
    with app.app_context():
        event = service.create_event(EventData(**{**values, **changes}))
        db.session.commit()
        return event.id


def api_token(app, role: str = "editor", username: str = "api-editor") -> str:
    """A user of `role` and a Bearer token of theirs."""
    with app.app_context():
        user = User(username=username, role=role)
        user.set_password("a long password")
        row, token = ApiToken.issue(user, "test")
        db.session.add_all([user, row])
        db.session.commit()
    return token
