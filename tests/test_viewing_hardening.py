"""Issue 13, items 15 and 18: the agenda and the audit log in pages, "Subscribe to this
view" leading to the subscribe page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert

from calendar_app.auth import accounts
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, User, new_uid
from tests.helpers import count_queries, login, make_user


def many_events(app, count: int, first: date, title: str = "Session") -> None:
    """`count` public all-day events, a few a day from `first` on, written in bulk (the
    paging is under test here, not the service)."""
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        day = first + timedelta(days=n // 4)
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        rows.append(
            {
                "uid": new_uid(),
                "title": f"{title} {n:05}",
                "kind": "session",
                "status": "confirmed",
                "all_day": True,
                "starts_at": start,
                "ends_at": start + timedelta(days=1),
                "start_date": day,
                "end_date": day,
                "timezone": "Europe/Moscow",
                "description": "",
                "participants": "",
                "visibility": "public",
                "sequence": 0,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    with app.app_context():
        db.session.execute(insert(Event.__table__), rows)
        db.session.commit()


def rel_link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Moscow")).date()


# ---- 18: the agenda in pages ----


def test_agenda_of_10000_events_says_page_1_of_400_and_links_every_way(client, app):
    many_events(app, 10_000, today())
    html = client.get("/agenda").get_data(as_text=True)
    assert "Page 1 of 400" in text_of(html) and "10,000 events" in text_of(html)
    assert rel_link(html, "first") is None and rel_link(html, "prev") is None
    assert rel_link(html, "next") == "/agenda?page=2"
    assert rel_link(html, "last") == "/agenda?page=400"
    third = client.get("/agenda?page=3").get_data(as_text=True)
    assert "Page 3 of 400" in text_of(third)
    assert "Session 00050" in third and "Session 00074" in third
    assert "Session 00049" not in third and "Session 00075" not in third
    assert (rel_link(third, "first"), rel_link(third, "prev")) == ("/agenda", "/agenda?page=2")


def test_the_last_agenda_page_holds_the_last_events(client, app):
    many_events(app, 10_000, today())
    last = client.get("/agenda?page=400")
    html = last.get_data(as_text=True)
    assert last.status_code == 200 and "Page 400 of 400" in text_of(html)
    assert "Session 09999" in html and "Session 09974" not in html
    assert rel_link(html, "next") is None and rel_link(html, "last") is None


def test_an_agenda_page_past_the_end_says_so_and_links_to_the_last_page(client, app):
    many_events(app, 10_000, today())
    response = client.get("/agenda?page=500")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "No events from" not in html
    assert "There is no page 500: the list ends at page 400 (10,000 events)" in text_of(html)
    assert 'href="/agenda?page=400">Go to the last page (400)' in html


def test_agenda_pages_keep_the_filters_the_zone_and_the_start_day(client, app):
    many_events(app, 60, date(2031, 5, 1))
    html = client.get("/agenda?from=2031-05-01&kind=session&tz=UTC").get_data(as_text=True)
    assert "Page 1 of 3" in text_of(html)
    args = parse_qs(urlsplit(rel_link(html, "last")).query)
    assert args == {"kind": ["session"], "tz": ["UTC"], "from": ["2031-05-01"], "page": ["3"]}


def test_a_short_agenda_has_no_pager_and_a_bad_page_is_a_400(client, app):
    many_events(app, 5, today())
    html = client.get("/agenda").get_data(as_text=True)
    assert 'class="pager"' not in html and "Session 00004" in html
    assert client.get("/agenda?page=two").status_code == 400


# ---- 18: the audit log in pages, narrowed by user, event and dates ----


def many_changes(app, count: int, users: list[int]) -> list[int]:
    """`count` edits, one a day from 1 March 2030 (Moscow noon), of a dozen events, made
    in turn by `users`; the ids of the events, in bulk as above."""
    many_events(app, 12, date(2030, 3, 1), title="Exercise")
    with app.app_context():
        event_ids = list(db.session.scalars(db.select(Event.id).order_by(Event.id)))
        rows = [
            {
                "event_id": event_ids[n % len(event_ids)],
                "user_id": users[n % len(users)],
                "at": datetime(2030, 3, 1, 9, tzinfo=UTC) + timedelta(days=n),
                "action": "update",
                "changes": {"title": [f"old {n}", f"change {n:04}"]},
            }
            for n in range(count)
        ]
        db.session.execute(insert(EventRevision.__table__), rows)
        db.session.commit()
    return event_ids


FIRST_CHANGE = date(2030, 3, 1)


def change_numbers(html: str) -> list[int]:
    """Which of many_changes' edits a page lists: the nth was made n days after the first."""
    changes = html.split('id="changes-title"')[1].split("</section>")[0]
    days = re.findall(r'<td class="nowrap">(\d+ \w{3} \d{4}) \d\d:\d\d</td>', changes)
    return [(datetime.strptime(day, "%d %b %Y").date() - FIRST_CHANGE).days for day in days]


@pytest.fixture
def staff(app):
    return {"ada": make_user(app, "ada", "admin"), "erin": make_user(app, "erin", "editor")}


@pytest.fixture
def admin(app, staff):
    client = app.test_client()
    login(client, "ada")
    return client


