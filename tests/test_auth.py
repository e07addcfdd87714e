import re

import pytest

from calendar_app.urls import safe_next
from tests.helpers import PASSWORD, csrf_token, post_form


@pytest.fixture
def erin(auth):
    """The editor "erin", not signed in."""
    return auth.user("editor")


def test_login_page_has_a_csrf_protected_form(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert csrf_token(page.get_data(as_text=True))


def test_editor_signs_in_and_the_navigation_names_them(client, erin, auth):
    response = auth.submit("erin")
    assert response.status_code == 302
    page = client.get("/calendar/2023/9").get_data(as_text=True)
    assert "erin" in page and "New event" in page and "Sign out" in page


def test_bad_password_and_unknown_user_get_the_same_message(erin, auth):
    wrong = auth.submit("erin", "not the password")
    missing = auth.submit("nobody", "not the password")
    assert wrong.status_code == missing.status_code == 401
    message = "do not match an active account"
    assert message in wrong.get_data(as_text=True) and message in missing.get_data(as_text=True)


def test_login_accepts_the_username_in_any_case(client, erin, auth):
    response = auth.submit("  ERIN ")
    assert response.status_code == 302
    assert "erin" in client.get("/calendar/2023/9").get_data(as_text=True)


def _autofocused(html: str) -> list[str]:
    return re.findall(r'<input[^>]*\bautofocus\b[^>]*\bname="(\w+)"', html) + re.findall(
        r'<input[^>]*\bname="(\w+)"[^>]*\bautofocus\b', html
    )


def test_failed_login_puts_the_cursor_in_the_password_field(client, erin, auth):
    assert _autofocused(client.get("/login").get_data(as_text=True)) == ["username"]
    failed = auth.submit("erin", "not the password")
    assert failed.status_code == 401
    page = failed.get_data(as_text=True)
    assert _autofocused(page) == ["password"]
    assert 'value="erin"' in page  # the username is kept
    # Without a username the cursor stays in the username field, and nothing leaks
    # between requests through the form class.
    page = client.post("/login", data={"csrf_token": csrf_token(page)}).get_data(as_text=True)
    assert _autofocused(page) == ["username"]
    assert _autofocused(client.get("/login").get_data(as_text=True)) == ["username"]


def test_deactivated_user_cannot_sign_in(auth):
    auth.user("editor", username="gone", active=False)
    assert auth.submit("gone").status_code == 401


def test_login_without_csrf_token_is_refused(client, erin):
    response = client.post("/login", data={"username": "erin", "password": "x" * 20})
    assert response.status_code == 400


def test_next_redirects_only_to_local_paths(client, erin):
    page = client.get("/login?next=/manage/forces").get_data(as_text=True)
    response = client.post(
        "/login",
        data={
            "username": "erin",
            "password": "correct horse battery",
            "next": "/manage/forces",
            "csrf_token": csrf_token(page),
        },
    )
    assert response.headers["Location"].endswith("/manage/forces")


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_next_to_another_site_is_ignored(target):
    assert safe_next(target) is None


def test_logout_needs_post_and_signs_out(client, auth):
    auth.login("editor")
    assert client.get("/logout").status_code == 405
    page = client.get("/calendar/2023/9").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "Sign in" in client.get("/calendar/2023/9").get_data(as_text=True)


def test_session_cookie_is_httponly_lax_and_secure_on_https(erin, auth):
    response = auth.submit("erin")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_repeated_failed_logins_are_rate_limited_per_username(app, erin, auth):
    app.config["CALENDAR_LOGIN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert auth.submit("erin", "wrong password").status_code == 401
    blocked = auth.submit("erin", "correct horse battery")
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.get_data(as_text=True)
    # Another username from the same address is not blocked.
    auth.user("viewer", username="olga")
    assert auth.submit("olga").status_code == 302


def test_successful_logins_do_not_count_towards_the_limit(app, erin, auth):
    app.config["CALENDAR_LOGIN_RATE_LIMIT"] = "2 per minute"
    for _ in range(4):
        assert auth.submit("erin", client=app.test_client()).status_code == 302


class TestRequireLogin:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "CALENDAR_REQUIRE_LOGIN": True}

    def test_every_page_redirects_anonymous_visitors_to_login(self, client):
        response = client.get("/calendar/2023/9")
        assert response.status_code == 302
        assert "/login?next=" in response.headers["Location"]

    def test_login_and_health_stay_open(self, client):
        assert client.get("/login").status_code == 200
        assert client.get("/healthz").status_code == 200

    def test_signed_in_viewer_sees_pages(self, client, auth):
        auth.login("viewer")
        assert client.get("/calendar/2023/9").status_code == 200


# ---- changing one's own password -------------------------------------------------------


def _change_password(client, current, new, confirm=None):
    return post_form(
        client,
        "/account",
        {"current_password": current, "new_password": new, "confirm": confirm or new},
        action="/account/password",
    )


def test_user_changes_own_password_and_stays_signed_in(client, app, auth):
    auth.login("editor")
    response = _change_password(client, PASSWORD, "a brand new secret")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    page = client.get("/account").get_data(as_text=True)
    assert "Your password has been changed." in page and "erin" in page  # still signed in
    assert auth.submit("erin", PASSWORD, client=app.test_client()).status_code == 401
    assert auth.submit("erin", "a brand new secret", client=app.test_client()).status_code == 302


def test_a_new_password_ends_every_other_session_of_the_user(client, app, auth):
    elsewhere = app.test_client()  # the same user signed in on another computer
    auth.login("editor", client=elsewhere)
    assert elsewhere.get("/account").status_code == 200
    auth.login("editor")
    assert _change_password(client, PASSWORD, "a brand new secret").status_code == 302
    assert client.get("/account").status_code == 200  # this session goes on
    gone = elsewhere.get("/account")
    assert gone.status_code == 302 and "/login" in gone.headers["Location"]


def test_an_admin_setting_a_password_ends_that_users_sessions(client, app, auth):
    from calendar_app.extensions import db
    from calendar_app.models import User

    auth.login("editor")
    assert client.get("/account").status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == "erin"))
        user.set_password("set by an admin")
        db.session.commit()
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("not my password", "a brand new secret", None, "not your current password"),
        (PASSWORD, "short", None, "At least 8 characters."),
        (PASSWORD, "a brand new secret", "a brand new secreT", "are not the same"),
        (PASSWORD, PASSWORD, None, "different from the current one"),
        ("", "a brand new secret", None, "This field is required."),
    ],
)
def test_password_change_is_refused_with_a_reason(
    client, app, auth, current, new, confirm, message
):
    auth.login("editor")
    response = _change_password(client, current, new, confirm)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert auth.submit("erin", PASSWORD, client=app.test_client()).status_code == 302  # unchanged


