"""The staff pages in Russian (cookie lang=ru): /manage's lists and forms, the audit log,
the import page and its preview, the conflicts report, sign-in and the account page — no
English word left on them (tests/i18n_check.py); the forms' messages in Russian; the
Russian names of forces and locations saved and shown; an .ics file's Russian SUMMARY."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.imports.parse import parse_ics
from calendar_app.models import Event, Force, Location, Official, User

from .helpers import csrf_token
from .i18n_check import english_words

# Usernames are data, as the test users are called (helpers.AuthActions).
USERS = {"erin", "ada", "vera"}
NAMES = {"IANA"}  # the time-zone database, named in the time-zone field's message
# iCalendar's property and value names stay as the files spell them (codes, upper case).
ICAL_NAMES = {
    "SEQUENCE", "LAST-MODIFIED", "RDATE", "CLASS", "PUBLIC", "PRIVATE", "CONFIDENTIAL",
    "BEGIN", "END", "VCALENDAR", "SUMMARY", "LANGUAGE", "UID", "RECURRENCE-ID",
}  # fmt: skip
WINDOW = (date(2020, 1, 1), date(2030, 12, 31))


def _english(html: str) -> list[str]:
    """The English words of the page's content (<main>); base.html's header, menus and
    footer are checked with it."""
    main = re.search(r'<main id="content"[^>]*>(.*)</main>', html, re.S)
    assert main, html
    return english_words(main.group(1), "ru", allowed=USERS | ICAL_NAMES | NAMES)


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="field-error" id="([\w-]+)-error">([^<]*)</p>', html))


def _post(client, url: str, data: dict):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


@pytest.fixture
def records(app):
    """A force and a venue with Russian names, an official, and two overlapping events."""
    with app.app_context():
        force = Force(
            slug="ksor",
            name="Collective Rapid Reaction Forces",
            name_ru="Коллективные силы оперативного реагирования",
        )
        grounds = Location(
            name="Gozhsky range",
            name_ru="Полигон «Гожский»",
            city="Grodno",
            city_ru="Гродно",
            country="BY",
            timezone="Europe/Minsk",
        )
        official = Official(name="Иванов И. И.", position="Генеральный секретарь")
        db.session.add_all([force, grounds, official])
        db.session.flush()
        events = []
        for title, title_ru in (
            ("Joint exercise", "Совместные учения"),
            ("Staff talks", "Штабные переговоры"),
        ):
            event = Event(
                title=title,
                title_ru=title_ru,
                kind="training",
                status="confirmed",
                visibility="internal",
                uid=f"{title}@test",
                location_id=grounds.id,
            )
            event.set_timed(
                datetime(2025, 3, 10, 8, tzinfo=UTC),
                datetime(2025, 3, 10, 12, tzinfo=UTC),
                "Europe/Minsk",
            )
            event.forces = [force]
            events.append(event)
        db.session.add_all(events)
        db.session.commit()
        return {"force": force.id, "location": grounds.id, "official": official.id}


@pytest.fixture
def ru_admin(admin):
    admin.set_cookie("lang", "ru")
    admin.get("/account")  # shows (and so clears) the sign-in's flash
    return admin


@pytest.mark.parametrize(
    "url",
    [
        "/manage/forces",
        "/manage/forces/new",
        "/manage/locations",
        "/manage/locations/new",
        "/manage/officials",
        "/manage/officials/new",
        "/manage/users",
        "/manage/users/new",
        "/manage/audit",
        "/import",
        "/conflicts?from=2025-03-01&to=2025-03-31",
        "/account",
    ],
)
def test_staff_pages_have_no_english_words(ru_admin, records, url):
    response = ru_admin.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]
    assert '<html lang="ru">' in html
    assert _english(html) == [], _english(html)


def test_edit_pages_have_no_english_words(ru_admin, records, app):
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "ada"))
    for url in (
        f"/manage/forces/{records['force']}/edit",
        f"/manage/locations/{records['location']}/edit",
        f"/manage/officials/{records['official']}/edit",
        f"/manage/users/{user_id}/edit",
    ):
        html = ru_admin.get(url).get_data(as_text=True)
        assert _english(html) == [], (url, _english(html))


def test_the_lists_show_the_russian_names(ru_admin, records):
    forces = ru_admin.get("/manage/forces").get_data(as_text=True)
    assert "Коллективные силы оперативного реагирования" in forces
    assert "Collective Rapid Reaction Forces" not in forces
    locations = ru_admin.get("/manage/locations").get_data(as_text=True)
    assert "Полигон «Гожский»" in locations and "Гродно" in locations and "Беларусь" in locations
    conflicts = ru_admin.get("/conflicts?from=2025-03-01&to=2025-03-31").get_data(as_text=True)
    assert "Совместные учения" in conflicts and "Штабные переговоры" in conflicts
    assert "Формирования, занятые дважды" in conflicts
    assert "Коллективные силы оперативного реагирования" in conflicts


def test_a_force_saved_with_a_russian_name_shows_it(ru_admin, app):
    response = _post(
        ru_admin,
        "/manage/forces/new",
        {"name": "Peacekeeping Forces", "name_ru": "Миротворческие силы", "description": ""},
    )
    assert response.status_code == 302
    page = ru_admin.get("/manage/forces").get_data(as_text=True)
    assert "Формирование «Peacekeeping Forces» добавлено." in page
    assert "<strong>Миротворческие силы</strong>" in page
    with app.app_context():
        force = db.session.scalar(select(Force).where(Force.name == "Peacekeeping Forces"))
        assert force.name_ru == "Миротворческие силы"
        force_id = force.id
    # Cleared, the Russian name is gone: the English one shows, marked as English.
    _post(
        ru_admin, f"/manage/forces/{force_id}/edit", {"name": "Peacekeeping Forces", "name_ru": ""}
    )
    with app.app_context():
        assert db.session.get(Force, force_id).name_ru is None
    page = ru_admin.get("/manage/forces").get_data(as_text=True)
    assert '<span lang="en">Peacekeeping Forces</span>' in page


def test_a_location_keeps_its_russian_venue_and_city(ru_admin, app):
    response = _post(
        ru_admin,
        "/manage/locations/new",
        {"name": "CSTO Secretariat", "name_ru": "Секретариат ОДКБ", "city": "Moscow",
         "city_ru": "Москва", "country": "RU", "timezone": "Europe/Moscow"},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        location = db.session.scalar(select(Location).where(Location.name == "CSTO Secretariat"))
        assert (location.name_ru, location.city_ru) == ("Секретариат ОДКБ", "Москва")
    page = ru_admin.get("/manage/locations").get_data(as_text=True)
    assert "Секретариат ОДКБ" in page and "Москва" in page


def test_form_errors_are_in_russian(ru_admin, records):
    response = _post(
        ru_admin,
        "/manage/locations/new",
        {"name": "", "name_ru": "П" * 300, "city_ru": "Мин\nск", "timezone": "Mars/Olympus",
         "latitude": "95"},
    )  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = _errors(html)
    assert errors["name"] == "Обязательное поле."
    assert errors["name_ru"].startswith("Значение не должно содержать более")
    assert errors["city_ru"] == "Уберите переносы строк и управляющие символы."
    assert errors["timezone"].startswith("Неизвестный часовой пояс")
    assert errors["latitude"] == "От -90 до 90."
    assert _english(html) == [], _english(html)
    taken = _post(ru_admin, "/manage/forces/new", {"name": "Collective Rapid Reaction Forces"})
    assert (
        _errors(taken.get_data(as_text=True))["name"] == "Формирование с таким названием уже есть."
    )
    user = _post(
        ru_admin, "/manage/users/new", {"username": "a b", "role": "viewer", "password": "short"}
    )
    errors = _errors(user.get_data(as_text=True))
    assert errors["username"] == "Только буквы, цифры и символы . _ @ -"
    assert errors["password"] == "Не менее 8 символов."


def test_a_used_force_cannot_be_deleted_and_says_so_in_russian(ru_admin, records):
    url = f"/manage/forces/{records['force']}/delete"
    page = ru_admin.get(f"/manage/forces/{records['force']}/edit").get_data(as_text=True)
    response = ru_admin.post(url, data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "указано в 2 событиях (считая удалённые), поэтому удалить его нельзя" in html


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:talks-1@test\r
DTSTART;VALUE=DATE:20250310\r
SUMMARY:Staff talks\r
SUMMARY;LANGUAGE=ru:Штабные переговоры\r
DESCRIPTION:Agenda\r
DESCRIPTION;LANGUAGE=ru:Повестка\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:only-ru@test\r
DTSTART:20250311T090000Z\r
DTEND:20250311T100000Z\r
SUMMARY;LANGUAGE=ru:Заседание Совета\r
END:VEVENT\r
END:VCALENDAR\r
""".encode()


