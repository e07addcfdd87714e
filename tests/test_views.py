"""The month, day and agenda pages through the test client."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events.service import create_event
from calendar_app.extensions import db
from calendar_app.models import Force, Location

from .helpers import count_queries, login, make_user


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def add(title, start, end=None, *, kind="meeting", **extra):
    """An all-day event when given dates, a timed one when given instants."""
    with_dates = not isinstance(start, datetime)
    if end is None:
        end = start if with_dates else start + timedelta(hours=1)
    data = EventData(
        title=title,
        kind=kind,
        start=start,
        end=end,
        all_day=with_dates,
        timezone=extra.pop("timezone", "Europe/Moscow"),
        **extra,
    )
    event = create_event(data)
    db.session.commit()
    return event.id


class MonthCells(HTMLParser):
    """Each grid cell's date -> the events whose segment starts there, with their span."""

    def __init__(self):
        super().__init__()
        self.cells: dict[str, list[tuple[str, int]]] = {}
        self.more: dict[str, str] = {}
        self._day = self._span = None
        self._in_title = False
        self._in_more = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "day-number" in classes:
            self._day = attrs["href"].split("?")[0].removeprefix("/calendar/")
            self.cells[self._day] = []
        elif tag == "li" and "seg" in classes:
            self._span = int(next(c for c in classes if c.startswith("span-"))[5:])
        elif tag == "span" and "title" in classes and self._span:
            self._in_title = True
        elif tag == "a" and "more" in classes:
            self._in_more = True
        elif tag == "section":
            self._day = None  # the phone list after the grid

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_title = False
        if tag == "a":
            self._in_more = False

    def handle_data(self, data):
        if self._in_title and self._day:
            self.cells[self._day].append((data, self._span))
            self._in_title = False
        elif self._in_more and self._day:
            self.more[self._day] = self.more.get(self._day, "") + data


