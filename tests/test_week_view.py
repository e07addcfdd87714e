"""The week page: bars across days, timed events under their day in the display zone,
filters and zone in every link, one query, the page cache, its bounds."""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from .helpers import count_queries
from .views_helpers import add, links, utc


class WeekColumns(HTMLParser):
    """The week page: day headers, the bars with their colspan, each column's timed titles."""

    def __init__(self):
        super().__init__()
        self.days: list[str] = []
        self.bars: dict[str, int] = {}
        self.timed: list[list[str]] = []
        self._span = self._where = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "week-day" in classes:
            self.days.append(attrs["href"].split("?")[0].removeprefix("/calendar/"))
        elif tag == "tbody":
            self._where = classes[0] if classes else None
        elif tag == "td" and self._where == "week-bars":
            self._span = int(attrs.get("colspan") or 1)
        elif tag == "td" and self._where == "week-timed":
            self.timed.append([])
        elif tag == "span" and "title" in classes:
            self._in_title = True
        elif tag == "section":
            self._where = None

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_title = False

    def handle_data(self, data):
        if not self._in_title:
            return
        if self._where == "week-bars":
            self.bars[data] = self._span
        elif self._where == "week-timed":
            self.timed[-1].append(data)
        self._in_title = False


def week(client, url) -> WeekColumns:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    parser = WeekColumns()
    parser.feed(response.get_data(as_text=True))
    return parser


def test_week_shows_bars_across_days_and_timed_events_under_their_day(client, app, demo):
    with app.app_context():
        add("Late talk", utc(2023, 9, 12, 13), status="cancelled")
        add("Early talk", utc(2023, 9, 12, 6), status="planned")
    page = week(client, "/calendar/2023/9/14/week")
    assert page.days == [f"2023/9/{d}" for d in range(11, 18)]
    assert page.bars["Interaction-2023"] == 7
    assert page.timed[1] == ["Early talk", "Late talk"]  # Tuesday, in time order
    html = client.get("/calendar/2023/9/14/week").get_data(as_text=True)
    assert "09:00 – 10:00" in html  # 06:00 UTC shown in Moscow time
    assert re.search(r'class="ev kind-meeting status-cancelled line"', html)
    assert re.search(r'class="ev kind-meeting status-planned line"', html)
    assert '<h1 id="view-title">11 – 17 September 2023</h1>' in html
    assert 'href="/calendar/2023/9/12/week"' not in html  # links use the week's first day
    assert links(html, "prev") == "/calendar/2023/9/4/week"
    assert links(html, "next") == "/calendar/2023/9/18/week"


def test_week_starts_on_the_configured_weekday(client, app):
    app.config["CALENDAR_FIRST_WEEKDAY"] = 6
    page = week(client, "/calendar/2023/9/14/week")
    assert page.days[0] == "2023/9/10" and page.days[-1] == "2023/9/16"


def test_week_moves_a_timed_event_to_the_day_of_the_display_zone(client, app):
    with app.app_context():
        add("Late call", utc(2023, 9, 11, 22, 30))  # 01:30 on Tuesday the 12th in Moscow
    assert week(client, "/calendar/2023/9/11/week").timed[1] == ["Late call"]
    in_utc = week(client, "/calendar/2023/9/11/week?tz=UTC")
    assert in_utc.timed[0] == ["Late call"] and in_utc.timed[1] == []


def test_week_filters_and_zone_carry_into_every_link(client, demo):
    html = client.get("/calendar/2023/9/14/week?force=crrf&tz=UTC").get_data(as_text=True)
    assert "Interaction-2023" in html and "Search-2023" not in html
    for rel in ("prev", "next"):
        assert parse_qs(urlsplit(links(html, rel)).query) == {"force": ["crrf"], "tz": ["UTC"]}
    assert 'href="/calendar/2023/9/11?force=crrf&amp;tz=UTC"' in html  # to the day
    assert 'href="/calendar/2023/9?force=crrf&amp;tz=UTC"' in html  # to the month
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/calendar/2023/9/14/week?force=crrf&amp;tz=UTC" aria-current="page">Week' in nav


