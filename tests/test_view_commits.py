"""The service layer only flushes: the staff views that call it commit themselves, so a
saved force or location, or a deletion, outlives the request."""

import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Force, Location
from tests.helpers import csrf_token, login, make_user, post_form


@pytest.fixture
def editor(app, client):
    make_user(app, "erin", "editor")
    login(client, "erin")
    return client


def _names(app, model) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(model.name)))


def test_a_new_force_and_location_are_committed_by_the_view(app, editor):
    force = {"name": "Collective Aviation Forces", "description": ""}
    assert post_form(editor, "/manage/forces/new", force).status_code == 302
    location = {"name": "Lyaur training ground", "timezone": "Asia/Dushanbe", "country": "TJ"}
    assert post_form(editor, "/manage/locations/new", location).status_code == 302
    assert _names(app, Force) == ["Collective Aviation Forces"]
    assert _names(app, Location) == ["Lyaur training ground"]


def test_an_edit_and_a_deletion_are_committed_by_the_view(app, editor):
    with app.app_context():
        force = Force(slug="crrf", name="CRRF", description="")
        db.session.add(force)
        db.session.commit()
        force_id = force.id
    edit = f"/manage/forces/{force_id}/edit"
    assert post_form(editor, edit, {"name": "Rapid Reaction", "description": ""}).status_code == 302
    assert _names(app, Force) == ["Rapid Reaction"]
    page = editor.get(edit).get_data(as_text=True)
    deleted = editor.post(
        f"/manage/forces/{force_id}/delete", data={"csrf_token": csrf_token(page)}
    )
    assert deleted.status_code == 302
    assert _names(app, Force) == []