def test_the_audit_log_pages_its_changes_newest_first(admin, app, staff):
    many_changes(app, 250, [staff["erin"]])
    first = admin.get("/manage/audit").get_data(as_text=True)
    assert "Page 1 of 3" in text_of(first) and "250 changes" in text_of(first)
    assert change_numbers(first) == list(range(249, 149, -1))
    assert rel_link(first, "next") == "/manage/audit?page=2"
    assert rel_link(first, "last") == "/manage/audit?page=3"
    second = admin.get("/manage/audit?page=2").get_data(as_text=True)
    assert change_numbers(second) == list(range(149, 49, -1))
    assert "Changes 101–200 of 250" in text_of(second)
    last = admin.get(rel_link(first, "last")).get_data(as_text=True)
    assert change_numbers(last) == list(range(49, -1, -1))
    past = admin.get("/manage/audit?page=9")
    assert past.status_code == 200 and change_numbers(past.get_data(as_text=True)) == []
    assert "There is no page 9: the list ends at page 3 (250 changes)" in text_of(
        past.data.decode()
    )
    assert 'href="/manage/audit?page=3">Go to the last page (3)' in past.data.decode()


def test_the_audit_log_is_narrowed_by_user_event_title_and_dates(admin, app, staff):
    event_ids = many_changes(app, 48, [staff["erin"], staff["ada"]])
    by_erin = admin.get("/manage/audit?user=ERIN").get_data(as_text=True)
    assert change_numbers(by_erin) == list(range(46, -1, -2))
    one_event = admin.get(f"/manage/audit?event={event_ids[1]}").get_data(as_text=True)
    assert change_numbers(one_event) == [37, 25, 13, 1]
    assert "Only the changes of <strong>Exercise 00001</strong>" in one_event
    by_title = admin.get("/manage/audit?title=exercise+00002").get_data(as_text=True)
    assert change_numbers(by_title) == [38, 26, 14, 2]
    # Days in the calendar's zone, both ends included: 3 to 5 March are changes 2, 3 and 4.
    days = admin.get("/manage/audit?from=2030-03-03&to=2030-03-05").get_data(as_text=True)
    assert change_numbers(days) == [4, 3, 2]
    nobody = admin.get("/manage/audit?user=nobody").get_data(as_text=True)
    assert change_numbers(nobody) == [] and "No user is called “nobody”" in nobody
    assert admin.get("/manage/audit?from=2030-03-05&to=2030-03-01").status_code == 400
    assert admin.get("/manage/audit?event=x").status_code == 400


def test_audit_pages_keep_the_filter_and_each_name_filters_by_its_user(admin, app, staff):
    many_changes(app, 240, [staff["erin"], staff["ada"]])
    html = admin.get("/manage/audit?user=erin&from=2030-03-01").get_data(as_text=True)
    assert "Page 1 of 2" in text_of(html)
    assert parse_qs(urlsplit(rel_link(html, "next")).query) == {
        "user": ["erin"],
        "from": ["2030-03-01"],
        "page": ["2"],
    }
    assert (
        'href="/manage/audit?user=erin&amp;from=2030-03-01" title="Only the changes by erin"'
        in html
    )


def test_account_changes_are_paged_on_their_own(admin, app, staff):
    with app.app_context():
        erin = db.session.get(User, staff["erin"])
        ada = db.session.get(User, staff["ada"])
        for _ in range(130):
            accounts.reset_feed_token(erin, actor=ada)
        db.session.commit()
    html = admin.get("/manage/audit").get_data(as_text=True)
    accounts_part = html.split('id="accounts-title"')[1]
    assert accounts_part.count("reset the private feed address") == 100
    assert "Page 1 of 2" in text_of(accounts_part)
    assert rel_link(accounts_part, "next") == "/manage/audit?accounts_page=2"
    second = admin.get("/manage/audit?accounts_page=2").get_data(as_text=True)
    assert second.split('id="accounts-title"')[1].count("reset the private feed address") == 30


def test_a_later_or_filtered_audit_page_takes_as_few_queries_as_the_first(admin, app, staff):
    many_changes(app, 250, [staff["erin"], staff["ada"]])
    first = count_queries(app, admin, "/manage/audit")
    for url in ("/manage/audit?page=2", "/manage/audit?user=erin&from=2030-04-01&page=2"):
        assert len(count_queries(app, admin, url)) <= len(first) + 1, url


# ---- 15: "Subscribe to this view" leads to the subscribe page ----


def subscribe_link(html: str) -> str:
    found = re.search(
        r'<a [^>]*href="([^"]+)"[^>]*>Subscribe<span class="long"> to this view', html
    )
    assert found, "no 'Subscribe to this view' link"
    return unescape(found.group(1))


@pytest.mark.parametrize(
    "view", ["/calendar/2023/9", "/calendar/2023/9/4", "/calendar/2023/9/4/week", "/agenda"]
)
def test_subscribe_to_this_view_opens_the_subscribe_page_with_the_views_filters(client, view):
    html = client.get(f"{view}?kind=training&country=BY&tz=UTC").get_data(as_text=True)
    link = subscribe_link(html)
    assert urlsplit(link).path == "/subscribe"
    assert parse_qs(urlsplit(link).query) == {"kind": ["training"], "country": ["BY"]}
    page = client.get(link).get_data(as_text=True)
    feed = "calendar.test/calendar.ics?kind=training&amp;country=BY"
    assert f'href="webcal://{feed}"' in page
    assert "calendar.google.com" in page and "outlook.live.com" in page
    assert "training · Belarus" in page


def test_no_schedule_page_links_a_snapshot_of_the_feed_as_its_subscribe_button(client):
    html = client.get("/calendar/2023/9?kind=training").get_data(as_text=True)
    assert subscribe_link(html) == "/subscribe?kind=training"
    sidebar = html.split('<aside class="sidebar"')[1].split("</aside>")[0]
    assert "/calendar.ics" not in sidebar
