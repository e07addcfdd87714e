"""One event's page."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from ..extensions import db
from ..models import Event
from . import bp


def get_visible_event(event_id: int) -> Event:
    """The event, or 404 when it is deleted or not visible to this visitor."""
    event = db.session.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        abort(404)
    if event.visibility != "public" and not current_user.is_authenticated:
        abort(404)  # 404, not 403: do not confirm that an internal event exists
    return event


@bp.get("/events/<int:event_id>")
def detail(event_id: int):
    event = get_visible_event(event_id)
    return render_template("events/detail.html", event=event)
