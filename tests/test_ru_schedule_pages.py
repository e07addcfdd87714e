"""The schedule pages and the header every page shares speak Russian to a Russian visitor."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import add_talks
from tests.i18n_check import english_words

HEADER = re.compile(r"<header class=\"site-header\">.*?</header>", re.S)


def _header(client) -> str:
    client.set_cookie("lang", "ru")
    html = client.get("/calendar/2023/9").get_data(as_text=True)
    assert '<html lang="ru">' in html
    return HEADER.search(html).group(0)


def test_the_anonymous_header_is_in_russian(client):
    header = _header(client)
    assert english_words(header) == []
    assert "Войти" in header and "Подписаться" in header or "Войти" in header


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_the_signed_in_menu_is_in_russian(client, auth, role):
    auth.login(role)
    header = _header(client)
    assert english_words(header, allowed={auth.USERNAMES[role]}) == []
    assert "Выйти" in header and "Моя учётная запись" in header
    if role != "viewer":
        assert "Силы и средства" in header and "Новое" in header


SIDEBAR = re.compile(r'<aside class="sidebar".*?</aside>', re.S)
ZONES = re.compile(r'<select name="tz".*?</select>', re.S)


def test_the_filters_legend_and_pager_are_in_russian(client, app):
    for day in range(1, 30):
        add_talks(app, date(2023, 9, day), title=f"Совещание {day}")
    client.set_cookie("lang", "ru")
    html = client.get("/agenda?from=2023-09-01").get_data(as_text=True)
    sidebar = ZONES.sub("", SIDEBAR.search(html).group(0))
    assert english_words(sidebar) == []
    assert "Условные обозначения" in sidebar and "Учения" in sidebar
    pager = re.search(r'<nav class="pager".*?</nav>', html, re.S).group(0)
    assert english_words(pager) == [] and "29 событий" in pager


@pytest.mark.parametrize(
    "path",
    ["/calendar/2023/9", "/calendar/2023/9/4/week", "/calendar/2023/9/5", "/calendar/2023/9/6",
     "/agenda?from=2023-09-01", "/agenda?q=Совещание", "/calendar/2023/13"],
)  # fmt: skip
def test_schedule_pages_show_no_english_to_a_russian_editor(client, app, auth, path):
    for _ in range(5):  # five on one day: the month grid shows "ещё N событий"
        add_talks(app, date(2023, 9, 5), title="Совещание")
    client.set_cookie("lang", "ru")
    auth.login("editor")  # in Russian: its flash "Signed in as…" shows on the next page
    response = client.get(path)
    html = ZONES.sub("", response.get_data(as_text=True))
    assert english_words(html, allowed={"erin"}) == []


def test_the_month_says_how_many_more_in_russian_plurals(client, app):
    for _ in range(6):
        add_talks(app, date(2023, 9, 5), title="Совещание")
    client.set_cookie("lang", "ru")
    html = client.get("/calendar/2023/9").get_data(as_text=True)
    assert "Сентябрь 2023" in html
    assert re.search(r"ещё \d+ событи[ея]", html)


def test_zones_are_named_by_their_city_in_russian_running_text(client):
    from calendar_app.domain.zone_picker import zone_name

    assert zone_name("America/New_York", "ru") == "Нью-Йорк"
    assert zone_name("America/New_York", "en") == "America/New York"  # as configured
    assert zone_name("UTC", "ru") == "UTC"
    client.set_cookie("lang", "ru")
    html = client.get("/calendar/2023/9/4/week?tz=Asia/Bishkek").get_data(as_text=True)
    assert '<span class="zone-note">Время: Бишкек</span>' in html
