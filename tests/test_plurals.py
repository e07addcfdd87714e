"""Russian plural forms through ngettext, for the counts the issue names: one form for
1, 21 (and 101…), another for 2–4 and 22, a third for 5–20, 11 and 111."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from flask_babel import ngettext

COUNTS = (1, 2, 5, 11, 21, 22, 111)
RU_FORM = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 111: 2}  # CLDR's one / few / many


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "ещё 1 событие"), (2, "ещё 2 события"), (5, "ещё 5 событий"), (11, "ещё 11 событий"),
     (21, "ещё 21 событие"), (22, "ещё 22 события"), (111, "ещё 111 событий")],
)  # fmt: skip
def test_the_month_says_how_many_more_in_russian(app, n, text):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert ngettext("+%(num)d more", "+%(num)d more", n) == text
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert ngettext("+%(num)d more", "+%(num)d more", n) == f"+{n} more"


def _plural_entries(app):
    path = app.root_path + "/translations/ru/LC_MESSAGES/messages.po"
    with open(path, "rb") as file:
        catalog = read_po(file, locale="ru")
    return [m for m in catalog if m.id and isinstance(m.id, tuple)]


def test_every_plural_message_picks_the_russian_form_for_each_count(app):
    entries = _plural_entries(app)
    assert len(entries) >= 10
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        for message in entries:
            singular, plural = message.id
            for n in COUNTS:
                # ngettext names the count num itself; the other values are fillers.
                values = {"days": 3, "first": 1, "last": 9, "name": "Москва"}
                expected = message.string[RU_FORM[n]] % {"num": n, **values}
                assert ngettext(singular, plural, n, **values) == expected, (singular, n)
