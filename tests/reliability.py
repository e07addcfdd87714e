"""Shared by the reliability tests: a small world of users, tokens and events with a
secret in it, a database snapshot to prove a refused request changed nothing, and a
gunicorn server on 127.0.0.1 that is always stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from calendar_app.domain.events import EventData
from calendar_app.events import service
from calendar_app.extensions import db
from calendar_app.models import ApiToken, Event, Force, Location, Official, User, utcnow

from .helpers import exercise_data

PASSWORD = "correct horse battery"
# Cheap hashing: the matrix signs in hundreds of times; strength is not under test here.
CHEAP_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")

PUBLIC_TITLE = "Open exercise Zeta"
INTERNAL_TITLE = "SECRET-internal-kq7"
DELETED_TITLE = "GONE-deleted-xw4"
# Near today, so that the default windows of feeds and the API include them.
EVENT_DAY = date.today() + timedelta(days=10)
SECRETS = (INTERNAL_TITLE, "secret-participants-kq7", "secret-description-kq7")


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    api_tokens: dict[str, str] = field(default_factory=dict)
    feed_tokens: dict[str, str] = field(default_factory=dict)
    public_id: int = 0
    internal_id: int = 0
    deleted_id: int = 0
    force_id: int = 0
    location_id: int = 0
    instance: Path | None = None  # a server's instance folder (its log is there)


def build_world(app) -> World:
    """viewer/editor/admin, an API token each (and a revoked one), a public, an internal
    and a deleted event on EVENT_DAY, one force and one location."""
    world = World()
    with app.app_context():
        users = {}
        for role in ("viewer", "editor", "admin"):
            users[role] = User(username=role, role=role, password_hash=CHEAP_HASH)
        users["inactive"] = User(
            username="inactive", role="admin", password_hash=CHEAP_HASH, active=False
        )
        db.session.add_all(users.values())
        force = Force(slug="crrf", name="Collective Rapid Reaction Forces")
        location = Location(name="Minsk grounds", country="BY", timezone="Europe/Minsk")
        official = Official(name="Imangali Tasmagambetov", position="Secretary General")
        db.session.add_all([force, location, official])
        db.session.flush()
        for role, user in users.items():
            row, token = ApiToken.issue(user, "matrix")
            db.session.add(row)
            world.api_tokens[role] = token
        revoked, token = ApiToken.issue(users["admin"], "revoked")
        revoked.revoked_at = utcnow()
        db.session.add(revoked)
        world.api_tokens["revoked"] = token
        db.session.commit()
        world.users = {role: user.id for role, user in users.items()}
        world.feed_tokens = {role: f"{u.id}.{u.feed_token}" for role, u in users.items()}
        world.force_id, world.location_id = force.id, location.id
        world.official_id = official.id

        def add(title, visibility, **extra):
            data = exercise_data(
                title,
                EVENT_DAY,
                visibility=visibility,
                location_id=location.id,
                force_ids=[force.id],
                **extra,
            )
            event = service.create_event(data)
            db.session.commit()
            return event.id

        world.public_id = add(PUBLIC_TITLE, "public")
        world.internal_id = add(
            INTERNAL_TITLE,
            "internal",
            participants="secret-participants-kq7",
            description="secret-description-kq7",
        )
        world.deleted_id = add(DELETED_TITLE, "public")
        doomed = db.session.get(Event, world.deleted_id)
        service.delete_event(doomed, users["admin"], expected_version=doomed.version)
        db.session.commit()
    return world


def timed(title: str, hour: int = 10, **extra) -> EventData:
    return EventData(
        title=title,
        kind="meeting",
        start=datetime(2024, 3, 5, hour, tzinfo=UTC),
        end=datetime(2024, 3, 5, hour + 1, tzinfo=UTC),
        timezone="Europe/Moscow",
        **extra,
    )


def snapshot_database() -> dict[str, list]:
    """Every row of every table (sorted), to compare before and after a refused request.
    (A token's last-use stamp is left out: a refused API call still used the token.)"""
    tables = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if c.name != "last_used_at"]
        rows = db.session.execute(select(*columns)).all()
        tables[table.name] = sorted((tuple(map(repr, row)) for row in rows), key=repr)
    db.session.rollback()
    return tables


def login(client, username: str) -> None:
    from .helpers import csrf_token

    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302, response.status_code


def form_token(client, signed_in: bool) -> str:
    """A valid CSRF token for this client's session."""
    from .helpers import csrf_token

    page = client.get("/subscribe" if signed_in else "/login").get_data(as_text=True)
    return csrf_token(page)


# ---------------------------------------------------------------- gunicorn on 127.0.0.1

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(instance: Path, port: int, database_url: str | None = None) -> dict[str, str]:
    """The environment of a test server: this checkout's code, its own instance folder."""
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "CALENDAR_INSTANCE_PATH": str(instance),
        "CALENDAR_SECRET_KEY": "reliability-test-key",
        "CALENDAR_BASE_URL": f"http://127.0.0.1:{port}",
        "CALENDAR_LOGIN_RATE_LIMIT": "1000 per minute",
    }
    if database_url:
        env["CALENDAR_DATABASE_URL"] = database_url
    return env


def start_gunicorn(
    port: int, workers: int, env: dict[str, str], output, *options: str
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port` in its own process group (stop it with stop_server)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
            "--graceful-timeout",
            "2",
            *options,
            "calendar_app.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_server(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM to the process group started with start_new_session; SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def health_status(base: str) -> int | None:
    """The status /healthz answers with, or None while nothing listens."""
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as reply:  # noqa: S310
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@contextlib.contextmanager
def gunicorn(
    database_url: str, instance: Path, workers: int = 4, timeout: float = 30, healthy: int = 200
):
    """Serve the app with gunicorn on a free 127.0.0.1 port; yield (base_url, process) once
    /healthz answers `healthy`. The server is killed on the way out whatever happens."""
    port = free_port()
    log = open(instance / "gunicorn.log", "wb")  # noqa: SIM115 - closed in finally
    process = start_gunicorn(port, workers, server_env(instance, port, database_url), log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while health_status(base) != healthy:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + server_log(instance))
            time.sleep(0.1)
        yield base, process
    finally:
        stop_server(process)
        log.close()


def server_log(instance: Path) -> str:
    path = instance / "gunicorn.log"
    return path.read_text(errors="replace") if path.exists() else ""


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def count_rows(sql: str, **params) -> int:
    return db.session.execute(text(sql), params).scalar_one()
