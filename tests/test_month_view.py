"""The month page: bars across week rows, days in the display zone, crowded days, one
query for the events, the first weekday, the month picker and the home redirect."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from calendar_app.extensions import db
from calendar_app.models import Force

from .helpers import count_queries
from .views_helpers import add, cells, titles_in, utc


def test_september_2023_shows_the_exercises_as_bars_broken_at_week_rows(client, demo):
    grid = cells(client, "/calendar/2023/9")
    first_cell = dict(grid.cells["2023/9/1"])
    assert first_cell == {
        "Echelon-2023": 3,
        "Interaction-2023": 3,
        "Search-2023": 3,
    }
    assert dict(grid.cells["2023/9/4"])["Interaction-2023"] == 7
    assert dict(grid.cells["2023/9/25"])["Interaction-2023"] == 6
    # Moved after the 2023 plan's approval (the demo's) to Monday 18 – Friday 22.
    assert dict(grid.cells["2023/9/18"])["Indestructible Brotherhood-2023"] == 5
    assert grid.cells["2023/9/5"] == [] and grid.cells["2023/10/1"] == []
    assert set(grid.cells) >= {"2023/8/28", "2023/10/1"}  # neighbouring days shown


def test_month_page_marks_status_kind_today_and_weekends(client, app):
    with app.app_context():
        add("Cancelled talk", utc(2023, 9, 12, 8), status="cancelled")
        add("Maybe talk", utc(2023, 9, 13, 8), status="planned")
    html = client.get("/calendar/2023/9").get_data(as_text=True)
    assert re.search(r'class="ev kind-meeting status-cancelled line[^"]*"', html)
    assert re.search(r'class="ev kind-meeting status-planned line[^"]*"', html)
    assert html.count('class="day weekend') + html.count("other-month weekend") >= 8
    assert "11:00" in html  # timed events show their start time in the display zone
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    current = client.get(f"/calendar/{today.year}/{today.month}").get_data(as_text=True)
    assert current.count('aria-current="date"') == 1


def test_event_link_has_an_accessible_name_with_kind_status_and_dates(client, demo):
    html = client.get("/calendar/2023/9").get_data(as_text=True)
    assert (
        '<span class="title">Interaction-2023</span><span class="visually-hidden">, training, '
        "planned, 1 – 30 September 2023, all day</span>" in html
    )
    assert re.search(r'href="/events/\d+"', html)


def test_timed_event_moves_to_the_day_of_the_display_zone(client, app):
    with app.app_context():
        add("Late call", utc(2023, 9, 11, 22, 30))  # 01:30 on the 12th in Moscow
    assert titles_in(cells(client, "/calendar/2023/9"), "2023/9/12") == ["Late call"]
    in_utc = cells(client, "/calendar/2023/9?tz=UTC")
    assert titles_in(in_utc, "2023/9/11") == ["Late call"]
    assert titles_in(in_utc, "2023/9/12") == []


def test_all_day_event_keeps_its_day_in_any_zone(client, app):
    with app.app_context():
        add("Holiday", date(2023, 9, 12), kind="session")
    for tz in ("Pacific/Kiritimati", "America/Los_Angeles", "Europe/Moscow"):
        assert titles_in(cells(client, f"/calendar/2023/9?tz={tz}"), "2023/9/12") == ["Holiday"]


def test_event_crossing_a_month_boundary_appears_in_both_months(client, app):
    with app.app_context():
        add("Night shift", utc(2023, 9, 30, 19), utc(2023, 9, 30, 23))  # 22:00–02:00 Moscow
    assert titles_in(cells(client, "/calendar/2023/9"), "2023/9/30") == ["Night shift"]
    october = cells(client, "/calendar/2023/10")  # the grid starts on Mon 25 Sep
    assert dict(october.cells["2023/9/30"])["Night shift"] == 2
    november = cells(client, "/calendar/2023/11")
    assert all(not v for v in november.cells.values())


@pytest.mark.parametrize(
    "url",
    ["/calendar/2024/13", "/calendar/2024/0", "/calendar/1899/12", "/calendar/2201/1",
     "/calendar/99999/1", "/calendar/2023/9/31", "/calendar/2023/2/29"],
)  # fmt: skip
def test_months_and_days_that_do_not_exist_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_crowded_day_shows_more_linking_to_the_day_page(client, app):
    with app.app_context():
        for n in range(6):
            add(f"Talk {n}", utc(2023, 9, 13, 6 + n))
    grid = cells(client, "/calendar/2023/9")
    assert len(grid.cells["2023/9/13"]) == 4
    assert grid.more["2023/9/13"].startswith("+2 more")
    html = client.get("/calendar/2023/9").get_data(as_text=True)
    assert 'class="more" href="/calendar/2023/9/13"' in html
    day = client.get("/calendar/2023/9/13").get_data(as_text=True)
    assert all(f"Talk {n}" in day for n in range(6))


def test_anonymous_visitors_see_public_events_staff_see_internal(client, app, auth):
    with app.app_context():
        add("Secret prep", utc(2023, 9, 12, 8), visibility="internal")
    assert "Secret prep" not in client.get("/calendar/2023/9").get_data(as_text=True)
    auth.login("viewer")
    assert "Secret prep" in client.get("/calendar/2023/9").get_data(as_text=True)


def test_month_page_reads_events_in_one_query_whatever_their_number(client, app):
    """One SELECT on events (location joined) plus one selectin for forces; the filter form's
    forces and locations lists add two more, the page cache's change stamp and the longest
    event one tiny read each. The count must not grow with the events."""
    with app.app_context():
        force = Force(slug="crrf", name="CRRF")
        db.session.add(force)
        db.session.commit()
        add("One", date(2023, 9, 4), force_ids=[force.id])
    few = count_queries(app, client, "/calendar/2023/9")
    with app.app_context():
        for n in range(12):
            add(f"More {n}", date(2023, 9, 5 + n), force_ids=[1])
    many = count_queries(app, client, "/calendar/2023/9")
    events_queries = [s for s in many if re.search(r"FROM events\b", s)]
    # single events and overrides by the overlap index; series by (recurs, starts_at)
    assert len(events_queries) == 2
    assert "recurs IS 0" in events_queries[0] or "recurs IS false" in events_queries[0]
    assert "JOIN locations" in events_queries[0]
    assert "starts_at <" in events_queries[0] and "ends_at >" in events_queries[0]
    assert len(many) == len(few) <= 7


def test_home_redirects_to_this_month_keeping_filters_and_zone(client):
    today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    response = client.get("/?tz=Pacific/Kiritimati&kind=training")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == f"/calendar/{today.year}/{today.month}"
    assert parse_qs(location.query) == {"tz": ["Pacific/Kiritimati"], "kind": ["training"]}


def test_month_year_picker_jumps_and_keeps_filters(client):
    response = client.get("/calendar/jump?month=7&year=2024&kind=session")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/calendar/2024/7?kind=session")
    assert client.get("/calendar/jump?month=7&year=3000").status_code == 400
    assert client.get("/calendar/jump?month=x&year=2024").status_code == 400


class TestSundayFirst:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "CALENDAR_FIRST_WEEKDAY": 6}

    def test_first_weekday_setting_starts_weeks_on_sunday(self, client):
        html = client.get("/calendar/2023/9").get_data(as_text=True)
        headers = re.findall(r'<abbr title="(\w+)">', html)
        assert headers[0] == "Sunday" and headers[-1] == "Saturday"
        assert list(cells(client, "/calendar/2023/9").cells)[0] == "2023/8/27"


def test_print_heading_names_the_filters_and_zone(client, demo):
    html = client.get("/calendar/2023/9?kind=training&country=BY&tz=UTC").get_data(as_text=True)
    heading = re.search(r'<div class="print-heading">(.*?)</div>', html, re.S).group(1)
    assert "September 2023" in heading and "training · Belarus" in heading
    assert "times in UTC" in heading


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=13&year=2023", "choose a month between 1 and 12"),
        ("month=0&year=2023", "choose a month between 1 and 12"),
        ("month=7&year=", "enter a year between 1900 and 2200"),
        ("month=7&year=3000", "enter a year between 1900 and 2200"),
        ("month=7&year=%C2%B2", "enter a year between 1900 and 2200"),
    ],
)
def test_month_picker_names_the_wrong_field(client, query, message):
    response = client.get(f"/calendar/jump?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_month_picker_year_is_required_so_the_browser_says_so_inline(client):
    html = client.get("/calendar/2023/9").get_data(as_text=True)
    year_input = re.search(r'<input id="jump-year"[^>]*>', html).group(0)
    assert "required" in year_input
