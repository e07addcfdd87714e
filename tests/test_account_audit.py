"""Changes to user accounts are in the audit log like event changes: who, when, whose
account and what; never a password, a hash or a token."""

import re

import pytest
from sqlalchemy import select

from calendar_app.backup import export_data, import_data
from calendar_app.extensions import db
from calendar_app.models import AccountChange, ApiToken, User
from tests.helpers import PASSWORD, csrf_token, login, make_user, post_form


@pytest.fixture
def ids(app):
    return {
        "admin": make_user(app, "ada", "admin"),
        "editor": make_user(app, "erin", "editor"),
        "viewer": make_user(app, "vera", "viewer"),
    }


@pytest.fixture
def admin(app, ids):
    client = app.test_client()
    login(client, "ada")
    return client


def changes(app) -> list[tuple]:
    """(actor, account, action, changes) of every record, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(AccountChange).order_by(AccountChange.id))
        return [
            (row.actor.username if row.actor else None, row.user.username, row.action, row.changes)
            for row in rows
        ]


def audit_text(client) -> str:
    page = client.get("/manage/audit")
    assert page.status_code == 200
    return re.sub(r"\s+", " ", page.get_data(as_text=True))


def test_an_admin_creating_a_user_is_recorded(admin, app):
    data = {"username": "nikolai", "role": "editor", "active": "y", "password": "long enough pw"}
    assert post_form(admin, "/manage/users/new", data).status_code == 302
    assert changes(app) == [("ada", "nikolai", "create", {"role": "editor", "active": True})]
    page = audit_text(admin)
    assert "Account changes" in page
    assert "<td>ada</td> <td>nikolai</td> <td>created the account as editor</td>" in page


def test_a_refused_new_user_records_nothing(admin, app):
    data = {"username": "Vera", "role": "viewer", "password": "long enough pw"}
    assert post_form(admin, "/manage/users/new", data).status_code == 422
    assert changes(app) == []


def test_role_change_deactivation_and_reactivation_are_recorded(admin, app, ids):
    url = f"/manage/users/{ids['viewer']}/edit"
    assert post_form(admin, url, {"role": "editor"}).status_code == 302  # active unticked
    assert post_form(admin, url, {"role": "editor", "active": "y"}).status_code == 302
    assert changes(app) == [
        ("ada", "vera", "role", {"role": ["viewer", "editor"]}),
        ("ada", "vera", "deactivate", {}),
        ("ada", "vera", "reactivate", {}),
    ]
    page = audit_text(admin)
    assert "changed the role from viewer to editor" in page
    assert "deactivated the account" in page and "reactivated the account" in page


def test_saving_a_user_unchanged_records_nothing(admin, app, ids):
    url = f"/manage/users/{ids['viewer']}/edit"
    assert post_form(admin, url, {"role": "viewer", "active": "y"}).status_code == 302
    assert changes(app) == []


def test_an_admin_setting_a_password_is_recorded_without_it(admin, app, ids):
    url = f"/manage/users/{ids['editor']}/edit"
    data = {"role": "editor", "active": "y", "password": "set by the admin"}
    assert post_form(admin, url, data).status_code == 302
    assert changes(app) == [("ada", "erin", "password_reset", {})]
    page = audit_text(admin)
    assert "set a new password" in page and "set by the admin" not in page


def test_a_user_changing_their_own_password_is_recorded(app, ids):
    client = app.test_client()
    login(client, "erin")
    data = {
        "current_password": PASSWORD,
        "new_password": "my new secret",
        "confirm": "my new secret",
    }
    assert post_form(client, "/account", data, action="/account/password").status_code == 302
    wrong = {**data, "current_password": "not it"}
    assert post_form(client, "/account", wrong, action="/account/password").status_code == 422
    assert changes(app) == [("erin", "erin", "password_change", {})]


def test_feed_token_resets_by_an_admin_and_by_the_user_are_recorded(admin, app, ids):
    page = admin.get("/manage/users").get_data(as_text=True)
    url = f"/manage/users/{ids['viewer']}/feed-token"
    assert admin.post(url, data={"csrf_token": csrf_token(page)}).status_code == 302
    viewer = app.test_client()
    login(viewer, "vera")
    reset = "/subscribe/reset-private-feed"
    assert post_form(viewer, "/account", {}, action=reset).status_code == 302  # not ticked
    assert post_form(viewer, "/account", {"confirm_reset": "y"}, action=reset).status_code == 302
    assert changes(app) == [
        ("ada", "vera", "feed_token_reset", {}),
        ("vera", "vera", "feed_token_reset", {}),
    ]
    with app.app_context():
        token = db.session.get(User, ids["viewer"]).feed_token
    page = audit_text(admin)
    assert "reset the private feed address" in page and token not in page


def test_api_tokens_created_and_revoked_are_recorded_by_name_only(admin, app, ids):
    client = app.test_client()
    login(client, "erin")
    page = post_form(client, "/account", {"name": "Press office"}, action="/account/tokens")
    token = re.search(r"cal_[\w-]+", page.get_data(as_text=True)).group(0)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    revoke = f"/account/tokens/{token_id}/revoke"
    assert post_form(client, "/account", {}, action=revoke).status_code == 302
    assert changes(app) == [
        ("erin", "erin", "api_token_create", {"token": "Press office"}),
        ("erin", "erin", "api_token_revoke", {"token": "Press office"}),
    ]
    page = audit_text(admin)
    assert "created the API token “Press office”" in page
    assert "revoked the API token “Press office”" in page
    assert token not in page


def test_users_created_on_the_command_line_are_recorded_as_such(admin, app, runner):
    result = runner.invoke(
        args=["users", "create", "cli-made", "--role", "viewer", "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    assert changes(app) == [(None, "cli-made", "create", {"role": "viewer", "active": True})]
    assert "<td>command line</td> <td>cli-made</td>" in audit_text(admin)


def test_editors_see_event_changes_but_not_account_changes(admin, app, ids):
    post_form(admin, f"/manage/users/{ids['viewer']}/edit", {"role": "editor", "active": "y"})
    editor = app.test_client()
    login(editor, "erin")
    page = audit_text(editor)
    assert "Recent changes" in page and "Account changes" not in page
    assert "changed the role" not in page


def test_no_record_holds_a_secret(admin, app, ids):
    data = {"username": "nikolai", "role": "editor", "active": "y", "password": "long enough pw"}
    post_form(admin, "/manage/users/new", data)
    post_form(admin, f"/manage/users/{ids['viewer']}/edit", {"role": "viewer", "password": "x" * 9})
    with app.app_context():
        secrets = [
            value
            for user in db.session.scalars(select(User))
            for value in (user.password_hash, user.feed_token)
        ]
        stored = repr(export_data()["tables"]["account_changes"])
    assert [action for *_, action, _ in changes(app)] == ["create", "deactivate", "password_reset"]
    assert not any(secret in stored for secret in secrets)
    assert "long enough pw" not in stored and "x" * 9 not in stored


def test_account_changes_survive_export_wipe_import(admin, app, ids):
    post_form(admin, f"/manage/users/{ids['viewer']}/edit", {"role": "editor", "active": "y"})
    with app.app_context():
        before = export_data()
        import_data({"format": "calendar_app/1", "tables": {}}, replace=True)  # wipe
        assert db.session.scalar(select(AccountChange.id)) is None
        import_data(before, replace=True)
        after = export_data()
    assert after["tables"]["account_changes"] == before["tables"]["account_changes"]
    assert len(after["tables"]["account_changes"]) == 1
    assert after["tables"] == before["tables"]