def test_password_change_needs_a_csrf_token_and_a_login(client, app, auth):
    data = {"current_password": PASSWORD, "new_password": "x" * 12, "confirm": "x" * 12}
    anonymous = client.post("/account/password", data=data)
    assert anonymous.status_code in (302, 400)
    auth.login("editor")
    assert client.post("/account/password", data=data).status_code == 400
    assert auth.submit("erin", PASSWORD, client=app.test_client()).status_code == 302  # unchanged


def test_guessing_the_current_password_is_rate_limited(client, app, auth):
    app.config["CALENDAR_LOGIN_RATE_LIMIT"] = "3 per minute"
    auth.login("editor")
    for _ in range(3):
        assert _change_password(client, "a guess!", "a brand new secret").status_code == 422
    blocked = _change_password(client, PASSWORD, "a brand new secret")
    assert blocked.status_code == 429
    assert auth.submit("erin", PASSWORD, client=app.test_client()).status_code == 302  # unchanged


def test_account_page_offers_the_password_change(client, auth):
    auth.login("editor")
    page = client.get("/account").get_data(as_text=True)
    assert 'action="/account/password"' in page and 'autocomplete="current-password"' in page


# ---- times shown in the app's zone ---------------------------------------------------------


def test_token_and_user_dates_are_shown_in_the_calendar_zone(client, app, erin, auth):
    from datetime import UTC, datetime

    from calendar_app.extensions import db
    from calendar_app.models import ApiToken, User

    with app.app_context():
        user = db.session.get(User, erin)
        user.role = "admin"
        user.created_at = datetime(2025, 11, 27, 22, 4, tzinfo=UTC)
        row, _ = ApiToken.issue(user, "Press office")
        row.created_at = datetime(2025, 11, 27, 22, 4, tzinfo=UTC)
        row.last_used_at = datetime(2025, 11, 28, 21, 30, tzinfo=UTC)
        db.session.add(row)
        db.session.commit()
    auth.login("editor")
    account = client.get("/account").get_data(as_text=True)
    assert "28 Nov 2025 01:04" in account and "29 Nov 2025 00:30" in account  # Moscow, +03
    assert " UTC<" not in account and "27 Nov 2025 22:04" not in account
    users = client.get("/manage/users").get_data(as_text=True)
    assert ">28 Nov 2025<" in users and ">27 Nov 2025<" not in users


def test_the_auth_fixture_signs_in_once_made_users_and_signs_out(client, app, auth):
    from calendar_app.extensions import db
    from calendar_app.models import User

    editor_id = auth.login("editor")
    assert auth.login("editor") == editor_id  # made once, signed in again
    with app.app_context():
        user = db.session.get(User, editor_id)
        assert (user.username, user.role) == ("erin", "editor")
    assert client.get("/account").status_code == 200
    auth.logout()
    assert client.get("/account").status_code == 302
    other = app.test_client()
    assert auth.login("editor", username="bob", client=other) != editor_id
    assert other.get("/account").status_code == 200 and client.get("/account").status_code == 302
