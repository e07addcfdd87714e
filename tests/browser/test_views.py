"""The schedule in a real headless Chromium: bars, navigation, filters, phone layout."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(runner):
    runner.invoke(args=["seed-demo"])


def box(locator):
    found = locator.bounding_box()
    assert found is not None, "element is not rendered"
    return found


def day_cell(page, path):
    return page.locator(f'td:has(a.day-number[href^="/calendar/{path}"])').first


def bars(page, title):
    return page.locator(".month-grid a.ev", has=page.locator(".title", has_text=title))


def test_interaction_2023_bar_spans_its_days_week_by_week(page, live_server, demo):
    page.goto(live_server + "/calendar/2023/9")
    assert page.title().startswith("September 2023")
    segments = bars(page, "Interaction-2023")
    assert segments.count() == 5  # one per week row, Fri 1 – Sat 30
    first, second = box(segments.nth(0)), box(segments.nth(1))
    fri1, sun3 = box(day_cell(page, "2023/9/1")), box(day_cell(page, "2023/9/3"))
    mon4, sun10 = box(day_cell(page, "2023/9/4")), box(day_cell(page, "2023/9/10"))
    assert abs(first["x"] - fri1["x"]) < 6
    assert abs(first["x"] + first["width"] - (sun3["x"] + sun3["width"])) < 6
    assert abs(second["x"] - mon4["x"]) < 6
    assert abs(second["x"] + second["width"] - (sun10["x"] + sun10["width"])) < 6
    # The bar sits inside its week row, below the day numbers, not over the next row.
    assert fri1["y"] < first["y"] < fri1["y"] + fri1["height"]


def test_four_exercises_are_stacked_and_nothing_is_cut_off(page, live_server, demo):
    page.goto(live_server + "/calendar/2023/9")
    # The third week row holds the three month-long exercises and Indestructible
    # Brotherhood-2023 (moved to 18-22 September after the plan's approval).
    tops = sorted(
        box(bars(page, name).nth(index))["y"]
        for name, index in (
            ("Interaction-2023", 3),
            ("Search-2023", 3),
            ("Echelon-2023", 3),
            ("Indestructible", 0),
        )  # fmt: skip
    )
    assert all(lower - upper >= 15 for upper, lower in zip(tops, tops[1:], strict=False))
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.month-grid .seg .title')]
            .filter(t => t.closest('.seg').classList.contains('span-7'))
            .filter(t => t.scrollWidth > t.clientWidth).length"""
    )
    assert clipped == 0
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_previous_next_today_and_month_picker_navigate(page, live_server, demo):
    page.goto(live_server + "/calendar/2023/9")
    page.get_by_role("link", name="Next month").click()
    page.wait_for_url("**/calendar/2023/10")
    assert page.get_by_role("heading", level=1).inner_text() == "October 2023"
    page.get_by_role("link", name="Previous month").click()
    page.wait_for_url("**/calendar/2023/9")
    page.get_by_label("Month", exact=True).select_option("7")  # submits itself (views.js)
    page.get_by_label("Year").fill("2024")
    page.get_by_label("Month", exact=True).select_option("7")
    page.wait_for_url("**/calendar/2024/7*")
    page.get_by_role("link", name="Today", exact=True).click()
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    page.wait_for_url(f"**/calendar/{today.year}/{today.month}")
    assert page.locator('td[aria-current="date"]').count() == 1


def test_filters_apply_and_survive_navigation(page, live_server, demo):
    page.goto(live_server + "/calendar/2023/9")
    page.get_by_text("Filters & time zone").click()
    page.get_by_label("Collective Rapid Reaction Forces").check()
    page.get_by_label("Show times in").select_option("UTC")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/calendar/2023/9?*force=crrf*")
    assert bars(page, "Interaction-2023").count() == 5
    assert bars(page, "Search-2023").count() == 0
    assert page.get_by_text("Times in UTC", exact=True).is_visible()
    page.get_by_role("link", name="Next month").click()
    page.wait_for_url("**/calendar/2023/10?*")
    assert "force=crrf" in page.url and "tz=UTC" in page.url
    subscribe = page.get_by_role("link", name="Subscribe to this view").get_attribute("href")
    assert subscribe == "/subscribe?force=crrf"


def test_event_link_opens_the_event_page_and_names_its_date_and_kind(page, live_server, demo):
    page.goto(live_server + "/calendar/2023/9")
    # Chromium puts a space before the visually hidden part; screen readers ignore it.
    name = re.compile(r"^Interaction-2023 ?, training, planned, 1 – 30 September 2023, all day$")
    link = page.get_by_role("link", name=name).first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/*")
    assert "Interaction-2023" in page.get_by_role("heading", level=1).inner_text()


def test_phone_shows_the_month_as_a_list(phone_page, live_server, demo):
    phone_page.goto(live_server + "/calendar/2023/9")
    assert not phone_page.locator(".month-grid").is_visible()
    row = phone_page.locator(".month-list .event-row", has_text="Interaction-2023")
    assert row.is_visible()
    assert "All day · 1 – 30 Sep" in row.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_filters_work_with_javascript_off(browser, live_server, demo):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(live_server + "/calendar/2023/9")
        page.get_by_text("Filters & time zone").click()
        page.get_by_label("Search").fill("search")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**q=search*")
        assert bars(page, "Search-2023").count() == 5
        assert bars(page, "Echelon-2023").count() == 0
        page.get_by_role("button", name="Go").click()  # the picker without its script
        page.wait_for_url("**/calendar/2023/9?q=search")
    finally:
        context.close()
