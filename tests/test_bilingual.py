"""Bilingual content: the pure fallback that decides which language is shown."""

from calendar_app.domain.bilingual import localized


def test_viewer_language_first():
    assert localized("Interaction-2023", "Взаимодействие-2023", "ru") == (
        "Взаимодействие-2023",
        "ru",
    )
    assert localized("Interaction-2023", "Взаимодействие-2023", "en") == ("Interaction-2023", "en")
    assert localized("Interaction-2023", "Взаимодействие-2023", "ru_RU") == (
        "Взаимодействие-2023",
        "ru",
    )


def test_fallback_to_the_other_language_names_its_language():
    assert localized("Search-2023", None, "ru") == ("Search-2023", "en")
    assert localized("Search-2023", "  ", "ru") == ("Search-2023", "en")
    assert localized("", "Поиск-2023", "en") == ("Поиск-2023", "ru")
    assert localized(None, "Поиск-2023", None) == ("Поиск-2023", "ru")


def test_nothing_in_either_language():
    assert localized("", None, "ru") == ("", "ru")
    assert localized(None, "", "en") == ("", "en")


def test_records_show_their_text_in_the_viewers_language_and_mark_a_fallback(app):
    from flask import render_template_string

    from calendar_app.models import Event, Force, Location

    event = Event(title="Interaction-2023", title_ru="Взаимодействие-2023", description="")
    force = Force(name="Peacekeeping Forces", name_ru=None)
    place = Location(
        name="Ministry of Defence",
        name_ru="Министерство обороны",
        city="Moscow",
        city_ru="Москва",
        country="RU",
    )
    page = "{{ e|shown }}|{{ f|shown('name') }}|{{ e|shown_text }}|{{ p.label(current_language) }}"
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        text = render_template_string(page, e=event, f=force, p=place)
    assert text == (
        'Взаимодействие-2023|<span lang="en">Peacekeeping Forces</span>|Взаимодействие-2023|'
        "Министерство обороны, Москва, Россия"
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        text = render_template_string(page, e=event, f=force, p=place)
    assert (
        text
        == "Interaction-2023|Peacekeeping Forces|Interaction-2023|Ministry of Defence, Moscow, Russian Federation"
    )


def test_the_rules_keep_the_russian_texts_and_check_them_like_the_english_ones():
    from calendar_app.events.rules import EventRules, validate_event

    rules = EventRules(kinds={"training"}, default_timezone="Europe/Moscow")
    raw = {
        "title": "Interaction-2023",
        "title_ru": "  Взаимодействие-2023 ",
        "description_ru": "Учения КСОР",
        "kind": "training",
        "status": "planned",
        "visibility": "public",
        "all_day": True,
        "start_date": "2023-09-01",
        "end_date": "2023-09-06",
    }
    data = validate_event(raw, rules)
    assert (data.title_ru, data.description_ru) == ("Взаимодействие-2023", "Учения КСОР")
    errors = validate_event({**raw, "title_ru": "a\nb", "description_ru": "x" * 10001}, rules)
    assert set(errors) == {"title_ru", "description_ru"}
