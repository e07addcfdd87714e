"""/conflicts: every double-booked force, venue and official in a window, for planners."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template, request
from flask_babel import gettext
from sqlalchemy import select

from ..auth.access import role_required
from ..domain.conflicts import grouped
from ..domain.text import N_, Message
from ..extensions import db
from ..i18n.messages import translate
from ..models import Event
from .conflicts import booking_when, conflicts_between, shared_records
from .words import language

bp = Blueprint("conflicts", __name__)

DEFAULT_DAYS = 366
LONGEST_WINDOW = timedelta(days=5 * 366)  # a report beyond this is not a planner's question


class BadWindow(ValueError):
    pass


def _day(name: str, default: date) -> date:
    text = request.args.get(name, "").strip()
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadWindow(
            Message(N_("“%(name)s” must be a date such as 2023-09-01."), name=_label(name))
        ) from None


def report_window() -> tuple[date, date]:
    """?from=&to= (to inclusive), by default the coming year."""
    first = _day("from", date.today())
    last = _day("to", first + timedelta(days=DEFAULT_DAYS - 1))
    if last < first:
        raise BadWindow(N_("“to” must not be before “from”."))
    if last - first > LONGEST_WINDOW:
        raise BadWindow(N_("Choose a window of at most five years."))
    return first, last


@bp.get("/conflicts")
@role_required("editor")
def report():
    try:
        first, last = report_window()
    except BadWindow as error:
        message = translate(error.args[0])
        return render_template("conflicts/report.html", error=message, groups={}), 400
    found = conflicts_between(first, last + timedelta(days=1))
    groups = grouped(found)
    return render_template(
        "conflicts/report.html",
        error=None,
        first=first,
        last=last,
        count=len(found),
        groups=groups,
        records=shared_records(found),
        events=_events(found),
        when=lambda booking: booking_when(booking, language()),
    )


def _label(name: str) -> str:
    """The report's own word for its ?from= and ?to= fields."""
    return gettext({"from": N_("from"), "to": N_("to")}.get(name, name))


def _events(found) -> dict[int, Event]:
    """The events the bookings belong to (a series for its occurrences), so that their
    titles read in the viewer's language."""
    ids = {
        booking.series_id if booking.occurrence else booking.event_id
        for conflict in found
        for booking in (conflict.first, conflict.second)
    } - {None}
    if not ids:
        return {}
    return {e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_(ids)))}
