"""The interface's languages: the catalogue is complete and compiled, and each request
gets the language its visitor chose, prefers or asks for."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from calendar_app.config import ConfigError, load_config
from calendar_app.i18n.locales import choose_locale, supported
from tests.helpers import csrf_token

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "calendar_app" / "translations"
RU_PO = TRANSLATIONS / "ru" / "LC_MESSAGES" / "messages.po"


def _ru():
    with RU_PO.open("rb") as file:
        return read_po(file, locale="ru")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Every marked string of the sources and templates, extracted as `make translations`
    does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q", "extract",
         "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "N_", "--no-location", "-o", str(pot),
         "calendar_app", "templates"],
        cwd=ROOT, check=True,
    )  # fmt: skip
    with pot.open("rb") as file:
        return read_po(file)


def test_every_marked_string_is_in_the_russian_catalogue(extracted):
    ru = _ru()
    missing = [m.id for m in extracted if m.id and ru.get(m.id) is None]
    assert missing == [], "run `make translations` and translate: " + repr(missing[:20])


def test_no_russian_entry_is_empty_or_fuzzy():
    bad = []
    for message in _ru():
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            bad.append(message.id)
    assert bad == []


def test_the_committed_mo_file_is_compiled_from_its_po():
    compiled = BytesIO()
    write_mo(compiled, _ru())
    assert (RU_PO.with_suffix(".mo")).read_bytes() == compiled.getvalue(), "run `make translations`"


@pytest.mark.parametrize(
    "code, expected",
    [("ru", "ru"), ("ru-RU", "ru"), ("RU_ru", "ru"), ("en-GB", "en"), ("de", None), ("", None)],
)
def test_language_codes_are_read_loosely_and_only_supported_ones_kept(code, expected):
    assert supported(code) == expected


def test_the_switcher_beats_the_account_which_beats_the_browser_which_beats_the_default():
    assert choose_locale("en", "ru", "ru", "ru") == "en"
    assert choose_locale(None, "ru", "en", "en") == "ru"
    assert choose_locale("xx", None, "ru", "en") == "ru"
    assert choose_locale(None, None, None, "ru") == "ru"


def test_the_default_locale_setting_is_validated(tmp_path):
    assert (
        load_config(tmp_path, {"CALENDAR_DEFAULT_LOCALE": "RU"})["CALENDAR_DEFAULT_LOCALE"] == "ru"
    )
    with pytest.raises(ConfigError, match="CALENDAR_DEFAULT_LOCALE"):
        load_config(tmp_path, {"CALENDAR_DEFAULT_LOCALE": "fr"})


def test_a_browser_asking_for_russian_gets_a_russian_page(client):
    page = client.get(
        "/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}, follow_redirects=True
    )
    html = page.get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert ">Неделя<" in html and ">Week<" not in html


def test_a_page_without_a_choice_is_in_the_default_language(client):
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en">' in html and ">Week<" in html


def test_the_switcher_keeps_the_choice_in_a_cookie_and_returns_to_the_page(client):
    response = client.get("/language/ru?next=/calendar/2023/9")
    assert response.status_code == 302 and response.headers["Location"].endswith("/calendar/2023/9")
    assert "lang=ru" in response.headers["Set-Cookie"]
    html = client.get("/calendar/2023/9", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ru">' in html
    # The switcher offers the other language, named in itself, and never leaves the site.
    assert 'hreflang="en"' in html and ">English<" in html
    assert client.get("/language/en?next=https://evil.example/").headers["Location"].endswith("/")
    assert client.get("/language/de").status_code == 404


def test_cached_anonymous_pages_are_kept_per_language(client):
    english = client.get("/calendar/2023/9", headers={"Accept-Language": "en"})
    russian = client.get("/calendar/2023/9", headers={"Accept-Language": "ru"})
    assert english.headers["ETag"] != russian.headers["ETag"]
    assert ">Неделя<" in russian.get_data(as_text=True)
    assert "Accept-Language" in russian.headers["Vary"]


def test_a_signed_in_users_preference_applies_in_any_browser(app, auth, client):
    auth.login("editor")
    page = client.get("/account")
    saved = client.post(
        "/account/language",
        data={"language": "ru", "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
    assert saved.status_code == 302
    other = app.test_client()
    auth.login("editor", client=other)
    assert '<html lang="ru">' in other.get("/account").get_data(as_text=True)
    refused = client.post(
        "/account/language",
        data={"language": "xx", "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
    assert refused.status_code == 400