def test_an_ics_summary_with_language_ru_is_the_russian_title():
    events, rejected = parse_ics(ICS, default_zone="UTC", window=WINDOW)
    assert rejected == []
    talks, council = events
    assert (talks.title, talks.title_ru) == ("Staff talks", "Штабные переговоры")
    assert (talks.description, talks.description_ru) == ("Agenda", "Повестка")
    # Only a Russian SUMMARY: it is the title too (an event needs one).
    assert (council.title, council.title_ru) == ("Заседание Совета", "Заседание Совета")
    plain = ICS.replace(b"SUMMARY;LANGUAGE=ru:", b"X-SKIP:")
    events, _ = parse_ics(plain, default_zone="UTC", window=WINDOW)
    assert events[0].title == "Staff talks" and events[0].title_ru == ""


def _upload(client, content: bytes):
    token = csrf_token(client.get("/import").get_data(as_text=True))
    return client.post(
        "/import",
        data={"csrf_token": token, "file": (BytesIO(content), "talks.ics")},
        content_type="multipart/form-data",
    )


def test_the_import_preview_is_in_russian_and_imports_title_ru(ru_admin, app):
    response = _upload(ru_admin, ICS)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:1000]
    assert "Новых: 2, обновлённых: 0, без изменений: 0, отклонённых: 0." in html
    assert "Штабные переговоры" in html and "весь день" in html
    assert _english(html) == [], _english(html)
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    confirm = ru_admin.post("/import/confirm", data=form, follow_redirects=True)
    page = confirm.get_data(as_text=True)
    assert "Импортировано. Новых: 2" in page
    assert _english(page) == []
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.uid == "talks-1@test"))
        assert (event.title, event.title_ru) == ("Staff talks", "Штабные переговоры")
        assert event.description_ru == "Повестка"


