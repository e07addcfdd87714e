"""Issue 13, items 14 and 16 in Chromium: a header that fits from 320 to 1920 px for every
role with every link reachable by keyboard; pages that print every event and no controls."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest

from calendar_app.domain.events import EventData
from calendar_app.events.service import create_event
from calendar_app.extensions import db
from tests.browser.test_editing import sign_in
from tests.helpers import make_user

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 768, 1280, 1920)
ROLES = ("anonymous", "viewer", "editor", "admin")
VIEWS = ["Month", "Week", "Agenda", "Plan", "Subscribe"]
LINKS = {
    "anonymous": [*VIEWS, "Sign in"],
    "viewer": [*VIEWS, "My account", "Sign out"],
    "editor": [
        *VIEWS,
        "New event",
        "Forces",
        "Locations",
        "Officials",
        "Conflicts",
        "Import",
        "Audit",
        "My account",
        "Sign out",
    ],
    "admin": [
        *VIEWS,
        *("New event", "Forces", "Locations", "Officials", "Conflicts", "Import", "Audit"),
        *("Users", "My account", "Sign out"),
    ],
}


@pytest.fixture
def demo(runner):
    runner.invoke(args=["seed-demo"])


@pytest.fixture
def visitor(browser, live_server, app, request):
    """A browser signed in with the role the test is parametrized with."""
    role = request.param
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    if role != "anonymous":
        make_user(app, role, role)
        sign_in(page, live_server, role)
    yield role, page
    context.close()


def pages_of(role: str) -> list[str]:
    pages = ["/calendar/2023/9", "/events/1"]
    if role in ("editor", "admin"):
        pages.append("/manage/audit")
    if role == "admin":
        pages.append("/manage/users")
    return pages


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - innerWidth")


@pytest.mark.parametrize("visitor", ROLES, indirect=True)
def test_the_header_fits_every_width_in_at_most_two_rows(visitor, live_server, demo):
    role, page = visitor
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in pages_of(role):
            page.goto(live_server + path)
            assert overflow(page) <= 0, (role, width, path)
            header = page.locator(".site-header").bounding_box()
            assert header["height"] < (125 if width <= 400 else 100), (role, width, path)
            # No header item covers another (the name used to run under "Month").
            boxes = [
                page.locator(selector).bounding_box()
                for selector in (".site-header > .brand", ".site-nav", ".user-nav")
            ]
            for n, first in enumerate(boxes):
                for second in boxes[n + 1 :]:
                    assert not _overlap(first, second), (role, width, path)


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 1
        and b["x"] < a["x"] + a["width"] - 1
        and a["y"] < b["y"] + b["height"] - 1
        and b["y"] < a["y"] + a["height"] - 1
    )


def _focused(page) -> dict:
    return page.evaluate(
        r"""() => {
          const el = document.activeElement;
          const box = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          return {
            tag: el.tagName, text: el.textContent.replace(/\s+/g, " ").trim(),
            inHeader: !!el.closest("header"),
            left: box.left, right: box.right, width: box.width, height: box.height,
            ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
                  || style.boxShadow !== "none",
          };
        }"""
    )


def tab_through_the_header(page) -> list[str]:
    """Every header item reached with Tab from the top of the page, opening the menu (Enter)
    on the way, as a keyboard user does; each must be on screen with a visible focus ring."""
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        item = _focused(page)
        if not item["inHeader"]:
            break
        width = page.evaluate("innerWidth")
        assert item["width"] > 0 and item["height"] > 0, item
        assert item["left"] >= 0 and item["right"] <= width + 0.5, item
        assert item["ring"], f"no visible focus on {item}"
        if item["tag"] == "SUMMARY":
            page.keyboard.press("Enter")
        else:
            reached.append(item["text"])
    return reached


@pytest.mark.parametrize("visitor", ROLES, indirect=True)
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_every_header_link_is_reachable_by_keyboard(visitor, live_server, width):
    role, page = visitor
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server + "/calendar/2023/9")
    page.keyboard.press("Tab")  # the skip link
    reached = tab_through_the_header(page)
    assert reached == ["CSTO Secretariat calendar", *LINKS[role]]


def test_the_menu_works_without_javascript_and_escape_closes_it(browser, live_server, app):
    make_user(app, "ada", "admin")
    for script in (False, True):
        context = browser.new_context(
            viewport={"width": 390, "height": 800}, java_script_enabled=script
        )
        page = context.new_page()
        try:
            sign_in(page, live_server, "ada")
            users = page.get_by_role("link", name="Users")
            assert not users.is_visible()
            page.locator(".site-header summary").click()
            assert users.is_visible()
            if script:
                page.keyboard.press("Escape")
                assert not users.is_visible()
                assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
            else:
                users.click()
                page.wait_for_url("**/manage/users")
        finally:
            context.close()


# ---- 16: printing ----


def pdf_text(page) -> str:
    """The words of the page as Chromium prints it (its PDF, read by poppler's pdftotext)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


CROWDED = [f"Consultation {n} on the collective security of the member states" for n in range(8)]


@pytest.fixture
def crowded_day(app):
    """Eight timed events on 10 November 2026 (the grid shows four and "+4 more"), and a
    week-long exercise whose title the bar cuts off."""
    with app.app_context():
        for n, title in enumerate(CROWDED):
            start = datetime(2026, 11, 10, 6 + n, tzinfo=UTC)
            create_event(
                EventData(
                    title=title,
                    kind="meeting",
                    start=start,
                    end=start + timedelta(hours=1),
                    timezone="Europe/Moscow",
                )
            )
        create_event(
            EventData(
                title=LONG_EXERCISE,
                kind="training",
                all_day=True,
                start=date(2026, 11, 16),
                end=date(2026, 11, 22),
                timezone="Europe/Minsk",
            )
        )
        db.session.commit()


LONG_EXERCISE = (
    "Joint command-staff exercise of the Collective Rapid Reaction Forces "
    "with the participation of the air defence units of all member states"
)
CONTROLS = ("Today", "Go", "Subscribe", "Filters", "Legend", "more on")


def test_the_month_prints_every_event_in_full_and_no_controls(page, live_server, crowded_day):
    page.goto(live_server + "/calendar/2026/11")
    assert page.locator(".month-grid .more", has_text="+4 more").is_visible()  # on screen
    text = pdf_text(page)
    assert "November 2026" in text
    for title in [*CROWDED, LONG_EXERCISE]:
        assert title in text, title
    for control in CONTROLS:
        assert control not in text, control
    assert not re.search(r"\+\d+ more", text)
    assert not page.locator(".month-grid .more").first.is_visible()


def test_the_event_page_prints_without_its_buttons(page, live_server, app, crowded_day):
    make_user(app, "ada", "admin")
    sign_in(page, live_server, "ada")
    page.goto(live_server + "/events/1")
    assert page.get_by_role("link", name="Duplicate").is_visible()
    text = pdf_text(page)
    assert CROWDED[0] in text and "10 November 2026" in text
    for control in (
        "Edit",
        "Duplicate",
        "Cancel event",
        "Delete",
        "Add to my calendar",
        "Sign out",
    ):
        assert control not in text, control


def test_the_week_prints_every_event_without_its_buttons(page, live_server, crowded_day):
    page.goto(live_server + "/calendar/2026/11/16/week")
    text = pdf_text(page)
    assert LONG_EXERCISE in text
    assert not page.get_by_role("link", name="November 2026", exact=True).is_visible()
    for control in ("Today", "Subscribe", "Filters"):
        assert control not in text, control


def test_the_agenda_and_day_print_without_controls(page, live_server, crowded_day):
    page.goto(live_server + "/calendar/2026/11/10")
    text = pdf_text(page)
    assert all(title in text for title in CROWDED)
    assert "Back to November 2026" not in text and "Today" not in text
