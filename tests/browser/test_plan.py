"""The year plan in Chromium: a bar in its force's row inside its month's columns, the
phone's list within 390 px, and a move after approval marked as moved."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event
from tests.browser.test_editing import sign_in
from tests.helpers import exercise_data, make_reference_data, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(runner):
    runner.invoke(args=["seed-demo"])


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None
    return found


def test_interaction_2023_is_a_bar_in_the_crrf_row_inside_september(page, live_server, demo):
    page.goto(live_server + "/plan/2023")
    row = page.locator("tbody.plan-row").filter(
        has=page.get_by_role("rowheader", name="Collective Rapid Reaction Forces")
    )
    bar = row.get_by_role("link", name="Interaction-2023")
    bar.wait_for()
    september = page.get_by_role("columnheader", name="September", exact=True)
    october = page.get_by_role("columnheader", name="October", exact=True)
    bar_box, sep_box = box(bar), box(september)
    assert sep_box["x"] - 2 <= bar_box["x"] <= sep_box["x"] + 4
    assert bar_box["x"] + bar_box["width"] <= box(october)["x"] + 2
    assert bar_box["width"] > 0.8 * sep_box["width"]
    # the row is the CRRF's: the bar is level with its row header
    header = box(row.get_by_role("rowheader"))
    assert header["y"] - 1 <= bar_box["y"] <= header["y"] + header["height"]
    bar.focus()  # keyboard-focusable, its full text read out
    assert page.evaluate("document.activeElement.textContent").count("Interaction-2023") == 1
    assert "training, planned, 1 – 30 September 2023" in bar.text_content()
    page.screenshot(path="/tmp/plan-desktop.png", full_page=True)


def test_the_phone_plan_is_a_list_by_month_within_390_px(phone_page, live_server, demo):
    phone_page.goto(live_server + "/plan/2023")
    phone_page.get_by_role("heading", name="September 2023").wait_for()
    assert not phone_page.locator(".plan-grid").is_visible()
    assert phone_page.get_by_role("heading", name="Collective Rapid Reaction Forces").is_visible()
    assert phone_page.get_by_role("link", name="Interaction-2023").first.is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone_page.screenshot(path="/tmp/plan-phone.png", full_page=True)


def test_an_exercise_moved_after_approval_shows_as_moved(page, live_server, app):
    ids = make_reference_data(app)
    make_user(app, "ada", "admin")
    with app.app_context():
        event = service.create_event(
            exercise_data("Search-2023", date(2023, 9, 4), force_ids=[ids["crrf"]])
        )
        db.session.commit()
        event_id = event.id
    sign_in(page, live_server, "ada")
    page.goto(live_server + "/plan/2023")
    page.get_by_text("Mark this plan approved").click()
    page.get_by_label("Decision (reference)").fill("Decision No. 12")
    page.get_by_role("button", name="Approve the 2023 plan").click()
    page.get_by_text("Approved on").first.wait_for()
    assert page.locator(".plan-bar.mark-moved").count() == 0
    with app.app_context():
        event = db.session.get(Event, event_id)
        moved = EventData.from_event(event, start=date(2023, 9, 18), end=date(2023, 9, 20))
        service.update_event(event, moved)
        db.session.commit()
    page.reload()
    bar = page.get_by_role("link", name="Search-2023").first
    assert "moved since approval" in bar.text_content()
    assert "mark-moved" in bar.get_attribute("class")
    page.screenshot(path="/tmp/plan-moved.png", full_page=True)
    page.get_by_role("link", name="Changes since approval").click()
    assert page.get_by_role("cell", name="18 September 2023").first.is_visible()


def test_the_russian_plan_in_chromium_uses_the_shipped_noto_sans(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    context.add_cookies([{"name": "lang", "value": "ru", "url": live_server}])
    page = context.new_page()
    try:
        page.goto(live_server + "/plan/2023")
        september = page.get_by_role("columnheader", name="Сентябрь", exact=True)
        september.wait_for()
        bar = page.locator("tbody.plan-row").get_by_role("link", name="Взаимодействие-2023")
        assert "учения, запланировано, 1 – 30 сентября 2023 г." in bar.text_content()
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        )
        assert any("Noto Sans" in family for family in loaded)
        assert page.locator(".plan-legend .plan-icon").first.is_visible()  # a drawn mark
    finally:
        context.close()
