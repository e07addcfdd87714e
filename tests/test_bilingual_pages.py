"""Bilingual events on the pages: the form takes a Russian title and description beside
the English ones; every page shows the viewer's language and falls back to the other,
marked with its `lang`; the search finds either; the demo is in both languages."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import Event, Force, Location

from .event_form_helpers import create_interaction, submit
from .helpers import interaction_form
from .i18n_check import english_words

RU_TITLE = "Взаимодействие-2023"
RU_DESCRIPTION = "Совместные учения Коллективных сил оперативного реагирования."
SIDEBAR = re.compile(r'<aside class="sidebar".*?</aside>', re.S)


HISTORY = re.compile(
    r'<section class="card">\s*<h2>(History|История изменений)</h2>.*?</section>', re.S
)


def _main(html: str) -> str:
    """The page's content, without the event's history (the values as they were saved,
    manage/_forms.html's history_table) and the filters (schedule/_layout.html)."""
    main = re.search(r'<main id="content"[^>]*>(.*)</main>', html, re.S)
    assert main, html
    return SIDEBAR.sub("", HISTORY.sub("", main.group(1)))


def _page(client, path: str, language: str) -> str:
    client.set_cookie("lang", language)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _h1(html: str) -> str:
    return re.search(r'<h1 class="title">(.*?)</h1>', html, re.S).group(1)


def _created(editor, ids, **fields) -> int:
    """An event made through the form; its flash ("Event … created.") shown and so gone."""
    event_id = create_interaction(editor, ids, **fields)
    editor.get("/account")
    return event_id


def _bilingual(editor, ids) -> int:
    return _created(
        editor, ids, title_ru=RU_TITLE, description_ru=RU_DESCRIPTION, timezone="Europe/Minsk"
    )


def _description(html: str) -> str:
    return re.search(r'<div class="description pre"[^>]*>(.*?)</div>', html, re.S).group(0)


@pytest.fixture
def viewer(editor):
    """The signed-in editor, the sign-in's flash shown (and so gone)."""
    editor.get("/account")
    return editor


def test_the_form_offers_the_russian_fields_next_to_the_english_ones(viewer):
    editor = viewer
    html = editor.get("/events/new").get_data(as_text=True)
    title = html.index('name="title"')
    title_ru = html.index('name="title_ru"')
    description = html.index('name="description"')
    description_ru = html.index('name="description_ru"')
    assert title < title_ru < html.index('name="kind"') and description < description_ru
    assert re.search(r'<input[^>]*id="title_ru"[^>]*lang="ru"', html)
    assert re.search(r'<input[^>]*id="title"[^>]*lang="en"', html)
    assert re.search(r'<textarea[^>]*id="description_ru"[^>]*lang="ru"', html)
    assert '<label for="title_ru">Name in Russian</label>' in html
    assert '<label for="description_ru">Text in Russian</label>' in html
    editor.set_cookie("lang", "ru")
    russian = editor.get("/events/new").get_data(as_text=True)
    assert english_words(_main(russian)) == []


def test_both_titles_are_saved_and_each_page_shows_its_language(app, editor, ids):
    event_id = _bilingual(editor, ids)
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.title, event.title_ru) == ("Interaction-2023", RU_TITLE)
        assert event.description_ru == RU_DESCRIPTION
    english = _page(editor, f"/events/{event_id}", "en")
    assert _h1(english) == "Interaction-2023"
    assert f'In Russian: <span lang="ru">{RU_TITLE}</span>' in english
    assert "Joint training of the Collective Rapid Reaction Forces." in english
    russian = _page(editor, f"/events/{event_id}", "ru")
    assert _h1(russian) == RU_TITLE
    assert '<span lang="en">Interaction-2023</span>' in russian  # «По-английски: …»
    assert RU_DESCRIPTION in _description(russian) and "Joint" not in _description(russian)
    assert f"<title>{RU_TITLE} · " in russian
    # The edit form shows what was saved, in both languages.
    form = _page(editor, f"/events/{event_id}/edit", "en")
    assert f'value="{RU_TITLE}"' in form and RU_DESCRIPTION in form


