"""WCAG 2.1 AA in a real Chromium: axe-core finds no serious or critical violation.

axe-core is the npm package in tests/js (installed by `make test` through npm ci);
it is injected into each page after it loads and run there. Every page is checked
with the demo data, as the anonymous viewer, the editor or the admin who sees it.

The same walk in Russian also checks that the page shows no English UI word
(tests/i18n_check.py) and photographs it (CALENDAR_SHOTS, default /tmp/shots/a11y-ru-*.png)
for a person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import PASSWORD, make_user
from tests.i18n_check import english_words

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"

# The interface languages checked: every check below runs for each (the browser asks
# for the language through its locale and Accept-Language).
LANGS = ["en", "ru"]

FAILING_IMPACTS = ("serious", "critical")

# WCAG 2.0/2.1 A and AA rules, plus label-in-name (2.5.3), which axe marks
# experimental and so leaves out unless asked for.
AXE_RUN = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        rules: {"label-content-name-mismatch": {enabled: true}},
        resultTypes: ["violations"],
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""

ANONYMOUS_PAGES = [
    "/calendar/2023/9",
    "/",  # this month: the demo's "illustrative" events, a cancelled one among them
    "/calendar/2023/9/4/week",
    "/week",
    "/calendar/2023/9/1",
    "/agenda",
    "/agenda?q=2023",
    "/subscribe",
    "/login",
    "/calendar/2023/13",  # 404
    "/no/such/page",  # 404
    "/agenda?page=x",  # 400
    "/plan/2023",  # the demo's approved plan, one exercise moved since
    "/plan/2023/changes",
]
EDITOR_PAGES = [
    "/account",
    "/events/new",
    "/import",
    "/agenda?from=2023-09-01",
    "/conflicts?from=2023-09-01&to=2023-10-01",
]
ADMIN_PAGES = [
    "/manage/forces",
    "/manage/forces/new",
    "/manage/locations",
    "/manage/locations/new",
    "/manage/officials",
    "/manage/officials/new",
    "/manage/users",
    "/manage/users/new",
    "/manage/audit",
]


@pytest.fixture(params=LANGS)
def lang(request):
    return request.param


@pytest.fixture
def lang_page(browser, lang):
    """A fresh desktop-sized context whose browser asks for `lang`."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 900},
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
        bypass_csp=True,  # the app's CSP (script-src 'self') would refuse the injected axe
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.skip(f"axe-core not installed ({AXE} missing): run `npm ci --prefix tests/js`")


