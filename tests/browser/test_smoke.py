import pytest

pytestmark = pytest.mark.browser


def test_home_page_opens_the_demo_month_in_chromium(page, live_server, runner):
    runner.invoke(args=["seed-demo"])
    page.goto(live_server + "/calendar/2023/9")
    assert page.title().startswith("September 2023")
    assert page.get_by_text("Interaction-2023").first.is_visible()
