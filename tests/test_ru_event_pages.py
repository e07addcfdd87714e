"""The event pages, forms and rules in Russian (cookie lang=ru): labels, the Repeats
control, the rules' and WTForms' own messages, the rule in words, the scope, cancel and
delete pages, the flashes — and no English word left on them (tests/i18n_check.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from calendar_app.domain.recurrence import describe_rule, parse_rule
from calendar_app.extensions import db
from calendar_app.models import Event, Force, Location, Official

from .helpers import csrf_token
from .i18n_check import english_words

TITLE = "Взаимодействие-2025"


@pytest.fixture
def ru_ids(app):
    """A venue and two forces named in Russian (user content, as the secretariat types it)."""
    with app.app_context():
        grounds = Location(
            name="Полигон «Гозджа»", city="Минск", country="BY", timezone="Europe/Minsk"
        )
        ksor = Force(slug="ksor", name="Коллективные силы оперативного реагирования")
        peace = Force(slug="ms", name="Коллективные миротворческие силы")
        db.session.add_all([grounds, ksor, peace])
        db.session.commit()
        return {"grounds": grounds.id, "ksor": ksor.id, "peace": peace.id}


@pytest.fixture
def ru_editor(editor):
    editor.set_cookie("lang", "ru")
    editor.get("/account")  # shows (and so clears) the sign-in's flash, auth's own words
    return editor


def _form(ru_ids, **changes) -> dict:
    data = {
        "title": TITLE,
        "kind": "training",
        "status": "confirmed",
        "start_date": "2025-01-06",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "12:00",
        "timezone": "Europe/Minsk",
        "location_id": str(ru_ids["grounds"]),
        "force_ids": [str(ru_ids["ksor"])],
        "participants": "",
        "description": "",
        "visibility": "public",
        "repeats": "none",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _post(client, url: str, data: dict):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _english(html: str, **allowed) -> list[str]:
    """The English words of the page's content (<main>: what the event templates draw; the
    site's header, menus and footer are base.html's, checked with it)."""
    main = re.search(r'<main id="content"[^>]*>(.*)</main>', html, re.S)
    assert main, html
    return english_words(main.group(1), **allowed)


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="field-error" id="([\w-]+)-error">([^<]*)</p>', html))


def _created(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))


# -- the rule in words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "first", "words"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20250630", date(2025, 1, 6),
         "Каждые 2 недели по понедельникам и четвергам до 30 июня 2025 г."),
        ("FREQ=WEEKLY", date(2025, 1, 8), "Еженедельно по средам"),
        ("FREQ=DAILY;COUNT=5", date(2025, 1, 6), "Ежедневно, 5 раз"),
        ("FREQ=DAILY;COUNT=22", date(2025, 1, 6), "Ежедневно, 22 раза"),
        ("FREQ=DAILY;COUNT=21", date(2025, 1, 6), "Ежедневно, 21 раз"),
        ("FREQ=MONTHLY;BYDAY=2TU", date(2025, 1, 14), "Ежемесячно во второй вторник"),
        ("FREQ=MONTHLY;BYDAY=-1FR", date(2025, 1, 31), "Ежемесячно в последнюю пятницу"),
        ("FREQ=MONTHLY;BYDAY=1SU", date(2025, 1, 5), "Ежемесячно в первое воскресенье"),
        ("FREQ=MONTHLY", date(2025, 1, 31), "Ежемесячно 31-го числа"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", date(2025, 1, 31), "Ежемесячно в последний день месяца"),
        ("FREQ=YEARLY", date(2024, 2, 29), "Ежегодно 29 февраля"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", date(2025, 3, 30),
         "Ежегодно в последнее воскресенье марта"),
        ("FREQ=MONTHLY;INTERVAL=3;COUNT=1", date(2025, 1, 5),
         "Каждые 3 месяца 5-го числа, один раз"),
        ("FREQ=DAILY;INTERVAL=21", date(2025, 1, 5), "Каждый 21 день"),
        ("FREQ=WEEKLY;INTERVAL=5;BYDAY=SA", date(2025, 1, 4), "Каждые 5 недель по субботам"),
        ("FREQ=YEARLY;INTERVAL=5", date(2025, 5, 9), "Каждые 5 лет 9 мая"),
    ],
)  # fmt: skip
def test_rules_in_russian_words(rule, first, words):
    assert describe_rule(parse_rule(rule), first, locale="ru") == words
    assert english_words(words) == []


def test_rule_words_stay_english_without_a_language():
    rule = parse_rule("FREQ=MONTHLY;BYDAY=2TU")
    assert describe_rule(rule, date(2025, 1, 14)) == "Monthly on the second Tuesday"
    assert describe_rule(rule, date(2025, 1, 14), locale="en") == "Monthly on the second Tuesday"


# -- the form --------------------------------------------------------------------------


def test_new_event_form_is_in_russian(ru_editor, ru_ids):
    html = ru_editor.get("/events/new").get_data(as_text=True)
    assert '<html lang="ru">' in html
    for words in ("Новое событие", "Название", "Вид", "Учения", "Подтверждено", "Весь день",
                  "Часовой пояс", "Место проведения", "Участвующие силы", "Общедоступное",
                  "Повтор", "Не повторяется", "Ежедневно", "Еженедельно по выбранным дням",
                  "Ежемесячно в определённое число", "Ежегодно в дату начала",
                  "Другое: каждые N дней, недель, месяцев или лет", "Никогда",
                  "После заданного числа повторений", "В указанную дату", "Понедельник",
                  "Минск, Беларусь", "Создать событие"):  # fmt: skip
        assert words in html, words
    assert _english(html) == []
    assert "пояс места проведения, иначе Москва (Europe/Moscow)." in html  # the city, then the id


def test_the_form_says_which_title_and_description_are_english(ru_editor, ru_ids):
    html = ru_editor.get("/events/new").get_data(as_text=True)
    words = [
        re.search(rf'<label[^>]*for="{name}"[^>]*>([^<]+)<', html)[1].strip()
        for name in ("title", "title_ru", "description", "description_ru")
    ]
    assert words == [
        "Название на английском",
        "Название на русском",
        "Описание на английском",
        "Описание на русском",
    ]


def test_form_errors_are_in_russian(ru_editor, ru_ids):
    response = _post(
        ru_editor, "/events/new", _form(ru_ids, title="", end_date="2025-01-05", end_time="09:00")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = _errors(html)
    assert errors["title"] == "Обязательное поле."
    assert errors["end_date"] == "Событие заканчивается раньше, чем начинается."
    assert "Ничего не сохранено. Исправьте эти поля:" in html
    assert _english(html) == []


def test_an_end_time_before_the_start_is_explained_in_russian(ru_editor, ru_ids):
    html = _post(ru_editor, "/events/new", _form(ru_ids, start_time="10:00", end_time="08:00"))
    errors = _errors(html.get_data(as_text=True))
    assert errors["end_time"].startswith("Событие заканчивается раньше, чем начинается. Если")


def test_a_bad_repeat_rule_is_refused_in_russian(ru_editor, ru_ids):
    # Ends on a date before it starts: the series rules (a Message of domain/recurrence).
    response = _post(
        ru_editor,
        "/events/new",
        _form(ru_ids, repeats="weekly", repeat_ends="until", repeat_until="2024-12-01"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _errors(html)["repeats"] == (
        "Серия заканчивается раньше своего первого повторения: выберите более позднюю дату "
        "окончания."
    )
    assert _english(html) == []
    # A field of the control that cannot be read (a message with its value).
    response = _post(ru_editor, "/events/new", _form(ru_ids, repeats="custom", repeat_interval="0"))
    html = response.get_data(as_text=True)
    assert _errors(html)["repeat_interval"] == "Введите целое число от 1 до 999."
    assert _english(html) == []


def test_wtforms_own_messages_are_in_russian(ru_editor, ru_ids):
    """The new location's fields are /manage's, checked by WTForms' validators: their
    messages come from WTForms' own Russian catalogue."""
    response = _post(
        ru_editor,
        "/events/new",
        _form(
            ru_ids,
            location_id="new",
            **{"new_location-name": "П" * 300, "new_location-country": "XX"},
            **{"new_location-timezone": "Europe/Minsk"},
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = _errors(html)
    assert errors["new_location-name"].startswith("Значение не должно содержать более")
    assert errors["new_location-country"] == "Неверный вариант."
    response = _post(
        ru_editor,
        "/events/new",
        _form(ru_ids, location_id="new", **{"new_location-timezone": "Europe/Minsk"}),
    )
    html = response.get_data(as_text=True)
    assert _errors(html)["new_location-name"] == "Обязательное поле."
    assert "Неизвестный" not in html and _english(html) == []


def test_the_same_form_stays_english_by_default(editor, ru_ids):
    response = _post(editor, "/events/new", _form(ru_ids, title="", repeats="custom"))
    html = response.get_data(as_text=True)
    assert _errors(html)["title"] == "This field is required."
    assert "Does not repeat" in html and "Nothing was saved. Please correct this field:" in html


def test_flash_after_saving_is_in_russian(ru_editor, ru_ids):
    event_id = _created(_post(ru_editor, "/events/new", _form(ru_ids)))
    html = ru_editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert f"Событие «{TITLE}» создано." in html
    assert "6 января 2025 г., 10:00 – 12:00" in html


def test_an_address_in_latin_letters_is_marked_english_on_a_russian_page(app, ru_editor, ru_ids):
    with app.app_context():
        db.session.get(Location, ru_ids["grounds"]).address = "Sivtsev Vrazhek Lane 39"
        db.session.commit()
    event_id = _created(_post(ru_editor, "/events/new", _form(ru_ids)))
    html = ru_editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert '<span lang="en">Sivtsev Vrazhek Lane 39</span>' in html  # WCAG 3.1.2


def test_double_booking_asks_in_russian(ru_editor, ru_ids):
    _created(_post(ru_editor, "/events/new", _form(ru_ids)))
    response = _post(ru_editor, "/events/new", _form(ru_ids, title="Учения «Поиск»"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Не сохранено: событие пересекается с другими" in html
    assert "(1 пересечение)" in html
    assert "Всё равно сохранить" in html
    assert _english(html) == []
    form = _form(ru_ids, title="Учения «Поиск»", confirm_conflicts="y", conflict_reason="")
    html = _post(ru_editor, "/events/new", form).get_data(as_text=True)
    assert _errors(html)["conflict_reason"] == (
        "Укажите, почему событие всё равно сохраняется (для истории изменений)."
    )


# -- event and series pages -------------------------------------------------------------


def _series(ru_editor, ru_ids) -> int:
    form = _form(
        ru_ids,
        repeats="custom",
        repeat_interval="2",
        repeat_unit="WEEKLY",
        repeat_weekdays=["MO", "TH"],
        repeat_ends="until",
        repeat_until="2025-06-30",
    )
    return _created(_post(ru_editor, "/events/new", form))


RULE = "Каждые 2 недели по понедельникам и четвергам до 30 июня 2025 г."


def test_series_page_and_occurrence_page_say_the_rule_in_russian(app, ru_editor, ru_ids):
    series_id = _series(ru_editor, ru_ids)
    html = ru_editor.get(f"/events/{series_id}").get_data(as_text=True)
    assert f"Повтор: <strong>{RULE}</strong>" in html
    assert "Ближайшие повторения" in html or "Последние повторения" in html
    assert "Изменить все события серии" in html
    edit = ru_editor.get(f"/events/{series_id}/edit").get_data(as_text=True)
    assert f"<strong>{RULE}</strong>" in edit  # the Repeats control's words

    anonymous = app.test_client()
    anonymous.set_cookie("lang", "ru")
    page = anonymous.get(f"/events/{series_id}").get_data(as_text=True)
    assert RULE in page and _english(page) == []
    occurrence = anonymous.get(f"/events/{series_id}/20250109T070000Z")
    page = occurrence.get_data(as_text=True)
    assert occurrence.status_code == 200
    assert "Часть серии:" in page and RULE in page
    assert "9 января 2025 г., 10:00 – 12:00" in page
    assert _english(page) == []


def test_scope_pages_are_in_russian(ru_editor, ru_ids):
    series_id = _series(ru_editor, ru_ids)
    key = "20250109T070000Z"
    for what, heading, button in (
        ("edit", f"Изменить «{TITLE}»", "Продолжить"),
        ("cancel", f"Отменить «{TITLE}»", "Отменить повторения"),
        ("delete", f"Удалить «{TITLE}»", "Удалить повторения"),
    ):
        html = ru_editor.get(f"/events/{series_id}/{key}/{what}").get_data(as_text=True)
        assert heading in html and button in html, what
        assert "Это событие" in html and "Это и последующие события" in html
        assert "повторение от <strong>9 янв. 2025 г., 10:00</strong>" in html
        assert _english(html) == [], what
    html = ru_editor.get(f"/events/{series_id}/{key}/edit?scope=this").get_data(as_text=True)
    assert "Изменить это событие" in html
    assert "Изменится только повторение от 9 янв. 2025 г., 10:00" in html
    assert _english(html) == []


def test_cancelling_an_occurrence_speaks_russian(ru_editor, ru_ids):
    series_id = _series(ru_editor, ru_ids)
    key = "20250109T070000Z"
    page = ru_editor.get(f"/events/{series_id}/{key}/cancel").get_data(as_text=True)
    response = ru_editor.post(
        f"/events/{series_id}/{key}/cancel",
        data={"csrf_token": csrf_token(page), "scope": "this", "version": "1"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Повторение от 9 янв. 2025 г., 10:00 отменено" in html
    assert "Это событие отменено." in html


def test_cancel_and_delete_pages_of_an_event_are_in_russian(ru_editor, ru_ids):
    event_id = _created(_post(ru_editor, "/events/new", _form(ru_ids)))
    html = ru_editor.get(f"/events/{event_id}/cancel").get_data(as_text=True)
    assert f"Отменить «{TITLE}»?" in html and "Причина (необязательно)" in html
    assert _english(html, allowed={"Google", "Apple", "Outlook"}) == []
    response = _post(ru_editor, f"/events/{event_id}/cancel", {"reason": "Перенос", "version": "1"})
    assert response.status_code == 302
    html = ru_editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert f"Событие «{TITLE}» отменено" in html and "Причина:" in html

    html = ru_editor.get(f"/events/{event_id}/delete").get_data(as_text=True)
    assert f"Удалить «{TITLE}»?" in html and "Удалить событие" in html
    assert _english(html) == []


def test_a_deleted_event_page_is_in_russian(app, ru_editor, admin, ru_ids):
    event_id = _created(_post(ru_editor, "/events/new", _form(ru_ids)))
    with app.app_context():
        version = db.session.scalars(select(Event.version).where(Event.id == event_id)).one()
    page = ru_editor.get(f"/events/{event_id}/delete").get_data(as_text=True)
    ru_editor.post(
        f"/events/{event_id}/delete",
        data={"csrf_token": csrf_token(page), "version": str(version)},
    )
    admin.set_cookie("lang", "ru")
    response = admin.get(f"/events/{event_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f"Событие «{TITLE}» удалено" in html and "Удалил(а) <strong>erin</strong>" in html
    assert "Восстановить" in html


def test_the_history_words_recorded_values_and_marks_english_ones(ru_editor, ru_ids, app):
    event_id = _created(_post(ru_editor, "/events/new", _form(ru_ids)))
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.location.name = "Gozhdzha training ground"  # renamed in English since
        db.session.commit()
    html = ru_editor.get(f"/events/{event_id}").get_data(as_text=True)
    history = html[html.index("<h2>История") :]
    # The kind and status as the page words them, lower case like a recorded value.
    assert "<td>учения</td>" in history and "<td>подтверждено</td>" in history
    assert "training" not in history.replace("Gozhdzha training ground", "")
    # The recorded place keeps its venue as typed, its country in the page's words.
    assert "Полигон «Гозджа», Минск, Беларусь" in history
    assert _english(html, allowed={"erin"}) == []


def test_the_history_names_forces_and_officials_in_russian_where_they_have_it(
    ru_editor, ru_ids, app
):
    with app.app_context():
        official = Official(name="Ivan Petrov", name_ru="Иван Петров")
        force = Force(slug="air", name="Collective Air Forces", name_ru="Коллективные ВВС")
        db.session.add_all([official, force])
        db.session.commit()
        ids = {"official": official.id, "force": force.id}
    form = _form(ru_ids, force_ids=[str(ids["force"])], official_ids=[str(ids["official"])])
    event_id = _created(_post(ru_editor, "/events/new", form))
    html = ru_editor.get(f"/events/{event_id}").get_data(as_text=True)
    history = html[html.index("<h2>История") :]
    assert "<td>Коллективные ВВС</td>" in history and "<td>Иван Петров</td>" in history
    assert "Collective Air Forces" not in history and "Ivan Petrov" not in history
    ru_editor.set_cookie("lang", "en")
    english = ru_editor.get(f"/events/{event_id}").get_data(as_text=True)
    assert "<td>Ivan Petrov</td>" in english[english.index("<h2>History") :]
