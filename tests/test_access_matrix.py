"""Who gets in where: every route of `app.url_map` and every method, as anonymous, viewer,
editor and admin, with and without a CSRF token, and with good and bad feed and API
tokens. A new route fails `test_every_route_has_a_policy` until it is given one here.

Internal and deleted events must never reach anyone who may not see them: not in pages,
feeds, the API, search results, nor by guessing an id.
"""

from __future__ import annotations

import pytest

from calendar_app import create_app
from calendar_app.extensions import db
from calendar_app.models import Event, User

from .reliability import (
    DELETED_TITLE,
    EVENT_DAY,
    INTERNAL_TITLE,
    PUBLIC_TITLE,
    SECRETS,
    build_world,
    form_token,
    login,
    snapshot_database,
)

ROLES = ("anonymous", "viewer", "editor", "admin")
# Minimum role per endpoint: None = anyone; "token" = the URL's feed token is the key;
# "api" = reads open (internal only with a token/session), writes need an editor's token;
# "upload" = the editor who uploaded the file the URL's token names (test_import_confirm.py).
POLICY = {
    "main.index": None,
    "main.healthz": None,
    "main.favicon": None,
    "static": None,
    "schedule.month": None,
    "schedule.day": None,
    "schedule.week": None,
    "schedule.this_week": None,
    "schedule.agenda_view": None,
    "schedule.jump": None,
    "schedule.remember_view": None,
    "events.detail": None,
    "events.occurrence": None,
    "feeds.calendar": None,
    "feeds.event": None,
    "feeds.subscribe": None,
    "feeds.private": "token",
    "auth.login": None,
    "auth.logout": None,
    "feeds.reset_private_feed": "viewer",
    "account.page": "viewer",
    "account.create_token": "viewer",
    "account.language": "viewer",
    "i18n.choose": None,
    "account.revoke_token": "viewer",
    "account.change_password": "viewer",
    "imports.import_form": "editor",
    "imports.import_preview": "editor",
    "imports.import_confirm": "editor",
    "imports.import_status": "upload",
    "imports.import_progress": "upload",
    "events.new": "editor",
    "events.edit": "editor",
    "events.cancel": "editor",
    "events.reinstate": "editor",
    "events.delete": "editor",
    "events.restore": "admin",
    "events.occurrence_edit": "editor",
    "events.occurrence_cancel": "editor",
    "events.occurrence_delete": "editor",
    "events.occurrence_reinstate": "editor",
    "manage.forces": "editor",
    "manage.force_new": "editor",
    "manage.force_edit": "editor",
    "manage.force_delete": "editor",
    "manage.officials": "editor",
    "manage.official_new": "editor",
    "manage.official_edit": "editor",
    "manage.official_delete": "editor",
    "conflicts.report": "editor",
    "manage.locations": "editor",
    "manage.location_new": "editor",
    "manage.location_edit": "editor",
    "manage.location_delete": "editor",
    "manage.audit": "editor",
    "manage.users": "admin",
    "manage.user_new": "admin",
    "manage.user_edit": "admin",
    "manage.user_reset_token": "admin",
    "api.events": "api",
    "api.event": "api",
    "api.forces": "api",
    "api.locations": "api",
    "api.openapi": "api",
    "api.create": "api",
    "api.update": "api",
    "api.delete": "api",
    "api.occurrence": "api",
    "api.update_occurrence": "api",
    "api.delete_occurrence": "api",
    "plan.index": None,
    "plan.year": None,
    "plan.pdf": None,
    "plan.xlsx": None,
    "plan.print_words": None,
    "plan.changes": None,
    "plan.approve_year": "admin",
}
ROUTES_WITH_EVENT = ("events.", "feeds.event", "api.event", "api.update", "api.delete")
LISTINGS = "?q=kq7"  # search too: an internal event's words must not find it
QUERIES = {
    "schedule.jump": f"?year={EVENT_DAY.year}&month={EVENT_DAY.month}",
    "schedule.month": LISTINGS,
    "schedule.week": LISTINGS,
}


@pytest.fixture
def world(app):
    return build_world(app)


def _rules(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def url_for_rule(rule, world, event_id=None, feed_token=None) -> str:
    """The rule's URL with real ids: the internal event unless told otherwise."""
    values = {
        "event_id": event_id or world.internal_id,
        "force_id": world.force_id,
        "official_id": world.official_id,
        "location_id": world.location_id,
        "user_id": world.users["viewer"],
        "token": feed_token or world.feed_tokens["viewer"],
        "year": EVENT_DAY.year,
        "month": EVENT_DAY.month,
        "day": EVENT_DAY.day,
        "filename": "css/app.css",
        "token_id": 1,
        "code": "ru",
        "lang": "ru",
        "occurrence": EVENT_DAY.strftime("%Y%m%d"),
    }
    adapter = rule.map.bind("localhost")
    return adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})


