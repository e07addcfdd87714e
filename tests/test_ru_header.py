"""The header every page shares speaks Russian to a Russian visitor, signed in or not."""

from __future__ import annotations

import re

import pytest

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