def sign_in(page, live_server, username: str) -> None:
    page.goto(live_server + "/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


SHOTS = Path(os.environ.get("CALENDAR_SHOTS", "/tmp/shots"))
# Latin words a Russian page may show: the test users' names (data) and the iCalendar
# property names the import page explains (protocol tokens, not English).
NOT_ENGLISH = {"erin", "ada", "SEQUENCE", "LAST-MODIFIED", "RDATE", "CLASS", "PUBLIC",
               "PRIVATE", "CONFIDENTIAL"}  # fmt: skip


def violations(page) -> list[dict]:
    """axe-core's serious and critical findings; on a Russian page also the English UI
    words it shows (as one finding), after a full-page screenshot."""
    page.add_script_tag(path=str(AXE))
    found = [v for v in page.evaluate(AXE_RUN) if v["impact"] in FAILING_IMPACTS]
    if page.locator("html").get_attribute("lang") == "ru":
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", page.url.split("/", 3)[-1].lower()).strip("-")
        page.screenshot(path=str(SHOTS / f"a11y-ru-{name or 'home'}.png"), full_page=True)
        if words := english_words(page.content(), "ru", NOT_ENGLISH):
            found.append({"id": "english-on-a-russian-page", "impact": "serious",
                          "help": ", ".join(words[:30]), "nodes": []})  # fmt: skip
    return found


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, items in found.items():
        for item in items:
            lines.append(f"{where}: {item['id']} ({item['impact']}) {item['help']}")
            for node in item["nodes"][:8]:
                summary = " ".join(node["summary"].split())[:300]
                lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def check(page, base: str, paths: list[str]) -> dict[str, list[dict]]:
    found = {}
    for path in paths:
        page.goto(base + path)
        if items := violations(page):
            found[path] = items
    return found


def event_paths(app, *titles: str) -> list[str]:
    from calendar_app.models import Event, db

    with app.app_context():
        # The series' masters, not their overrides (which share the series' title).
        events = db.session.scalars(
            db.select(Event).where(Event.title.in_(titles), Event.recurrence_id.is_(None))
        ).all()
        assert len(events) == len(titles)
        return [f"/events/{event.id}" for event in events]


CHECKED_EVENTS = (
    "Interaction-2023",
    "Working visit to the Lyaur training ground (postponed)",  # cancelled
    "Internal: drafting the next joint training plan",  # internal: signed in only
)


def assert_none(found: dict[str, list[dict]]) -> None:
    assert not found, "axe-core violations (serious/critical):\n" + report(found)


def test_public_pages_have_no_serious_violations(lang_page, live_server, app, demo, axe):
    paths = ANONYMOUS_PAGES + event_paths(app, *CHECKED_EVENTS[:2])
    assert_none(check(lang_page, live_server, paths))


def test_editor_pages_have_no_serious_violations(lang_page, live_server, app, demo, axe):
    make_user(app, "erin", "editor")
    sign_in(lang_page, live_server, "erin")
    events = event_paths(app, *CHECKED_EVENTS)
    paths = [*EDITOR_PAGES, "/calendar/2023/9", "/week", *events, events[0] + "/edit"]
    found = check(lang_page, live_server, paths)

    # The event form sent empty: the error summary and the messages by the fields.
    lang_page.goto(live_server + "/events/new")
    lang_page.locator("form.event-form [type=submit]").first.click()
    lang_page.locator(".error-summary").wait_for()
    if items := violations(lang_page):
        found["/events/new (validation errors)"] = items
    assert_none(found)


SERIES = "Weekly staff meeting of the Secretariat"

# An Outlook-shaped file with a series, an exception and a bad event: the preview shows
# the rule in words, warnings and the reasons for what it skips.
PREVIEW_ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//a11y//EN\r
BEGIN:VEVENT\r
UID:a11y-series@example.org\r
DTSTAMP:20230801T000000Z\r
DTSTART;TZID=Europe/Moscow:20230904T100000\r
DTEND;TZID=Europe/Moscow:20230904T110000\r
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=8\r
SUMMARY:Imported weekly meeting\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:a11y-single@example.org\r
DTSTAMP:20230801T000000Z\r
DTSTART;VALUE=DATE:20230911\r
DTEND;VALUE=DATE:20230916\r
SUMMARY:Imported exercise\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:a11y-bad@example.org\r
DTSTAMP:20230801T000000Z\r
DTSTART:20230920T100000Z\r
DTEND:20230919T100000Z\r
SUMMARY:Ends before it starts\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_series_pages_and_the_import_preview_have_no_serious_violations(
    lang_page, live_server, app, demo, axe, tmp_path
):
    make_user(app, "erin", "editor")
    sign_in(lang_page, live_server, "erin")
    (series,) = event_paths(app, SERIES)
    found = check(lang_page, live_server, [series])
    # An occurrence's own page and its edit page, reached by the series page's link.
    lang_page.goto(live_server + series)
    occurrence = lang_page.locator(f"a[href^='{series}/2']").first.get_attribute("href")
    found.update(check(lang_page, live_server, [occurrence, occurrence + "/edit"]))

    upload = tmp_path / "preview.ics"
    upload.write_text(PREVIEW_ICS, encoding="utf-8")
    lang_page.goto(live_server + "/import")
    lang_page.locator("input[type=file]").set_input_files(str(upload))
    lang_page.locator("form.event-form [type=submit]").first.click()
    lang_page.locator("input[name=fingerprint]").first.wait_for(state="attached")
    if items := violations(lang_page):
        found["/import (preview)"] = items
    assert_none(found)


def test_admin_pages_have_no_serious_violations(lang_page, live_server, app, demo, axe):
    make_user(app, "ada", "admin")
    sign_in(lang_page, live_server, "ada")
    found = check(lang_page, live_server, ADMIN_PAGES)
    # The users list links each user's edit page; check the first one as well.
    lang_page.goto(live_server + "/manage/users")
    lang_page.locator("a[href*='/manage/users/'][href$='/edit']").first.click()
    lang_page.wait_for_load_state()
    if items := violations(lang_page):
        found["/manage/users/<id>/edit"] = items
    assert_none(found)
