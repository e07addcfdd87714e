"""Officials in Russian (issue 16 §5): the manage form takes the name, position and
organisation in Russian; the picker, the event page, the conflicts report and the API
show them; the demo's Secretary General reads «Имангали Тасмагамбетов» in Russian."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from calendar_app.backup import export_data, import_data
from calendar_app.demo import _uid
from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import Event, Official

from .helpers import post_form
from .i18n_check import english_words

RUSSIAN = {
    "name_ru": "Имангали Тасмагамбетов",
    "position_ru": "Генеральный секретарь ОДКБ",
    "organisation_ru": "ОДКБ",
}
ENGLISH = {"name": "Imangali Tasmagambetov", "position": "Secretary General",
           "organisation": "CSTO"}  # fmt: skip
OFFICIALS_DD = re.compile(r'<dd class="officials">(.*?)</dd>', re.S)
PICKER = re.compile(r'<fieldset[^>]*id="field-official_ids".*?</fieldset>', re.S)


def _page(client, path: str, language: str) -> str:
    client.set_cookie("lang", language)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _demo_event_id(app, slug: str = "sg-shoigu-2023-02-20") -> int:
    with app.app_context():
        return db.session.scalar(select(Event.id).where(Event.uid == _uid(slug)))


def test_the_manage_form_saves_and_lists_the_russian_texts(app, editor):
    form = _page(editor, "/manage/officials/new", "en")
    order = re.findall(r'<input[^>]*name="(\w+)"', form)
    assert [n for n in order if n != "csrf_token"] == [
        "name", "name_ru", "position", "position_ru", "organisation", "organisation_ru"
    ]  # fmt: skip
    assert "Name in Russian" in form and "Position in Russian" in form
    assert post_form(editor, "/manage/officials/new", {**ENGLISH, **RUSSIAN}).status_code == 302
    assert post_form(editor, "/manage/officials/new", {"name": "Ivan Petrov"}).status_code == 302
    with app.app_context():
        sg = db.session.scalar(select(Official).where(Official.name == ENGLISH["name"]))
        assert (sg.name_ru, sg.position_ru, sg.organisation_ru) == tuple(RUSSIAN.values())
        other = db.session.scalar(select(Official).where(Official.name == "Ivan Petrov"))
        assert (other.name_ru, other.position_ru, other.organisation_ru) == (None, None, None)
        assert sg.label() == "Imangali Tasmagambetov, Secretary General"
        assert sg.label("ru") == "Имангали Тасмагамбетов, Генеральный секретарь ОДКБ"
        assert other.label("ru") == "Ivan Petrov"
    russian = _page(editor, "/manage/officials", "ru")
    assert "Имангали Тасмагамбетов" in russian and "Генеральный секретарь ОДКБ" in russian
    assert "Secretary General" not in russian
    assert '<span lang="en">Ivan Petrov</span>' in russian  # the fallback, marked
    english = _page(editor, "/manage/officials", "en")
    assert "Imangali Tasmagambetov" in english and "Secretary General" in english
    assert "Имангали" not in english
    ru_form = _page(editor, "/manage/officials/new", "ru")
    assert "Имя на русском" in ru_form and "Должность на русском" in ru_form


def test_an_over_long_russian_name_is_a_field_error(app, editor):
    data = {**ENGLISH, "name_ru": "Я" * 201}
    response = post_form(editor, "/manage/officials/new", data)
    assert response.status_code == 422
    assert 'id="field-name_ru"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Official)) is None
    assert (
        post_form(editor, "/manage/officials/new", {**ENGLISH, "position_ru": "a\nb"}).status_code
        == 422
    )


def test_the_russian_demo_event_page_and_form_name_the_secretary_general_in_russian(
    app, demo, editor
):
    event_id = _demo_event_id(app)
    page = _page(editor, f"/events/{event_id}", "ru")
    officials = OFFICIALS_DD.search(page).group(1)
    assert officials == "Имангали Тасмагамбетов, Генеральный секретарь ОДКБ"
    assert english_words(officials, "ru") == []
    form = _page(editor, f"/events/{event_id}/edit", "ru")
    picker = PICKER.search(form).group(0)
    assert "Имангали Тасмагамбетов, Генеральный секретарь ОДКБ" in picker
    assert english_words(picker, "ru") == []
    english = _page(editor, f"/events/{event_id}", "en")
    assert OFFICIALS_DD.search(english).group(1) == "Imangali Tasmagambetov, Secretary General"
    english_form = PICKER.search(_page(editor, f"/events/{event_id}/edit", "en")).group(0)
    assert "Imangali Tasmagambetov, Secretary General" in english_form
    assert "Имангали" not in english_form


def test_an_official_without_russian_is_marked_english_in_the_picker(app, editor):
    post_form(editor, "/manage/officials/new", {"name": "Ivan Petrov", "position": "Minister"})
    picker = PICKER.search(_page(editor, "/events/new", "ru")).group(0)
    assert '<span lang="en">Ivan Petrov</span>, <span lang="en">Minister</span>' in picker
    assert english_words(picker, "ru") == []


def test_the_api_carries_the_russian_texts_or_null(app, demo, client):
    event_id = _demo_event_id(app)
    official = client.get(f"/api/v1/events/{event_id}").get_json()["officials"][0]
    assert official["nameRu"] == "Имангали Тасмагамбетов"
    assert official["positionRu"] == "Генеральный секретарь ОДКБ"
    assert official["organisationRu"] == "ОДКБ"
    assert official["name"] == "Imangali Tasmagambetov"
    with app.app_context():
        sg = db.session.scalar(select(Official))
        sg.name_ru = sg.position_ru = sg.organisation_ru = None
        db.session.commit()
    official = client.get(f"/api/v1/events/{event_id}").get_json()["officials"][0]
    assert (official["nameRu"], official["positionRu"], official["organisationRu"]) == (
        None, None, None
    )  # fmt: skip


def test_the_russian_conflicts_report_names_the_official_in_russian(app, demo, editor):
    with app.app_context():
        sg = db.session.scalar(select(Official))
        day = date(2023, 2, 20)
        service.create_event(EventData(title="Another meeting", kind="meeting", start=day,
                                       end=day, all_day=True, timezone="Europe/Moscow",
                                       official_ids=[sg.id]))  # fmt: skip
        db.session.commit()
    page = _page(editor, "/conflicts?from=2023-02-01&to=2023-03-01", "ru")
    section = re.search(r'<section class="conflict-group" aria-labelledby="conflicts-official">'
                        r".*?</section>", page, re.S).group(0)  # fmt: skip
    assert "<h3>Имангали Тасмагамбетов</h3>" in section
    english = _page(editor, "/conflicts?from=2023-02-01&to=2023-03-01", "en")
    assert "<h3>Imangali Tasmagambetov</h3>" in english


def test_the_json_backup_keeps_the_officials_and_their_russian_texts(app, demo):
    with app.app_context():
        exported = export_data()
        rows = exported["tables"]["officials"]
        assert rows[0]["name_ru"] == "Имангали Тасмагамбетов"
        assert exported["tables"]["event_officials"]
        import_data({"format": exported["format"], "tables": {}}, replace=True)  # wipe
        db.session.commit()
        assert db.session.scalar(select(Official)) is None
        import_data(exported, replace=True)
        db.session.commit()
        assert export_data()["tables"]["officials"] == rows
        assert export_data()["tables"]["event_officials"] == exported["tables"]["event_officials"]
        sg = db.session.scalar(select(Official))
        assert sg.label("ru") == "Имангали Тасмагамбетов, Генеральный секретарь ОДКБ"


def test_the_shared_names_of_a_double_booking_follow_the_language(app, demo):
    """What the event form's "Not saved" list and the import preview's warnings name."""
    from calendar_app.events.conflicts import conflicts_of, resource_names

    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.uid == _uid("sg-shoigu-2023-02-20")))
        data = EventData.from_event(event)
        data.uid, data.title = "", "Another meeting"
        service.create_event(data)
        db.session.flush()
        found = conflicts_of(event)
        sg = db.session.scalar(select(Official))
        assert resource_names(found)[("official", sg.id)] == "Imangali Tasmagambetov"
        assert resource_names(found, "ru")[("official", sg.id)] == "Имангали Тасмагамбетов"
        db.session.rollback()
