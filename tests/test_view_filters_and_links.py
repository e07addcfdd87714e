"""Filters, search and the display zone across the views: what they narrow, the 400 page
for a bad one, and the links (navigation, sign-in, events, favicon) that carry them."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from calendar_app.extensions import db
from calendar_app.models import Location

from .views_helpers import add, cells, links, titles_in, utc


def test_zone_choice_survives_navigation_and_unknown_zone_is_400(client):
    html = client.get("/calendar/2023/9?tz=Asia/Bishkek&kind=training").get_data(as_text=True)
    for rel in ("prev", "next"):
        args = parse_qs(urlsplit(links(html, rel)).query)
        assert args == {"tz": ["Asia/Bishkek"], "kind": ["training"]}
    assert "Times in Asia/Bishkek" in html
    response = client.get("/calendar/2023/9?tz=Mars/Olympus")
    assert response.status_code == 400
    assert "unknown time zone" in response.get_data(as_text=True)


def test_filters_narrow_the_month_and_carry_into_links_and_subscribe(client, demo):
    trainings = cells(client, "/calendar/2023/9?force=crrf")
    assert titles_in(trainings, "2023/9/1") == ["Interaction-2023"]
    assert titles_in(cells(client, "/calendar/2023/9?q=brotherhood"), "2023/9/18") == [
        "Indestructible Brotherhood-2023"
    ]
    assert titles_in(cells(client, "/calendar/2023/9?country=KG"), "2023/9/18") == [
        "Indestructible Brotherhood-2023"
    ]
    assert titles_in(cells(client, "/calendar/2023/9?kind=meeting"), "2023/9/1") == []
    assert titles_in(cells(client, "/calendar/2023/9?status=confirmed"), "2023/9/1") == []
    html = client.get("/calendar/2023/9?force=crrf").get_data(as_text=True)
    assert "/subscribe?force=crrf" in html  # subscribe from a view: the subscribe page (issue 13)
    assert parse_qs(urlsplit(links(html, "next")).query) == {"force": ["crrf"]}
    assert "Showing only" in html and "Collective Rapid Reaction Forces" in html


def test_location_filter(client, app, demo):
    with app.app_context():
        kyrgyz = db.session.scalar(
            db.select(Location.id).where(Location.name.like("Training grounds of the Kyrgyz%"))
        )
    grid = cells(client, f"/calendar/2023/9?location={kyrgyz}")
    assert titles_in(grid, "2023/9/18") == ["Indestructible Brotherhood-2023"]


def test_malformed_filter_is_a_400_page_not_a_traceback(client):
    response = client.get("/calendar/2023/9?kind=party")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "unknown kind" in body and "<html" in body
    assert client.get("/agenda?from=yesterday").status_code == 400
    assert client.get("/agenda?page=-1").status_code == 400


def test_bad_arguments_on_the_home_redirect_are_a_400_page(client):
    response = client.get("/?tz=Nowhere/Land")
    assert response.status_code == 400
    assert "unknown time zone" in response.get_data(as_text=True)


def test_favicon_is_packaged_linked_and_answers_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"
    page = client.get("/calendar/2026/11").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in page
    assert 'href="/static/img/favicon.svg" type="image/svg+xml"' in page
    assert client.get("/static/img/favicon.svg").mimetype == "image/svg+xml"


def test_unknown_force_and_country_are_a_400_like_an_unknown_kind(client, demo):
    for url, words in [
        ("/calendar/2023/9?kind=bogus", "unknown kind"),
        ("/calendar/2023/9?force=99999", "unknown force"),
        ("/agenda?force=no-such-force", "unknown force"),
        ("/calendar/2023/9/1?country=ZZ", "unknown country code"),
        ("/?force=99999", "unknown force"),
    ]:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 400, url
        assert words in response.get_data(as_text=True), url
    assert client.get("/calendar/2023/9?force=crrf&country=by").status_code == 200


def test_main_navigation_keeps_filters_and_zone_between_views(client, demo):
    html = client.get("/calendar/2023/9?kind=training&tz=UTC").get_data(as_text=True)
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert 'href="/?kind=training&amp;tz=UTC"' in nav
    assert 'href="/agenda?kind=training&amp;tz=UTC"' in nav
    assert 'href="/subscribe?kind=training"' in nav
    agenda = client.get("/agenda?kind=training").get_data(as_text=True)
    nav = re.search(r'<nav class="site-nav".*?</nav>', agenda, re.S).group(0)
    assert 'href="/?kind=training"' in nav
    plain = client.get("/calendar/2023/9").get_data(as_text=True)
    assert 'href="/agenda"' in re.search(r'<nav class="site-nav".*?</nav>', plain, re.S).group(0)


def test_sign_in_link_carries_the_page_without_a_stray_question_mark(client):
    html = client.get("/calendar/2026/11").get_data(as_text=True)
    assert 'href="/login?next=/calendar/2026/11"' in html
    filtered = client.get("/calendar/2026/11?kind=session").get_data(as_text=True)
    assert 'href="/login?next=/calendar/2026/11?kind%3Dsession"' in filtered


def test_country_names_sort_ignoring_accents_and_case():
    from calendar_app.domain.countries import country_choices

    names = [name for _, name in country_choices()]
    assert names.index("Åland Islands") < names.index("Albania")
    assert (
        names.index("Türkiye")
        < names.index("Turkmenistan")
        < names.index("Turks and Caicos Islands")
    )


def test_search_finds_events_by_venue_and_participants_too(client, app, demo):
    by_venue = cells(client, "/calendar/2023/9?q=training+grounds+of+the+kyrgyz")
    assert titles_in(by_venue, "2023/9/18") == ["Indestructible Brotherhood-2023"]
    with app.app_context():
        add("Consultations", date(2023, 9, 20), participants="Delegation of Armenia")
    by_participant = cells(client, "/calendar/2023/9?q=armenia")
    assert titles_in(by_participant, "2023/9/20") == ["Consultations"]


def test_event_links_carry_the_zone_the_visitor_chose(client, app):
    with app.app_context():
        event_id = add("Late call", utc(2023, 9, 11, 22, 30))
    chosen = client.get("/calendar/2023/9?tz=America/New_York").get_data(as_text=True)
    assert f'href="/events/{event_id}?tz=America/New_York"' in chosen
    page = client.get(f"/events/{event_id}?tz=America/New_York").get_data(as_text=True)
    assert "18:30" in page  # 22:30 UTC in New York
    default = client.get("/calendar/2023/9").get_data(as_text=True)
    assert f'href="/events/{event_id}"' in default
    agenda = client.get("/agenda?from=2023-09-01&tz=UTC").get_data(as_text=True)
    assert f'href="/events/{event_id}?tz=UTC"' in agenda