def _client_as(app, role):
    client = app.test_client()
    if role != "anonymous":
        login(client, role)
    return client


def _allowed(minimum, role) -> bool:
    return minimum is None or (role != "anonymous" and ROLES.index(role) >= ROLES.index(minimum))


def test_every_route_has_a_policy(app):
    missing = {rule.endpoint for rule in app.url_map.iter_rules()} - set(POLICY)
    assert not missing, f"give these routes a line in POLICY: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_each_role_as_the_policy_says(app, world, role):
    client = _client_as(app, role)
    for rule, method in _rules(app):
        minimum = POLICY[rule.endpoint]
        if method != "GET" or minimum in ("api", "token", "upload"):
            continue
        for event_id in (world.public_id, world.internal_id, world.deleted_id):
            if rule.endpoint == "events.new" or "event_id" not in rule.arguments:
                event_id = None
            url = url_for_rule(rule, world, event_id)
            query = QUERIES.get(rule.endpoint, "" if rule.arguments else LISTINGS)
            response = client.get(url + query)
            body = response.get_data().decode(errors="replace")
            where = f"{role} GET {url}"
            assert response.status_code < 500, where
            # every answer, page or refusal, carries the security headers
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], where
            assert response.headers["X-Content-Type-Options"] == "nosniff", where
            if not _allowed(minimum, role):
                if role == "anonymous":
                    assert response.status_code == 302, where
                    assert "/login" in response.headers["Location"], where
                else:
                    assert response.status_code == 403, where
                continue
            hidden = event_id == world.deleted_id or (
                event_id == world.internal_id and role == "anonymous"
            )
            if hidden and rule.endpoint != "events.restore":
                assert response.status_code == 404, where
            elif rule.endpoint not in ("auth.login",):
                assert response.status_code in (200, 302), where
            if role == "anonymous":
                assert not any(secret in body for secret in SECRETS), where
            if role == "viewer" or rule.endpoint != "manage.audit":
                assert DELETED_TITLE not in body or role == "admin", where
            if event_id is None:
                break


@pytest.mark.parametrize("role", ROLES)
def test_every_form_post_without_csrf_token_is_refused_and_changes_nothing(app, world, role):
    client = _client_as(app, role)
    with app.app_context():
        before = snapshot_database()
    for rule, method in _rules(app):
        if method != "POST" or POLICY[rule.endpoint] == "api":
            continue
        url = url_for_rule(rule, world)
        response = client.post(url, data={"title": "x", "csrf_token": "forged"})
        assert response.status_code == 400, f"{role} POST {url}"
        assert "did not come from this site" in response.get_data(as_text=True)
    with app.app_context():
        assert snapshot_database() == before


# One fresh world per (form POST, role): these requests really change things.
FORM_POSTS = [
    (endpoint, role)
    for endpoint, minimum in POLICY.items()
    if minimum not in ("api", "token")
    and endpoint
    in {
        "auth.logout",
        "feeds.reset_private_feed",
        "events.new",
        "events.edit",
        "events.cancel",
        "events.reinstate",
        "events.delete",
        "events.restore",
        "events.occurrence_edit",
        "events.occurrence_cancel",
        "events.occurrence_delete",
        "events.occurrence_reinstate",
        "manage.force_new",
        "manage.force_edit",
        "manage.force_delete",
        "manage.official_new",
        "manage.official_edit",
        "manage.official_delete",
        "manage.location_new",
        "manage.location_edit",
        "manage.location_delete",
        "manage.user_new",
        "manage.user_edit",
        "manage.user_reset_token",
        "account.create_token",
        "account.language",
        "account.revoke_token",
        "account.change_password",
        "imports.import_preview",
        "imports.import_confirm",
        "plan.approve_year",
    }
    for role in ROLES
]


def test_form_posts_list_every_post_route(app):
    posts = {
        rule.endpoint
        for rule, method in _rules(app)
        if method == "POST" and POLICY[rule.endpoint] not in ("api",)
    }
    assert posts - {"auth.login"} == {endpoint for endpoint, _ in FORM_POSTS}


@pytest.mark.parametrize(("endpoint", "role"), FORM_POSTS)
def test_form_post_with_csrf_token_passes_only_the_allowed_roles(app, world, endpoint, role):
    client = _client_as(app, role)
    token = form_token(client, role != "anonymous")
    rule = next(app.url_map.iter_rules(endpoint))
    url = url_for_rule(rule, world, world.public_id)
    with app.app_context():
        before = snapshot_database()
    response = client.post(url, data={"csrf_token": token})
    where = f"{role} POST {url}"
    assert response.status_code < 500, where
    if _allowed(POLICY[endpoint], role):
        assert response.status_code not in (401, 403), where
        assert "/login" not in response.headers.get("Location", ""), where
        return
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"], where
    else:
        assert response.status_code == 403, where
    with app.app_context():
        assert snapshot_database() == before, where


