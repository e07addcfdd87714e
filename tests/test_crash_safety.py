"""A worker killed with SIGKILL in the middle of a write burst: after a restart every
acknowledged write is there exactly once, and nothing half-written exists (an event
without its revision, a revision without its event)."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import Event, EventRevision

from .reliability import build_world, gunicorn, server_log, worker_pids

WRITES = 80


@pytest.fixture
def world(app):
    world = build_world(app)
    with app.app_context():
        db.engine.dispose()
    return world


def test_sigkill_of_a_worker_mid_burst_loses_nothing_acknowledged(
    app, world, database_url, tmp_path
):
    instance = tmp_path / "server"
    instance.mkdir()
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()
    local = threading.local()

    with gunicorn(database_url, instance, workers=4) as (base, master):

        def write(number):
            if not hasattr(local, "session"):
                local.session = requests.Session()
                local.session.headers["Authorization"] = f"Bearer {world.api_tokens['editor']}"
            title = f"burst-{number}"
            body = {
                "title": title,
                "kind": "meeting",
                "start": "2024-03-05T10:00",
                "end": "2024-03-05T11:00",
                "timezone": "Europe/Moscow",
                "description": "x" * 2000,
            }
            try:
                reply = local.session.post(f"{base}/api/v1/events", json=body, timeout=30)
            except requests.ConnectionError:
                return  # the worker died under this request: not acknowledged
            assert reply.status_code < 500 or reply.status_code == 502, reply.text
            if reply.status_code == 201:
                with lock:
                    acknowledged[title] = reply.json()["id"]

        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(write, n) for n in range(WRITES)]
            while len(acknowledged) < WRITES // 4:
                time.sleep(0.01)
            victim = worker_pids(master.pid)[0]
            os.kill(victim, signal.SIGKILL)
            for future in futures:
                future.result()
        assert victim not in worker_pids(master.pid)

    assert len(acknowledged) >= WRITES // 4
    # restart: the server comes up on the same database and serves every acknowledged write
    with gunicorn(database_url, instance, workers=2) as (base, _master):
        headers = {"Authorization": f"Bearer {world.api_tokens['viewer']}"}
        for title, event_id in acknowledged.items():
            reply = requests.get(f"{base}/api/v1/events/{event_id}", headers=headers, timeout=10)
            assert reply.status_code == 200 and reply.json()["title"] == title

    with app.app_context():
        titles = db.session.execute(
            select(Event.title, func.count())
            .where(Event.title.like("burst-%"))
            .group_by(Event.title)
        ).all()
        assert all(count == 1 for _, count in titles)
        assert set(acknowledged) <= {title for title, _ in titles}
        # every event has its create revision, every revision its event
        orphans = db.session.scalar(
            select(func.count())
            .select_from(Event)
            .where(~select(EventRevision.id).where(EventRevision.event_id == Event.id).exists())
        )
        assert orphans == 0
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(EventRevision)
                .where(EventRevision.event_id.is_(None))
            )
            == 0
        )
        assert all(
            len(event.description) == 2000 and event.ics_text
            for event in db.session.scalars(select(Event).where(Event.title.like("burst-%")))
        )
    assert "database is locked" not in server_log(instance)
