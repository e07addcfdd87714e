"""The device's zone offered (views.js) and the zone remembered across pages, in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def tokyo_page(browser):
    """A visitor whose computer is set to Tokyo time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def zone_note(page) -> str:
    return page.locator(".zone-note").inner_text()


def test_the_devices_zone_is_offered_and_then_remembered(tokyo_page, live_server):
    page = tokyo_page
    page.goto(live_server + "/calendar/2023/9")
    offer = page.locator(".zone-suggestion")
    assert offer.is_visible()
    assert "This device is set to Tokyo, Japan (UTC+9)." in offer.inner_text()
    page.get_by_role("link", name="Show times in Tokyo, Japan").click()
    page.wait_for_url("**/calendar/2023/9?tz=Asia%2FTokyo")
    assert zone_note(page) == "Times in Asia/Tokyo" and not offer.is_visible()
    # A bare address (a bookmark, the header's links from an event page) keeps Tokyo time.
    page.goto(live_server + "/agenda")
    assert zone_note(page) == "Times in Asia/Tokyo" and not offer.is_visible()


def test_keeping_the_calendars_zone_stops_the_offer(tokyo_page, live_server):
    page = tokyo_page
    page.goto(live_server + "/calendar/2023/9")
    page.get_by_role("link", name="Keep Europe/Moscow").click()
    page.wait_for_url("**/calendar/2023/9")
    assert zone_note(page) == "Times in Europe/Moscow"
    assert not page.locator(".zone-suggestion").is_visible()


def test_no_offer_when_the_device_already_shows_the_calendars_zone(browser, live_server):
    context = browser.new_context(timezone_id="Europe/Moscow")
    try:
        page = context.new_page()
        page.goto(live_server + "/calendar/2023/9")
        assert not page.locator(".zone-suggestion").is_visible()
    finally:
        context.close()


def test_the_picker_finds_a_place_as_its_name_is_typed(page, live_server):
    page.goto(live_server + "/calendar/2023/9")
    page.get_by_text("Filters & time zone").click()
    picker = page.get_by_label("Show times in")
    picker.focus()
    page.keyboard.type("Tokyo")
    assert picker.input_value() == "Asia/Tokyo"
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/calendar/2023/9?tz=Asia%2FTokyo")
    page.goto(live_server + "/calendar/2023/10")
    assert zone_note(page) == "Times in Asia/Tokyo"


@pytest.fixture
def russian_tokyo_page(browser):
    """A Russian visitor whose computer is set to Tokyo time."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo", locale="ru-RU"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_devices_zone_is_offered_in_russian(russian_tokyo_page, live_server):
    page = russian_tokyo_page
    page.goto(live_server + "/calendar/2023/9")
    offer = page.locator(".zone-suggestion")
    assert offer.is_visible()
    text = offer.inner_text()
    assert "На этом устройстве выбран часовой пояс: Токио, Япония (UTC+9)." in text
    assert "Оставить часовой пояс Москва" in text
    page.get_by_role("link", name="Показать время: Токио, Япония").click()
    page.wait_for_url("**/calendar/2023/9?tz=Asia%2FTokyo")
    assert zone_note(page) == "Время: Токио" and not offer.is_visible()
