import pytest
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision, Force, Location, User
from tests.helpers import (
    csrf_token,
    interaction_form,
    login,
    make_reference_data,
    make_user,
    post_form,
)


@pytest.fixture
def ids(app):
    ids = make_reference_data(app)
    make_user(app, "erin", "editor")
    ids["admin"] = make_user(app, "ada", "admin")
    ids["viewer"] = make_user(app, "vera", "viewer")
    return ids


@pytest.fixture
def editor(client, ids):
    login(client, "erin")
    return client


@pytest.fixture
def admin(app, ids):
    client = app.test_client()
    login(client, "ada")
    return client


def add_event(client, ids, **overrides) -> None:
    response = post_form(client, "/events/new", interaction_form(ids, **overrides))
    assert response.status_code == 302


def location_form(**overrides) -> dict:
    data = {
        "name": "Lyaur training ground",
        "city": "Dushanbe",
        "country": "TJ",
        "address": "",
        "latitude": "38.4",
        "longitude": "69.0",
        "timezone": "Asia/Dushanbe",
    }
    return {**data, **overrides}


# ---- who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/manage/forces", "/manage/locations", "/manage/audit"])
def test_viewer_gets_403_and_anonymous_a_login_redirect(client, app, ids, url):
    assert client.get(url).status_code == 302
    login(client, "vera")
    assert client.get(url).status_code == 403


def test_only_admins_manage_users(editor, admin):
    assert editor.get("/manage/users").status_code == 403
    assert admin.get("/manage/users").status_code == 200


# ---- forces ----------------------------------------------------------------------------


def test_editor_adds_a_force_with_a_stable_slug(editor, app):
    response = post_form(
        editor, "/manage/forces/new", {"name": "Collective Air Defence", "description": ""}
    )
    assert response.status_code == 302
    with app.app_context():
        force = db.session.scalar(select(Force).where(Force.name == "Collective Air Defence"))
        assert force.slug == "collective-air-defence"


def test_force_names_are_unique_regardless_of_case(editor, app):
    response = post_form(editor, "/manage/forces/new", {"name": "collective rapid reaction forces"})
    assert response.status_code == 422
    assert "Another force already has this name." in response.get_data(as_text=True)


