"""Issue 13, item 17: every zone to choose from, grouped by region; the choice (and the
filters) remembered in a cookie across pages, a ?tz= in a URL still winning; and the page
cache never serving one visitor's zone to another."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from calendar_app.domain.events import EventData
from calendar_app.domain.zone_picker import offset_text, place_name, zones_by_region
from calendar_app.events.service import create_event
from calendar_app.extensions import db
from calendar_app.models import Force
from calendar_app.schedule.preferences import COOKIE

MONTH = "/calendar/2023/9"


@pytest.fixture
def late_call(app) -> int:
    """22:30 UTC on 11 September 2023: 07:30 on the 12th in Tokyo, 18:30 on the 11th in
    New York, 01:30 on the 12th in Moscow (the default)."""
    with app.app_context():
        event = create_event(
            EventData(
                title="Late call",
                kind="meeting",
                start=datetime(2023, 9, 11, 22, 30, tzinfo=UTC),
                end=datetime(2023, 9, 11, 23, 30, tzinfo=UTC),
                timezone="Europe/Moscow",
            )
        )
        db.session.commit()
        return event.id


def choose(client, view: str = MONTH, **args):
    """Submit the filter form of `view` (it goes through /calendar/view)."""
    return client.get("/calendar/view", query_string={"next": view, **args})


def shown_zone(html: str) -> str:
    return re.search(r'<span class="zone-note">Times in ([^<]+)</span>', html).group(1)


def late_call_time(html: str) -> str:
    return re.search(r'<span class="time">(\d\d:\d\d)</span> <span class="title">Late call', html)[
        1
    ]


# ---- the choice ----


def test_every_zone_is_offered_by_region_with_its_place_and_offset():
    regions = dict(zones_by_region(datetime(2026, 1, 15, tzinfo=UTC)))
    assert {"Africa", "Americas", "Asia", "Australia", "Europe", "Pacific Ocean"} <= set(regions)
    assert sum(len(zones) for zones in regions.values()) > 400
    assert ("Asia/Tokyo", "Tokyo, Japan (UTC+9)") in regions["Asia"]
    # Places whose clocks are now another zone's are offered by their own name.
    assert ("Europe/Stockholm", "Stockholm, Sweden (UTC+1)") in regions["Europe"]
    assert ("America/St_Johns", "St Johns, Canada (UTC\u22123:30)") in regions["Americas"]
    assert place_name("America/Argentina/Buenos_Aires") == "Buenos Aires, Argentina"
    assert offset_text(datetime(2026, 1, 15, tzinfo=UTC)) == "UTC"


def test_the_month_page_offers_every_zone_in_optgroups_and_marks_the_one_shown(client):
    html = client.get(MONTH + "?tz=Asia/Tokyo").get_data(as_text=True)
    picker = re.search(r'<select name="tz" id="zone-select">(.*?)</select>', html, re.S)[1]
    groups = re.findall(r'<optgroup label="([^"]+)">', picker)
    assert groups[0] == "Suggested" and {"Africa", "Americas", "Asia", "Europe"} <= set(groups)
    assert picker.count("<option") > 400
    assert re.search(
        r'<option value="Asia/Tokyo" selected>Tokyo, Japan \(UTC\+9\)</option>', picker
    )
    assert picker.count(" selected") == 1
    assert '<option value="UTC"' in picker and 'value="Europe/Stockholm"' in picker


def test_the_filter_form_remembers_the_zone_and_filters_and_shows_them_in_the_address(
    client, late_call
):
    response = choose(client, tz="Asia/Tokyo", kind="meeting")
    assert response.status_code == 302
    assert response.headers["Location"] == MONTH + "?kind=meeting&tz=Asia%2FTokyo"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # A bare address (a bookmark, the header's links) shows the remembered view.
    bare = client.get(MONTH).get_data(as_text=True)
    assert shown_zone(bare) == "Asia/Tokyo" and late_call_time(bare) == "07:30"
    assert "Showing only" in bare and "meeting" in bare
    assert shown_zone(client.get("/calendar/2023/9/12").get_data(as_text=True)) == "Asia/Tokyo"
    assert shown_zone(client.get("/agenda?from=2023-09-01").get_data(as_text=True)) == "Asia/Tokyo"


def test_the_zone_is_not_dropped_when_an_event_is_opened(client, late_call):
    choose(client, tz="America/New_York")
    event_page = client.get(f"/events/{late_call}").get_data(as_text=True)
    assert "11 September 2023, 18:30 – 19:30" in event_page
    assert "America/New York time" in event_page
    # The header's "Month" link has no arguments; the month still comes in New York time.
    home = client.get("/")
    assert shown_zone(client.get(home.headers["Location"]).get_data(as_text=True)) == (
        "America/New York"
    )


def test_a_zone_in_the_url_wins_over_the_cookie_without_changing_it(client, late_call):
    choose(client, tz="Asia/Tokyo")
    shared = client.get(MONTH + "?tz=America/New_York")
    assert "Set-Cookie" not in shared.headers
    assert late_call_time(shared.get_data(as_text=True)) == "18:30"
    assert shown_zone(client.get(MONTH).get_data(as_text=True)) == "Asia/Tokyo"
    page = client.get(f"/events/{late_call}?tz=UTC").get_data(as_text=True)
    assert "11 September 2023, 22:30 – 23:30" in page


def test_filters_in_the_url_win_over_the_remembered_ones(client, late_call):
    choose(client, kind="training")
    assert "Late call" not in client.get(MONTH).get_data(as_text=True)
    assert "Late call" in client.get(MONTH + "?kind=meeting").get_data(as_text=True)


def test_reset_forgets_and_clear_filters_keeps_the_zone(client, late_call):
    choose(client, tz="Asia/Tokyo", kind="training")
    html = client.get(MONTH).get_data(as_text=True)
    clear = unescape(re.search(r'<a href="([^"]+)">Clear filters</a>', html)[1])
    assert parse_qs(urlsplit(clear).query) == {"next": [MONTH], "tz": ["Asia/Tokyo"]}
    client.get(clear)
    after = client.get(MONTH).get_data(as_text=True)
    assert "Late call" in after and shown_zone(after) == "Asia/Tokyo"
    reset = unescape(
        re.search(r'<a class="button button-compact" href="([^"]+)">Reset</a>', html)[1]
    )
    assert "Max-Age=0" in client.get(reset).headers["Set-Cookie"]
    assert shown_zone(client.get(MONTH).get_data(as_text=True)) == "Europe/Moscow"


def test_the_browsers_old_zone_names_are_taken_and_bad_ones_refused(client):
    # Some browsers still say Asia/Calcutta for India.
    assert choose(client, tz="Asia/Calcutta").headers["Location"] == MONTH + "?tz=Asia%2FKolkata"
    assert choose(client, tz="Mars/Olympus").status_code == 400
    assert choose(client, kind="party").status_code == 400
    assert choose(client, view="https://evil.example/", tz="UTC").headers["Location"] == "/?tz=UTC"


def test_a_remembered_filter_that_no_longer_makes_sense_is_dropped(client, app, late_call):
    with app.app_context():
        db.session.add(Force(slug="gone", name="Disbanded force"))
        db.session.commit()
    choose(client, force="gone", tz="Asia/Tokyo")
    with app.app_context():
        db.session.execute(db.delete(Force).where(Force.slug == "gone"))
        db.session.commit()
    response = client.get(MONTH)
    assert response.status_code == 200 and "Late call" in response.get_data(as_text=True)
    assert shown_zone(response.get_data(as_text=True)) == "Asia/Tokyo"


# ---- the page cache ----


def test_two_visitors_with_different_zones_never_get_each_others_page(app, late_call):
    app.extensions["page_cache"].clear()
    tokyo, new_york, plain = app.test_client(), app.test_client(), app.test_client()
    choose(tokyo, tz="Asia/Tokyo")
    choose(new_york, tz="America/New_York")
    for _ in range(2):  # the second round comes from the cache
        pages = {name: c.get(MONTH) for name, c in (("t", tokyo), ("n", new_york), ("p", plain))}
        assert late_call_time(pages["t"].get_data(as_text=True)) == "07:30"
        assert late_call_time(pages["n"].get_data(as_text=True)) == "18:30"
        assert late_call_time(pages["p"].get_data(as_text=True)) == "01:30"
        assert len({page.headers["ETag"] for page in pages.values()}) == 3
        assert all("Cookie" in page.headers["Vary"] for page in pages.values())
    # Revalidating with another visitor's ETag gets this visitor's own page, not a 304.
    other = new_york.get(MONTH, headers={"If-None-Match": pages["t"].headers["ETag"]})
    assert other.status_code == 200 and late_call_time(other.get_data(as_text=True)) == "18:30"
    own = tokyo.get(MONTH, headers={"If-None-Match": pages["t"].headers["ETag"]})
    assert own.status_code == 304
