"""An editor adds, edits and cancels the seed's Interaction-2023 exercise in Chromium."""

import pytest

from tests.helpers import PASSWORD, make_reference_data, make_user

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {username}.").wait_for()


def test_editor_adds_edits_and_cancels_interaction_2023(page, live_server, app):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")

    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title").fill("Interaction-2023")
    page.get_by_label("Kind").select_option("training")
    page.get_by_label("All day").check()
    assert not page.get_by_label("Start time").is_visible()  # JS hides the clock inputs
    page.get_by_label("Starts").fill("2023-09-01")
    page.get_by_label("Ends").fill("2023-09-06")
    page.get_by_label("Location").select_option(
        label="Training grounds of the Republic of Belarus, Belarus"
    )
    assert page.get_by_label("Time zone").input_value() == "Europe/Minsk"
    page.get_by_label("Collective Rapid Reaction Forces").check()
    page.get_by_role("button", name="Create event").click()

    page.get_by_text("Event “Interaction-2023” created.").wait_for()
    assert page.get_by_role("heading", name="Interaction-2023").is_visible()
    assert page.get_by_text("1 – 6 September 2023, all day").is_visible()

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Participants").fill("Contingents of six member states")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Event “Interaction-2023” saved.").wait_for()

    page.get_by_role("link", name="Cancel event…").click()  # asks first
    page.get_by_label("Reason (optional)").fill("Postponed to October")
    page.get_by_role("button", name="Cancel event").click()
    page.get_by_text("This event is cancelled").wait_for()
    assert page.get_by_text("Reason: Postponed to October").is_visible()
    history = page.locator(".history").inner_text()
    assert "erin cancelled" in history and "erin edited" in history
    assert "erin created" in history

    page.get_by_role("button", name="Reinstate").click()
    page.get_by_text("Event “Interaction-2023” reinstated").wait_for()
    assert not page.get_by_text("This event is cancelled").is_visible()


def test_validation_errors_show_next_to_the_fields_in_the_browser(page, live_server, app):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")
    page.goto(live_server + "/events/new")
    page.get_by_label("Title").fill("Late session")
    page.get_by_label("Starts").fill("2024-03-31")
    page.get_by_label("Start time").fill("02:30")
    page.get_by_label("End time").fill("04:00")
    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_role("button", name="Create event").click()
    assert "does not exist in Europe/Berlin" in page.locator("#start_time-error").inner_text()
    assert page.get_by_label("Title").input_value() == "Late session"
    # The summary takes focus and links each bad field.
    summary = page.locator(".error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    summary.get_by_role("link", name="Start time").click()
    assert page.evaluate("document.activeElement.id") == "start_time"


def test_an_expired_form_keeps_what_was_typed_and_saves_on_the_second_try(page, live_server, app):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")
    page.goto(live_server + "/events/new?date=2024-07-19")
    assert page.get_by_label("Starts").input_value() == "2024-07-19"
    page.get_by_label("Title").fill("UN Security Council debate")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Time zone").fill("America/New_York")
    page.get_by_label("Description").fill("Webcast: https://webtv.un.org/ (live)")
    # As if the session that signed the token had ended meanwhile.
    page.locator("form.event-form input[name=csrf_token]").evaluate(
        "input => { input.value = 'stale'; }"
    )
    page.get_by_role("button", name="Create event").click()
    page.get_by_text("so nothing was saved. Your input is kept below").wait_for()
    assert page.get_by_label("Title").input_value() == "UN Security Council debate"
    assert page.get_by_label("Start time").input_value() == "10:00"
    page.get_by_role("button", name="Create event").click()
    page.get_by_text("Event “UN Security Council debate” created.").wait_for()
    # No end time: an hour long; shown in the display zone with the local time beside it.
    assert page.get_by_text("19 July 2024, 17:00 – 18:00").is_visible()
    assert page.get_by_text("19 July 2024, 10:00 – 11:00 America/New York time").is_visible()
    link = page.get_by_role("link", name="https://webtv.un.org/")
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"

    page.get_by_role("link", name="Duplicate").click()
    assert page.get_by_label("Title").input_value() == "UN Security Council debate"
    assert page.get_by_label("End time").input_value() == "11:00"
