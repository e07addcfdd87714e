"""The year plan speaks Russian to a Russian visitor: its page, its changes, its PDF (with
«страница X из Y» and the fonts it embeds) and its Excel table; ?lang= asks for either."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.i18n_check import english_words
from tests.test_plan_pages import text_of

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
RU_HEADERS = (
    "Название",
    "Вид",
    "Статус",
    "Начало",
    "Окончание",
    "Силы и средства",
    "Место проведения",
    "Страна",
)


# The schedule's sidebar (filters: the demo's forces and venues, the zones) is the
# schedule pages' own; tests/test_ru_schedule_pages.py checks it.
SIDEBAR = re.compile(r'<aside class="sidebar".*?</aside>', re.S)


def _ru(client):
    client.set_cookie("lang", "ru")
    return client


@pytest.mark.parametrize("role", [None, "admin"])
@pytest.mark.parametrize("url", ["/plan/2023", "/plan/2023/changes", "/plan/2023?kinds=all"])
def test_the_plan_pages_have_no_english_words(client, auth, demo, role, url):
    _ru(client)
    if role:
        auth.login(role)  # in Russian: its flash shows on the page
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert english_words(SIDEBAR.sub("", html), "ru", allowed={"ada"}) == []


def test_the_russian_plan_page_has_its_title_months_and_legend(client, demo):
    html = _ru(client).get("/plan/2023").get_data(as_text=True)
    assert "План совместной подготовки органов управления и формирований" in html
    assert "на 2023 год" in html
    for month in ("Январь", "Сентябрь", "Декабрь"):
        assert f">{month}</th>" in html
    assert "Сентябрь 2023" in html  # the list by month: a stand-alone month
    assert "Утверждён 20 января 2023 г." in html
    assert "Условные обозначения" in html and "перенесено после утверждения" in html
    assert "Сформирован" in html
    # The demo's exercises have their Russian titles: shown, with no English fallback.
    assert "Взаимодействие-2023" in html and '<span lang="en">Interaction-2023' not in html
    # Both languages' exports: this one's without lang, the other's with it.
    assert 'href="/plan/2023.pdf"' in html and 'href="/plan/2023.xlsx"' in html
    assert 'href="/plan/2023.pdf?lang=en"' in html and 'href="/plan/2023.xlsx?lang=en"' in html


def test_the_demo_plan_is_approved_by_a_reference_both_pages_show_as_written(client, demo):
    english = text_of(client.get("/plan/2023").get_data(as_text=True))
    russian = text_of(_ru(client).get("/plan/2023").get_data(as_text=True))
    assert "Approved on 20 January 2023, Решение СКБ № 3" in english
    assert "Утверждён 20 января 2023 г., Решение СКБ № 3" in russian
    assert "Decision" not in russian and "illustrative" not in russian


def test_the_english_page_links_to_the_russian_exports(client, demo):
    html = client.get("/plan/2023").get_data(as_text=True)
    assert 'href="/plan/2023.pdf?lang=ru"' in html
    assert "Plan of joint training of formations of forces and means" in html


def test_the_plan_title_in_russian_is_configurable_and_checked(tmp_path):
    from calendar_app.config import ConfigError, load_config

    config = load_config(tmp_path, {"CALENDAR_PLAN_TITLE_RU": "План на {year} год"})
    assert config["CALENDAR_PLAN_TITLE_RU"] == "План на {year} год"
    assert load_config(tmp_path, {})["CALENDAR_PLAN_TITLE_RU"].endswith("на {year} год")
    for bad in ("", "План {год}", "x" * 301, "План\x07"):
        with pytest.raises(ConfigError, match="CALENDAR_PLAN_TITLE_RU"):
            load_config(tmp_path, {"CALENDAR_PLAN_TITLE_RU": bad})


@pytest.mark.parametrize("url", ["/plan/2023.pdf?lang=xx", "/plan/2023.xlsx?lang=de"])
def test_an_unknown_language_is_refused_with_a_reason(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "lang must be one of: en, ru" in response.get_data(as_text=True)


def _pdf(client, url, tmp_path):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    return " ".join(text.split()), fonts


@needs_poppler
def test_the_russian_pdf_says_page_x_of_y_in_russian_with_noto_sans_embedded(
    client, demo, tmp_path
):
    text, fonts = _pdf(_ru(client), "/plan/2023.pdf", tmp_path)
    assert "План совместной подготовки органов управления" in text
    assert "страница 1 из" in text and "Page 1 of" not in text
    assert "Сентябрь" in text and "Январь" in text
    assert "Утверждён 20 января 2023 г." in text
    assert "\ufffd" not in text
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("NotoSans" in row[0].replace("-", "") for row in rows)
    assert all(row[-5:-3] == ["yes", "yes"] for row in rows)  # embedded, subset


@needs_poppler
def test_lang_asks_for_the_other_language_whatever_the_visitor_speaks(client, demo, tmp_path):
    text, _ = _pdf(_ru(client), "/plan/2023.pdf?lang=en", tmp_path)
    assert "Plan of joint training" in text and "Page 1 of" in text and "September" in text
    text, _ = _pdf(client.__class__(client.application), "/plan/2023.pdf?lang=ru", tmp_path)
    assert "страница 1 из" in text


def test_the_russian_excel_table(client, demo):
    response = _ru(client).get("/plan/2023.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    sheet = book.active
    assert sheet.title == "План"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == RU_HEADERS
    assert {row[1] for row in rows[1:]} == {"учения"}
    assert {row[2] for row in rows[1:]} <= {"запланировано", "подтверждено", "отменено"}
    assert book.properties.title.startswith("План совместной подготовки")
    english = load_workbook(BytesIO(client.get("/plan/2023.xlsx?lang=en").data)).active
    assert next(english.iter_rows(values_only=True))[0] == "Title"


def test_a_russian_admin_approves_in_russian(app, client, auth, ids):
    from tests.helpers import csrf_token

    _ru(client)
    auth.login("admin")
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "Отметить план как утверждённый" in page and "Решение № 12" in page
    assert "Дата утверждения" in page and "Решение (номер)" in page
    assert 'class="stack" novalidate>' in page  # the app's words, not the browser's
    refused = client.post(
        "/plan/2023/approve",
        data={"csrf_token": csrf_token(page), "approved_on": "2023-01-20", "reference": " "},
    )
    assert refused.status_code == 303
    assert "Укажите реквизиты решения" in client.get("/plan/2023").get_data(as_text=True)
    done = client.post(
        "/plan/2023/approve",
        data={"csrf_token": csrf_token(page), "approved_on": "2023-01-20", "reference": "№ 7"},
    )
    assert done.status_code == 303
    page = client.get("/plan/2023").get_data(as_text=True)
    assert "План на 2023 год утверждён (№ 7, 20 января 2023 г.)" in page
    assert "Утверждён 20 января 2023 г." in page and "(действующее)" in page
    changes = client.get("/plan/2023/changes").get_data(as_text=True)
    assert "Изменения плана на 2023 год после его утверждения" in changes
    assert "С тех пор ничего не изменилось." in changes


def test_forces_and_titles_in_russian_where_they_have_it_rows_in_russian_order(app, client):
    from datetime import date

    from calendar_app.events import service
    from calendar_app.extensions import db
    from calendar_app.models import Force
    from tests.helpers import exercise_data

    with app.app_context():
        alpha = Force(slug="alpha", name="Alpha unit", name_ru="Ястребы")
        zulu = Force(slug="zulu", name="Zulu unit", name_ru="Аисты")
        db.session.add_all([alpha, zulu])
        db.session.flush()
        service.create_event(
            exercise_data(
                "Storm-2023", date(2023, 5, 2), title_ru="Гроза-2023", force_ids=[alpha.id]
            )
        )
        service.create_event(exercise_data("Dawn-2023", date(2023, 6, 5), force_ids=[zulu.id]))
        db.session.commit()
    html = _ru(client).get("/plan/2023?kinds=all").get_data(as_text=True)
    assert html.index(">Аисты</th>") < html.index(">Ястребы</th>")
    assert "Гроза-2023" in html and "Storm-2023" not in html
    assert '<span lang="en">Dawn-2023</span>' in html
    assert 'title="Гроза-2023 · учения' in html  # a tooltip where everything reads in Russian
    sheet = load_workbook(BytesIO(client.get("/plan/2023.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert ("Гроза-2023", "Ястребы") in [(row[0], row[5]) for row in rows]


def test_the_page_counter_is_css_in_the_pages_language(app):
    from flask_babel import force_locale

    from calendar_app.plan.words import page_counter

    with app.test_request_context("/plan/2023"):
        assert page_counter() == '"Page " counter(page) " of " counter(pages)'
        with force_locale("ru"):
            assert page_counter() == '"страница " counter(page) " из " counter(pages)'


@pytest.mark.parametrize("language, words", [("en", '"Page "'), ("ru", '"страница "')])
def test_the_browsers_printed_footer_is_a_stylesheet_in_the_pages_language(
    client, demo, language, words
):
    """The page has no <style> (the content security policy would refuse it): it links
    the footer's words as a stylesheet of its language."""
    client.set_cookie("lang", language)
    html = client.get("/plan/2023").get_data(as_text=True)
    assert "<style" not in html
    assert f'href="/plan/print-{language}.css"' in html
    css = client.get(f"/plan/print-{language}.css")
    assert css.status_code == 200
    assert css.mimetype == "text/css"
    assert f"@bottom-right {{ content: {words} counter(page)" in css.get_data(as_text=True)


def test_a_footer_stylesheet_of_an_unknown_language_is_not_found(client):
    assert client.get("/plan/print-xx.css").status_code == 404
