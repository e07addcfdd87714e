"""The schedule's sidebar in Russian: the zone picker's places and regions, the filters'
choices and the summary of the active filter, and the words of the device-zone offer."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from calendar_app.domain.countries import country_choices, country_name, name_key
from calendar_app.domain.filters import EventFilter, describe_filter, filter_parts
from calendar_app.domain.text import Message
from calendar_app.domain.zone_picker import place_name, zone_label, zones_by_region
from calendar_app.extensions import db
from calendar_app.models import Force, Location
from tests.factories import add_talks
from tests.i18n_check import english_words

MONTH = "/calendar/2023/9"
ZONES = re.compile(r'<select name="tz".*?</select>', re.S)
COUNTRIES = re.compile(r'<select name="country".*?</select>', re.S)
SUMMARY = re.compile(r'<p class="active-filter".*?</p>', re.S)
OFFER = re.compile(r'<p class="zone-suggestion".*?</p>', re.S)
SIDEBAR = re.compile(r'<aside class="sidebar".*?</aside>', re.S)
OPTION = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


@pytest.fixture
def sidebar_data(app, ids):
    """The reference data, one force named in Russian, a venue in Kyrgyzstan and Russian
    events in September 2023 (the demo's titles are English: data, not interface)."""
    with app.app_context():
        db.session.get(Force, ids["peacekeeping"]).name_ru = "Коллективные миротворческие силы"
        bishkek = Location(name="Ala-Too", name_ru="Ала-Тоо", city="Bishkek", city_ru="Бишкек",
                           country="KG", timezone="Asia/Bishkek")  # fmt: skip
        db.session.add(bishkek)
        db.session.commit()
        ids = {**ids, "bishkek": bishkek.id}
    add_talks(app, date(2023, 9, 12), title="Совместные учения", kind="training")
    add_talks(app, date(2023, 9, 14), title="Учения в Беларуси", kind="training",
              status="planned", location_id=ids["belarus"])  # fmt: skip
    add_talks(app, date(2023, 9, 20), title="Совещание", location_id=ids["bishkek"])
    return ids


def _russian(client, path: str = MONTH) -> str:
    client.set_cookie("lang", "ru")
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_whole_month_page_with_a_filter_is_in_russian(client, sidebar_data):
    html = _russian(client, MONTH + "?kind=training&status=confirmed")
    assert english_words(html, "ru") == []
    summary = SUMMARY.search(html).group(0)
    assert "Показаны только" in summary and "учения · подтверждено" in summary
    assert "Совместные учения" in html
    # The filters' choices: kinds, statuses, forces (a fallback marked), locations.
    assert "Учения" in html and "Подтверждено" in html
    assert "Коллективные миротворческие силы" in html
    assert '<span lang="en">Collective Rapid Reaction Forces</span>' in html
    assert re.search(r'<option value="\d+" lang="en" >Palace of Independence</option>', html)


def test_a_country_filter_reads_in_russian_in_the_sidebar_and_summary(client, sidebar_data):
    html = _russian(client, MONTH + "?kind=training&country=BY")
    # The grid's own event details (venue, forces) are the event pages' and grid's part
    # of issue 16; the sidebar and the summary are checked here.
    sidebar = SIDEBAR.search(html).group(0)
    summary = SUMMARY.search(html).group(0)
    assert english_words(sidebar, "ru") == [] and english_words(summary, "ru") == []
    assert "Показаны только" in summary and "учения · Беларусь" in summary
    assert 'value="BY" selected>Беларусь<' in sidebar


def test_every_filter_at_once_reads_in_russian(client, sidebar_data):
    location = sidebar_data["bishkek"]
    html = _russian(
        client,
        MONTH + f"?kind=meeting&status=planned&force=crrf&force=peacekeeping&country=KG"
        f"&q=учения&location={location}",
    )
    assert english_words(html, "ru") == []
    summary = SUMMARY.search(html).group(0)
    # Names without a Russian version stay English, marked so for screen readers.
    assert "встреча" in summary and "запланировано" in summary and "«учения»" in summary
    assert '<span lang="en">Collective Rapid Reaction Forces</span>' in summary
    assert "Коллективные миротворческие силы" in summary
    assert "Кыргызстан" in summary and "Ала-Тоо" in summary


def test_the_zone_picker_names_places_and_regions_in_russian(client, sidebar_data):
    picker = ZONES.search(_russian(client)).group(0)
    assert english_words(picker, "ru") == []
    labels = dict(OPTION.findall(picker))
    assert labels["Europe/Moscow"].startswith("Москва, Россия (UTC+3")
    assert labels["America/New_York"].startswith("Нью-Йорк, Соединенные Штаты (UTC−")
    assert labels["Asia/Bishkek"] == "Бишкек, Кыргызстан (UTC+6)"
    assert labels["UTC"] == "UTC"
    regions = re.findall(r'<optgroup label="([^"]*)"', picker)
    assert regions[0] == "Рекомендуемые"
    assert {"Европа", "Азия", "Америка", "Тихий океан"} <= set(regions)
    assert regions[1:] == sorted(regions[1:], key=name_key)
    # The values stay the IANA names, and one zone is chosen.
    assert 'value="Europe/Moscow" selected' in picker and picker.count(" selected") == 1


def test_places_are_alphabetical_in_russian_within_their_region():
    at = datetime(2023, 9, 1, tzinfo=UTC)
    regions = dict(zones_by_region(at, "ru"))
    europe = [label for _, label in regions["Europe"]]
    assert europe == sorted(europe, key=name_key)
    assert europe[0].startswith("Амстердам")
    assert place_name("Europe/Moscow", "ru") == "Москва, Россия"
    assert place_name("Asia/Tokyo", "ru") == "Токио, Япония"
    # English is as it was.
    assert place_name("America/Indiana/Indianapolis") == "Indianapolis, Indiana, United States"
    assert zone_label("Asia/Tokyo", at) == "Tokyo, Japan (UTC+9)"


def test_country_choices_are_russian_and_sorted_in_russian(client, sidebar_data):
    choices = country_choices("ru")
    names = [name for _, name in choices]
    assert "Беларусь" in names and "Кыргызстан" in names
    assert names == sorted(names, key=name_key)
    assert country_name("KG") == "Kyrgyzstan"
    offered = dict(OPTION.findall(COUNTRIES.search(_russian(client)).group(0)))
    assert offered["BY"] == "Беларусь" and offered["KG"] == "Кыргызстан"
    assert list(offered.values())[1:] == sorted(list(offered.values())[1:], key=name_key)


def test_russian_sorting_keeps_short_i_apart_and_yo_with_ye():
    words = ["Йемен", "Иордания", "Ёлки", "Египет", "Жуковка"]
    assert sorted(words, key=name_key) == ["Египет", "Ёлки", "Жуковка", "Иордания", "Йемен"]


def test_the_device_zone_offer_takes_its_words_from_the_page(client, sidebar_data):
    offer = OFFER.search(_russian(client)).group(0)
    assert 'data-text-device="На этом устройстве выбран часовой пояс: {place}."' in offer
    assert 'data-text-show="Показать время: {place}"' in offer
    assert 'data-text-keep="Оставить часовой пояс {zone}"' in offer
    client.set_cookie("lang", "en")
    english = OFFER.search(client.get(MONTH).get_data(as_text=True))
    assert 'data-text-keep="Keep {zone}"' in english.group(0)


def test_the_english_summary_is_unchanged(client, sidebar_data):
    client.set_cookie("lang", "en")
    html = client.get(MONTH + "?kind=training&country=BY&force=crrf&q=drill").get_data(as_text=True)
    summary = SUMMARY.search(html).group(0)
    assert "Showing only:" in summary
    assert "training · Collective Rapid Reaction Forces · Belarus · “drill”" in summary
    regions = re.findall(r'<optgroup label="([^"]*)"', ZONES.search(html).group(0))
    assert regions[:3] == ["Suggested", "Africa", "Americas"]


@pytest.mark.parametrize(
    ("event_filter", "english"),
    [
        (EventFilter(kinds=("training",), countries=("BY",)), "training · Belarus"),
        (EventFilter(locations=(7,), q="x"), "location 7 · “x”"),
    ],
)
def test_describe_filter_stays_english_for_feeds(event_filter, english):
    assert describe_filter(event_filter, {}, {}, {"BY": "Belarus"}) == english
    parts = filter_parts(event_filter, {}, {}, {"BY": "Belarus"})
    assert any(isinstance(part, Message) for part in parts) == bool(event_filter.locations)