def cells(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    parser = MonthCells()
    parser.feed(response.get_data(as_text=True))
    return parser


def titles_in(parser, day):
    return [title for title, _ in parser.cells[day]]


def links(html: str, rel: str) -> str:
    return re.search(rf'rel="{rel}" href="([^"]+)"', html).group(1).replace("&amp;", "&")


@pytest.fixture
def demo(runner):
    runner.invoke(args=["seed-demo"])


def test_september_2023_shows_the_exercises_as_bars_broken_at_week_rows(client, demo):
    grid = cells(client, "/calendar/2023/9")
    first_cell = dict(grid.cells["2023/9/1"])
    assert first_cell == {
        "Echelon-2023": 3,
        "Indestructible Brotherhood-2023": 3,
        "Interaction-2023": 3,
        "Search-2023": 3,
    }
    assert dict(grid.cells["2023/9/4"])["Interaction-2023"] == 7
    assert dict(grid.cells["2023/9/25"])["Interaction-2023"] == 6
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


def test_zone_choice_survives_navigation_and_unknown_zone_is_400(client):
    html = client.get("/calendar/2023/9?tz=Asia/Bishkek&kind=training").get_data(as_text=True)
    for rel in ("prev", "next"):
        args = parse_qs(urlsplit(links(html, rel)).query)
        assert args == {"tz": ["Asia/Bishkek"], "kind": ["training"]}
    assert "Times in Asia/Bishkek" in html
    response = client.get("/calendar/2023/9?tz=Mars/Olympus")
    assert response.status_code == 400
    assert "unknown time zone" in response.get_data(as_text=True)


def test_filters_narrow_the_month_and_carry_into_links_and_subscribe(client, demo):
    trainings = cells(client, "/calendar/2023/9?force=crrf")
    assert titles_in(trainings, "2023/9/1") == ["Interaction-2023"]
    assert titles_in(cells(client, "/calendar/2023/9?q=brotherhood"), "2023/9/1") == [
        "Indestructible Brotherhood-2023"
    ]
    assert titles_in(cells(client, "/calendar/2023/9?country=KG"), "2023/9/1") == [
        "Indestructible Brotherhood-2023"
    ]
    assert titles_in(cells(client, "/calendar/2023/9?kind=meeting"), "2023/9/1") == []
    assert titles_in(cells(client, "/calendar/2023/9?status=confirmed"), "2023/9/1") == []
    html = client.get("/calendar/2023/9?force=crrf").get_data(as_text=True)
    assert "/calendar.ics?force=crrf" in html
    assert parse_qs(urlsplit(links(html, "next")).query) == {"force": ["crrf"]}
    assert "Showing only" in html and "Collective Rapid Reaction Forces" in html


def test_location_filter(client, app, demo):
    with app.app_context():
        kyrgyz = db.session.scalar(
            db.select(Location.id).where(Location.name.like("Training grounds of the Kyrgyz%"))
        )
    grid = cells(client, f"/calendar/2023/9?location={kyrgyz}")
    assert titles_in(grid, "2023/9/1") == ["Indestructible Brotherhood-2023"]


def test_malformed_filter_is_a_400_page_not_a_traceback(client):
    response = client.get("/calendar/2023/9?kind=party")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "unknown kind" in body and "<html" in body
    assert client.get("/agenda?from=yesterday").status_code == 400
    assert client.get("/agenda?page=-1").status_code == 400


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


def test_anonymous_visitors_see_public_events_staff_see_internal(client, app):
    with app.app_context():
        add("Secret prep", utc(2023, 9, 12, 8), visibility="internal")
    make_user(app, "ann", "viewer")
    assert "Secret prep" not in client.get("/calendar/2023/9").get_data(as_text=True)
    login(client, "ann")
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
    assert len(events_queries) == 1
    assert "JOIN locations" in events_queries[0]
    assert "starts_at <" in events_queries[0] and "ends_at >" in events_queries[0]
    assert len(many) == len(few) <= 6


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


def test_bad_arguments_on_the_home_redirect_are_a_400_page(client):
    response = client.get("/?tz=Nowhere/Land")
    assert response.status_code == 400
    assert "unknown time zone" in response.get_data(as_text=True)


def test_favicon_is_packaged_linked_and_answers_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"
    page = client.get("/calendar/2026/11").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in page
    assert 'href="/static/img/favicon.svg" type="image/svg+xml"' in page
    assert client.get("/static/img/favicon.svg").mimetype == "image/svg+xml"


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


def test_unknown_force_and_country_are_a_400_like_an_unknown_kind(client, demo):
    for url, words in [
        ("/calendar/2023/9?kind=bogus", "unknown kind"),
        ("/calendar/2023/9?force=99999", "unknown force"),
        ("/agenda?force=no-such-force", "unknown force"),
        ("/calendar/2023/9/1?country=ZZ", "unknown country code"),
        ("/?force=99999", "unknown force"),
    ]:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 400, url
        assert words in response.get_data(as_text=True), url
    assert client.get("/calendar/2023/9?force=crrf&country=by").status_code == 200


def test_agenda_heading_says_from_when_a_start_day_is_given(client):
    upcoming = client.get("/agenda").get_data(as_text=True)
    assert '<h1 id="view-title">Upcoming events</h1>' in upcoming
    ranged = client.get("/agenda?from=2023-01-01").get_data(as_text=True)
    assert '<h1 id="view-title">Events from Sunday 1 January 2023</h1>' in ranged
    assert "Upcoming events" not in ranged
    assert "<title>Events from Sunday 1 January 2023 ·" in ranged


def test_main_navigation_keeps_filters_and_zone_between_views(client, demo):
    html = client.get("/calendar/2023/9?kind=training&tz=UTC").get_data(as_text=True)
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/?kind=training&amp;tz=UTC"' in nav
    assert 'href="/agenda?kind=training&amp;tz=UTC"' in nav
    assert 'href="/subscribe?kind=training"' in nav
    agenda = client.get("/agenda?kind=training").get_data(as_text=True)
    nav = re.search(r'<nav class="site-nav".*?</nav>', agenda, re.S).group(0)
    assert 'href="/?kind=training"' in nav
    plain = client.get("/calendar/2023/9").get_data(as_text=True)
    assert 'href="/agenda"' in re.search(r'<nav class="site-nav".*?</nav>', plain, re.S).group(0)


def test_sign_in_link_carries_the_page_without_a_stray_question_mark(client):
    html = client.get("/calendar/2026/11").get_data(as_text=True)
    assert 'href="/login?next=/calendar/2026/11"' in html
    filtered = client.get("/calendar/2026/11?kind=session").get_data(as_text=True)
    assert 'href="/login?next=/calendar/2026/11?kind%3Dsession"' in filtered


def test_country_names_sort_ignoring_accents_and_case():
    from calendar_app.domain.countries import country_choices

    names = [name for _, name in country_choices()]
    assert names.index("Åland Islands") < names.index("Albania")
    assert (
        names.index("Türkiye")
        < names.index("Turkmenistan")
        < names.index("Turks and Caicos Islands")
    )


@pytest.mark.parametrize(("role", "can_add"), [("viewer", False), ("editor", True)])
def test_editors_can_start_a_new_event_from_a_day(client, app, role, can_add):
    make_user(app, f"day-{role}", role)
    assert "day-add" not in client.get("/calendar/2023/9").get_data(as_text=True)
    login(client, f"day-{role}")
    month = client.get("/calendar/2023/9").get_data(as_text=True)
    day = client.get("/calendar/2023/9/14").get_data(as_text=True)
    new_on_the_14th = 'href="/events/new?date=2023-09-14"'
    assert (new_on_the_14th in month) is can_add and (new_on_the_14th in day) is can_add
    if can_add:
        form = client.get("/events/new?date=2023-09-14").get_data(as_text=True)
        assert 'name="start_date" type="date" value="2023-09-14"' in form


def test_search_finds_events_by_venue_and_participants_too(client, app, demo):
    by_venue = cells(client, "/calendar/2023/9?q=training+grounds+of+the+kyrgyz")
    assert titles_in(by_venue, "2023/9/1") == ["Indestructible Brotherhood-2023"]
    with app.app_context():
        add("Consultations", date(2023, 9, 20), participants="Delegation of Armenia")
    by_participant = cells(client, "/calendar/2023/9?q=armenia")
    assert titles_in(by_participant, "2023/9/20") == ["Consultations"]


def test_event_links_carry_the_zone_the_visitor_chose(client, app):
    with app.app_context():
        event_id = add("Late call", utc(2023, 9, 11, 22, 30))
    chosen = client.get("/calendar/2023/9?tz=America/New_York").get_data(as_text=True)
    assert f'href="/events/{event_id}?tz=America/New_York"' in chosen
    page = client.get(f"/events/{event_id}?tz=America/New_York").get_data(as_text=True)
    assert "18:30" in page  # 22:30 UTC in New York
    default = client.get("/calendar/2023/9").get_data(as_text=True)
    assert f'href="/events/{event_id}"' in default
    agenda = client.get("/agenda?from=2023-09-01&tz=UTC").get_data(as_text=True)
    assert f'href="/events/{event_id}?tz=UTC"' in agenda


# ---- The week ----


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


def test_week_hides_internal_events_from_anonymous_visitors(client, app):
    with app.app_context():
        add("Secret prep", utc(2023, 9, 12, 8), visibility="internal")
        add("Secret week", date(2023, 9, 11), date(2023, 9, 13), visibility="internal")
        make_user(app, "wendy", "viewer")
    for url in ("/calendar/2023/9/12/week", "/calendar/2023/9/12/week?q=secret"):
        html = client.get(url).get_data(as_text=True)
        assert "Secret prep" not in html and "Secret week" not in html
    login(client, "wendy")
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
    assert len(events_queries) == 1
    assert "starts_at <" in events_queries[0] and "ends_at >" in events_queries[0]
    assert len(many) == len(few) <= 6


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


# ---- Agenda search ----


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
    assert parse_qs(urlsplit(links(html, "next")).query) == {"q": ["border"], "page": ["1"]}
    ranged = client.get("/agenda?q=border&from=2023-01-01").get_data(as_text=True)
    assert "Border talks 2019" not in ranged and "Events from Sunday 1 January 2023" in ranged
    assert "Upcoming events" in client.get("/agenda").get_data(as_text=True)
    assert "No events matching the filters." in client.get("/agenda?q=zzzz").get_data(as_text=True)
