"""A weekly staff meeting made, moved and split in Chromium, through the Repeats control
and an occurrence's scopes, as the secretariat would."""

import pytest

from tests.browser.test_editing import sign_in
from tests.helpers import make_reference_data, make_user

pytestmark = pytest.mark.browser

JUNE = "/calendar/2025/6"


def day_cell(page, label: str):
    """A day of the month grid, by the name its number carries ("Monday 16 June 2025")."""
    return page.locator(f'td.day:has(a.day-number:has-text("{label}")) .day-events')


def meetings_on(page, day: int, weekday: str) -> str:
    return day_cell(page, f"{weekday} {day} June 2025").inner_text()


def test_weekly_staff_meeting_made_moved_and_split_in_the_browser(page, live_server, app):
    make_reference_data(app)
    make_user(app, "erin", "editor")
    sign_in(page, live_server, "erin")

    page.goto(live_server + "/events/new")
    page.get_by_label("Title").fill("Weekly staff meeting")
    page.get_by_label("Kind").select_option("meeting")
    page.get_by_label("Starts").fill("2025-06-02")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("11:00")
    page.get_by_label("Time zone", exact=True).fill("Europe/Moscow")
    repeats = page.locator("#repeats")
    # Only the list shows until a repeat is chosen (without JavaScript: every part).
    assert not page.locator("#field-repeat_weekdays").is_visible()
    repeats.select_option("weekly")
    weekdays = page.locator("#field-repeat_weekdays")
    assert weekdays.is_visible() and not page.locator("#field-repeat_interval").is_visible()
    assert weekdays.get_by_label("Monday").is_checked()  # from the start date
    assert not weekdays.get_by_label("Tuesday").is_checked()
    assert not page.locator("#field-repeat_count").is_visible()
    page.locator("#repeats").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/series-ui-form.png", full_page=True)
    page.get_by_role("button", name="Create event").click()
    page.get_by_text("Event “Weekly staff meeting” created.").wait_for()
    assert page.get_by_text("Repeats: Weekly on Monday").is_visible()

    page.goto(live_server + JUNE)
    for day in (2, 9, 16, 23, 30):
        assert "Weekly staff meeting" in meetings_on(page, day, "Monday")
    assert "Weekly staff meeting" not in meetings_on(page, 17, "Tuesday")

    # Move the 16 June meeting to Tuesday: this occurrence only.
    day_cell(page, "Monday 16 June 2025").get_by_role("link").first.click()
    page.get_by_text("Part of a series:").wait_for()
    page.screenshot(path="/tmp/series-ui-occurrence.png", full_page=True)
    page.get_by_role("link", name="Edit…").click()
    assert page.get_by_label("This occurrence", exact=True).is_checked()
    page.get_by_role("button", name="Continue").click()
    assert not page.locator("#repeats").count()  # one occurrence has no rule of its own
    page.get_by_label("Starts").fill("2025-06-17")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("This occurrence of “Weekly staff meeting” saved.").wait_for()

    page.goto(live_server + JUNE)
    assert "Weekly staff meeting" in meetings_on(page, 17, "Tuesday")
    assert "Weekly staff meeting" not in meetings_on(page, 16, "Monday")
    for day in (2, 9, 23, 30):
        assert "Weekly staff meeting" in meetings_on(page, day, "Monday")

    # From 23 June on, it starts at 11:00: this and following.
    day_cell(page, "Monday 23 June 2025").get_by_role("link").first.click()
    page.get_by_role("link", name="this and following").click()
    assert page.locator("#repeats").input_value() == "weekly"
    page.get_by_label("Start time").fill("11:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("saved.").first.wait_for()
    assert page.get_by_text("Repeats: Weekly on Monday").is_visible()

    page.goto(live_server + JUNE)
    for day in (2, 9):
        assert "10:00" in meetings_on(page, day, "Monday")
    assert "10:00" in meetings_on(page, 17, "Tuesday")
    for day in (23, 30):
        assert "11:00" in meetings_on(page, day, "Monday")
        assert "10:00" not in meetings_on(page, day, "Monday")
    # The first part of the series now ends before the split.
    day_cell(page, "Monday 9 June 2025").get_by_role("link").first.click()
    assert page.get_by_text("Part of a series: Weekly on Monday, until 16 June 2025").is_visible()
    page.get_by_role("link", name="Weekly on Monday, until 16 June 2025").click()
    changed = page.locator(".series-lists").inner_text()
    assert "16 Jun 2025 10:00 moved to 17 Jun 2025 10:00" in changed
    page.screenshot(path="/tmp/series-ui-series.png", full_page=True)