def test_the_schedule_shows_the_russian_title_to_a_russian_viewer(editor, ids):
    _bilingual(editor, ids)
    for path in ("/calendar/2023/9", "/calendar/2023/9/4/week", "/calendar/2023/9/2",
                 "/agenda?from=2023-09-01"):  # fmt: skip
        russian = _page(editor, path, "ru")
        assert RU_TITLE in russian and "Interaction-2023" not in russian, path
        english = _page(editor, path, "en")
        assert "Interaction-2023" in english and RU_TITLE not in english, path


def test_an_english_only_title_falls_back_marked_as_english(editor, ids):
    event_id = _created(editor, ids)
    russian = _page(editor, f"/events/{event_id}", "ru")
    assert _h1(russian) == '<span lang="en">Interaction-2023</span>'
    assert 'lang="en">Joint training of the Collective Rapid Reaction Forces.' in russian
    assert '<span lang="en">Collective Rapid Reaction Forces</span>' in russian
    assert english_words(_main(russian), allowed={"erin"}) == []
    month = _page(editor, "/calendar/2023/9", "ru")
    assert '<span class="title"><span lang="en">Interaction-2023</span></span>' in month
    # A tooltip (a title attribute) cannot mark the language of a part: it says the title
    # and the venue as they are; the chip's own text is marked.
    untitled = re.sub(r' title="[^"]*"', "", _main(month))
    assert english_words(untitled) == []
    cancel = _page(editor, f"/events/{event_id}/cancel", "ru")
    assert "Отменить «Interaction-2023»?" in cancel  # in a sentence: as it is


def test_a_force_named_in_russian_reads_in_each_language(app, editor, ids):
    with app.app_context():
        db.session.get(Force, ids["crrf"]).name_ru = "КСОР"
        db.session.commit()
    event_id = _created(editor, ids, title_ru=RU_TITLE)
    english = _page(editor, f"/events/{event_id}", "en")
    assert "Collective Rapid Reaction Forces" in english and "КСОР" not in english
    russian = _page(editor, f"/events/{event_id}", "ru")
    assert "КСОР" in russian
    agenda = _page(editor, "/agenda?from=2023-09-01", "ru")
    agenda = SIDEBAR.sub("", agenda)  # the filters' list is _layout.html's
    assert "КСОР" in agenda and "Collective Rapid Reaction Forces" not in agenda


@pytest.mark.parametrize("query", ["взаимодействие", "ВЗАИМОДЕЙСТВИЕ", "сил оперативного"])
def test_the_search_finds_the_russian_title_and_description(editor, ids, query):
    _bilingual(editor, ids)
    _created(
        editor, ids, title="Echelon-2023", description="Logistics.", force_ids=[],
        location_id=str(ids["palace"]),
    )  # fmt: skip
    for language in ("ru", "en"):
        html = _page(editor, f"/agenda?q={query}", language)
        assert html.count('class="row-title"') == 1, (language, query)
    month = _page(editor, f"/calendar/2023/9?q={query}", "ru")
    assert RU_TITLE in month and "Эшелон" not in month and "Echelon" not in month


def test_the_search_finds_a_russian_venue_name(app, editor, ids):
    with app.app_context():
        db.session.get(Location, ids["belarus"]).name_ru = "Полигоны Республики Беларусь"
        db.session.commit()
    _bilingual(editor, ids)
    html = _page(editor, "/agenda?q=полигоны", "ru")
    assert html.count('class="row-title"') == 1
    assert "Полигоны Республики Беларусь" in html


def test_an_overlong_russian_title_is_refused_on_its_field(app, editor, ids):
    response = submit(editor, "/events/new", interaction_form(ids, title_ru="Я" * 301))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="field-error" id="title_ru-error">[^<]+</p>', html)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="title_ru"', html) or re.search(
        r'<input[^>]*id="title_ru"[^>]*aria-invalid="true"', html
    )
    assert 'href="#title_ru"' in html or "#field-title_ru" in html  # in the error summary
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 0


DEMO_NAMES = re.compile(r'<[^>]+lang="en"[^>]*>([^<]*)<')


