"""Long imports show their progress: a line in the CLI, a bar in the page; and a
10,000-event web import completes under gunicorn with its 30 s worker timeout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import date, timedelta

import requests
from sqlalchemy import func, select

from calendar_app.extensions import db
from calendar_app.models import Event

from .helpers import csrf_token
from .reliability import ROOT, build_world, gunicorn, server_log, stop_server
from .test_import_hostile import calendar

DAY = date.today() + timedelta(days=3)


def many_events(n: int) -> bytes:
    return calendar(
        *(
            f"UID:many-{i}@example.org\nSUMMARY:Working meeting {i}\n"
            f"DTSTART;TZID=Europe/Minsk:{(DAY + timedelta(days=i % 600)):%Y%m%d}T{9 + i % 8:02d}0000\n"
            f"DTEND;TZID=Europe/Minsk:{(DAY + timedelta(days=i % 600)):%Y%m%d}T{10 + i % 8:02d}0000\n"
            f"LOCATION:Room {i % 9}\nCATEGORIES:Meeting"
            for i in range(n)
        )
    )


def test_the_cli_import_prints_a_progress_line_per_batch(app, runner, tmp_path):
    path = tmp_path / "many.ics"
    path.write_bytes(many_events(1200))
    result = runner.invoke(args=["import-ics", str(path)])
    assert result.exit_code == 0, result.output
    lines = re.findall(r"Writing events: ([\d,]+) of 1,200", result.output)
    assert lines == ["500", "1,000", "1,200"]
    assert "Imported: 1200 new" in result.output
    dry = runner.invoke(args=["import-ics", str(path), "--dry-run"])
    assert "Writing events" not in dry.output


def start_worker(env: dict, instance) -> subprocess.Popen:
    """`calendar-app worker` on the same database and queue as the server."""
    log = open(instance / "worker.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-c", "from calendar_app.cli import main; main()", "worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def sign_in(session: requests.Session, base: str) -> None:
    page = session.get(f"{base}/login").text
    token = csrf_token(page)
    reply = session.post(
        f"{base}/login",
        data={"username": "editor", "password": "correct horse battery", "csrf_token": token},
        allow_redirects=False,
    )
    assert reply.status_code == 302


def test_a_10000_event_web_import_completes_under_gunicorn(
    app, database_url, tmp_path, monkeypatch
):
    build_world(app)
    with app.app_context():
        db.engine.dispose()
    instance = tmp_path / "server"
    instance.mkdir()
    jobs_url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    monkeypatch.setenv("CALENDAR_JOBS_URL", jobs_url)
    content = many_events(10_000)
    worker_env = os.environ | {
        "CALENDAR_DATABASE_URL": database_url,
        "CALENDAR_INSTANCE_PATH": str(instance),
        "CALENDAR_SECRET_KEY": "reliability-test-key",
        "CALENDAR_JOBS_URL": jobs_url,
    }
    worker = start_worker(worker_env, instance)
    try:
        with gunicorn(database_url, instance, workers=2) as (base, _master):
            session = requests.Session()
            sign_in(session, base)
            token = csrf_token(session.get(f"{base}/import").text)
            started = time.monotonic()
            preview = session.post(
                f"{base}/import",
                data={"csrf_token": token, "visibility": "public", "kind": "meeting"},
                files={"file": ("many.ics", content, "text/calendar")},
                timeout=60,
            )
            preview_seconds = time.monotonic() - started
            assert preview.status_code == 200, preview.text[:500]
            assert "10000 new, 0 updated" in preview.text
            assert len(preview.text) < 500_000
            form = preview.text.split('action="/import/confirm"')[1].split("</form>")[0]
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
            started = time.monotonic()
            confirm = session.post(f"{base}/import/confirm", data=fields, timeout=60)
            confirm_seconds = time.monotonic() - started
            assert confirm.status_code == 200 and "Events written" in confirm.text
            progress_url = f"{base}/import/{fields['token']}/progress"
            seen, deadline = [], time.monotonic() + 240
            while time.monotonic() < deadline:
                state = session.get(progress_url, timeout=10).json()
                seen.append((state["state"], state["done"]))
                if state["state"] in ("done", "failed", "changed"):
                    break
                time.sleep(0.3)
            assert state["state"] == "done", (state, server_log(instance))
            assert state["summary"]["new"] == 10_000
            assert any(s == "running" and 0 < d < 10_000 for s, d in seen), seen
            # Far from gunicorn's 30 s timeout: the long work ran in the worker.
            assert preview_seconds < 15 and confirm_seconds < 2, (preview_seconds, confirm_seconds)
            assert "WORKER TIMEOUT" not in server_log(instance)
    finally:
        stop_server(worker, timeout=15)
    with app.app_context():
        assert (
            db.session.scalar(select(func.count(Event.id)).where(Event.uid.like("many-%")))
            == 10_000
        )
        db.engine.dispose()
