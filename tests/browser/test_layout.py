"""Layout in Chromium: long words, the forces checkboxes, month chips, tab order, phone header."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events.service import create_event
from calendar_app.extensions import db
from tests.browser.test_editing import sign_in
from tests.helpers import make_reference_data, make_user

pytestmark = pytest.mark.browser

LONG_TITLE = "X" * 300


@pytest.fixture
def demo(runner):
    runner.invoke(args=["seed-demo"])


@pytest.fixture
def long_event(app):
    with app.app_context():
        event = create_event(
            EventData(
                title=LONG_TITLE,
                kind="meeting",
                start=datetime(2026, 11, 10, 9, tzinfo=UTC),
                end=datetime(2026, 11, 10, 10, tzinfo=UTC),
                timezone="Europe/Moscow",
                description="Y" * 300,
            )
        )
        db.session.commit()
        return event.id


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - innerWidth")


@pytest.mark.parametrize("width", [390, 820, 1366])
def test_a_300_character_title_does_not_widen_any_page(browser, live_server, long_event, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for path in (
            f"/events/{long_event}",
            "/calendar/2026/11",
            "/calendar/2026/11/10",
            "/agenda?from=2026-11-01",
        ):
            page.goto(live_server + path)
            assert overflow(page) <= 0, (path, width)
    finally:
        context.close()


def test_forces_checkboxes_sit_beside_their_labels(page, live_server, app):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")
    page.goto(live_server + "/events/new")
    boxes = page.locator('input[name="force_ids"]')
    assert boxes.count() >= 2
    for index in range(boxes.count()):
        box = boxes.nth(index)
        label = page.locator(f'label[for="{box.get_attribute("id")}"]')
        b, lab = box.bounding_box(), label.bounding_box()
        assert b["width"] < 30, "a checkbox is stretched across the row"
        assert 0 <= lab["x"] - (b["x"] + b["width"]) < 16, "the label is not next to its box"
        assert abs((b["y"] + b["height"] / 2) - (lab["y"] + lab["height"] / 2)) < 12
        assert lab["width"] > 80, "the label is squeezed into a narrow column"


def test_month_chip_shows_most_of_a_timed_title(page, live_server, demo):
    page.goto(live_server + "/calendar/2026/11")
    chip = page.locator(".month-grid .seg .line .title", has_text="Meeting of the CSTO").first
    visible_fraction = chip.evaluate("t => t.clientWidth / t.scrollWidth")
    # At 1366 px the title gets the cell; the start time gives way when the cell is narrow.
    assert chip.bounding_box()["width"] > 100
    assert visible_fraction > 0.35


def test_subscribe_link_is_visible_at_every_width(browser, live_server, demo):
    for width in (390, 820, 1366):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server + "/calendar/2026/11?kind=meeting")
        link = page.get_by_role("link", name="Subscribe to this view")
        assert link.is_visible(), width
        assert "kind=meeting" in link.get_attribute("href")
        context.close()


def test_filters_come_before_the_day_links_in_tab_order(page, live_server, demo):
    page.goto(live_server + "/calendar/2026/11")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("the filters are not among the first dozen tab stops")
    # ...and on a wide screen they still sit to the right of the grid.
    filters = page.locator("details.filters").bounding_box()
    grid = page.locator("table.month-grid").bounding_box()
    assert filters["x"] > grid["x"] + grid["width"]


@pytest.fixture
def narrow_page(browser):
    """390 px wide without mobile emulation, so overflow widens scrollWidth, not the viewport."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_phone_header_of_a_signed_in_editor_takes_two_rows(narrow_page, live_server, app):
    """The name and the account menu, then the views; the staff pages in the menu."""
    phone_page = narrow_page
    make_user(app, "erin", "editor")
    sign_in(phone_page, live_server, "erin")
    phone_page.goto(live_server + "/calendar/2026/11")

    def box(selector):
        return phone_page.locator(selector).bounding_box()

    brand, nav, user = box(".site-header > .brand"), box(".site-nav"), box(".user-nav")
    assert user["y"] < brand["y"] + brand["height"] and brand["y"] < user["y"] + user["height"]
    assert nav["y"] >= max(brand["y"] + brand["height"], user["y"] + user["height"]) - 2
    assert box(".site-header")["height"] < 120  # two rows, not three or four
    assert overflow(phone_page) <= 0
    phone_page.locator(".site-header summary").click()
    assert phone_page.get_by_role("button", name="Sign out").is_visible()
    phone_page.goto(live_server + "/events/new")
    assert overflow(phone_page) <= 0