def _demo_pages(app) -> list[str]:
    with app.app_context():
        query = select(Event.id).where(Event.series_id.is_(None), Event.visibility == "public")
        ids = db.session.scalars(query).all()
    return [f"/events/{event_id}" for event_id in ids]


def _no_english(html: str, english_names: set[str]) -> None:
    content = re.sub(r'<p class="other-language.*?</p>', "", _main(html), flags=re.S)
    assert "other-language" not in html  # editors' only
    assert english_words(content, allowed={"erin", "OpenStreetMap", "York"}) == []  # names
    fallbacks = {text.strip() for text in DEMO_NAMES.findall(content)}
    assert not fallbacks & english_names, fallbacks & english_names


@pytest.fixture
def english_names(app, demo) -> set[str]:
    with app.app_context():
        titles = set(db.session.scalars(select(Event.title)))
        forces = set(db.session.scalars(select(Force.name)))
        venues = set(db.session.scalars(select(Location.name)))
        assert not db.session.scalar(
            select(func.count(Event.id)).where(func.coalesce(Event.title_ru, "") == "")
        )
        assert not db.session.scalar(
            select(func.count(Force.id)).where(func.coalesce(Force.name_ru, "") == "")
        )
        assert not db.session.scalar(
            select(func.count(Location.id)).where(func.coalesce(Location.name_ru, "") == "")
        )
    return titles | forces | venues


def test_the_demo_reads_in_russian_without_a_fallback(app, client, english_names):
    editor = client  # anonymous: what the public sees
    month = _page(editor, "/calendar/2023/9", "ru")
    for name in ("Взаимодействие-2023", "Поиск-2023", "Эшелон-2023", "Нерушимое братство-2023"):
        assert name in month
    _no_english(month, english_names)
    today = date.today()
    for path in (f"/calendar/{today.year}/{today.month}", "/agenda", "/agenda?from=2023-09-01"):
        _no_english(_page(editor, path, "ru"), english_names)
    pages = _demo_pages(app)
    assert len(pages) == 19  # the public ones, an override's page being its series'
    for path in pages:
        _no_english(_page(editor, path, "ru"), english_names)
    with app.app_context():
        overrides = db.session.scalars(select(Event.id).where(Event.series_id.is_not(None)))
        overrides = list(overrides)
    assert len(overrides) == 2  # the moved and the cancelled occurrence
    for event_id in overrides:  # their pages, at their series' address
        response = editor.get(f"/events/{event_id}", follow_redirects=True)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "Еженедельное совещание Секретариата" in html
        _no_english(html, english_names)


def test_the_demo_shows_its_russian_names(app, editor, demo):
    with app.app_context():
        interaction = db.session.scalar(select(Event).where(Event.title == "Interaction-2023"))
        mod = db.session.scalar(
            select(Location).where(Location.name == "Ministry of Defence of the Russian Federation")
        )
        assert interaction.title_ru == "Взаимодействие-2023"
        assert "Коллективными силами оперативного реагирования" in interaction.description_ru
        assert "Источник называет только месяц" in interaction.description_ru
        assert mod.name_ru == "Министерство обороны Российской Федерации, Фрунзенская набережная"
        assert mod.city_ru == "Москва"
    page = _page(editor, f"/events/{interaction.id}", "ru")
    assert "Коллективные силы оперативного реагирования" in page
    assert "Полигоны Республики Беларусь" in page
    assert _h1(page) == "Взаимодействие-2023"
    english = _page(editor, f"/events/{interaction.id}", "en")
    assert _h1(english) == "Interaction-2023" and "Collective Rapid Reaction Forces" in english


def test_the_form_lists_locations_in_the_page_language(app, viewer, ids):
    with app.app_context():
        db.session.get(Location, ids["belarus"]).name_ru = "Полигоны Республики Беларусь"
        db.session.commit()
    html = _page(viewer, "/events/new", "ru")
    assert (
        f'<option value="{ids["belarus"]}">Полигоны Республики Беларусь, Беларусь</option>' in html
    )
    assert f'<option lang="en" value="{ids["palace"]}">Palace of Independence' in html