def test_force_in_use_cannot_be_deleted_but_can_be_renamed(editor, app, ids):
    add_event(editor, ids)
    crrf = ids["crrf"]
    page = editor.get(f"/manage/forces/{crrf}/edit").get_data(as_text=True)
    response = editor.post(
        f"/manage/forces/{crrf}/delete",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "is used by 1 event" in response.get_data(as_text=True)
    response = post_form(
        editor, f"/manage/forces/{crrf}/edit", {"name": "CSTO Rapid Reaction Forces"}
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert [f.name for f in event.forces] == ["CSTO Rapid Reaction Forces"]
        assert db.session.get(Force, crrf).slug == "crrf"  # feed filter URLs keep working
        last = db.session.scalars(select(EventRevision).order_by(EventRevision.id.desc())).first()
        assert last.action == "rename"
        assert last.changes == {
            "forces": [["Collective Rapid Reaction Forces"], ["CSTO Rapid Reaction Forces"]]
        }


def test_unused_force_is_deleted(editor, app, ids):
    page = editor.get(f"/manage/forces/{ids['peacekeeping']}/edit").get_data(as_text=True)
    response = editor.post(
        f"/manage/forces/{ids['peacekeeping']}/delete", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Force, ids["peacekeeping"]) is None


# ---- locations -------------------------------------------------------------------------


def test_editor_adds_a_location(editor, app):
    assert post_form(editor, "/manage/locations/new", location_form()).status_code == 302
    page = editor.get("/manage/locations").get_data(as_text=True)
    assert "Lyaur training ground" in page and "Tajikistan" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"timezone": "Asia/Atlantis"}, "Unknown time zone"),
        ({"latitude": "91"}, "Between -90 and 90."),
        ({"longitude": "east"}, "Not a valid float value."),
        ({"latitude": "nan"}, "Enter a number."),
        ({"name": "Training grounds of the Republic of Belarus"}, "already has this name"),
        ({"city": "Dushanbe\nInjected"}, "Remove line breaks"),
    ],
)
def test_location_form_rules(editor, overrides, message):
    response = post_form(editor, "/manage/locations/new", location_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_location_rename_records_a_revision_on_each_live_event(editor, app, ids):
    add_event(editor, ids)
    add_event(editor, ids, title="Echelon-2023", start_date="2023-10-02", end_date="2023-10-06")
    response = post_form(
        editor,
        f"/manage/locations/{ids['belarus']}/edit",
        location_form(
            name="Belarus training grounds", city="", country="BY", timezone="Europe/Minsk"
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        renames = db.session.scalars(
            select(EventRevision).where(EventRevision.action == "rename")
        ).all()
        assert len(renames) == 2
        assert renames[0].changes == {
            "location": [
                "Training grounds of the Republic of Belarus, Belarus",
                "Belarus training grounds, Belarus (38.4000, 69.0000)",
            ]
        }
        for event in db.session.scalars(select(Event)):
            assert event.updated_at == renames[0].at


def test_location_in_use_cannot_be_deleted(editor, app, ids):
    add_event(editor, ids)
    page = editor.get(f"/manage/locations/{ids['belarus']}/edit").get_data(as_text=True)
    response = editor.post(
        f"/manage/locations/{ids['belarus']}/delete",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "cannot be deleted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Location, ids["belarus"]) is not None


def test_add_location_link_from_the_event_form_comes_back_to_it(editor, ids):
    response = post_form(editor, "/manage/locations/new?back=event", location_form())
    assert response.headers["Location"].endswith("/events/new")


# ---- users -----------------------------------------------------------------------------


def test_admin_adds_a_user_who_can_then_sign_in(admin, app):
    response = post_form(
        admin,
        "/manage/users/new",
        {"username": "nikolai", "role": "editor", "active": "y", "password": "long enough pw"},
    )
    assert response.status_code == 302
    assert login(app.test_client(), "nikolai", "long enough pw").status_code == 302


def test_new_user_needs_a_long_enough_password_and_a_free_name(admin):
    short = post_form(
        admin, "/manage/users/new", {"username": "x", "role": "viewer", "password": "short"}
    )
    assert short.status_code == 422 and "At least 8 characters." in short.get_data(True)
    taken = post_form(
        admin,
        "/manage/users/new",
        {"username": "vera", "role": "viewer", "password": "long enough pw"},
    )
    assert taken.status_code == 422 and "already exists" in taken.get_data(True)


def test_usernames_are_unique_regardless_of_case(admin, app):
    first = {"username": "walker", "role": "viewer", "password": "long enough pw"}
    assert post_form(admin, "/manage/users/new", first).status_code == 302
    again = post_form(admin, "/manage/users/new", {**first, "username": "Walker"})
    assert again.status_code == 422
    assert "already exists" in again.get_data(True)
    with app.app_context():
        names = db.session.scalars(select(User.username).where(User.username.ilike("walker")))
        assert list(names) == ["walker"]


def test_the_database_refuses_a_username_differing_only_in_case(app, ids):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        db.session.add(User(username="VERA", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_admin_changes_role_and_deactivates(admin, app, ids):
    url = f"/manage/users/{ids['viewer']}/edit"
    assert post_form(admin, url, {"role": "editor"}).status_code == 302  # active unticked
    with app.app_context():
        user = db.session.get(User, ids["viewer"])
        assert (user.role, user.active) == ("editor", False)
    assert login(app.test_client(), "vera").status_code == 401


def test_admin_cannot_demote_or_deactivate_themselves(admin, app, ids):
    url = f"/manage/users/{ids['admin']}/edit"
    response = post_form(admin, url, {"role": "viewer", "active": "y"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(User, ids["admin"]).role == "admin"


def test_admin_setting_their_own_password_stays_signed_in(admin, app, ids):
    url = f"/manage/users/{ids['admin']}/edit"
    data = {"role": "admin", "active": "y", "password": "an admin's new password"}
    assert post_form(admin, url, data).status_code == 302
    assert admin.get("/manage/users").status_code == 200


def test_admin_resets_a_feed_token(admin, app, ids):
    with app.app_context():
        old = db.session.get(User, ids["viewer"]).feed_token
    page = admin.get("/manage/users").get_data(as_text=True)
    response = admin.post(
        f"/manage/users/{ids['viewer']}/feed-token", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, ids["viewer"]).feed_token != old


# ---- audit -----------------------------------------------------------------------------


def test_audit_lists_recent_changes(editor, ids):
    add_event(editor, ids)
    page = editor.get("/manage/audit").get_data(as_text=True)
    assert "Interaction-2023" in page and "erin" in page and "created" in page


def test_every_staff_page_renders_without_error(admin, ids):
    urls = [
        "/manage/forces",
        "/manage/forces/new",
        f"/manage/forces/{ids['crrf']}/edit",
        "/manage/locations",
        "/manage/locations/new",
        f"/manage/locations/{ids['palace']}/edit",
        "/manage/users",
        "/manage/users/new",
        f"/manage/users/{ids['viewer']}/edit",
        "/manage/audit",
        "/events/new",
    ]
    for url in urls:
        assert admin.get(url).status_code == 200, url
    assert admin.get("/manage/forces/999/edit").status_code == 404


GARBAGE = {
    "title": "\x00" * 5,
    "name": "x" * 5000,
    "kind": ["a", "b"],
    "start_date": "2023-02-30",
    "end_date": "99999-01-01",
    "start_time": "7pm",
    "end_time": "-1:00",
    "timezone": "../../etc/passwd",
    "location_id": "99999999999999999999",
    "force_ids": ["-1", "", "1e9"],
    "latitude": "1e999",
    "longitude": "--",
    "country": "ZZ",
    "role": "root",
    "username": "a b",
    "password": "\x00",
    "version": "99999999999999999999999",
    "all_day": "maybe",
}


def test_garbage_input_never_gives_a_500(admin, app, ids):
    add_event(admin, ids)
    urls = [
        "/events/new",
        "/events/1/edit",
        "/manage/forces/new",
        f"/manage/forces/{ids['crrf']}/edit",
        "/manage/locations/new",
        f"/manage/locations/{ids['palace']}/edit",
        "/manage/users/new",
        f"/manage/users/{ids['viewer']}/edit",
    ]
    for url in urls:
        response = post_form(admin, url, GARBAGE)
        assert 400 <= response.status_code < 500, (url, response.status_code)
    token = csrf_token(admin.get("/events/1").get_data(as_text=True))
    for url in ["/events/1/cancel", "/events/1/delete", "/events/1/restore", "/events/2/cancel"]:
        response = admin.post(url, data={"csrf_token": token, "version": "x" * 50})
        assert response.status_code < 500, url
