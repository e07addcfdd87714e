"""Concurrent editors and writers through a real server: gunicorn with 4 workers on
127.0.0.1 over the test database (SQLite in WAL mode, or PostgreSQL). Parallel API
creates and edits: no 5xx, every acknowledged write stored exactly once with its
revision, no "database is locked" anywhere; two editors saving the same event: the
second is refused with a message."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .helpers import csrf_token
from .reliability import EVENT_DAY, PASSWORD, build_world, gunicorn, server_log


@pytest.fixture
def world_and_server(app, database_url, tmp_path):
    world = build_world(app)
    with app.app_context():
        db.engine.dispose()  # the server's workers get the database to themselves
    world.instance = tmp_path / "server"
    world.instance.mkdir()
    with gunicorn(database_url, world.instance, workers=4) as (base, _process):
        yield world, base


CREATES = 60
PATCHES = 40
THREADS = 16


def _api(world):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {world.api_tokens['editor']}"
    return session


def _body(title: str) -> dict:
    return {
        "title": title,
        "kind": "meeting",
        "start": "2024-03-05T10:00",
        "end": "2024-03-05T11:00",
        "timezone": "Europe/Moscow",
    }


def test_parallel_api_writes_are_each_stored_once_with_their_revisions(app, world_and_server):
    world, base = world_and_server
    local = threading.local()

    def session():
        if not hasattr(local, "session"):
            local.session = _api(world)
        return local.session

    def create(number):
        title = f"parallel-{number}"
        return title, session().post(f"{base}/api/v1/events", json=_body(title), timeout=30)

    def patch(number):
        # Read, then change with the ETag read, as a client must (If-Match is required).
        url = f"{base}/api/v1/events/{world.public_id}"
        etag = session().get(url, timeout=30).headers["ETag"]
        body = {"title": f"renamed-{number}"}
        return number, session().patch(url, json=body, headers={"If-Match": etag}, timeout=30)

    with ThreadPoolExecutor(THREADS) as pool:
        created = list(pool.map(create, range(CREATES)))
        patched = list(pool.map(patch, range(PATCHES)))

    statuses = [r.status_code for _, r in created + patched]
    assert all(status < 500 for status in statuses), statuses
    assert all(r.status_code == 201 for _, r in created), statuses
    # a PATCH that lost the race is refused (412), never half-applied
    assert {r.status_code for _, r in patched} <= {200, 412}
    accepted = sum(r.status_code == 200 for _, r in patched)
    assert accepted >= 1

    with app.app_context():
        for title, response in created:
            rows = db.session.scalars(select(Event).where(Event.title == title)).all()
            assert len(rows) == 1 and rows[0].id == response.json()["id"]
            assert [r.action for r in _revisions(rows[0].id)] == ["create"]
        event = db.session.get(Event, world.public_id)
        updates = [r for r in _revisions(event.id) if r.action == "update"]
        assert len(updates) == accepted
        assert event.version == 1 + accepted
        assert event.title in {r.json()["title"] for _, r in patched if r.status_code == 200}
    assert "database is locked" not in server_log(world.instance)
    assert "Traceback" not in server_log(world.instance)


def _revisions(event_id):
    return db.session.scalars(
        select(EventRevision).where(EventRevision.event_id == event_id).order_by(EventRevision.id)
    ).all()


def _signed_in(base, username):
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10).text
    reply = session.post(
        f"{base}/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(page)},
        timeout=10,
        allow_redirects=False,
    )
    assert reply.status_code == 302
    return session


def _edit_form(page: str, world) -> dict:
    """The fields an editor sends back: this page's CSRF token and version, new values."""
    version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    return {
        "csrf_token": csrf_token(page),
        "version": version.group(1),
        "kind": "training",
        "status": "confirmed",
        "all_day": "y",
        "start_date": EVENT_DAY.isoformat(),
        "end_date": EVENT_DAY.isoformat(),
        "location_id": str(world.location_id),
        "force_ids": [str(world.force_id)],
        "visibility": "public",
        # The world's exercises share their grounds and force: saved knowingly.
        "confirm_conflicts": "y",
        "conflict_reason": "Both exercises use the grounds",
    }


def test_two_editors_saving_the_same_event_at_once_the_second_is_refused(app, world_and_server):
    world, base = world_and_server
    editors = [_signed_in(base, "editor"), _signed_in(base, "admin")]
    url = f"{base}/events/{world.public_id}/edit"
    forms = [_edit_form(editor.get(url, timeout=10).text, world) for editor in editors]
    assert forms[0]["version"] == forms[1]["version"]
    start = threading.Barrier(2)

    def save(index):
        start.wait()
        data = forms[index] | {"title": f"saved-by-{index}"}
        return editors[index].post(url, data=data, timeout=30, allow_redirects=False)

    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(save, range(2)))
    assert sorted(r.status_code for r in replies) == [302, 409], [r.text[:500] for r in replies]
    refused = next(r for r in replies if r.status_code == 409)
    assert "Not saved" in refused.text
    winner = replies.index(next(r for r in replies if r.status_code == 302))
    with app.app_context():
        event = db.session.get(Event, world.public_id)
        assert event.title == f"saved-by-{winner}"
        assert [r.action for r in _revisions(event.id)] == ["create", "update"]
