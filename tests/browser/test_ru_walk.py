"""A Russian visitor walks the schedule in a real Chromium: month → week → day → agenda →
an event → the subscribe page, filtering and choosing a zone on the way. The schedule
pages show no English; every page is photographed (/tmp/shots/ru-*.png) to look at how
the longer Russian words sit in the layout."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from tests.factories import add_talks
from tests.i18n_check import english_words

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("CALENDAR_SHOTS", "/tmp/shots")


@pytest.fixture
def russian_events(app, ids):
    """Russian events in September 2023 (the demo's titles are English data), and the
    reference data's forces and places in the filters."""
    add_talks(app, date(2023, 9, 5), title="Совещание министров обороны", kind="meeting")
    add_talks(app, date(2023, 9, 12), title="Совместные учения «Взаимодействие»", kind="training")
    add_talks(app, date(2023, 9, 13), title="Заседание Совета", kind="session",
              status="planned")  # fmt: skip
    return ids


@pytest.fixture
def russian_page(browser):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="ru-RU", timezone_id="Europe/Moscow"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def shoot(page, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"ru-{name}.png"), full_page=True)


def assert_russian(page, name: str) -> None:
    shoot(page, name)
    assert page.locator("html").get_attribute("lang") == "ru"
    assert english_words(page.content(), "ru") == [], name


def record(page, name: str) -> list[str]:
    """Pages other helpers are translating: photographed, their English noted, not failed."""
    shoot(page, name)
    found = english_words(page.content(), "ru")
    with open(os.path.join(SHOTS, f"ru-{name}.json"), "w", encoding="utf-8") as out:
        json.dump(found, out, ensure_ascii=False, indent=1)
    return found


def test_a_russian_visitor_walks_the_schedule(russian_page, live_server, russian_events):
    page = russian_page
    page.goto(live_server + "/calendar/2023/9")
    assert page.title().startswith("Сентябрь 2023")
    assert_russian(page, "month")

    # A filter: only the exercises.
    page.get_by_text("Фильтры и часовой пояс").click()
    shoot(page, "month-filters-open")
    page.locator(".filter-form label.check", has_text="Учения").first.click()
    page.get_by_role("button", name="Применить").click()
    page.wait_for_url("**/calendar/2023/9?kind=training")
    summary = page.locator(".active-filter").inner_text()
    assert "Показаны только" in summary and "учения" in summary
    assert page.locator(".month-grid a.ev").count() == 1
    assert_russian(page, "month-filtered")

    # The zone picker names its places in Russian (chosen by its label: Playwright types
    # Cyrillic as inserted text, which a select's type-ahead does not see).
    assert page.locator("details.filters").get_attribute("open") is not None  # a filter is on
    picker = page.get_by_label("Показывать время в поясе")
    tokyo = picker.locator('option[value="Asia/Tokyo"]').text_content()
    assert tokyo.startswith("Токио, Япония")
    picker.select_option(label=tokyo)
    assert picker.input_value() == "Asia/Tokyo"
    page.get_by_role("button", name="Применить").click()
    page.wait_for_url("**/calendar/2023/9?kind=training&tz=Asia%2FTokyo")
    assert page.locator(".zone-note").inner_text() == "Время: Токио"
    assert_russian(page, "month-tokyo")

    page.locator(".site-nav").get_by_role("link", name="Неделя").click()
    page.wait_for_url("**/week**")
    assert_russian(page, "week")

    page.locator("a.week-day").first.click()
    page.wait_for_url("**/calendar/2023/**")
    assert_russian(page, "day")

    page.locator(".site-nav").get_by_role("link", name="Список").click()
    page.wait_for_url("**/agenda**")
    page.goto(live_server + "/agenda?from=2023-09-01")  # the list opens on today
    assert page.locator(".row-title").count() >= 1
    assert_russian(page, "agenda")

    page.locator(".row-title").first.click()
    page.wait_for_url("**/events/**")
    record(page, "event")

    page.locator(".site-nav").get_by_role("link", name="Подписаться").click()
    page.wait_for_url("**/subscribe**")
    record(page, "subscribe")


def test_the_russian_sidebar_fits_on_a_phone(browser, live_server, russian_events):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ru-RU"
    )
    try:
        page = context.new_page()
        page.goto(live_server + "/calendar/2023/9?kind=training&country=BY")
        filters = page.locator("details.filters")
        if filters.get_attribute("open") is None:
            page.get_by_text("Фильтры и часовой пояс").click()
        assert filters.locator("select[name=tz]").is_visible()
        shoot(page, "phone-filters")
        # Nothing wider than the screen: no sideways scrolling for the longer words.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        context.close()
