"""The schedule as people read it: month grid, day, agenda. Thin: the work is in
view_state (request -> query -> plain data) and domain.month (the layout)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ..domain.filters import FilterError, parse_day, parse_filter
from ..domain.paging import PageNumberError, WalkTooLong, parse_page
from ..domain.text import N_, Message
from ..i18n.setup import kind_label, status_label
from ..urls import safe_next
from ..vocab import FIRST_YEAR, LAST_YEAR, in_year_range
from .errors import bad_arguments
from .formatting import Labels, ymd
from .month import (
    agenda,
    check_month,
    events_on,
    grid_range,
    month_grid,
    occurrence,
    utc_window,
)
from .page_cache import cached_for_anonymous
from .preferences import remember, with_view_args
from .view_state import (
    agenda_page,
    check_forces,
    fetch_between,
    filter_panel,
    form_zone,
    read_view_state,
    visible,
)
from .week import neighbour_weeks, week_grid, week_range

bp = Blueprint("schedule", __name__)

# The month's list under its grid shows this many events a day, then "+N more" (the day
# page lists them all): a day of hundreds of occurrences must not make a page of megabytes.
MONTH_LIST_PER_DAY = 25


def url_with(endpoint: str, args: dict, **values) -> str:
    """url_for with the kept query arguments (filters, zone) added."""
    return url_for(endpoint, **values, **args)


@bp.context_processor
def helpers():
    # The date helpers (long_date, date_range, when…) come from i18n.setup, in the
    # request's language.
    # A page names each event's kind and status, thousands of times: each label is
    # translated once per page.
    return {
        "ymd": ymd,
        "url_with": url_with,
        "kind_labels": Labels(kind_label),
        "status_labels": Labels(status_label),
    }


bp.register_error_handler(FilterError, bad_arguments)


def _events_between(state, first: date, last: date):
    start, end = utc_window(first, last)
    return fetch_between(visible(state), start, end)


@bp.get("/calendar/<int:year>/<int:month>")
@cached_for_anonymous
def month(year: int, month: int):
    if not check_month(year, month):
        abort(404)
    state = read_view_state()
    first_weekday = current_app.config["CALENDAR_FIRST_WEEKDAY"]
    events = _events_between(state, *grid_range(year, month, first_weekday))
    events = [occurrence(event, state.tz) for event in events]  # for the grid and the list
    grid = month_grid(year, month, events, state.tz, first_weekday, today=state.today())
    last = date(year, month, calendar.monthrange(year, month)[1])
    return render_template(
        "schedule/month.html",
        state=state,
        panel=filter_panel(state),
        grid=grid,
        month_list=agenda(events, state.tz, date(year, month, 1), last, MONTH_LIST_PER_DAY),
        month_start=date(year, month, 1),
        prev_month=_shift_month(year, month, -1),
        next_month=_shift_month(year, month, 1),
        week_of=_week_of_month(year, month, state.today()),
    )


def _week_of_month(year: int, month: int, today: date) -> date:
    """The week the month's "Week" link opens: this week in this month, else the first."""
    return today if (today.year, today.month) == (year, month) else date(year, month, 1)


def _existing_day(year: int, month: int, day: int) -> date:
    if not check_month(year, month) or not 1 <= day <= calendar.monthrange(year, month)[1]:
        abort(404)
    return date(year, month, day)


@bp.get("/calendar/<int:year>/<int:month>/<int:day>")
@cached_for_anonymous
def day(year: int, month: int, day: int):
    the_day = _existing_day(year, month, day)
    state = read_view_state()
    events = _events_between(state, the_day, the_day)
    return render_template(
        "schedule/day.html",
        state=state,
        panel=filter_panel(state),
        day=the_day,
        occurrences=events_on(the_day, events, state.tz),
        prev_day=the_day - timedelta(days=1),
        next_day=the_day + timedelta(days=1),
        week_of=the_day,
    )


