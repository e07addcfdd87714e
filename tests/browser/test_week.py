"""The week view in a real headless Chromium: bars across columns, navigation, phone list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events.service import create_event
from calendar_app.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def week_events(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        create_event(
            EventData(title="Staff talks", kind="session", all_day=True,
                      start=date(2023, 9, 12), end=date(2023, 9, 14), timezone="Europe/Moscow")
        )  # fmt: skip
        db.session.commit()
        create_event(
            EventData(title="Press briefing", kind="meeting", all_day=False,
                      start=datetime(2023, 9, 15, 7, tzinfo=UTC),
                      end=datetime(2023, 9, 15, 8, tzinfo=UTC), timezone="Europe/Moscow")
        )  # fmt: skip
        db.session.commit()


def box(locator):
    found = locator.bounding_box()
    assert found is not None, "element is not rendered"
    return found


def column(page, day):
    return page.locator(f'.week-grid th:has(a.week-day[href^="/calendar/2023/9/{day}"])')


def test_week_bar_spans_its_columns_and_prev_next_navigate(page, live_server, week_events):
    page.goto(live_server + "/calendar/2023/9/13/week")
    assert page.get_by_role("heading", level=1).inner_text() == "11 – 17 September 2023"
    bar = page.locator(".week-bars a.ev", has=page.locator(".title", has_text="Staff talks"))
    tuesday, thursday = box(column(page, 12)), box(column(page, 14))
    found = box(bar)
    assert abs(found["x"] - tuesday["x"]) < 6
    assert abs(found["x"] + found["width"] - (thursday["x"] + thursday["width"])) < 6
    briefing = page.locator(".week-timed a.ev", has_text="Press briefing")
    assert "10:00 – 11:00" in briefing.inner_text()  # 07:00 UTC in Moscow
    friday = box(column(page, 15))
    assert friday["x"] <= box(briefing)["x"] < friday["x"] + friday["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    page.get_by_role("link", name="Next week").click()
    page.wait_for_url("**/calendar/2023/9/18/week")
    assert page.get_by_role("heading", level=1).inner_text() == "18 – 24 September 2023"
    assert bar.count() == 0
    page.get_by_role("link", name="Previous week").click()
    page.wait_for_url("**/calendar/2023/9/11/week")
    assert bar.count() == 1
    page.get_by_role("link", name="Thursday 14 September 2023").click()
    page.wait_for_url("**/calendar/2023/9/14")


def test_phone_shows_the_week_as_a_list_of_days(phone_page, live_server, week_events):
    phone_page.goto(live_server + "/calendar/2023/9/13/week")
    assert not phone_page.locator(".week-grid").is_visible()
    row = phone_page.locator(".month-list .event-row", has_text="Staff talks")
    assert row.is_visible() and "All day · 12 – 14 Sep" in row.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= innerWidth")