def test_restore_and_edit_of_a_deleted_event_by_guessed_id(app, world):
    editor = _client_as(app, "editor")
    assert editor.get(f"/events/{world.deleted_id}/edit").status_code == 404
    assert editor.get(f"/events/{world.deleted_id}.ics").status_code == 404
    admin = _client_as(app, "admin")
    token = form_token(admin, True)
    response = admin.post(f"/events/{world.deleted_id}/restore", data={"csrf_token": token})
    assert response.status_code == 302
    assert admin.get(f"/events/{world.deleted_id}").status_code == 200


# ------------------------------------------------------------------------------ feeds


def test_private_feed_opens_only_with_the_current_token(app, world):
    client = app.test_client()
    good = client.get(f"/feeds/{world.feed_tokens['viewer']}/calendar.ics")
    assert good.status_code == 200 and INTERNAL_TITLE in good.get_data(as_text=True)
    assert DELETED_TITLE not in good.get_data(as_text=True)
    viewer_id, _, viewer_secret = world.feed_tokens["viewer"].partition(".")
    editor_secret = world.feed_tokens["editor"].partition(".")[2]
    bad = [
        f"{viewer_id}.{editor_secret}",  # someone else's secret with my id
        f"{world.users['editor']}.{viewer_secret}",  # my secret with someone else's id
        world.feed_tokens["inactive"],  # a deactivated user's address
        f"{viewer_id}.",
        f"{viewer_id}.{viewer_secret[:-1]}",
        f"{viewer_id}.{viewer_secret}x",
        f"0{viewer_id}x.{viewer_secret}",
        "99999999999999999999.x",
        "..",
    ]
    for token in bad:
        response = client.get(f"/feeds/{token}/calendar.ics")
        assert response.status_code == 404, token
        assert INTERNAL_TITLE not in response.get_data(as_text=True)


def test_reset_feed_token_locks_out_the_old_address(app, world):
    client = _client_as(app, "viewer")
    old = f"/feeds/{world.feed_tokens['viewer']}/calendar.ics"
    assert client.get(old).status_code == 200
    client.post(
        "/subscribe/reset-private-feed",
        data={"csrf_token": form_token(client, True), "confirm_reset": "y"},
    )
    assert app.test_client().get(old).status_code == 404
    with app.app_context():
        user = db.session.get(User, world.users["viewer"])
        new = f"/feeds/{user.id}.{user.feed_token}/calendar.ics"
    assert app.test_client().get(new).status_code == 200


def test_admin_reset_of_a_users_feed_locks_out_the_old_address(app, world):
    admin = _client_as(app, "admin")
    old = f"/feeds/{world.feed_tokens['viewer']}/calendar.ics"
    admin.post(
        f"/manage/users/{world.users['viewer']}/feed-token",
        data={"csrf_token": form_token(admin, True)},
    )
    assert app.test_client().get(old).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_public_and_per_event_feeds_hide_internal_events_from_anonymous(app, world, role):
    client = _client_as(app, role)
    feed = client.get("/calendar.ics").get_data(as_text=True)
    assert PUBLIC_TITLE in feed and INTERNAL_TITLE not in feed and DELETED_TITLE not in feed
    single = client.get(f"/events/{world.internal_id}.ics")
    if role == "anonymous":
        assert single.status_code == 404
        assert INTERNAL_TITLE not in single.get_data(as_text=True)
    else:
        assert single.status_code == 200
    # the public feed is public: a signed-in user's copy must not be cached with secrets
    assert INTERNAL_TITLE not in app.test_client().get("/calendar.ics").get_data(as_text=True)


# -------------------------------------------------------------------------------- API


def _bearer(token):
    return {"Authorization": f"Bearer {token}"} if token else {}


BODY = {
    "title": "Via API",
    "kind": "meeting",
    "start": "2024-03-05T10:00",
    "end": "2024-03-05T11:00",
    "timezone": "Europe/Moscow",
}


