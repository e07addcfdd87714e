"""Security headers everywhere; error pages from the app, never a traceback."""

import pytest


@pytest.mark.parametrize(
    "path", ["/healthz", "/calendar/2023/9", "/calendar.ics", "/nowhere", "/subscribe"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    # the tests' base URL is https, so HSTS is on
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_hsts_over_plain_http(app, client):
    app.config["CALENDAR_BASE_URL"] = "http://127.0.0.1:5000"
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_not_found_is_an_app_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "There is nothing at this address." in page and "<html" in page


def test_method_not_allowed_is_an_app_page(client):
    response = client.put("/calendar.ics")
    assert response.status_code == 405
    assert "does not accept" in response.get_data(as_text=True)


def test_bad_feed_argument_shows_the_reason(client):
    response = client.get("/calendar.ics?from=someday")
    assert response.status_code == 400
    assert "must be a date like 2024-07-19" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused_clearly(client):
    response = client.post("/subscribe/reset-private-feed")
    # 400, not 401: CSRFProtect checks the token in a before_request hook, ahead of the
    # view's @login_required (which would redirect an anonymous visitor to /login anyway).
    assert response.status_code == 400


def test_oversized_request_gets_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/subscribe/reset-private-feed", data={"x": "y" * 5000})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_unexpected_error_is_a_500_page_without_traceback(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom-for-test")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {"error": "There is nothing at this address.", "fields": {}}


@pytest.mark.parametrize(
    "path",
    [
        "/events/99999999999999999999999",
        "/events/0",
        "/api/v1/events/164535339739448941775016924545024",
        "/events/99999999999999999999.ics",
        "/manage/forces/99999999999999999999/edit",
    ],
)
def test_absurd_ids_are_404_not_overflows(client, path):
    assert client.get(path).status_code == 404
