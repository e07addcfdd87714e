"""In Chromium: a location missing from the list is added from the event form itself,
with JavaScript (the list opens the fieldset) and without (the fieldset opens by hand);
a time in a fall-back's repeated hour is answered by choosing one of its two instants."""

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event
from tests.helpers import make_reference_data, make_user

from .test_editing import sign_in

pytestmark = pytest.mark.browser


def fill_the_exercise(page) -> None:
    page.get_by_label("Title").fill("Interaction-2024")
    page.get_by_label("Kind").select_option("training")
    page.get_by_label("All day").check()
    page.get_by_label("Starts").fill("2024-09-02")
    page.get_by_label("Ends").fill("2024-09-06")


def fill_the_new_location(page) -> None:
    page.get_by_label("Venue").fill("Ministry of Defence of the Republic of Kazakhstan")
    page.get_by_label("City").fill("Astana")
    page.get_by_label("Country").select_option("KZ")
    page.get_by_label("Zone", exact=True).fill("Asia/Almaty")


def test_a_new_location_is_added_from_the_event_form(page, live_server, app):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")
    page.goto(live_server + "/events/new")
    fill_the_exercise(page)
    assert not page.get_by_label("Venue").is_visible()  # closed until asked for
    page.get_by_label("Location").select_option("new")
    assert page.evaluate("document.activeElement.id") == "new_location-name"
    fill_the_new_location(page)
    page.get_by_role("button", name="Create event").click()
    page.get_by_text("Event “Interaction-2024” created.").wait_for()
    location = "Ministry of Defence of the Republic of Kazakhstan, Astana, Kazakhstan"
    assert page.get_by_text(location).first.is_visible()
    with app.app_context():
        assert db.session.scalar(select(Event.timezone)) == "Asia/Almaty"  # the location's


def test_without_javascript_the_fieldset_opens_by_hand_and_keeps_the_input(
    browser, live_server, app
):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, "erin")
        page.goto(live_server + "/events/new")
        fill_the_exercise(page)
        page.get_by_text("Add a location").click()
        fill_the_new_location(page)
        page.get_by_label("Zone", exact=True).fill("Asia/Atlantis")  # refused: the input stays
        page.get_by_role("button", name="Create event").click()
        assert "Unknown time zone" in page.locator("#new_location-timezone-error").inner_text()
        assert page.get_by_label("Title").input_value() == "Interaction-2024"
        assert page.get_by_label("City").input_value() == "Astana"  # shown open again
        page.get_by_label("Zone", exact=True).fill("Asia/Almaty")
        page.get_by_role("button", name="Create event").click()
        page.get_by_text("Event “Interaction-2024” created.").wait_for()
    finally:
        context.close()


def test_a_repeated_hour_is_answered_by_choosing_its_offset(page, live_server, app):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")
    page.goto(live_server + "/events/new")
    page.get_by_label("Title").fill("Night call with New York")
    page.get_by_label("Starts").fill("2024-11-03")
    page.get_by_label("Start time").fill("01:30")
    page.get_by_label("End time").fill("03:00")
    page.get_by_label("Time zone", exact=True).fill("America/New_York")
    page.get_by_role("button", name="Create event").click()
    assert "happens twice" in page.locator("#start_time-error").inner_text()
    page.get_by_label("01:30 EST (UTC−05:00)").check()
    page.get_by_role("button", name="Create event").click()
    page.get_by_text("Event “Night call with New York” created.").wait_for()
