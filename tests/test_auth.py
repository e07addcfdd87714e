import pytest

from calendar_app.auth.routes import safe_next
from tests.helpers import csrf_token, login, make_user


@pytest.fixture
def editor(app):
    return make_user(app, "erin", "editor")


def test_login_page_has_a_csrf_protected_form(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert csrf_token(page.get_data(as_text=True))


def test_editor_signs_in_and_the_navigation_names_them(client, editor):
    response = login(client, "erin")
    assert response.status_code == 302
    page = client.get("/calendar/2023/9").get_data(as_text=True)
    assert "erin" in page and "New event" in page and "Sign out" in page


def test_bad_password_and_unknown_user_get_the_same_message(client, editor):
    wrong = login(client, "erin", "not the password")
    missing = login(client, "nobody", "not the password")
    assert wrong.status_code == missing.status_code == 401
    message = "do not match an active account"
    assert message in wrong.get_data(as_text=True) and message in missing.get_data(as_text=True)


def test_login_accepts_the_username_in_any_case(client, editor):
    response = login(client, "  ERIN ")
    assert response.status_code == 302
    assert "erin" in client.get("/calendar/2023/9").get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, app):
    make_user(app, "gone", "editor", active=False)
    assert login(client, "gone").status_code == 401


def test_login_without_csrf_token_is_refused(client, editor):
    response = client.post("/login", data={"username": "erin", "password": "x" * 20})
    assert response.status_code == 400


def test_next_redirects_only_to_local_paths(client, editor):
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


def test_logout_needs_post_and_signs_out(client, editor):
    login(client, "erin")
    assert client.get("/logout").status_code == 405
    page = client.get("/calendar/2023/9").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "Sign in" in client.get("/calendar/2023/9").get_data(as_text=True)


def test_session_cookie_is_httponly_lax_and_secure_on_https(client, editor):
    response = login(client, "erin")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_repeated_failed_logins_are_rate_limited_per_username(client, app, editor):
    app.config["CALENDAR_LOGIN_RATE_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert login(client, "erin", "wrong password").status_code == 401
    blocked = login(client, "erin", "correct horse battery")
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.get_data(as_text=True)
    # Another username from the same address is not blocked.
    make_user(app, "olga", "viewer")
    assert login(client, "olga").status_code == 302


def test_successful_logins_do_not_count_towards_the_limit(client, app, editor):
    app.config["CALENDAR_LOGIN_RATE_LIMIT"] = "2 per minute"
    for _ in range(4):
        assert login(app.test_client(), "erin").status_code == 302


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

    def test_signed_in_viewer_sees_pages(self, client, app):
        make_user(app, "vera", "viewer")
        login(client, "vera")
        assert client.get("/calendar/2023/9").status_code == 200
