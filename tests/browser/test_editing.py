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
    assert page.get_by_text("01 September 2023 – 06 September 2023").is_visible()

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Participants").fill("Contingents of six member states")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Event “Interaction-2023” saved.").wait_for()

    page.get_by_role("button", name="Cancel event").click()
    page.get_by_text("This event is cancelled").wait_for()
    history = page.locator(".history").inner_text()
    assert "erin cancelled" in history and "erin edited" in history
    assert "erin created" in history


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
