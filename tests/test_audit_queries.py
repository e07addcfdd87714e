"""The audit page reads a page of 100 changes in a few queries, not one per row."""

from datetime import date

from sqlalchemy import select

from calendar_app.auth import accounts
from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import User
from tests.helpers import count_queries, login, make_user

# The signed-in user, the deleted events with who deleted them, the revisions with their
# users, their events (one selectin), the account changes with both users: five, for 10
# rows or 100; one spare for the layout.
MOST_QUERIES = 6


def _changes(app, title: str, count: int) -> None:
    """Events created by a dozen users (every fifth deleted by another), and as many
    feed-token resets, each by a user other than the account's."""
    with app.app_context():
        users = list(db.session.scalars(select(User).order_by(User.id)))
        for n in range(count):
            user = users[n % len(users)]
            day = date(2023, 9, 1 + n % 28)
            data = EventData(
                title=f"{title} {n}",
                kind="training",
                all_day=True,
                start=day,
                end=day,
                timezone="Europe/Minsk",
            )
            event = service.create_event(data, user)
            if n % 5 == 0:
                service.delete_event(event, users[(n + 1) % len(users)])
            accounts.reset_feed_token(user, actor=users[(n + 2) % len(users)])
        db.session.commit()


def test_a_page_of_100_changes_takes_a_constant_few_queries(app, client):
    make_user(app, "ada", "admin")
    for n in range(11):
        make_user(app, f"editor{n}", "editor")
    login(client, "ada")
    _changes(app, "Exercise", 5)
    few = count_queries(app, client, "/manage/audit")
    _changes(app, "Session", 150)
    many = count_queries(app, client, "/manage/audit")
    page = client.get("/manage/audit").get_data(as_text=True)
    assert page.count("Session") >= 100 and page.count("reset the private feed address") == 100
    assert len(many) == len(few) <= MOST_QUERIES, "\n".join(many)
