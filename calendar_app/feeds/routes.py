"""Feed endpoints (first cut; the full builder lands with the feed issue)."""

from __future__ import annotations

from flask import Response, render_template
from icalendar import Calendar
from icalendar import Event as VEvent

from ..events.routes import get_visible_event
from . import bp


@bp.get("/events/<int:event_id>.ics")
def event(event_id: int):
    item = get_visible_event(event_id)
    calendar = Calendar()
    calendar.add("prodid", "-//calendar_app//EN")
    calendar.add("version", "2.0")
    vevent = VEvent()
    vevent.add("uid", item.uid)
    vevent.add("summary", item.title)
    vevent.add("dtstamp", item.updated_at)
    if item.all_day:
        vevent.add("dtstart", item.start_date)
    else:
        vevent.add("dtstart", item.starts_at)
        vevent.add("dtend", item.ends_at)
    calendar.add_component(vevent)
    return Response(calendar.to_ical(), mimetype="text/calendar")


@bp.get("/calendar.ics")
def calendar():
    return Response(Calendar().to_ical(), mimetype="text/calendar")


@bp.get("/subscribe")
def subscribe():
    return render_template("feeds/subscribe.html")
