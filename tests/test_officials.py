"""Officials: a managed list like forces, pickable on events, kept in their history."""

from datetime import date

from sqlalchemy import select

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.events.rules import check_event
from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, Official
from tests.helpers import post_form


def _add(client, **values):
    data = {"name": "Imangali Tasmagambetov", "position": "Secretary General",
            "organisation": "CSTO Secretariat", **values}  # fmt: skip
    return post_form(client, "/manage/officials/new", data)


def test_an_editor_adds_an_official_and_sees_them_listed(editor):
    response = _add(editor)
    assert response.status_code == 302
    page = editor.get("/manage/officials").get_data(as_text=True)
    assert "Imangali Tasmagambetov" in page and "Secretary General" in page


def test_a_name_taken_in_another_case_is_a_field_error_not_a_500(editor):
    _add(editor)
    again = _add(editor, name="IMANGALI TASMAGAMBETOV")
    assert again.status_code == 422
    assert "Another official already has this name." in again.get_data(as_text=True)


def test_an_empty_or_multi_line_name_is_refused(editor):
    assert _add(editor, name="").status_code == 422
    assert _add(editor, name="two\nlines").status_code == 422


def test_an_event_keeps_its_officials_and_a_rename_is_in_its_history(app, editor):
    _add(editor)
    with app.app_context():
        official = db.session.scalar(select(Official))
        day = EventData(title="Talks", kind="meeting", start=date(2023, 9, 4),
                        end=date(2023, 9, 4), all_day=True,
                        timezone="Europe/Minsk", official_ids=[official.id])  # fmt: skip
        event = service.create_event(day)
        db.session.commit()
        assert [o.name for o in event.officials] == ["Imangali Tasmagambetov"]
        assert EventData.from_event(event).official_ids == [official.id]
        event_id, official_id = event.id, official.id
    renamed = post_form(editor, f"/manage/officials/{official_id}/edit",
                        {"name": "I. Tasmagambetov", "position": "Secretary General", "organisation": ""})  # fmt: skip
    assert renamed.status_code == 302
    with app.app_context():
        last = db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id == event_id)
            .order_by(EventRevision.id.desc())
        ).first()
        assert last.changes["officials"] == [["Imangali Tasmagambetov"], ["I. Tasmagambetov"]]
    refused = post_form(
        editor,
        f"/manage/officials/{official_id}/edit",
        {},
        action=f"/manage/officials/{official_id}/delete",
    )
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.get(Official, official_id) is not None
        assert db.session.get(Event, event_id).officials


def test_an_unused_official_can_be_deleted(app, editor):
    _add(editor)
    with app.app_context():
        official_id = db.session.scalar(select(Official.id))
    post_form(
        editor,
        f"/manage/officials/{official_id}/edit",
        {},
        action=f"/manage/officials/{official_id}/delete",
    )
    with app.app_context():
        assert db.session.get(Official, official_id) is None


def test_the_rules_refuse_an_unknown_official(app):
    with app.app_context():
        rules = service.event_rules()
        data = EventData(title="Talks", kind="meeting", start=date(2023, 9, 4),
                         end=date(2023, 9, 4), all_day=True,
                         timezone="Europe/Minsk", official_ids=[999])  # fmt: skip
        assert check_event(data, rules) == {"official_ids": "Choose officials from the list."}
