"""The schedule as people read it. (A plain month list for now; the grid is its own issue.)"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

from flask import abort, current_app, render_template
from flask_login import current_user

from ..extensions import db
from ..queries import overlapping, visible_events
from . import bp


@bp.get("/calendar/<int:year>/<int:month>")
def month(year: int, month: int):
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        abort(404)
    first = datetime(year, month, 1, tzinfo=UTC)
    last_day = calendar.monthrange(year, month)[1]
    after = first + timedelta(days=last_day)
    staff = current_user.is_authenticated
    events = db.session.scalars(
        overlapping(visible_events(staff), first - timedelta(days=1), after + timedelta(days=1))
    ).all()
    prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return render_template(
        "schedule/month.html",
        year=year,
        month=month,
        events=events,
        month_name=calendar.month_name[month],
        prev_month=prev_month,
        next_month=next_month,
        display_tz=current_app.config["CALENDAR_TIMEZONE"],
    )