@bp.get("/calendar/<int:year>/<int:month>/<int:day>/week")
@cached_for_anonymous
def week(year: int, month: int, day: int):
    """The week holding the day, starting on CALENDAR_FIRST_WEEKDAY."""
    the_day = _existing_day(year, month, day)
    state = read_view_state()
    first_weekday = current_app.config["CALENDAR_FIRST_WEEKDAY"]
    first, last = week_range(the_day, first_weekday)
    events = _events_between(state, first, last)
    grid = week_grid(the_day, events, state.tz, first_weekday, today=state.today())
    prev_week, next_week = neighbour_weeks(the_day, first_weekday)
    return render_template(
        "schedule/week.html",
        state=state,
        panel=filter_panel(state),
        grid=grid,
        week_list=agenda(events, state.tz, first, last),
        prev_week=prev_week,
        next_week=next_week,
        week_of=the_day,
    )


@bp.get("/week")
def this_week():
    """The "Week" link of pages without a date of their own: this week, in the zone shown."""
    state = read_view_state()
    today = state.today()
    return redirect(url_for("schedule.week", **ymd(today), **state.args))


@bp.get("/agenda")
@cached_for_anonymous
def agenda_view():
    """Upcoming events, each series as its occurrences; from a chosen day with ?from=; a
    search (?q=) without ?from= looks through all dates, past ones too, as Google
    Calendar's search does."""
    state = read_view_state()
    chosen = _date_arg("from")
    search_all = chosen is None and bool(state.event_filter.q)
    first = chosen or (date(FIRST_YEAR, 1, 1) if search_all else state.today())
    try:
        page, events = agenda_page(visible(state), first, state.tz, _page_arg())
    except WalkTooLong as error:
        raise FilterError(*error.args) from None
    html = render_template(
        "schedule/agenda.html",
        state=state,
        panel=filter_panel(state),
        first=first,
        from_arg=request.args.get("from"),
        search_all=search_all,
        page=page,
        days=agenda(events, state.tz, first),
        week_of=None if search_all else first,
    )
    return html, 404 if page.past_end else 200


@bp.get("/calendar/jump")
def jump():
    """The month-year picker's target (a plain GET form, so it works without JavaScript)."""
    state = read_view_state()
    month = _number_arg("month")
    if month is None or not 1 <= month <= 12:
        raise FilterError(Message(N_("choose a month between 1 and 12")))
    year = _number_arg("year")
    if year is None or not in_year_range(year):
        raise FilterError(
            Message(
                N_("enter a year between %(first)s and %(last)s"), first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return redirect(url_for("schedule.month", year=year, month=month, **state.args))


@bp.get("/calendar/view")
def remember_view():
    """The filter form's target (a plain GET form, so it works without JavaScript): keeps
    the chosen filters and zone in the visitor's cookie, then shows the view with them in
    its address (so it can be bookmarked and shared, and works without cookies too).
    Nothing chosen (the form's Reset) forgets the remembered view."""
    event_filter = parse_filter(request.args, current_app.config["CALENDAR_KINDS"])
    check_forces(event_filter.forces)
    tzname = form_zone(request.args)
    remembered = event_filter.to_args() | ({"tz": tzname} if tzname else {})
    shown = event_filter.to_args()
    if tzname and tzname != current_app.config["CALENDAR_TIMEZONE"]:
        shown["tz"] = tzname
    target = safe_next(request.args.get("next")) or url_for("main.index")
    return remember(redirect(with_view_args(target, shown)), remembered)


def _number_arg(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if re.fullmatch(r"[0-9]{1,6}", value) else None


def _shift_month(year: int, month: int, step: int) -> tuple[int, int] | None:
    index = year * 12 + month - 1 + step
    shifted = divmod(index, 12)
    year, month = shifted[0], shifted[1] + 1
    return (year, month) if check_month(year, month) else None


def _date_arg(name: str) -> date | None:
    return parse_day(request.args.get(name))


def _page_arg() -> int:
    try:
        return parse_page(request.args.get("page"))
    except PageNumberError as error:
        raise FilterError(*error.args) from None