def test_a_bad_file_is_refused_in_russian(ru_admin):
    response = _upload(ru_admin, b"Name,Date\nx,y\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "это не файл iCalendar (нет BEGIN:VCALENDAR)" in html


def test_the_login_page_and_its_messages_are_in_russian(client, auth):
    auth.user("editor")
    client.set_cookie("lang", "ru")
    asked = client.get("/manage/forces", follow_redirects=True).get_data(as_text=True)
    assert "Войдите, чтобы открыть эту страницу." in asked
    assert _english(asked) == []
    refused = auth.submit("erin", "wrong password")
    html = refused.get_data(as_text=True)
    assert "Эти имя пользователя и пароль не соответствуют" in html
    assert _english(html) == [], _english(html)


def test_account_messages_are_in_russian(ru_admin):
    response = _post(ru_admin, "/account/tokens", {"name": ""})
    assert "Дайте токену имя" in response.get_data(as_text=True)
    response = _post(ru_admin, "/account/tokens", {"name": "Сайт"})
    html = response.get_data(as_text=True)
    assert "Новый токен «Сайт»" in html
    assert _english(html) == [], _english(html)
    wrong = _post(
        ru_admin,
        "/account/password",
        {"current_password": "not it at all", "new_password": "x", "confirm": "y"},
    )
    errors = _errors(wrong.get_data(as_text=True))
    assert errors["new_password"] == "Не менее 8 символов."
    assert errors["confirm"] == "Два введённых новых пароля не совпадают."


def test_the_audit_log_names_account_changes_in_russian(ru_admin):
    _post(
        ru_admin,
        "/manage/users/new",
        {"username": "vera", "role": "viewer", "password": "long enough pw"},
    )
    html = ru_admin.get("/manage/audit").get_data(as_text=True)
    assert "создал учётную запись с ролью «читатель»" in html
    assert _english(html) == [], _english(html)


def test_the_json_export_keeps_the_russian_texts(app, records):
    """export-json / import-json (backup.py) carry title_ru, description_ru and the forces'
    and locations' Russian names; the import checks the Russian texts like the English."""
    from calendar_app.backup import BackupError, export_data, import_data

    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.title == "Joint exercise"))
        event.description_ru = "Отработка взаимодействия"
        db.session.commit()
        exported = export_data()
        import_data({"format": exported["format"], "tables": {}}, replace=True)  # wipe
        db.session.commit()
        assert db.session.scalar(select(Event.id)) is None
        import_data(exported, replace=True)
        db.session.commit()
        event = db.session.scalar(select(Event).where(Event.title == "Joint exercise"))
        assert (event.title_ru, event.description_ru) == (
            "Совместные учения",
            "Отработка взаимодействия",
        )
        force = db.session.get(Force, records["force"])
        assert force.name_ru == "Коллективные силы оперативного реагирования"
        location = db.session.get(Location, records["location"])
        assert (location.name_ru, location.city_ru) == ("Полигон «Гожский»", "Гродно")
        assert export_data()["tables"] == exported["tables"]
        # A Russian title the rules refuse (control characters) is refused here too.
        broken = export_data()
        broken["tables"]["events"][0]["title_ru"] = "Учения\x00"
        with pytest.raises(BackupError, match="title_ru"):
            import_data(broken, replace=True)


def test_the_importers_reasons_and_warnings_are_in_russian(ru_admin):
    """Rejections and warnings of the file's events, and a file-level reason holding
    another reason, read in Russian; the English text of each stays the msgid."""
    content = ICS.replace(
        b"DTSTART:20250311T090000Z\r\nDTEND:20250311T100000Z\r\n",
        b"DTSTART;TZID=Atlantis/Capital:20250311T090000\r\n"
        b"DTEND;TZID=Atlantis/Capital:20250311T100000\r\n",
    ).replace(b"UID:talks-1@test\r\n", b"")
    html = _upload(ru_admin, content).get_data(as_text=True)
    assert "у него нет UID, поэтому следующий импорт не смог бы его узнать" in html
    assert "неизвестный часовой пояс Atlantis/Capital, прочитан как Europe/Moscow" in html
    assert "(часовой пояс этого календаря по умолчанию)" in html
    nested = ICS.replace(
        b"DESCRIPTION:Agenda\r\n",
        b"DESCRIPTION:Agenda\r\n" + b"BEGIN:X-PART\r\n" * 6 + b"END:X-PART\r\n" * 6,
    )
    html = _upload(ru_admin, nested).get_data(as_text=True)
    assert "файл не импортирован: его компоненты вложены глубже 6 уровней" in html
