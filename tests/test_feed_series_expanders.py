"""Each rule shape the issue names, built through the service and the series scopes, served
by the real feed and expanded occurrence by occurrence by three independent expanders
(recurring-ical-events, Home Assistant's ical, Mozilla's ical.js): each must give exactly
the occurrences (start, end, title, status) the app's own views show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events import series as scopes
from calendar_app.events import service
from calendar_app.events.occurrences import events_between
from calendar_app.events.policy import visible_events
from calendar_app.extensions import db
from calendar_app.models import Event

from .expanders import EXPANDERS, app_occurrences, clipped

NEW_YORK = ZoneInfo("America/New_York")
MOSCOW = ZoneInfo("Europe/Moscow")
ALMATY = ZoneInfo("Asia/Almaty")


def timed(title, start: datetime, rrule: str, hours=1, **extra) -> Event:
    return service.create_event(
        EventData(
            title=title,
            kind="meeting",
            start=start,
            end=start + timedelta(hours=hours),
            timezone=start.tzinfo.key,
            rrule=rrule,
            **extra,
        )  # fmt: skip
    )


def all_day(title, first: date, last: date, rrule: str) -> Event:
    return service.create_event(
        EventData(
            title=title,
            kind="training",
            start=first,
            end=last,
            all_day=True,
            timezone="Europe/Moscow",
            rrule=rrule,
        )  # fmt: skip
    )


def utc(local: datetime) -> datetime:
    return local.astimezone(UTC)


def ny_weekly_across_dst():
    timed("NY briefing", datetime(2025, 2, 24, 9, tzinfo=NEW_YORK), "FREQ=WEEKLY;BYDAY=MO;COUNT=6")


def second_monday():
    timed("Monthly briefing", datetime(2025, 1, 13, 10, tzinfo=MOSCOW), "FREQ=MONTHLY;BYDAY=2MO")


def last_friday():
    timed("Report", datetime(2025, 1, 31, 15, tzinfo=MOSCOW), "FREQ=MONTHLY;BYDAY=-1FR;COUNT=8")


def monthly_31st():
    timed("Month end", datetime(2025, 1, 31, 12, tzinfo=MOSCOW), "FREQ=MONTHLY;BYMONTHDAY=31")


def yearly_29_february():
    timed("Leap day", datetime(2024, 2, 29, 9, tzinfo=MOSCOW),
          "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3")  # fmt: skip


def every_two_weeks_two_days():
    timed("Fortnightly", datetime(2025, 3, 3, 14, tzinfo=MOSCOW),
          "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20250630")  # fmt: skip


def all_day_weekly():
    all_day("Field day", date(2025, 3, 7), date(2025, 3, 7), "FREQ=WEEKLY;BYDAY=FR;COUNT=6")


def three_day_monthly():
    all_day("Exercise", date(2025, 1, 10), date(2025, 1, 12), "FREQ=MONTHLY;COUNT=5")


def almaty_across_2024_03_01():
    timed("Almaty call", datetime(2024, 2, 5, 9, tzinfo=ALMATY), "FREQ=WEEKLY;BYDAY=MO;COUNT=8")


def excluded_date():
    event = timed("Staff", datetime(2025, 6, 2, 10, tzinfo=MOSCOW), "FREQ=WEEKLY;BYDAY=MO;COUNT=5")
    scopes.delete_occurrence(event, utc(datetime(2025, 6, 16, 10, tzinfo=MOSCOW)))
    first = all_day("Day off", date(2025, 6, 6), date(2025, 6, 6), "FREQ=WEEKLY;COUNT=4")
    scopes.delete_occurrence(first, date(2025, 6, 13))


def overrides():
    event = timed("Staff", datetime(2025, 6, 2, 10, tzinfo=MOSCOW), "FREQ=WEEKLY;BYDAY=MO;COUNT=5")
    moved = utc(datetime(2025, 6, 9, 10, tzinfo=MOSCOW))
    tuesday = datetime(2025, 6, 10, 16, tzinfo=MOSCOW)
    data = scopes.occurrence_data(event, moved)
    scopes.edit_occurrence(
        event, moved, replace(data, start=tuesday, end=tuesday + timedelta(hours=2))
    )
    retitled = utc(datetime(2025, 6, 16, 10, tzinfo=MOSCOW))
    data = scopes.occurrence_data(event, retitled)
    scopes.edit_occurrence(event, retitled, replace(data, title="Staff (with the Secretary)"))
    scopes.cancel_occurrence(event, utc(datetime(2025, 6, 23, 10, tzinfo=MOSCOW)))
    days = all_day("Drill", date(2025, 6, 6), date(2025, 6, 7), "FREQ=WEEKLY;COUNT=3")
    data = scopes.occurrence_data(days, date(2025, 6, 13))
    scopes.edit_occurrence(days, date(2025, 6, 13), replace(data, start=date(2025, 6, 14),
                                                            end=date(2025, 6, 16)))  # fmt: skip


def split():
    event = timed("Staff", datetime(2025, 6, 2, 10, tzinfo=MOSCOW), "FREQ=WEEKLY;BYDAY=MO;COUNT=6")
    scopes.cancel_occurrence(event, utc(datetime(2025, 6, 30, 10, tzinfo=MOSCOW)))
    at = utc(datetime(2025, 6, 16, 10, tzinfo=MOSCOW))
    later = datetime(2025, 6, 17, 11, tzinfo=MOSCOW)
    data = replace(scopes.occurrence_data(event, at), start=later, end=later + timedelta(hours=1),
                   title="Staff (new time)", rrule=event.rrule)  # fmt: skip
    scopes.split_series(event, at, data)


def split_leaving_one():
    """A split at the second occurrence leaves a series of one (written as a single event),
    its only occurrence moved by an override."""
    event = timed("Staff", datetime(2025, 6, 2, 10, tzinfo=MOSCOW), "FREQ=WEEKLY;BYDAY=MO;COUNT=4")
    first = event.starts_at
    data = scopes.occurrence_data(event, first)
    scopes.edit_occurrence(event, first, replace(data, title="Staff (kick-off)"))
    at = utc(datetime(2025, 6, 9, 10, tzinfo=MOSCOW))
    scopes.split_series(event, at, replace(scopes.occurrence_data(event, at), rrule=event.rrule))


def once():
    timed("Annual session", datetime(2025, 11, 20, 10, tzinfo=MOSCOW), "FREQ=YEARLY;COUNT=1")
    all_day("Anniversary", date(2025, 10, 7), date(2025, 10, 7), "FREQ=YEARLY;COUNT=1")


def open_ended_in_a_window():
    timed("Old standing meeting", datetime(2019, 1, 1, 9, tzinfo=MOSCOW), "FREQ=WEEKLY;BYDAY=TU")
    timed("Ended long ago", datetime(2019, 1, 1, 9, tzinfo=MOSCOW), "FREQ=WEEKLY;COUNT=3")


@dataclass(frozen=True)
class Case:
    build: Callable[[], None]
    first: date  # the window asked of the feed and the views, inclusive
    last: date


CASES = {
    "weekly across New York's DST change": Case(ny_weekly_across_dst, date(2025, 2, 1), date(2025, 4, 30)),
    "monthly on the 2nd Monday": Case(second_monday, date(2025, 1, 1), date(2025, 12, 31)),
    "monthly on the last Friday": Case(last_friday, date(2025, 1, 1), date(2025, 12, 31)),
    "monthly on the 31st": Case(monthly_31st, date(2025, 1, 1), date(2025, 12, 31)),
    "yearly on 29 February": Case(yearly_29_february, date(2024, 1, 1), date(2033, 12, 31)),
    "every 2 weeks on two weekdays until a date": Case(every_two_weeks_two_days, date(2025, 3, 1), date(2025, 7, 31)),
    "all-day weekly": Case(all_day_weekly, date(2025, 3, 1), date(2025, 4, 30)),
    "3-day monthly all-day": Case(three_day_monthly, date(2025, 1, 1), date(2025, 6, 30)),
    "Almaty across 2024-03-01": Case(almaty_across_2024_03_01, date(2024, 2, 1), date(2024, 3, 31)),
    "excluded dates": Case(excluded_date, date(2025, 6, 1), date(2025, 7, 31)),
    "moved, retitled and cancelled overrides": Case(overrides, date(2025, 6, 1), date(2025, 7, 31)),
    "a split series": Case(split, date(2025, 6, 1), date(2025, 7, 31)),
    "a split leaving one overridden occurrence": Case(split_leaving_one, date(2025, 6, 1), date(2025, 7, 31)),
    "a rule of one occurrence": Case(once, date(2025, 9, 1), date(2026, 12, 31)),
    "an open-ended series in a window": Case(open_ended_in_a_window, date(2025, 6, 1), date(2025, 8, 31)),
}  # fmt: skip


def window(case: Case) -> tuple[datetime, datetime]:
    return (
        datetime.combine(case.first, time(), UTC),
        datetime.combine(case.last + timedelta(days=1), time(), UTC),
    )


@pytest.mark.parametrize("expander", EXPANDERS)
@pytest.mark.parametrize("name", CASES)
def test_every_expander_gives_the_occurrences_the_views_show(app, client, name, expander):
    case = CASES[name]
    start, end = window(case)
    with app.app_context():
        case.build()
        db.session.commit()
        shown = clipped(
            app_occurrences(events_between(visible_events(include_internal=False), start, end)),
            start,
            end,
        )
    assert shown, "the case shows nothing: it proves nothing"
    feed = client.get(f"/calendar.ics?from={case.first}&to={case.last}")
    assert feed.status_code == 200
    assert EXPANDERS[expander](feed.data, start, end) == shown


@pytest.mark.parametrize("expander", EXPANDERS)
def test_a_series_file_expands_to_the_whole_series(app, client, expander):
    case = CASES["moved, retitled and cancelled overrides"]
    start, end = window(case)
    with app.app_context():
        case.build()
        db.session.commit()
        staff = db.session.scalar(
            db.select(Event).where(Event.title == "Staff", Event.series_id.is_(None))
        )
        query = visible_events(include_internal=False).where(
            (Event.id == staff.id) | (Event.series_id == staff.id)
        )
        shown = clipped(app_occurrences(events_between(query, start, end)), start, end)
        staff_id = staff.id
    assert len(shown) == 5
    feed = client.get(f"/events/{staff_id}.ics")
    assert EXPANDERS[expander](feed.data, start, end) == shown