def test_week_link_in_every_view_keeps_filters_and_zone(client):
    def nav_week(url):
        html = client.get(url).get_data(as_text=True)
        nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
        return re.search(r'href="([^"]+)"[^>]*>Week<', nav).group(1).replace("&amp;", "&")

    assert nav_week("/calendar/2023/9?kind=training") == "/calendar/2023/9/1/week?kind=training"
    assert nav_week("/calendar/2023/9/20?tz=UTC") == "/calendar/2023/9/20/week?tz=UTC"
    assert nav_week("/agenda?from=2023-09-05") == "/calendar/2023/9/5/week"
    this_week = client.get("/week?kind=session&tz=Pacific/Kiritimati")
    today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert this_week.status_code == 302
    location = urlsplit(this_week.headers["Location"])
    assert location.path == f"/calendar/{today.year}/{today.month}/{today.day}/week"
    assert parse_qs(location.query) == {"kind": ["session"], "tz": ["Pacific/Kiritimati"]}
    day = client.get("/calendar/2023/9/20?kind=meeting").get_data(as_text=True)
    assert 'href="/calendar/2023/9/20/week?kind=meeting">Week</a>' in day


def test_week_marks_today_once(client):
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    html = client.get(f"/calendar/{today.year}/{today.month}/{today.day}/week").get_data(
        as_text=True
    )
    assert html.count('aria-current="date"') == 1


def test_week_hides_internal_events_from_anonymous_visitors(client, app, auth):
    with app.app_context():
        add("Secret prep", utc(2023, 9, 12, 8), visibility="internal")
        add("Secret week", date(2023, 9, 11), date(2023, 9, 13), visibility="internal")
    for url in ("/calendar/2023/9/12/week", "/calendar/2023/9/12/week?q=secret"):
        html = client.get(url).get_data(as_text=True)
        assert "Secret prep" not in html and "Secret week" not in html
    auth.login("viewer")
    staff = week(client, "/calendar/2023/9/12/week")
    assert staff.bars["Secret week"] == 3 and staff.timed[1] == ["Secret prep"]
    html = client.get("/calendar/2023/9/12/week").get_data(as_text=True)
    assert re.search(r'class="ev kind-meeting status-confirmed internal line"', html)


def test_week_reads_events_in_one_query_whatever_their_number(client, app):
    with app.app_context():
        add("One", date(2023, 9, 12))
    few = count_queries(app, client, "/calendar/2023/9/12/week")
    with app.app_context():
        for n in range(12):
            add(f"More {n}", utc(2023, 9, 11 + n % 7, 8 + n))
    many = count_queries(app, client, "/calendar/2023/9/12/week")
    events_queries = [s for s in many if re.search(r"FROM events\b", s)]
    # single events and overrides by the overlap index; series by (recurs, starts_at)
    assert len(events_queries) == 2
    assert "recurs IS 0" in events_queries[0] or "recurs IS false" in events_queries[0]
    assert "starts_at <" in events_queries[0] and "ends_at >" in events_queries[0]
    assert len(many) == len(few) <= 7


def test_anonymous_week_comes_from_the_page_cache(client, app):
    app.extensions["page_cache"].clear()
    first = client.get("/calendar/2023/9/12/week")
    assert first.headers["ETag"]
    again = client.get("/calendar/2023/9/12/week", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "url",
    ["/calendar/2023/2/29/week", "/calendar/2023/13/1/week", "/calendar/2201/1/1/week",
     "/calendar/1899/12/31/week", "/calendar/2023/9/0/week", "/calendar/2023/9/x/week"],
)  # fmt: skip
def test_weeks_of_days_that_do_not_exist_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ["tz=Mars/Olympus", "kind=party", "force=99999", "country=ZZ", "status=maybe"]
)
def test_bad_week_arguments_are_a_400_page(client, query):
    for url in (f"/calendar/2023/9/12/week?{query}", f"/week?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Cannot show this view" in response.get_data(as_text=True)


def test_first_and_last_weeks_of_the_calendar_have_no_way_beyond(client):
    first = client.get("/calendar/1900/1/1/week").get_data(as_text=True)
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = client.get("/calendar/2200/12/31/week").get_data(as_text=True)
    assert 'rel="next"' not in last and 'rel="prev"' in last