@pytest.mark.parametrize(
    "who", ["none", "viewer", "editor", "admin", "revoked", "inactive", "garbage"]
)
def test_api_reads_and_writes_per_token(app, world, who):
    token = {"none": None, "garbage": "cal_not-a-token"}.get(who, world.api_tokens.get(who))
    client = app.test_client()
    headers = _bearer(token)
    valid = who in ("viewer", "editor", "admin")
    listing = client.get("/api/v1/events?q=kq7", headers=headers)
    one = client.get(f"/api/v1/events/{world.internal_id}", headers=headers)
    gone = client.get(f"/api/v1/events/{world.deleted_id}", headers=headers)
    assert gone.status_code in (401, 404)
    assert DELETED_TITLE not in gone.get_data(as_text=True)
    if who == "none":
        assert listing.status_code == 200 and one.status_code == 404
    elif not valid:
        assert listing.status_code == 401 and one.status_code == 401
    else:
        assert one.status_code == 200 and INTERNAL_TITLE in listing.get_data(as_text=True)
    if not valid:
        for response in (listing, one):
            assert not any(
                secret in response.get_data().decode(errors="replace") for secret in SECRETS
            )

    with app.app_context():
        before = snapshot_database()
    public, internal = f"/api/v1/events/{world.public_id}", f"/api/v1/events/{world.internal_id}"
    writes = [
        client.post("/api/v1/events", json=BODY, headers=headers),
        client.patch(public, json={"title": "x"}, headers=_if_match(app, world.public_id, headers)),
        client.put(public, json=BODY, headers=_if_match(app, world.public_id, headers)),
        client.delete(internal, headers=_if_match(app, world.internal_id, headers)),
    ]
    statuses = [response.status_code for response in writes]
    if who in ("editor", "admin"):
        assert statuses == [201, 200, 200, 204]
        return
    assert statuses == [403 if who == "viewer" else 401] * 4
    with app.app_context():
        assert snapshot_database() == before


SERIES_BODY = BODY | {"title": "Via API, weekly", "rrule": "FREQ=WEEKLY;COUNT=4"}
SECOND = "20240312T070000Z"  # 10:00 Moscow, a week after the first


@pytest.mark.parametrize("who", ["none", "viewer", "editor", "revoked"])
def test_api_occurrence_writes_need_an_editors_token(app, world, who):
    editor = _bearer(world.api_tokens["editor"])
    client = app.test_client()
    created = client.post("/api/v1/events", json=SERIES_BODY, headers=editor)
    assert created.status_code == 201
    url = f"/api/v1/events/{created.get_json()['id']}/occurrences/{SECOND}"
    token = None if who == "none" else world.api_tokens[who]
    headers = _bearer(token) | {"If-Match": created.headers["ETag"]}
    assert client.get(url, headers=_bearer(token)).status_code == (401 if who == "revoked" else 200)
    with app.app_context():
        before = snapshot_database()
    writes = [
        client.patch(url + "?scope=this", json={"title": "x"}, headers=headers),
        client.put(url + "?scope=all", json=SERIES_BODY, headers=headers),
        client.delete(url + "?scope=this", headers=headers),
    ]
    statuses = [response.status_code for response in writes]
    if who == "editor":
        assert statuses[0] == 200 and statuses[1:] == [412, 412]  # the first stepped the version
        return
    assert statuses == [403 if who == "viewer" else 401] * 3
    with app.app_context():
        assert snapshot_database() == before


def _if_match(app, event_id: int, headers: dict) -> dict:
    """The headers with the event's current ETag, as a client that read it would send."""
    with app.app_context():
        version = db.session.get(Event, event_id).version
    return {**headers, "If-Match": f'"v{version}"'}


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_api_writes_ignore_the_session_cookie(app, world, role):
    client = _client_as(app, role)
    assert client.post("/api/v1/events", json=BODY).status_code == 401
    assert client.delete(f"/api/v1/events/{world.public_id}").status_code == 401


def test_api_guessed_ids_answer_404_without_a_body_that_names_the_event(app, world):
    client = app.test_client()
    for event_id in (world.internal_id, world.deleted_id, world.deleted_id + 1000):
        response = client.get(f"/api/v1/events/{event_id}")
        assert response.status_code == 404
        assert response.get_json() == {"error": "No such event.", "fields": {}}


# ------------------------------------------------------------- CALENDAR_REQUIRE_LOGIN


def test_with_require_login_anonymous_reaches_only_login_health_and_token_routes(
    app_config, world, tmp_path
):
    app = create_app(app_config | {"CALENDAR_REQUIRE_LOGIN": True})
    client = app.test_client()
    open_endpoints = {
        "auth.login",
        "static",
        "main.healthz",
        "main.favicon",
        "feeds.private",
        "api.openapi",
    }
    for rule, method in _rules(app):
        if method != "GET":
            continue
        url = url_for_rule(rule, world, world.public_id)
        response = client.get(url)
        body = response.get_data().decode(errors="replace")
        assert response.status_code < 500, url
        if rule.endpoint in open_endpoints:
            assert response.status_code == 200, url
        elif rule.endpoint.startswith("api."):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302, url
            assert "/login" in response.headers["Location"], url
        if rule.endpoint != "feeds.private":
            assert PUBLIC_TITLE not in body and INTERNAL_TITLE not in body, url
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
