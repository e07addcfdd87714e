"""The day page and the agenda: what a day lists, adding an event from a day, the
agenda's days, pages, heading and its search through all dates."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from .views_helpers import add, links, utc


def test_day_page_lists_everything_touching_the_day(client, app, demo):
    with app.app_context():
        add("Night shift", utc(2023, 9, 11, 19), utc(2023, 9, 11, 23))  # 22:00–02:00 Moscow
    html = client.get("/calendar/2023/9/12").get_data(as_text=True)
    assert "Interaction-2023" in html and "Night shift" in html
    assert "11 Sep 22:00 – 12 Sep 02:00" in html
    assert "Tuesday 12 September 2023" in html
    assert 'rel="next" href="/calendar/2023/9/13"' in html


def test_agenda_groups_upcoming_events_by_day_and_pages(client, app):
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    with app.app_context():
        add("Past", today - timedelta(days=3))
        for n in range(30):
            add(f"Upcoming {n:02}", today + timedelta(days=n // 2 + 1), kind="session")
    html = client.get("/agenda").get_data(as_text=True)
    assert "Past" not in html
    assert "Upcoming 00" in html and "Upcoming 24" in html and "Upcoming 25" not in html
    first_day = today + timedelta(days=1)
    assert html.count(f'href="/calendar/{first_day.year}/{first_day.month}/{first_day.day}"') == 1
    later = client.get(links(html, "next")).get_data(as_text=True)
    assert "Upcoming 25" in later and "Upcoming 29" in later and "Upcoming 00" not in later
    assert "Upcoming 0" not in client.get("/agenda?kind=meeting").get_data(as_text=True)
    old = client.get("/agenda?from=2023-09-15").get_data(as_text=True)
    assert "Past" in old


def test_agenda_heading_says_from_when_a_start_day_is_given(client):
    upcoming = client.get("/agenda").get_data(as_text=True)
    assert '<h1 id="view-title">Upcoming events</h1>' in upcoming
    ranged = client.get("/agenda?from=2023-01-01").get_data(as_text=True)
    assert '<h1 id="view-title">Events from Sunday 1 January 2023</h1>' in ranged
    assert "Upcoming events" not in ranged
    assert "<title>Events from Sunday 1 January 2023 ·" in ranged


@pytest.mark.parametrize(("role", "can_add"), [("viewer", False), ("editor", True)])
def test_editors_can_start_a_new_event_from_a_day(client, auth, role, can_add):
    assert "day-add" not in client.get("/calendar/2023/9").get_data(as_text=True)
    auth.login(role)
    month = client.get("/calendar/2023/9").get_data(as_text=True)
    day = client.get("/calendar/2023/9/14").get_data(as_text=True)
    new_on_the_14th = 'href="/events/new?date=2023-09-14"'
    assert (new_on_the_14th in month) is can_add and (new_on_the_14th in day) is can_add
    if can_add:
        form = client.get("/events/new?date=2023-09-14").get_data(as_text=True)
        assert 'name="start_date" type="date" value="2023-09-14"' in form


def test_agenda_search_without_a_start_day_looks_through_all_dates(client, app):
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    with app.app_context():
        add("Border talks 2019", date(2019, 3, 4))
        for n in range(30):
            add(f"Border talks {n:02}", today + timedelta(days=n - 10), kind="session")
        add("Unrelated", date(2019, 3, 4))
    html = client.get("/agenda?q=border").get_data(as_text=True)
    assert '<h1 id="view-title">Events matching “border”</h1>' in html
    assert "<title>Events matching “border” ·" in html
    assert "Border talks 2019" in html and "Border talks 00" in html  # the past too
    assert "Unrelated" not in html and "Border talks 24" not in html
    today_link = re.search(r'href="([^"]+)">Today</a>', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(today_link).query) == {"q": ["border"], "from": [today.isoformat()]}
    later = client.get(links(html, "next")).get_data(as_text=True)
    assert "Border talks 29" in later and "Border talks 2019" not in later
    assert parse_qs(urlsplit(links(html, "next")).query) == {
        "q": ["border"],
        "page": ["2"],
    }  # pages count from 1, as in the API
    ranged = client.get("/agenda?q=border&from=2023-01-01").get_data(as_text=True)
    assert "Border talks 2019" not in ranged and "Events from Sunday 1 January 2023" in ranged
    assert "Upcoming events" in client.get("/agenda").get_data(as_text=True)
    assert "No events matching the filters." in client.get("/agenda?q=zzzz").get_data(as_text=True)
