"""/conflicts: every double-booked force, venue and official in a window, for planners."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template, request

from ..auth.access import role_required
from ..domain.conflicts import grouped
from .conflicts import booking_when, conflicts_between, resource_names

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
        raise BadWindow(f"“{name}” must be a date such as 2023-09-01.") from None


def report_window() -> tuple[date, date]:
    """?from=&to= (to inclusive), by default the coming year."""
    first = _day("from", date.today())
    last = _day("to", first + timedelta(days=DEFAULT_DAYS - 1))
    if last < first:
        raise BadWindow("“to” must not be before “from”.")
    if last - first > LONGEST_WINDOW:
        raise BadWindow("Choose a window of at most five years.")
    return first, last


@bp.get("/conflicts")
@role_required("editor")
def report():
    try:
        first, last = report_window()
    except BadWindow as error:
        return render_template("conflicts/report.html", error=str(error), groups={}), 400
    found = conflicts_between(first, last + timedelta(days=1))
    groups = grouped(found)
    return render_template(
        "conflicts/report.html",
        error=None,
        first=first,
        last=last,
        count=len(found),
        groups=groups,
        names=resource_names(found),
        when=booking_when,
    )
