"""Series in the agenda and in search: each occurrence in its place, overrides applied,
pages of an endless series that end, and the paging arithmetic behind them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendar_app.domain.events import EventData
from calendar_app.domain.paging import MAX_WALK, WalkTooLong, paginate, walk_length, windows
from calendar_app.events import series as scopes
from calendar_app.events import service
from calendar_app.extensions import db

from .views_helpers import add, cells, links

MOSCOW = ZoneInfo("Europe/Moscow")


def _weekly(title: str, first: date, **changes) -> int:
    """A weekly series at 10:00 Moscow from `first` (a Monday), committed."""
    start = datetime(first.year, first.month, first.day, 10, tzinfo=MOSCOW)
    values = dict(title=title, kind="meeting", start=start, end=start + timedelta(hours=1),
                  timezone="Europe/Moscow", rrule="FREQ=WEEKLY")  # fmt: skip
    event = service.create_event(EventData(**{**values, **changes}))
    db.session.commit()
    return event.id


def _next_monday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def _today() -> date:
    return datetime.now(MOSCOW).date()


def _heading(day: date) -> re.Pattern:
    """The link of the day's heading (with the page's query arguments, if any)."""
    return re.compile(rf'href="/calendar/{day.year}/{day.month}/{day.day}["?]')


def test_agenda_lists_each_occurrence_of_an_endless_series_and_pages_on(client, app):
    monday = _next_monday(_today())
    with app.app_context():
        _weekly("Weekly staff meeting", monday - timedelta(weeks=52))
        add("One-off briefing", monday + timedelta(days=2))
    html = client.get("/agenda").get_data(as_text=True)
    assert html.count("Weekly staff meeting") == 25 - 1  # one slot is the briefing
    assert "One-off briefing" in html and _heading(monday).search(html)
    assert not _heading(monday - timedelta(weeks=1)).search(html)  # the past stays out
    assert "Page 1" in html and "more follow" in html and 'rel="last"' not in html
    later = client.get(links(html, "next")).get_data(as_text=True)
    week_25 = monday + timedelta(weeks=24)
    assert later.count("Weekly staff meeting") == 25 and _heading(week_25).search(later)
    assert "One-off briefing" not in later


def test_agenda_shows_an_override_in_its_place_and_leaves_out_a_deleted_occurrence(client, app):
    monday = _next_monday(_today())
    with app.app_context():
        series_id = _weekly("Weekly staff meeting", monday, rrule="FREQ=WEEKLY;COUNT=4")
        series = db.session.get(service.Event, series_id)
        second = datetime(monday.year, monday.month, monday.day, 7, tzinfo=UTC) + timedelta(weeks=1)
        moved = replace(
            scopes.occurrence_data(series, second),
            title="Staff meeting (moved)",
            start=second + timedelta(days=1),
            end=second + timedelta(days=1, hours=1),
        )
        scopes.edit_occurrence(series, second, moved)
        scopes.delete_occurrence(series, second + timedelta(weeks=1))
        db.session.commit()
    html = client.get("/agenda").get_data(as_text=True)
    assert html.count("Weekly staff meeting") == 2  # weeks 1 and 4
    assert "Staff meeting (moved)" in html
    assert _heading(monday + timedelta(days=8)).search(html)  # Tuesday of the second week
    assert not _heading(monday + timedelta(weeks=1)).search(html)
    assert not _heading(monday + timedelta(weeks=2)).search(html)  # deleted
    assert "Page 1 of" not in html and 'class="pager"' not in html  # one page, counted


def test_search_finds_a_series_occurrences_and_an_override_by_its_own_title(client, app):
    with app.app_context():
        series_id = _weekly("Border commission", date(2024, 1, 1), rrule="FREQ=WEEKLY;COUNT=3")
        series = db.session.get(service.Event, series_id)
        third = datetime(2024, 1, 15, 7, tzinfo=UTC)
        renamed = replace(scopes.occurrence_data(series, third), title="Customs talks")
        scopes.edit_occurrence(series, third, renamed)
        add("Unrelated", date(2024, 1, 3))
        db.session.commit()
    found = client.get("/agenda?q=border").get_data(as_text=True)
    assert found.count("Border commission") == 2
    assert _heading(date(2024, 1, 1)).search(found) and _heading(date(2024, 1, 8)).search(found)
    assert "Customs talks" not in found and "Unrelated" not in found
    override = client.get("/agenda?q=customs").get_data(as_text=True)
    assert "Customs talks" in override and _heading(date(2024, 1, 15)).search(override)
    assert "Border commission" not in override


def test_search_through_all_dates_starts_where_an_endless_series_begins(client, app):
    with app.app_context():
        _weekly("Liaison call", date(2030, 1, 7))
    html = client.get("/agenda?q=liaison").get_data(as_text=True)
    assert html.count("Liaison call") == 25
    assert _heading(date(2030, 1, 7)).search(html) and "more follow" in html


def test_agenda_page_too_far_into_an_endless_series_is_a_clear_400(client, app):
    with app.app_context():
        _weekly("Daily report", _next_monday(_today()), rrule="FREQ=DAILY")
    response = client.get(f"/agenda?page={MAX_WALK // 25 + 1}")
    assert response.status_code == 400
    assert "start the list later" in response.get_data(as_text=True)
    deep = client.get(f"/agenda?page={MAX_WALK // 25}")  # 27 years on: still walked
    assert deep.status_code == 200 and deep.get_data(as_text=True).count("Daily report") == 25


def test_a_month_of_many_series_caps_each_day_in_the_grid_and_the_list(client, app):
    with app.app_context():
        for n in range(30):
            _weekly(f"Standing meeting {n:02}", date(2024, 1, 1))
    grid = cells(client, "/calendar/2024/1")
    assert len(grid.cells["2024/1/8"]) == 4 and "+26 more" in grid.more["2024/1/8"]
    html = client.get("/calendar/2024/1").get_data(as_text=True)
    listed = html[html.index('class="month-list"') :]
    assert listed.count("Standing meeting") == 5 * 25  # five Mondays, 25 of 30 each
    assert listed.count(">+5 more<") == 5 and 'href="/calendar/2024/1/8">+5 more' in listed
    day = client.get("/calendar/2024/1/8").get_data(as_text=True)
    assert day.count("Standing meeting") == 30  # the day page lists them all


def test_an_unknown_total_pages_on_without_a_last_page():
    page = paginate(None, 25, 3)
    assert (page.previous, page.next, page.last, page.past_end) == (2, 4, None, False)
    assert page.several and not page.known and page.last_row == 75
    assert paginate(60, 25, 3).last is None and paginate(60, 25, 1).last == 3


def test_windows_double_until_the_end_and_walks_have_a_limit():
    start = datetime(2025, 1, 1, tzinfo=UTC)
    spans = [high - low for low, high in windows(start, start + timedelta(days=200))]
    assert spans == [timedelta(days=31), timedelta(days=62), timedelta(days=107)]
    assert walk_length(2, 25) == 51
    with pytest.raises(WalkTooLong):
        walk_length(MAX_WALK, 2)
