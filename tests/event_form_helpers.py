"""Helpers of the event form tests: submit a form, create the seed's exercise, read back."""

import re

from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .helpers import csrf_token, interaction_form


def submit(client, url: str, data: dict):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def only_event(app) -> Event:
    with app.app_context():
        return db.session.scalars(select(Event)).one()


def create_interaction(client, ids, **overrides) -> int:
    response = submit(client, "/events/new", interaction_form(ids, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))


def revisions(app, event_id: int) -> list[EventRevision]:
    with app.app_context():
        query = select(EventRevision).where(EventRevision.event_id == event_id)
        return list(db.session.scalars(query.order_by(EventRevision.id)))
